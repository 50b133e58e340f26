"""The command flows: outbox, dry run, confirmation, test sends, resend, resume, the ledger lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from tests.mail.mailhelpers import ISSUE, ROOT, SUBJECT, check_message, people, smtp_settings, write_csv

from delivery.mail import resend, send_issue
from delivery.mail.ledger import Ledger


def states(settings) -> dict:
    with sqlite3.connect(settings["MAILING_LEDGER"]) as db:
        return dict(db.execute("SELECT state, count(*) FROM deliveries GROUP BY state"))


def test_outbox_writes_one_eml_per_recipient_once(make_settings, artifacts, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("NETZBRIEF_UNSUBSCRIBE_SECRET")  # the outbox works on a fresh machine
    rows = list(people(7))
    settings = make_settings(MAILING_SUBSCRIBERS_CSV=str(write_csv(tmp_path / "s.csv", rows)))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert "fixed development secret" in capsys.readouterr().out
    files = sorted((tmp_path / "outbox" / ISSUE).glob("*.eml"))
    assert len(files) == 7
    msg = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["Subject"] == SUBJECT and msg["To"].addresses[0].addr_spec == "person00000@example.org"
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert "already sent" in capsys.readouterr().out
    assert len(list((tmp_path / "outbox" / ISSUE).glob("*.eml"))) == 7


def test_outbox_without_a_list_uses_the_sample(make_settings, artifacts, tmp_path):
    assert send_issue(ISSUE, make_settings(), artifacts_dir=artifacts, yes=True) == 0
    assert len(list((tmp_path / "outbox" / ISSUE).glob("*.eml"))) == 3


def test_dry_run_counts_and_sends_nothing(smtp, make_settings, artifacts, tmp_path, capsys):
    recorder, controller = smtp
    rows = list(people(12)) + [("kaputt", "", ""), ("PERSON00001@example.org", "", "")]
    settings = smtp_settings(make_settings, controller, write_csv(tmp_path / "s.csv", rows))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, dry_run=True) == 0
    out = capsys.readouterr().out
    assert "12 valid, 1 invalid, 1 duplicate" in out and "would send 12 messages" in out
    assert recorder.count() == 0 and not Path(settings["MAILING_LEDGER"]).exists()


def test_live_send_without_terminal_and_without_yes_is_refused(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    settings = smtp_settings(make_settings, controller, write_csv(tmp_path / "s.csv", people(3)))
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
    settings = smtp_settings(make_settings, controller, write_csv(tmp_path / "s.csv", people(4)))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, new_ledger=True) == code
    assert "4 recipients" in asked[0] and SUBJECT in asked[0]
    assert recorder.count() == sent
    assert bool(Ledger(settings["MAILING_LEDGER"]).run(ISSUE)) == bool(sent)  # declined: no run recorded


def test_test_addresses_bypass_the_ledger(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    settings = smtp_settings(make_settings, controller, write_csv(tmp_path / "s.csv", people(5)))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, test_addresses=["red@example.org", "LEK@example.org"]) == 0
    assert sorted(recorder.per_recipient()) == ["lek@example.org", "red@example.org"]
    assert all(msg["Subject"] == f"[TEST] {SUBJECT}" for _, msg in recorder.parsed())
    assert not Path(settings["MAILING_LEDGER"]).exists()  # a test send does not even create the ledger
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0  # real send untouched
    assert recorder.count() == 7


def test_resend_is_the_only_way_to_send_twice(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    rows = list(people(5))
    settings = smtp_settings(make_settings, controller, write_csv(tmp_path / "s.csv", rows))
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
    csv_path = write_csv(tmp_path / "s.csv", rows)
    settings = smtp_settings(make_settings, controller, csv_path, MAILING_RETRIES=1)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 1
    assert states(settings) == {"deferred": 10}
    write_csv(csv_path, rows[2:] + [("neu@example.org", "Neu", "")])  # two unsubscribed, one new
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
    csv_path = write_csv(tmp_path / "s.csv", people(3))
    assert send_issue(ISSUE, make_settings(MAILING_SUBSCRIBERS_CSV=str(csv_path)), artifacts_dir=artifacts,
                      yes=True) == 0
    assert send_issue(ISSUE, smtp_settings(make_settings, controller, csv_path), artifacts_dir=artifacts,
                      yes=True) == 2
    assert "was sent with the outbox provider" in capsys.readouterr().out
    assert recorder.count() == 0
