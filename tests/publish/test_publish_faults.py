"""Faults between boto3 and the server, a killed publish, and the one-line errors."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.publish.faultproxy import Faults
from tests.publish.helpers import ARTICLES, assert_bucket_equals, run, settings_for, site_files, write_site
from tests.servers.seaweed import free_ports

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def deletes_after_puts(requests) -> bool:
    puts = [i for i, r in enumerate(requests) if r.method == "PUT"]
    deletes = [i for i, r in enumerate(requests) if r.method == "DELETE" or (r.method == "POST" and "delete" in
                                                                               r.target)]
    return not puts or not deletes or max(puts) < min(deletes)


def edited_site():
    """v2 of the site: two pages gone, every other article edited."""
    return site_files(articles=ARTICLES[:4], texts={a: f"Neu: {a}. " * 50 for a in ARTICLES})


def converge(root, settings, proxy, tries):
    """Publish until it succeeds; every run must exit 0 or fail with one clear line, deletes after uploads."""
    codes = []
    for _ in range(tries):
        proxy.clear()
        summary = run(root, settings, yes=True)
        codes.append(summary.exit_code)
        assert deletes_after_puts(proxy.requests())
        if summary.exit_code == 0:
            return codes
        assert summary.exit_code == 1 and "Traceback" not in summary.output
        assert summary.message.startswith("publish failed: ") and "\n" not in summary.message
    pytest.fail(f"no success in {tries} tries: {codes}")


@pytest.mark.parametrize("seed", [1, 2])
def test_publish_through_faults_converges(tmp_path, s3, bucket, proxy, seed):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket, max_attempts=4, read_timeout=0.5, connect_timeout=1)
    assert run(root, settings).exit_code == 0
    write_site(root, edited_site())
    proxy.random.seed(seed)
    proxy.faults = Faults(error_rate=0.15, reset_rate=0.1, stall_rate=0.03, stall_seconds=0.8, max_faults=40)
    converge(root, settings, proxy, tries=10)
    assert proxy.injected > 0
    proxy.faults = Faults()
    again = run(root, settings, yes=True)
    assert (again.exit_code, again.uploaded, again.deleted) == (0, 0, 0)
    assert_bucket_equals(s3, bucket, root, settings)


def test_heavy_faults_fail_cleanly_and_retries_converge(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket, max_attempts=1)
    assert run(root, settings).exit_code == 0
    write_site(root, edited_site())
    proxy.random.seed(5)
    proxy.faults = Faults(error_rate=0.3, reset_rate=0.2, max_faults=25)  # each failed run uses up one or more
    codes = converge(root, settings, proxy, tries=30)
    assert codes[0] == 1  # half the requests fail without retries: the first run cannot get through
    proxy.faults = Faults()
    assert run(root, settings, yes=True).uploaded == 0
    assert_bucket_equals(s3, bucket, root, settings)


def _subprocess_env(proxy, bucket, **extra):
    env = dict(os.environ, PYTHONPATH=ROOT, NETZBRIEF_PUBLISH_BUCKET=bucket, NETZBRIEF_PUBLISH_ENDPOINT_URL=proxy.url,
               NETZBRIEF_PUBLISH_REGION="us-east-1", NETZBRIEF_PUBLISH_WORKERS="1")
    env.update({"NETZBRIEF_PUBLISH_" + k.upper(): v for k, v in extra.items()})
    return env


def _kill_after_puts(proxy, args, env, puts):
    process = subprocess.Popen([sys.executable, "-m", "delivery.publish", *args], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while proxy.count("PUT") < puts and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the publish ended before it could be killed"
    proxy.wait_idle()  # what the dead process had already sent still lands, as it would at S3


def test_killed_publish_then_rerun_converges(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket)
    assert run(root, settings).exit_code == 0
    write_site(root, edited_site())
    proxy.clear()
    proxy.faults = Faults(put_delay=0.05)
    _kill_after_puts(proxy, [str(root), "--yes"], _subprocess_env(proxy, bucket), puts=6)
    killed = proxy.requests()
    assert not [r for r in killed if r.method in ("DELETE", "POST")]  # nothing deleted before the pages went up
    proxy.faults = Faults()
    proxy.clear()
    summary = run(root, settings, yes=True)
    assert summary.exit_code == 0 and summary.deleted == 2
    assert deletes_after_puts(proxy.requests())
    assert_bucket_equals(s3, bucket, root, settings)
    assert run(root, settings).uploaded == 0


def test_killed_header_change_leaves_no_wrong_manifest_entry(tmp_path, s3, bucket, proxy):
    """Rules R1, then R2 killed after some uploads, then R1 again: the objects R2 touched must go back."""
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket)
    assert run(root, settings).exit_code == 0
    proxy.clear()
    proxy.faults = Faults(put_delay=0.05)
    env = _subprocess_env(proxy, bucket, header_rules='[["*.html", {"Cache-Control": "no-cache"}]]')
    _kill_after_puts(proxy, [str(root)], env, puts=4)
    assert any(s3.head_object(Bucket=bucket, Key=f"{a}.html").get("CacheControl") == "no-cache"
               for a in ARTICLES + ["404"])
    proxy.faults = Faults()
    assert run(root, settings).exit_code == 0
    assert_bucket_equals(s3, bucket, root, settings)


def test_errors_are_one_clear_line(tmp_path, s3, bucket, seaweed, monkeypatch):
    root = write_site(tmp_path / "output", site_files(articles=ARTICLES[:1]))
    cases = [
        (settings_for(seaweed.endpoint, "no-such-bucket-here"), "bucket 'no-such-bucket-here' does not exist"),
        (settings_for(f"http://127.0.0.1:{free_ports(1)[0]}", bucket, max_attempts=1, connect_timeout=1),
         "cannot reach the S3 endpoint"),
        ({}, "no bucket: set PUBLISH_BUCKET"),
        (settings_for(seaweed.endpoint, bucket, profile="nirgendwo"), "AWS profile not found: 'nirgendwo'"),
    ]
    for settings, expected in cases:
        summary = run(root, settings)
        assert summary.exit_code == 1 and expected in summary.output, summary.output
        assert summary.output.count("\n") == 1 and "Traceback" not in summary.output
    missing = run(tmp_path / "nicht-gebaut", settings_for(seaweed.endpoint, bucket))
    assert missing.exit_code == 1 and "output directory not found" in missing.output
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wrong")
    denied = run(root, settings_for(seaweed.endpoint, bucket))
    assert denied.exit_code == 1 and "access denied to bucket" in denied.output
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    nocreds = run(root, settings_for(seaweed.endpoint, bucket))
    assert nocreds.exit_code == 1 and "no AWS credentials found" in nocreds.output


def test_cli_exit_codes(tmp_path, s3, bucket, seaweed):
    root = write_site(tmp_path / "output", site_files())
    env = dict(os.environ, PYTHONPATH=ROOT, NETZBRIEF_PUBLISH_BUCKET=bucket,
               NETZBRIEF_PUBLISH_ENDPOINT_URL=seaweed.endpoint, NETZBRIEF_PUBLISH_REGION="us-east-1")
    cmd = [sys.executable, "-m", "delivery.publish", str(root)]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert first.returncode == 0 and f"uploaded {len(site_files())}," in first.stdout
    write_site(root, site_files(articles=ARTICLES[:5]))
    refused = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert refused.returncode == 2 and "use --yes" in refused.stdout
    done = subprocess.run(cmd + ["--yes"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "deleted 1," in done.stdout
