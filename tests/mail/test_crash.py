"""Crash tests: the sending process (a real subprocess) is SIGKILLed at seeded random points, several times, and
resumed. In the end every subscriber has the issue, and duplicates stay within the documented bound: at most one
per worker per crash, and a duplicate always carries the same Message-ID as the first copy."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict

from tests.mail.mailhelpers import ISSUE, ROOT, SECRET, leave, people, smtp_settings, subscribe

WORKERS = 4


def cli_env(settings: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETZBRIEF_")}
    env.update({f"NETZBRIEF_{k}": str(v) for k, v in settings.items()})
    env.update(NETZBRIEF_UNSUBSCRIBE_SECRET=SECRET, PYTHONPATH=str(ROOT), AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing")
    return env


def start_send(artifacts, settings: dict, resume: bool, log) -> subprocess.Popen:
    args = [sys.executable, "-m", "delivery.mail", "--artifacts-dir", str(artifacts), "send", ISSUE, "--yes"]
    return subprocess.Popen(args + (["--resume"] if resume else ["--new-ledger"]), cwd=ROOT, env=cli_env(settings),
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def kill_when(count, threshold: int, proc: subprocess.Popen, pause: float = 0.0005) -> threading.Thread:
    """Kill from outside at an arbitrary moment: as soon as the server holds `threshold` messages."""
    def watch():
        while proc.poll() is None:
            if count() >= threshold:
                proc.send_signal(signal.SIGKILL)
                return
            time.sleep(pause)
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def kill_points(rng: random.Random, total: int, crashes: int) -> list[int]:
    while True:
        points = sorted(rng.sample(range(15, total - 40), crashes))  # a margin: the run must not end first
        if all(b - a >= 15 for a, b in zip(points, points[1:])):
            return points


def ledger_states(path) -> dict:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT state, count(*) FROM deliveries GROUP BY state"))


def test_smtp_send_killed_three_times_then_resumed(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    rng = random.Random(20261123)
    rows = list(people(240))
    settings = smtp_settings(make_settings, controller, rows, MAILING_WORKERS=WORKERS)
    crashes = kill_points(rng, len(rows), 3)
    modes = ["accepted", "lost", "outside"]
    rng.shuffle(modes)  # killed right after the server accepted, before it accepted, or from outside anywhere
    log = (tmp_path / "send.log").open("wb")
    for number, (point, mode) in enumerate(zip(crashes, modes)):
        proc = start_send(artifacts, settings, resume=number > 0, log=log)
        if mode == "outside":
            kill_when(recorder.count, point, proc)
            recorder.on_data = None
        else:
            def hook(data_number, envelope, proc=proc, point=point, mode=mode):
                if recorder.count() + 1 >= point:
                    proc.send_signal(signal.SIGKILL)
                    return mode == "accepted"
                return True
            recorder.on_data = hook
        assert proc.wait(120) == -signal.SIGKILL, f"run {number} ended before its kill point ({mode})"
        recorder.on_data = None
    final = start_send(artifacts, settings, resume=True, log=log)
    assert final.wait(120) == 0, (tmp_path / "send.log").read_text()

    assert_complete_with_bounded_duplicates(recorder, [r[0] for r in rows], crashes=3)
    assert ledger_states(settings["MAILING_LEDGER"]) == {"sent": len(rows)}
    # and after all that, a plain send sends nothing more
    before = recorder.count()
    assert start_send(artifacts, settings, resume=False, log=log).wait(120) == 0
    assert recorder.count() == before


def assert_complete_with_bounded_duplicates(recorder, addresses, crashes: int) -> None:
    ids = defaultdict(list)
    for rcpts, msg in recorder.parsed():
        ids[rcpts[0].lower()].append(msg["Message-ID"])
    assert set(ids) == set(addresses)  # nobody lost
    duplicates = sum(len(v) - 1 for v in ids.values())
    assert duplicates <= WORKERS * crashes
    assert all(len(set(v)) == 1 for v in ids.values())  # a repeat has the same Message-ID: receivers can dedupe


def test_ses_send_killed_twice_then_resumed(ses, make_settings, artifacts, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    rng = random.Random(8058)
    addresses = [f"kontakt{i:03d}@example.org" for i in range(150)]
    ses.setup_list([])
    settings = make_settings(MAILING_PROVIDER="ses", MAILING_SES_ENDPOINT_URL=ses.url, MAILING_RATE=5000.0,
                             MAILING_WORKERS=WORKERS)
    subscribe(settings, [(a, "", "") for a in addresses])
    log = (tmp_path / "send.log").open("wb")
    for number, point in enumerate(kill_points(rng, len(addresses), 2)):
        proc = start_send(artifacts, settings, resume=number > 0, log=log)
        kill_when(lambda: ses.stats()["stored"], point, proc, pause=0.01)
        assert proc.wait(120) == -signal.SIGKILL, f"run {number} ended before its kill point"
    assert start_send(artifacts, settings, resume=True, log=log).wait(120) == 0, (tmp_path / "send.log").read_text()

    from email import message_from_string, policy

    per = defaultdict(int)
    for raw in ses.sent():
        per[message_from_string(raw["raw_data"], policy=policy.default)["To"].addresses[0].addr_spec] += 1
    assert set(per) == set(addresses)
    assert sum(n - 1 for n in per.values()) <= WORKERS * 2
    assert ledger_states(settings["MAILING_LEDGER"]) == {"sent": len(addresses)}


def test_sigterm_stops_gracefully_without_duplicates(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    rows = list(people(120))
    settings = smtp_settings(make_settings, controller, rows, MAILING_WORKERS=WORKERS)
    log = (tmp_path / "send.log").open("wb")
    proc = start_send(artifacts, settings, resume=False, log=log)

    def hook(number, envelope):
        if number == 40:
            proc.send_signal(signal.SIGTERM)
        return True
    recorder.on_data = hook
    assert proc.wait(120) == 1  # stopped, rows left open
    recorder.on_data = None
    states = ledger_states(settings["MAILING_LEDGER"])
    assert "sending" not in states and states.get("sent", 0) >= 40 and states.get("pending", 0) > 3
    sent_before = set(recorder.per_recipient())
    left = [email for email, _, _ in rows if email not in sent_before][:3]
    leave(settings, *left)  # they unsubscribe while the issue is half sent
    assert start_send(artifacts, settings, resume=True, log=log).wait(120) == 0
    assert recorder.per_recipient() == {email: 1 for email, _, _ in rows if email not in left}  # no duplicates
    assert ledger_states(settings["MAILING_LEDGER"]) == {"sent": len(rows) - 3, "skipped": 3}
