"""The operator's commands (delivery/subscriptions/commands.py, `invoke subscribers.*`) on real stores."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
from datetime import timedelta

import pytest

from delivery.subscriptions import commands, exports, open_store
from tests.subscriptions.conftest import T0

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONF = {"MAILING_PROVIDER": "outbox", "MAILING_ENV": "test"}


def csv_file(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def stored(tmp_path):
    return open_store({**CONF, "PROJECT_ROOT": str(tmp_path)})


def test_import_keeps_the_source_note_and_reports_bad_rows_by_line(tmp_path, capsys):
    path = csv_file(tmp_path / "alt.csv", "email;name;salutation\nanna@example.org;Anna;Liebe Anna,\n"
                    "kein-at-zeichen;Bernd;\nanna@example.org;Anna2;\n")
    assert commands.import_list(path, source="Verteiler 2024", conf=CONF, root=tmp_path, now=T0) == 1
    err = capsys.readouterr().err
    assert "1 neu übernommen" in err and "1 ungültig" in err and "1 doppelt" in err
    assert "Zeile 3: kein-at-zeichen" in err and "Zeile 4: anna@example.org: doppelt (wie Zeile 2)" in err
    with stored(tmp_path) as store:
        anna = store.get("anna@example.org")
    assert (anna.state, anna.salutation, anna.consent.source) == ("confirmed", "Liebe Anna,", "import: Verteiler 2024")
    clean = csv_file(tmp_path / "gut.csv", "email,name\nbernd@example.org,Bernd\n")
    assert commands.import_list(clean, source="Verteiler 2024", conf=CONF, root=tmp_path, now=T0) == 0


@pytest.mark.parametrize("problem", ["no source", "not utf-8", "missing file", "no email column"])
def test_an_import_that_cannot_run_imports_nothing_and_exits_2(tmp_path, capsys, problem):
    path = tmp_path / "liste.csv"
    if problem == "not utf-8":
        rows = "".join(f"leser{n}@example.org,Leser {n}\n" for n in range(2000))  # past the first read buffer
        csv_file(path, "email,name\n" + rows + "b@example.org,Jürgen\n", encoding="latin-1")
    elif problem == "no email column":
        csv_file(path, "mail,name\na@example.org,A\n")
    elif problem != "missing file":
        csv_file(path, "email,name\na@example.org,A\n")
    source = "" if problem == "no source" else "Liste"
    assert commands.import_list(path, source=source, conf=CONF, root=tmp_path, now=T0) == 2
    err = capsys.readouterr().err
    assert "Fehler:" in err and "Traceback" not in err
    assert ("--source" if problem == "no source" else "liste.csv") in err
    with stored(tmp_path) as store:
        assert list(store.everyone()) == []  # a list that stops halfway imports nothing


def test_export_of_one_person_is_their_whole_record_as_json(tmp_path, capsys):
    with stored(tmp_path) as store:
        store.request("anna@example.org", name="Anna", form_hash="f" * 64, now=T0)
        store.note_confirmation_mail("anna@example.org", now=T0)
        store.confirm("anna@example.org", now=T0 + timedelta(hours=1))
    target = tmp_path / "auskunft.json"
    assert exports.export_person("Anna@Example.org", conf=CONF, root=tmp_path, output=target) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["subscriber"]["consent"] == {"requested_at": "2026-11-23T09:00:00Z",
                                             "confirmed_at": "2026-11-23T10:00:00Z", "form_hash": "f" * 64,
                                             "source": "website"}
    assert data["confirmation_mails"] == ["2026-11-23T09:00:00Z"] and data["forgotten_hash_stored"] is False
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert exports.export_person("niemand@example.org", conf=CONF, root=tmp_path) == 1
    assert "nichts gespeichert" in capsys.readouterr().err


def test_export_list_is_csv_of_every_state_safe_for_spreadsheets_and_reimportable(tmp_path, capsys):
    with stored(tmp_path) as store:
        store.request("a@example.org", name="=HYPERLINK(\"http://x\")", form_hash="f", now=T0)
        store.request("b@example.org", name="Bea", form_hash="f", now=T0)
        store.confirm("b@example.org", now=T0)
    assert exports.export_list(conf=CONF, root=tmp_path) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["email"], r["state"]) for r in rows] == [("a@example.org", "pending"), ("b@example.org", "confirmed")]
    assert rows[0]["name"] == "'=HYPERLINK(\"http://x\")"  # not run as a formula when opened
    assert rows[1]["source"] == "website" and rows[1]["confirmed_at"] == "2026-11-23T09:00:00Z"


def test_forget_asks_and_then_removes_the_person(tmp_path, capsys):
    with stored(tmp_path) as store:
        store.request("weg@example.org", form_hash="f", now=T0)
    assert commands.forget("weg@example.org", conf=CONF, root=tmp_path) == 2  # no terminal, no --yes
    with stored(tmp_path) as store:
        assert store.get("weg@example.org") is not None
    assert commands.forget("weg@example.org", conf=CONF, root=tmp_path, yes=True) == 0
    with stored(tmp_path) as store:
        assert store.get("weg@example.org") is None and store.is_forgotten("weg@example.org")
    assert exports.export_person("weg@example.org", conf=CONF, root=tmp_path) == 1
    assert "auf Wunsch gelöscht" in capsys.readouterr().err


def test_purge_and_list(tmp_path, capsys):
    with stored(tmp_path) as store:
        store.request("alt@example.org", form_hash="f", now=T0 - timedelta(days=40))
        store.request("neu@example.org", form_hash="f", now=T0)
        store.request("ex@example.org", form_hash="f", now=T0 - timedelta(days=2000))
        store.confirm("ex@example.org", now=T0 - timedelta(days=2000))
        store.unsubscribe("ex@example.org", now=T0 - timedelta(days=1200), reason="one-click")
    assert commands.purge(conf=CONF, root=tmp_path, now=T0) == 0
    err = capsys.readouterr().err
    assert "1 unbestätigte Anmeldungen" in err and "1 seit drei Jahren abgemeldete" in err
    with stored(tmp_path) as store:
        assert store.is_forgotten("ex@example.org") and store.get("ex@example.org") is None
    assert commands.show(conf=CONF, root=tmp_path, entries=True) == 0
    out = capsys.readouterr().out
    assert "neu@example.org" in out and "alt@example.org" not in out


def invoke(*args, env=None, cwd=None):
    return subprocess.run([os.path.join(ROOT, ".venv", "bin", "invoke"), "-r", ROOT, *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_every_task_has_help():
    for name in ("import", "export", "export-list", "forget", "purge", "list"):
        result = invoke("--help", f"subscribers.{name}")
        assert result.returncode == 0 and "Docstring" in result.stdout, name


def test_tasks_run_from_another_folder_and_production_uses_the_ses_list(tmp_path, ses):
    db = tmp_path / "abo.sqlite"
    path = csv_file(tmp_path / "liste.csv", "email,name\nanna@example.org,Anna\n")
    env = {"NETZBRIEF_MAILING_SUBSCRIBERS_DB": str(db)}
    result = invoke("subscribers.import", str(path), "--source", "Test", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert invoke("subscribers.export", "anna@example.org", env=env, cwd=tmp_path).returncode == 0
    assert invoke("subscribers.export", "kein@example.org", env=env, cwd=tmp_path).returncode == 1
    client = ses.client()  # publishconf.py: list "netzbrief", topic "rundbrief"
    client.create_contact_list(ContactListName="netzbrief", Topics=[
        {"TopicName": "rundbrief", "DisplayName": "Rundbrief", "DefaultSubscriptionStatus": "OPT_OUT"}])
    env = {"NETZBRIEF_MAILING_SES_ENDPOINT_URL": ses.url}
    result = invoke("subscribers.import", str(path), "--source", "Test", "--production", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "SES-Kontaktliste 'netzbrief'" in result.stderr
    assert client.get_contact(ContactListName="netzbrief", EmailAddress="anna@example.org")["TopicPreferences"] == [
        {"TopicName": "rundbrief", "SubscriptionStatus": "OPT_IN"}]
    result = invoke("subscribers.list", "--production", env={"NETZBRIEF_MAILING_SES_CONTACT_LIST": "fehlt", **env})
    assert result.returncode == 2 and "'fehlt' gibt es nicht" in result.stderr


def test_the_delivery_ledger_is_part_of_the_export_and_of_the_erasure(tmp_path, capsys):
    from delivery.mail.ledger import Ledger
    from delivery.mail.message import Recipient

    with stored(tmp_path) as store:
        for address in ("weg@example.org", "bleibt@example.org"):
            store.request(address, form_hash="f", now=T0)
            store.confirm(address, now=T0)
    ledger = Ledger(tmp_path / "var" / "ledger-test.sqlite", create=True)  # MAILING_LEDGER, anchored to the project
    others = [Recipient(f"leser{n:03d}@example.org", f"Leser {n}") for n in range(60)]
    ledger.create_run("2026-11", "outbox", "Betreff", "digest",
                      others[:30] + [Recipient("weg@example.org", "Wera Weg"), Recipient("bleibt@example.org")]
                      + others[30:])
    ledger.finish("2026-11", "weg@example.org", "sent", provider_id="x")  # the ledger stays open, as in a send
    target = tmp_path / "auskunft.json"
    assert exports.export_person("weg@example.org", conf=CONF, root=tmp_path, output=target) == 0
    assert [(d["issue"], d["state"]) for d in json.loads(target.read_text())["deliveries"]] == [("2026-11", "sent")]
    assert commands.forget("weg@example.org", conf=CONF, root=tmp_path, yes=True) == 0
    assert "1 Einträge im Versandprotokoll" in capsys.readouterr().err
    files = b"".join(p.read_bytes() for p in (tmp_path / "var").glob("ledger-test.sqlite*"))
    assert b"bleibt@example.org" in files and b"weg@example.org" not in files and b"Wera Weg" not in files
    ledger.close()
    assert exports.export_person("weg@example.org", conf=CONF, root=tmp_path) == 1
