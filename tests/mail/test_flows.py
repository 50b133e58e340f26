"""The command flows: outbox, dry run, confirmation, test sends, resend, resume, the ledger lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from tests.mail.mailhelpers import (ISSUE, ROOT, SUBJECT, check_message, leave, people, smtp_settings, subscribe,
                                    write_csv, write_issue)

from delivery.mail import resend, send_issue
from delivery.mail.ledger import Ledger
from delivery.mail.settings import load_settings
from delivery.subscriptions import open_store


def states(settings) -> dict:
    with sqlite3.connect(settings["MAILING_LEDGER"]) as db:
        return dict(db.execute("SELECT state, count(*) FROM deliveries GROUP BY state"))


def test_outbox_writes_one_eml_per_recipient_once(make_settings, artifacts, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("NETZBRIEF_UNSUBSCRIBE_SECRET")  # the outbox works on a fresh machine
    settings = make_settings()
    subscribe(settings, people(7))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert "fixed development secret" in capsys.readouterr().out
    files = sorted((tmp_path / "outbox" / ISSUE).glob("*.eml"))
    assert len(files) == 7
    msg = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["Subject"] == SUBJECT and msg["To"].addresses[0].addr_spec == "person00000@example.org"
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert "already sent" in capsys.readouterr().out
    assert len(list((tmp_path / "outbox" / ISSUE).glob("*.eml"))) == 7


def test_a_new_development_store_starts_with_the_sample_list_once(make_settings, artifacts, tmp_path, capsys):
    settings = make_settings()
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert "added the 3 addresses of the sample list" in capsys.readouterr().out
    assert len(list((tmp_path / "outbox" / ISSUE).glob("*.eml"))) == 3
    with open_store(load_settings(settings, environ={})) as store:
        assert {s.consent.source for s in store.audience()} == {"import: Beispieldaten"}
        for sub in list(store.everyone()):
            store.forget(sub.email)
    write_issue(artifacts, "2026-12")
    assert send_issue("2026-12", settings, artifacts_dir=artifacts, yes=True) == 2  # emptied: not seeded again
    assert "no valid subscribers" in capsys.readouterr().out


def test_a_subscriber_list_setting_from_earlier_versions_is_a_clear_error(make_settings, artifacts, tmp_path,
                                                                         capsys):
    settings = make_settings(MAILING_SUBSCRIBERS_CSV=str(write_csv(tmp_path / "s.csv", people(3))))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 2
    out = capsys.readouterr().out
    assert "MAILING_SUBSCRIBERS_CSV" in out and "invoke subscribers.import" in out
    assert list((tmp_path / "outbox").rglob("*.eml")) == [] and not Ledger(settings["MAILING_LEDGER"]).run(ISSUE)


def test_only_confirmed_subscribers_are_sent_to(smtp, make_settings, artifacts, capsys):
    recorder, controller = smtp
    settings = smtp_settings(make_settings, controller, [("treu@example.org", "Treu", "Hallo Treu,"),
                                                          ("weg@example.org", "Weg", ""),
                                                          ("bounce@example.org", "Bounce", "")])
    with open_store(load_settings(settings, environ={})) as store:
        now = datetime.now(timezone.utc)
        store.request("wartet@example.org", form_hash="f", now=now)
        store.unsubscribe("weg@example.org", now=now, reason="one-click")
        store.suppress("bounce@example.org", now=now, reason="bounce: 550 5.1.1")
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
    ((rcpts, msg),) = recorder.parsed()
    assert rcpts == ["treu@example.org"]
    check_message(msg, "treu@example.org", "Hallo Treu,")


def test_dry_run_counts_and_sends_nothing(smtp, make_settings, artifacts, tmp_path, capsys):
    recorder, controller = smtp
    settings = smtp_settings(make_settings, controller, people(12))
    subscribe(settings, [("wartet@example.org", "", "")])
    leave(settings, "wartet@example.org")
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, dry_run=True) == 0
    out = capsys.readouterr().out
    assert "12 valid" in out and "would send 12 messages" in out
    assert recorder.count() == 0 and not Path(settings["MAILING_LEDGER"]).exists()


def test_live_send_without_terminal_and_without_yes_is_refused(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    settings = smtp_settings(make_settings, controller, people(3))
    env = {"PYTHONPATH": str(ROOT), "NETZBRIEF_UNSUBSCRIBE_SECRET": "x" * 20, "PATH": "/usr/bin:/bin"}
    env.update({f"NETZBRIEF_{k}": str(v) for k, v in settings.items()})
    done = subprocess.run([sys.executable, "-m", "delivery.mail", "--artifacts-dir", str(artifacts), "send", ISSUE,
                           "--new-ledger"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "pass --yes" in done.stdout
    assert recorder.count() == 0 and not Ledger(settings["MAILING_LEDGER"], create=True).run(ISSUE)


@pytest.mark.parametrize("answer, code, sent", [("n", 1, 0), ("ja", 0, 4)])
def test_confirmation_shows_count_and_subject(smtp, make_settings, artifacts, tmp_path, monkeypatch, answer, code,
                                              sent):
    from delivery.mail import report

    recorder, controller = smtp
    asked = []
    monkeypatch.setattr(report.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(report.console, "input", lambda prompt: asked.append(prompt) or answer)
    settings = smtp_settings(make_settings, controller, people(4))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, new_ledger=True) == code
    assert "4 recipients" in asked[0] and SUBJECT in asked[0]
    assert recorder.count() == sent
    assert bool(Ledger(settings["MAILING_LEDGER"]).run(ISSUE)) == bool(sent)  # declined: no run recorded


def test_test_addresses_bypass_the_ledger(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    settings = smtp_settings(make_settings, controller, people(5))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, test_addresses=["red@example.org", "LEK@example.org"]) == 0
    assert sorted(recorder.per_recipient()) == ["lek@example.org", "red@example.org"]
    assert all(msg["Subject"] == f"[TEST] {SUBJECT}" for _, msg in recorder.parsed())
    assert not Path(settings["MAILING_LEDGER"]).exists()  # a test send does not even create the ledger
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0  # real send untouched
    assert recorder.count() == 7


def test_resend_is_the_only_way_to_send_twice(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    rows = list(people(5))
    settings = smtp_settings(make_settings, controller, rows)
    assert resend(ISSUE, settings, to="person00001@example.org", artifacts_dir=artifacts, yes=True) == 2  # not sent yet
    assert not Path(settings["MAILING_LEDGER"]).exists()  # and the refused resend left no empty ledger behind
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert recorder.count() == 5
    assert resend(ISSUE, settings, to=["Person00003@example.org"], artifacts_dir=artifacts, yes=True) == 0
    assert resend(ISSUE, settings, to=["person00003@example.org"], artifacts_dir=artifacts, yes=True) == 0
    copies = [msg for rcpts, msg in recorder.parsed() if rcpts == ["person00003@example.org"]]
    assert len(copies) == 3 and len({m["Message-ID"] for m in copies}) == 3
    check_message(copies[0], "person00003@example.org", rows[3][2])
    with sqlite3.connect(settings["MAILING_LEDGER"]) as db:
        assert db.execute("SELECT count(*) FROM resends").fetchone()[0] == 2


def test_resume_skips_people_who_left_the_list(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    recorder.temp_fail_rcpt = 1
    rows = list(people(10))
    settings = smtp_settings(make_settings, controller, rows, MAILING_RETRIES=1)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 1
    assert states(settings) == {"deferred": 10}
    leave(settings, rows[0][0], rows[1][0])  # two unsubscribe while the issue is still open
    subscribe(settings, [("neu@example.org", "Neu", "")])  # and one new
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 0
    assert sorted(recorder.per_recipient()) == [r[0] for r in rows[2:]]  # the new one waits for the next issue
    assert states(settings) == {"sent": 8, "skipped": 2}


def test_resume_without_a_run_and_a_concurrent_send_are_refused(make_settings, artifacts, capsys):
    settings = make_settings()
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 2
    assert "no run to resume" in capsys.readouterr().out
    ledger = Ledger(settings["MAILING_LEDGER"], create=True)
    with ledger.lock():
        assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 2
        assert "another send is running" in capsys.readouterr().out
    assert not ledger.run(ISSUE)


def test_outbox_run_does_not_count_as_a_real_send(smtp, make_settings, artifacts, tmp_path, capsys):
    recorder, controller = smtp
    settings = smtp_settings(make_settings, controller, people(3))
    assert send_issue(ISSUE, make_settings(), artifacts_dir=artifacts, yes=True) == 0
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 2
    assert "was sent with the outbox provider" in capsys.readouterr().out
    assert recorder.count() == 0
