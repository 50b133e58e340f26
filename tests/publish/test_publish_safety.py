"""What a publish refuses: symlinks in the output, an output without a home page, deletes beyond a share of the
bucket. Each refusal is checked against SeaweedFS: nothing is uploaded (or deleted) when it says so."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from tests.publish.helpers import (ARTICLES, assert_bucket_equals, bucket_state, run, settings_for, site_files,
                                   write_site)
from tests.publish.test_publish_faults import ROOT


@pytest.mark.parametrize("make_link", ["file-outside", "folder-outside", "file-inside", "dangling"])
def test_symlinks_in_the_output_are_refused_and_nothing_is_uploaded(tmp_path, s3, bucket, proxy, make_link):
    secret = tmp_path / "geheim"
    secret.mkdir()
    (secret / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    root = write_site(tmp_path / "output", site_files())
    link = {"file-outside": ("images/passwd", secret / "passwd"),
            "folder-outside": ("downloads/privat", secret),
            "file-inside": ("artikel-kopie.html", root / "artikel-1.html"),
            "dangling": ("images/weg.jpg", tmp_path / "gibt-es-nicht")}[make_link]
    os.symlink(link[1], root / link[0])
    summary = run(root, settings_for(proxy.url, bucket), yes=True)
    assert summary.exit_code == 1
    assert "symbolic link" in summary.message and link[0] in summary.message and "\n" not in summary.message
    assert [r for r in proxy.requests() if r.method in ("PUT", "POST", "DELETE")] == []
    assert bucket_state(s3, bucket) == {}


def test_all_symlinks_are_named(tmp_path, s3, bucket):
    root = write_site(tmp_path / "output", site_files())
    os.symlink("/etc/passwd", root / "images" / "a")
    os.symlink("/etc", root / "theme" / "b")
    summary = run(root, settings_for(s3.meta.endpoint_url, bucket))
    assert summary.exit_code == 1 and "images/a" in summary.message and "theme/b" in summary.message
    assert bucket_state(s3, bucket) == {}


def test_a_fifo_in_the_output_is_refused_not_read(tmp_path, s3, bucket):
    root = write_site(tmp_path / "output", site_files())
    fifo = root / "downloads" / "rohr"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed():  # whoever opens the pipe gets a few bytes, so reading it cannot hang the test
        while not stop.is_set():
            try:
                with open(fifo, "wb") as handle:
                    handle.write(b"aus der Leitung")
            except BrokenPipeError:  # the reader that released us at the end has gone
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        summary = run(root, settings_for(s3.meta.endpoint_url, bucket))
    finally:
        stop.set()
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # releases the writer's open()
        writer.join(5)
    assert summary.exit_code == 1 and "downloads/rohr" in summary.message and "not a regular file" in summary.message
    assert bucket_state(s3, bucket) == {}


def test_a_symlinked_output_folder_itself_is_followed(tmp_path, s3, bucket):
    """Only links inside the output are refused: OUTPUT_PATH may itself be a link to the real build folder."""
    real = write_site(tmp_path / "build-1", site_files())
    os.symlink(real, tmp_path / "output")
    settings = settings_for(s3.meta.endpoint_url, bucket)
    assert run(tmp_path / "output", settings).exit_code == 0
    assert_bucket_equals(s3, bucket, real, settings)


def test_an_output_without_a_home_page_is_refused(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket)
    assert run(root, settings).exit_code == 0
    files = site_files()
    del files["index.html"]
    write_site(root, files | {"blog/index.html": b"<p>nur ein Unterordner</p>"})
    proxy.clear()
    summary = run(root, settings, yes=True, force=True)
    assert summary.exit_code == 1 and "index.html" in summary.message and "\n" not in summary.message
    assert [r for r in proxy.requests() if r.method in ("PUT", "POST", "DELETE")] == []
    assert_bucket_equals(s3, bucket, write_site(tmp_path / "v1", site_files()), settings)


def test_deletes_are_capped_at_a_share_of_the_bucket(tmp_path, s3, bucket):
    files = site_files()
    root = write_site(tmp_path / "output", files)
    settings = settings_for(s3.meta.endpoint_url, bucket)  # PUBLISH_MAX_DELETES (256) alone would allow this
    assert run(root, settings).exit_code == 0
    nearly_empty = {rel: data for rel, data in files.items() if rel in ("index.html", "robots.txt", "404.html")}
    write_site(root, nearly_empty)
    capped = run(root, settings, yes=True)
    assert capped.exit_code == 2 and capped.deleted == 0
    assert "PUBLISH_MAX_DELETE_SHARE" in capped.message and f"{len(files) - 3} of {len(files)}" in capped.message
    assert set(files) <= set(bucket_state(s3, bucket))  # the live site is still there
    forced = run(root, settings, yes=True, force=True)
    assert (forced.exit_code, forced.deleted) == (0, len(files) - 3)
    assert_bucket_equals(s3, bucket, root, settings)


def test_the_delete_share_is_a_setting_and_small_deletes_pass(tmp_path, s3, bucket):
    files = site_files()
    root = write_site(tmp_path / "output", files)
    settings = settings_for(s3.meta.endpoint_url, bucket, max_delete_share=0.05)
    assert run(root, settings).exit_code == 0
    write_site(root, site_files(articles=ARTICLES[:-1]))  # one article gone: its page, 1 of 30 objects
    assert run(root, settings, yes=True).deleted == 1
    write_site(root, site_files(articles=ARTICLES[:-3]))  # two more: 2 of 29 > 5 %
    capped = run(root, settings, yes=True)
    assert capped.exit_code == 2 and "PUBLISH_MAX_DELETE_SHARE=0.05" in capped.message
    assert run(root, settings | {"PUBLISH_MAX_DELETE_SHARE": 0.1}, yes=True).exit_code == 0
    assert_bucket_equals(s3, bucket, root, settings)


def test_the_cli_finds_the_output_in_the_project_not_in_the_current_folder(tmp_path, s3, bucket, seaweed):
    project = tmp_path / "projekt"
    write_site(project / "output", site_files())
    (project / "publishconf.py").write_text(f'OUTPUT_PATH = "output"\nPUBLISH_BUCKET = "{bucket}"\n'
                                            f'PUBLISH_ENDPOINT_URL = "{seaweed.endpoint}"\n')
    elsewhere = write_site(tmp_path / "anderswo" / "output", {"index.html": b"<p>falsche Seite</p>"}).parent
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, "-m", "delivery.publish", "--settings", str(project / "publishconf.py")],
                          cwd=elsewhere, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_bucket_equals(s3, bucket, project / "output", {"PUBLISH_BUCKET": bucket})
