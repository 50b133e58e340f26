"""Exit codes of a live run against a real SMTP server: a permanently failed recipient is never a success."""

from __future__ import annotations

import sqlite3

from tests.mail.mailhelpers import ISSUE, people, smtp_settings

from delivery.mail import send_issue


def states(settings) -> dict:
    with sqlite3.connect(settings["MAILING_LEDGER"]) as db:
        return dict(db.execute("SELECT state, count(*) FROM deliveries GROUP BY state"))


def test_a_rejected_recipient_fails_the_send_and_every_resume(smtp, make_settings, artifacts, capsys):
    recorder, controller = smtp
    rows = list(people(4))
    recorder.reject = {rows[1][0]}
    settings = smtp_settings(make_settings, controller, rows)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 1
    assert states(settings) == {"sent": 3, "failed": 1}
    assert sorted(recorder.per_recipient()) == sorted(r[0] for i, r in enumerate(rows) if i != 1)
    capsys.readouterr()
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 1  # nothing left to try
    assert states(settings) == {"sent": 3, "failed": 1} and recorder.count() == 3
