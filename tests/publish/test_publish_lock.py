"""One publish at a time: the lock object, against SeaweedFS with real concurrent processes and threads."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time

from rich.console import Console

from delivery.publish.client import PublishError, s3_client, session
from delivery.publish.lock import PublishLock, machine
from delivery.publish.settings import load_settings
from tests.publish.faultproxy import Faults
from tests.publish.helpers import (ARTICLES, assert_bucket_equals, bucket_state, run, settings_for, site_files,
                                   write_site)
from tests.publish.test_publish_faults import ROOT, _subprocess_env

LOCK = ".netzbrief-publish.lock"


def two_sites(tmp_path):
    a = write_site(tmp_path / "a", site_files(articles=ARTICLES[:4], texts={x: f"Fassung A: {x}. " * 40
                                                                              for x in ARTICLES}))
    b = write_site(tmp_path / "b", site_files(articles=ARTICLES[2:], texts={x: f"Fassung B: {x}. " * 40
                                                                              for x in ARTICLES}))
    return a, b


def start(root, env, *args):
    return subprocess.Popen([sys.executable, "-m", "delivery.publish", str(root), "--yes", *args], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def foreign_lock(s3, bucket, **info):
    body = {"owner": "redaktion@build-07", "pid": 4711, "machine": "another-machine",
            "started": "2026-11-23 09:00:00 UTC", "token": "x"} | info
    s3.put_object(Bucket=bucket, Key=LOCK, Body=json.dumps(body).encode())


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def full_listings(proxy) -> int:
    return sum(1 for r in proxy.requests() if "list-type=2" in r.target and "max-keys" not in r.target)


def test_two_publishes_at_the_same_time_one_runs_the_other_is_refused(tmp_path, s3, bucket, proxy):
    a, b = two_sites(tmp_path)
    hold = threading.Event()  # no object is uploaded until both publishes have decided what to do
    proxy.faults = Faults(hold=hold, hold_except=LOCK)
    env = _subprocess_env(proxy, bucket)
    first, second = start(a, env), start(b, env)
    wait_for(lambda: first.poll() is not None or second.poll() is not None or full_listings(proxy) >= 2)
    hold.set()
    outputs = {a: first.communicate(timeout=120)[0], b: second.communicate(timeout=120)[0]}
    codes = {a: first.returncode, b: second.returncode}
    assert sorted(codes.values()) == [0, 1], (codes, outputs)
    winner = a if codes[a] == 0 else b
    loser = b if winner is a else a
    assert "another publish is running since" in outputs[loser] and "--break-lock" in outputs[loser]
    proxy.faults = Faults()
    assert_bucket_equals(s3, bucket, winner, settings_for(proxy.url, bucket))
    assert LOCK not in bucket_state(s3, bucket)  # released at the end


def test_of_many_threads_exactly_one_gets_the_lock(tmp_path, s3, bucket, seaweed):
    s = load_settings(settings_for(seaweed.endpoint, bucket), {})
    gate, results = threading.Barrier(8), []

    def take():
        import boto3

        lock = PublishLock(boto3.client("s3", **seaweed.client_kwargs()), s, Console(file=io.StringIO()))
        gate.wait()
        try:
            lock.acquire()
            results.append(lock)
        except PublishError as exc:
            results.append(str(exc))

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    held = [r for r in results if isinstance(r, PublishLock)]
    assert len(results) == 8 and len(held) == 1
    assert all("another publish is running" in r for r in results if isinstance(r, str))
    held[0].release()
    assert LOCK not in bucket_state(s3, bucket)


def test_a_live_lock_is_respected_and_break_lock_takes_it_over(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket)
    foreign_lock(s3, bucket)
    refused = run(root, settings, yes=True)
    assert refused.exit_code == 1 and "\n" not in refused.message
    assert "another publish is running since 2026-11-23 09:00:00 UTC, by redaktion@build-07 (pid 4711)" in \
        refused.message and "wait 10 min or use --break-lock" in refused.message
    assert list(bucket_state(s3, bucket)) == [LOCK]  # nothing uploaded
    taken = run(root, settings, yes=True, break_lock=True)
    assert taken.exit_code == 0 and "took over the publish lock of redaktion@build-07" in taken.output
    assert_bucket_equals(s3, bucket, root, settings)
    assert LOCK not in bucket_state(s3, bucket)


def test_an_abandoned_lock_is_taken_over_after_its_ttl(tmp_path, s3, bucket):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(s3.meta.endpoint_url, bucket, lock_ttl=2)
    foreign_lock(s3, bucket)
    assert run(root, settings).exit_code == 1
    time.sleep(3.1)  # Last-Modified and Date have whole seconds
    summary = run(root, settings)
    assert summary.exit_code == 0 and "it was not renewed for" in summary.output
    assert_bucket_equals(s3, bucket, root, settings)


def test_a_lock_left_by_a_dead_process_on_this_machine_is_taken_over(tmp_path, s3, bucket):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(s3.meta.endpoint_url, bucket)
    gone = subprocess.Popen(["true"])
    gone.wait()
    foreign_lock(s3, bucket, pid=gone.pid, machine=machine())
    summary = run(root, settings)
    assert summary.exit_code == 0 and "its process on this machine is gone" in summary.output
    foreign_lock(s3, bucket, pid=gone.pid, machine="a container elsewhere")  # same pid, other machine: respected
    assert run(root, settings).exit_code == 1


def test_a_running_publish_renews_its_lock(tmp_path, s3, bucket, proxy):
    a, b = two_sites(tmp_path)
    hold = threading.Event()  # the publish of a waits with its uploads, only its lock requests go through
    proxy.faults = Faults(hold=hold, hold_except=LOCK)
    slow = start(a, _subprocess_env(proxy, bucket, lock_ttl="3"))
    try:
        assert wait_for(lambda: proxy.count("PUT") >= 1 or slow.poll() is not None), "the publish did not start"
        taken = time.monotonic()
        lock_puts = lambda: sum(1 for r in proxy.requests() if r.method == "PUT" and LOCK in r.target)  # noqa: E731
        wait_for(lambda: time.monotonic() - taken > 4.5 and lock_puts() >= 4, 30)  # take, probe, renewals
        assert slow.poll() is None, slow.communicate()[0]
        summary = run(b, settings_for(s3.meta.endpoint_url, bucket, lock_ttl=3), yes=True)  # older than the TTL
        assert summary.exit_code == 1 and "another publish is running" in summary.message
    finally:
        hold.set()
    assert slow.wait(120) == 0
    proxy.faults = Faults()
    assert_bucket_equals(s3, bucket, a, settings_for(s3.meta.endpoint_url, bucket))


def test_a_holder_whose_lock_was_taken_over_stops_before_deleting(tmp_path, s3, bucket, seaweed):
    s = load_settings(settings_for(seaweed.endpoint, bucket), {})
    lock = PublishLock(s3, s, Console(file=io.StringIO()))
    lock.acquire()
    lock.ensure_held()  # still ours
    foreign_lock(s3, bucket)  # what --break-lock of another publish does
    try:
        lock.ensure_held()
        raise AssertionError("ensure_held() did not notice")
    except PublishError as exc:
        assert "taken over by redaktion@build-07" in str(exc) and "nothing deleted" in str(exc)
    lock.release()
    assert LOCK in bucket_state(s3, bucket)  # the other publish's lock stays


def test_a_lock_whose_answer_was_lost_is_released_all_the_same(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket, max_attempts=1)  # one retry
    proxy.faults = Faults(error_rate=1.0, max_faults=1, target_contains=LOCK, when="-after")  # stored, answer lost
    adopted = run(root, settings)  # the retry is refused (the lock exists), and it is recognised as our own
    puts = [r.fault for r in proxy.requests() if r.method == "PUT"]
    assert adopted.exit_code == 0 and puts[:2] == ["error-after", ""]
    assert LOCK not in bucket_state(s3, bucket)
    proxy.clear()
    proxy.injected = 0
    proxy.faults = Faults(error_rate=1.0, max_faults=2, target_contains=LOCK, when="-after")  # the retry fails too
    failed = run(root, settings)
    assert failed.exit_code == 1 and [r.fault for r in proxy.requests() if r.method == "PUT"] == ["error-after"] * 2
    assert LOCK not in bucket_state(s3, bucket)  # a later publish elsewhere is not blocked for PUBLISH_LOCK_TTL
    proxy.faults = Faults()
    assert run(root, settings).exit_code == 0


def test_a_renewal_whose_answer_was_lost_does_not_count_as_a_takeover(tmp_path, s3, bucket, proxy):
    s = load_settings(settings_for(proxy.url, bucket, max_attempts=1), {})  # one retry
    lock = PublishLock(s3_client(session(s), s), s, Console(file=io.StringIO()))
    lock.acquire()
    proxy.faults = Faults(error_rate=1.0, max_faults=proxy.injected + 1, target_contains=LOCK, when="-after")
    lock.ensure_held()  # stored, answer lost, the retry refused (412): the lock is still ours
    assert lock.lost is None and proxy.injected == 1
    lock.release()
    assert LOCK not in bucket_state(s3, bucket)
