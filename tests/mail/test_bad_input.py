"""Bad input gives a clear error and sends nothing that should not be sent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.mail.mailhelpers import ISSUE, people, smtp_settings, write_csv

from delivery.mail import send_issue


def no_run(settings) -> bool:
    path = Path(settings["MAILING_LEDGER"])
    if not path.exists():
        return True
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


def test_csv_without_email_column(smtp, make_settings, artifacts, tmp_path, capsys):
    recorder, controller = smtp
    csv_path = write_csv(tmp_path / "s.csv", [("a@example.org", "A")], header=("mail", "name"))
    settings = smtp_settings(make_settings, controller, csv_path)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 2
    out = capsys.readouterr().out
    assert "no 'email' column" in out and "mail, name" in out
    assert recorder.count() == 0 and no_run(settings)


def test_csv_in_the_wrong_encoding(smtp, make_settings, artifacts, tmp_path, capsys):
    recorder, controller = smtp
    rows = list(people(30)) + [("joerg@example.org", "Jörg Größe", "Lieber Jörg,")]
    csv_path = write_csv(tmp_path / "s.csv", rows, encoding="cp1252")  # what Excel on Windows writes
    settings = smtp_settings(make_settings, controller, csv_path)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 2
    assert "not UTF-8" in capsys.readouterr().out
    assert recorder.count() == 0 and no_run(settings)  # the list is read completely before anything is sent


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
    settings = smtp_settings(make_settings, controller, write_csv(tmp_path / "s.csv", rows))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
    out = capsys.readouterr().out
    assert "2 valid, 4 invalid, 1 duplicate" in out
    assert "line 3: keine-adresse" in out
    assert "line 4: ANNA@example.org: duplicate of line 2" in out
    assert "line 6: (empty)" in out
    assert "line 8: carl@example.org: control characters in name" in out
    assert "line 9: dora@exa mple.org" in out
    assert recorder.per_recipient() == {"anna@example.org": 1, "bernd@example.org": 1}


def test_semicolon_csv_with_bom_from_excel(smtp, make_settings, artifacts, tmp_path):
    recorder, controller = smtp
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffE-Mail;Name\r\n".replace("E-Mail", "email").encode("utf-8")
                     + "eva@example.org;Eva Öztürk\r\n".encode("utf-8"))
    settings = smtp_settings(make_settings, controller, path)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
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
    settings = smtp_settings(make_settings, controller, write_csv(tmp_path / "s.csv", people(3)))
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 2
    assert "NETZBRIEF_UNSUBSCRIBE_SECRET is not set" in capsys.readouterr().out
    assert recorder.count() == 0


def test_bad_settings_are_clear_errors(make_settings, artifacts, monkeypatch, capsys):
    assert send_issue(ISSUE, make_settings(MAILING_PROVIDER="mailchimp"), artifacts_dir=artifacts, yes=True) == 2
    assert "MAILING_PROVIDER must be one of outbox, smtp, ses" in capsys.readouterr().out
    monkeypatch.setenv("NETZBRIEF_MAILING_WORKERS", "viele")
    assert send_issue(ISSUE, make_settings(), artifacts_dir=artifacts, yes=True) == 2
    assert "NETZBRIEF_MAILING_WORKERS: expected int" in capsys.readouterr().out
