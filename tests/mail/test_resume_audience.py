"""A resume with an empty or partial subscriber list must never drop recipients for good: an empty list is
refused, skipping asks first (and shows the count), and a later resume reopens whoever is back in the list."""

from __future__ import annotations

import sqlite3

import pytest
from tests.mail.mailhelpers import ISSUE, people, smtp_settings, swap_store

from delivery.mail import report, send_issue


def states(settings) -> dict:
    with sqlite3.connect(settings["MAILING_LEDGER"]) as db:
        return dict(db.execute("SELECT state, count(*) FROM deliveries GROUP BY state"))


@pytest.fixture
def interrupted(smtp, make_settings, artifacts, tmp_path):
    """A run whose recipients are all still open: every first attempt gets a 451, one attempt per run."""
    def make(n: int):
        recorder, controller = smtp
        recorder.temp_fail_rcpt = 1
        rows = list(people(n))
        settings = smtp_settings(make_settings, controller, rows, MAILING_RETRIES=1)
        assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 1
        assert states(settings) == {"deferred": n} and recorder.count() == 0
        return recorder, rows, tmp_path, settings
    return make


def test_a_resume_with_an_empty_list_is_refused_and_a_later_full_resume_sends_everyone(interrupted, artifacts,
                                                                                        capsys):
    recorder, rows, folder, settings = interrupted(100)
    swap_store(settings, folder / "empty.sqlite", [])  # a store file that lost everyone
    capsys.readouterr()
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 2
    out = capsys.readouterr().out
    assert "no valid subscribers" in out and "refusing to resume" in out and "100 open" in out
    assert states(settings) == {"deferred": 100}
    swap_store(settings, folder / "full.sqlite", rows)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 0
    assert recorder.per_recipient() == {email: 1 for email, _, _ in rows}
    assert states(settings) == {"sent": 100}


def test_skipping_who_left_needs_a_confirmation(interrupted, artifacts, monkeypatch, capsys):
    recorder, rows, folder, settings = interrupted(10)
    swap_store(settings, folder / "later.sqlite", rows[3:])  # three have left
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, resume=True) == 2  # no terminal, no --yes
    assert "pass --yes" in capsys.readouterr().out
    assert states(settings) == {"deferred": 10} and recorder.count() == 0  # nothing skipped, nothing sent

    asked = []
    monkeypatch.setattr(report.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(report.console, "input", lambda prompt: asked.append(prompt) or "n")
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, resume=True) == 1
    assert "Skip these 3 recipients?" in asked[0] and "3 of 10 open recipients" in capsys.readouterr().out
    assert states(settings) == {"deferred": 10} and recorder.count() == 0

    monkeypatch.setattr(report.console, "input", lambda prompt: asked.append(prompt) or "ja")
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, resume=True) == 0
    assert states(settings) == {"sent": 7, "skipped": 3}
    assert sorted(recorder.per_recipient()) == [r[0] for r in rows[3:]]


def test_a_later_resume_reopens_who_is_back_in_the_list(interrupted, artifacts, capsys):
    recorder, rows, folder, settings = interrupted(10)
    swap_store(settings, folder / "half.sqlite", rows[:5])  # half the list is missing (an old backup)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 0
    assert states(settings) == {"sent": 5, "skipped": 5}
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert "5 skipped after leaving the list" in capsys.readouterr().out  # a plain send points to --resume
    swap_store(settings, folder / "more.sqlite", rows[:8])  # three of them are back, two really left
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 0
    assert "3 to send (3 of them back in the list)" in capsys.readouterr().out
    assert states(settings) == {"sent": 8, "skipped": 2}
    assert recorder.per_recipient() == {email: 1 for email, _, _ in rows[:8]}
