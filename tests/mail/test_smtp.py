"""Sending through a real SMTP server (aiosmtpd on 127.0.0.1): volume, TLS, auth, errors, retries."""

from __future__ import annotations

import sqlite3

from tests.mail.mailhelpers import ISSUE, check_message, people, smtp_settings, subscribe

from delivery.mail import send_issue
from tests.servers import smtp as smtp_server


def ledger_states(settings) -> dict:
    with sqlite3.connect(settings["MAILING_LEDGER"]) as db:
        return dict(db.execute("SELECT state, count(*) FROM deliveries WHERE issue = ? GROUP BY state", (ISSUE,)))


def test_500_subscribers_each_get_exactly_one_complete_message(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    rows = list(people(500))
    settings = smtp_settings(make_settings, controller, rows)

    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0

    assert recorder.per_recipient() == {email: 1 for email, _, _ in rows}
    salutations = {email: salutation for email, _, salutation in rows}
    ids = set()
    for rcpts, msg in recorder.parsed():
        (address,) = rcpts
        check_message(msg, address, salutations[address])
        assert msg["To"].addresses[0].display_name.startswith("Person Nummer")
        ids.add(msg["Message-ID"])
    assert len(ids) == 500
    assert ledger_states(settings) == {"sent": 500}
    # a second send of the same issue sends nothing new
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert recorder.count() == 500


def test_starttls_with_auth_and_a_ca_file(make_settings, artifacts, tmp_path, monkeypatch):
    cert, key = smtp_server.make_cert(tmp_path)
    recorder, auth = smtp_server.Recorder(), smtp_server.Authenticator("netzbrief", "geheim-passwort")
    controller = smtp_server.start(recorder, starttls=smtp_server.server_context(cert, key), authenticator=auth)
    try:
        monkeypatch.setenv("NETZBRIEF_SMTP_PASSWORD", "geheim-passwort")
        rows = list(people(20))
        settings = smtp_settings(make_settings, controller, rows, MAILING_WORKERS=2,
                                 MAILING_SMTP_SECURITY="starttls", MAILING_SMTP_USER="netzbrief",
                                 MAILING_SMTP_CA_FILE=str(cert))
        assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
        assert recorder.per_recipient() == {email: 1 for email, _, _ in rows}
        assert 1 <= auth.attempts <= 3  # one login per connection (the check, then one per worker)
    finally:
        controller.stop()


def test_implicit_tls_without_verification(make_settings, artifacts, tmp_path):
    cert, key = smtp_server.make_cert(tmp_path)
    recorder = smtp_server.Recorder()
    controller = smtp_server.start(recorder, implicit_tls=smtp_server.server_context(cert, key))
    try:
        rows = list(people(10))
        settings = smtp_settings(make_settings, controller, rows,
                                 MAILING_SMTP_SECURITY="tls", MAILING_SMTP_VERIFY=False)
        assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
        assert recorder.per_recipient() == {email: 1 for email, _, _ in rows}
    finally:
        controller.stop()


def test_untrusted_certificate_is_a_clear_error(make_settings, artifacts, tmp_path, capsys):
    cert, key = smtp_server.make_cert(tmp_path)
    recorder = smtp_server.Recorder()
    controller = smtp_server.start(recorder, starttls=smtp_server.server_context(cert, key))
    try:
        settings = smtp_settings(make_settings, controller, people(5),
                                 MAILING_SMTP_SECURITY="starttls")
        assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 2
        assert "certificate" in capsys.readouterr().out
        assert recorder.count() == 0
    finally:
        controller.stop()


def test_refused_login_sends_nothing_and_leaves_no_run(make_settings, artifacts, tmp_path, monkeypatch, capsys):
    cert, key = smtp_server.make_cert(tmp_path)
    recorder, auth = smtp_server.Recorder(), smtp_server.Authenticator("netzbrief", "richtig")
    controller = smtp_server.start(recorder, starttls=smtp_server.server_context(cert, key), authenticator=auth)
    try:
        monkeypatch.setenv("NETZBRIEF_SMTP_PASSWORD", "falsch")
        settings = smtp_settings(make_settings, controller, people(5),
                                 MAILING_SMTP_SECURITY="starttls", MAILING_SMTP_USER="netzbrief",
                                 MAILING_SMTP_CA_FILE=str(cert))
        assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 2
        out = capsys.readouterr().out
        assert "refused the login" in out and "535" in out
        assert recorder.count() == 0 and auth.attempts <= 2  # one login (smtplib tries PLAIN, then LOGIN)
        assert ledger_states(settings) == {}  # no run recorded: a later send starts cleanly
    finally:
        controller.stop()


def test_rejected_recipients_are_failed_listed_and_the_rest_delivered(smtp, make_settings, artifacts, tmp_path,
                                                                      capsys):
    recorder, controller = smtp
    rows = list(people(30))
    recorder.reject = {"person00007@example.org", "person00021@example.org"}
    settings = smtp_settings(make_settings, controller, rows)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 1
    out = capsys.readouterr().out
    assert "person00007@example.org" in out and "550" in out
    assert set(recorder.per_recipient()) == {e for e, _, _ in rows} - recorder.reject
    assert ledger_states(settings) == {"sent": 28, "failed": 2}
    # permanent failures are not retried by a resume
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 1
    assert recorder.rcpt_attempts["person00007@example.org"] == 1


def test_temporary_errors_make_it_slower_not_lossy(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    recorder.temp_fail_rcpt = 3  # 451 for the first three attempts of every recipient
    recorder.drop_data = 10  # and the first ten DATA commands lose the connection
    rows = list(people(60))
    settings = smtp_settings(make_settings, controller, rows, MAILING_RETRIES=14)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
    assert recorder.per_recipient() == {email: 1 for email, _, _ in rows}
    assert recorder.data_commands == 60 + 10
    assert all(recorder.rcpt_attempts[email] >= 4 for email, _, _ in rows)
    assert ledger_states(settings) == {"sent": 60}


def test_errors_outlasting_the_retries_are_deferred_and_resumed(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    recorder.temp_fail_rcpt = 4
    rows = list(people(12))
    settings = smtp_settings(make_settings, controller, rows, MAILING_RETRIES=3)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 1
    assert recorder.count() == 0 and ledger_states(settings) == {"deferred": 12}
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 1  # plain send: points to --resume
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, resume=True) == 0
    assert recorder.per_recipient() == {email: 1 for email, _, _ in rows}


def test_unreachable_server_is_a_clear_error(make_settings, artifacts, tmp_path, capsys):
    port = smtp_server.free_port()
    settings = make_settings(MAILING_PROVIDER="smtp", MAILING_SMTP_HOST="127.0.0.1", MAILING_SMTP_PORT=port,
                             MAILING_SMTP_SECURITY="none")
    subscribe(settings, people(3))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 2
    assert "cannot connect to the SMTP server" in capsys.readouterr().out
