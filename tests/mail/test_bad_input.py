"""Bad input gives a clear error and sends nothing that should not be sent. Subscriber lists reach the send only
through `invoke subscribers.import`, so their problems are reported there, by line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.mail.mailhelpers import ISSUE, people, smtp_settings, write_csv

from delivery.mail import send_issue
from delivery.subscriptions.commands import import_list


def no_run(settings) -> bool:
    path = Path(settings["MAILING_LEDGER"])
    if not path.exists():
        return True
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


def import_then_send(path, settings, artifacts, tmp_path) -> tuple[int, int]:
    """`invoke subscribers.import` of the list, then the send: (import exit code, send exit code)."""
    code = import_list(path, source="Altliste", conf=settings, root=tmp_path)
    return code, send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True)


def test_csv_without_email_column(smtp, make_settings, artifacts, tmp_path, capsys):
    recorder, controller = smtp
    csv_path = write_csv(tmp_path / "s.csv", [("a@example.org", "A")], header=("mail", "name"))
    settings = smtp_settings(make_settings, controller)
    assert import_then_send(csv_path, settings, artifacts, tmp_path) == (2, 2)
    captured = capsys.readouterr()
    assert "no 'email' column" in captured.err and "mail, name" in captured.err
    assert "no valid subscribers" in captured.out
    assert recorder.count() == 0 and no_run(settings)


def test_csv_in_the_wrong_encoding(smtp, make_settings, artifacts, tmp_path, capsys):
    recorder, controller = smtp
    rows = list(people(30)) + [("joerg@example.org", "Jörg Größe", "Lieber Jörg,")]
    csv_path = write_csv(tmp_path / "s.csv", rows, encoding="cp1252")  # what Excel on Windows writes
    settings = smtp_settings(make_settings, controller)
    assert import_then_send(csv_path, settings, artifacts, tmp_path) == (2, 2)
    assert "not UTF-8" in capsys.readouterr().err
    assert recorder.count() == 0 and no_run(settings)  # the list is imported completely or not at all


def test_invalid_and_duplicate_rows_are_reported_by_line_and_not_sent(smtp, make_settings, artifacts, tmp_path,
                                                                     capsys):
    recorder, controller = smtp
    rows = [("anna@example.org", "Anna", ""),           # line 2
            ("keine-adresse", "Kein", ""),              # line 3: invalid
            ("ANNA@Example.org", "Anna again", ""),     # line 4: duplicate of line 2
            ("bernd@example.org", "Bernd", ""),         # line 5
            ("", "Leer", ""),                           # line 6: empty address
            ("carl@example.org", "Carl\nEvil: x", ""),  # line 7-8: header injection attempt
            ("dora@exa mple.org", "Dora", "")]          # line 9: invalid
    settings = smtp_settings(make_settings, controller)
    assert import_then_send(write_csv(tmp_path / "s.csv", rows), settings, artifacts, tmp_path) == (1, 0)
    err = capsys.readouterr().err
    assert "2 neu übernommen" in err and "4 ungültig, 1 doppelt" in err
    assert "Zeile 3: keine-adresse" in err
    assert "Zeile 4: ANNA@example.org: doppelt (wie Zeile 2)" in err
    assert "Zeile 6: (leer)" in err
    assert "Zeile 8: carl@example.org: control characters in name" in err
    assert "Zeile 9: dora@exa mple.org" in err
    assert recorder.per_recipient() == {"anna@example.org": 1, "bernd@example.org": 1}


def test_semicolon_csv_with_bom_from_excel(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffE-Mail;Name\r\n".replace("E-Mail", "email").encode("utf-8")
                     + "eva@example.org;Eva Öztürk\r\n".encode("utf-8"))
    settings = smtp_settings(make_settings, controller)
    assert import_then_send(path, settings, artifacts, tmp_path) == (0, 0)
    ((rcpts, msg),) = recorder.parsed()
    assert rcpts == ["eva@example.org"] and msg["To"].addresses[0].display_name == "Eva Öztürk"


def test_missing_issue_tells_to_build_first(make_settings, tmp_path, capsys):
    settings = make_settings()
    assert send_issue("2026-12", settings, artifacts_dir=tmp_path / "build" / "newsletter", yes=True) == 2
    out = capsys.readouterr().out
    assert "has not been built" in out and "invoke build" in out
    assert not (tmp_path / "outbox").exists() and no_run(settings)


def test_artifacts_without_unsubscribe_placeholder_are_refused(make_settings, artifacts, capsys):
    html = artifacts / ISSUE / "email.html"
    html.write_text(html.read_text(encoding="utf-8").replace("%%UNSUBSCRIBE_URL%%", "#"), encoding="utf-8")
    assert send_issue(ISSUE, make_settings(), artifacts_dir=artifacts, yes=True) == 2
    assert "lacks the %%UNSUBSCRIBE_URL%% placeholder" in capsys.readouterr().out


def test_real_providers_need_the_unsubscribe_secret(smtp, make_settings, artifacts, tmp_path, monkeypatch, capsys):
    recorder, controller = smtp
    monkeypatch.delenv("NETZBRIEF_UNSUBSCRIBE_SECRET")
    settings = smtp_settings(make_settings, controller, people(3))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 2
    assert "NETZBRIEF_UNSUBSCRIBE_SECRET is not set" in capsys.readouterr().out
    assert recorder.count() == 0


def test_bad_settings_are_clear_errors(make_settings, artifacts, monkeypatch, capsys):
    assert send_issue(ISSUE, make_settings(MAILING_PROVIDER="mailchimp"), artifacts_dir=artifacts, yes=True) == 2
    assert "MAILING_PROVIDER must be one of outbox, smtp, ses" in capsys.readouterr().out
    monkeypatch.setenv("NETZBRIEF_MAILING_WORKERS", "viele")
    assert send_issue(ISSUE, make_settings(), artifacts_dir=artifacts, yes=True) == 2
    assert "NETZBRIEF_MAILING_WORKERS: expected int" in capsys.readouterr().out
