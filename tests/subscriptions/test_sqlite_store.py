"""What only the sqlite store has to prove: its file (anchored to the project, private, checked), threads."""

from __future__ import annotations

import os
import sqlite3
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from delivery.subscriptions import StoreError, open_store
from delivery.subscriptions.sqlite_store import PAGE
from tests.subscriptions.conftest import T0


def settings_for(root, **extra) -> dict:
    return {"MAILING_PROVIDER": "smtp", "MAILING_ENV": "test", "PROJECT_ROOT": str(root), **extra}


def test_the_file_is_anchored_to_the_project_never_the_current_folder(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with open_store(settings_for(tmp_path / "project", MAILING_SUBSCRIBERS_DB="daten/abo-{env}.sqlite")) as store:
        store.request("a@example.org", form_hash="f", now=T0)
        assert store.path == tmp_path / "project" / "daten" / "abo-test.sqlite"
    assert (tmp_path / "project" / "daten" / "abo-test.sqlite").is_file()
    assert list(elsewhere.iterdir()) == []
    with open_store(settings_for(tmp_path / "project")) as store:
        assert store.path == tmp_path / "project" / "var" / "subscribers-test.sqlite"


def test_the_file_is_readable_by_its_owner_only(tmp_path):
    with open_store(settings_for(tmp_path)) as store:
        mode = stat.S_IMODE(os.stat(store.path).st_mode)
    assert mode == 0o600


@pytest.mark.parametrize("damage", ["garbage", "foreign", "newer"])
def test_a_damaged_or_foreign_file_is_a_store_error_naming_it(tmp_path, damage):
    path = tmp_path / "var" / "subscribers-test.sqlite"
    path.parent.mkdir()
    if damage == "garbage":
        path.write_bytes(b"email,name\n" + os.urandom(4096))
    elif damage == "foreign":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE kunden (id INTEGER)")
    else:
        with open_store(settings_for(tmp_path)):
            pass
        with sqlite3.connect(path) as db:
            db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError) as caught:
        open_store(settings_for(tmp_path))
    assert str(path) in str(caught.value)
    assert {"garbage": "beschädigt", "foreign": "keine Netzbrief-Abonnentendatei",
            "newer": "Schema-Version 99"}[damage] in str(caught.value)


def test_a_file_damaged_while_open_gives_a_store_error_not_a_traceback(tmp_path):
    store = open_store(settings_for(tmp_path))
    store.request("a@example.org", form_hash="f", now=T0)
    store.close()
    data = bytearray(store.path.read_bytes())
    data[:100] = os.urandom(100)  # the header
    store.path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="subscribers-test.sqlite"):
        store.get("a@example.org")


def test_threads_share_the_store_and_the_limit_holds_under_concurrency(tmp_path):
    with open_store(settings_for(tmp_path)) as store:
        store.request("flut@example.org", form_hash="f", now=T0)

        def sign_up(n):
            store.request(f"leser{n:03d}@example.org", name=f"Leser {n}", form_hash="f", now=T0)
            return store.note_confirmation_mail("flut@example.org", now=T0 + timedelta(seconds=n))

        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(sign_up, range(200)))
        assert results.count(True) == 3
        assert store.counts() == {"pending": 201}


def test_the_audience_streams_in_pages_in_address_order(tmp_path):
    rows = [(n + 2, _recipient(f"p{n:05d}@example.org")) for n in reversed(range(PAGE * 2 + 7))]
    with open_store(settings_for(tmp_path)) as store:
        assert store.import_rows(rows, source="Test", now=T0).added == PAGE * 2 + 7
        store.unsubscribe("p00500@example.org", now=T0, reason="one-click")  # on a page boundary
        emails = [s.email for s in store.audience()]
    assert emails == sorted(f"p{n:05d}@example.org" for n in range(PAGE * 2 + 7) if n != 500)


def _recipient(email):
    from delivery.mail.message import Recipient

    return Recipient(email)
