"""The store contract (delivery/subscriptions/store.py), run unchanged against the sqlite and the ses store."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import timedelta

import pytest

from delivery.mail.subscribers import read_csv
from delivery.subscriptions import open_store
from tests.subscriptions.conftest import T0

FORM = "f" * 64
HOUR = timedelta(hours=1)


def sign_up(store, email, now=T0, **kw):
    return store.request(email, form_hash=kw.pop("form_hash", FORM), now=now, **kw)


def subscribed(store, email, now=T0, **kw):
    sign_up(store, email, now, **kw)
    return store.confirm(email, now=now + HOUR)


def test_sign_up_is_pending_with_its_consent_record(store):
    sub = sign_up(store, "Anna.Berg@Stadtwerke-Lindenau.DE", name="Anna Berg", salutation="Liebe Frau Berg,")
    assert sub.email == "Anna.Berg@stadtwerke-lindenau.de" and sub.state == "pending"
    assert (sub.name, sub.salutation, sub.reason) == ("Anna Berg", "Liebe Frau Berg,", None)
    assert sub.consent.requested_at == "2026-11-23T09:00:00Z" and sub.consent.confirmed_at is None
    assert sub.consent.form_hash == FORM and sub.consent.source == "website"
    assert store.get("anna.berg@stadtwerke-lindenau.de") == sub
    assert not store.is_subscribed("anna.berg@stadtwerke-lindenau.de")
    assert list(store.audience()) == []


def test_invalid_address_or_control_characters_are_refused(store):
    with pytest.raises(ValueError):
        sign_up(store, "nicht-gueltig@")
    with pytest.raises(ValueError):
        sign_up(store, "a@example.org", name="Anna\x00Berg")
    assert store.get("a@example.org") is None


def test_confirm_sets_confirmed_at_once_and_is_idempotent(store):
    sign_up(store, "a@example.org", name="A")
    first = store.confirm("A@example.org", now=T0 + HOUR)
    assert first.state == "confirmed" and first.consent.confirmed_at == "2026-11-23T10:00:00Z"
    assert first.consent.requested_at == "2026-11-23T09:00:00Z" and first.consent.form_hash == FORM
    again = store.confirm("a@example.org", now=T0 + 5 * HOUR)
    assert again == first  # a second click changes nothing
    assert store.is_subscribed("a@example.org")


def test_confirm_refuses_unknown_unsubscribed_and_suppressed(store):
    assert store.confirm("niemand@example.org", now=T0) is None
    assert store.get("niemand@example.org") is None
    for address, leave in (("weg@example.org", store.unsubscribe), ("bounce@example.org", store.suppress)):
        subscribed(store, address)
        leave(address, now=T0 + 2 * HOUR, reason="test")
        assert store.confirm(address, now=T0 + 3 * HOUR) is None
        assert not store.is_subscribed(address)


def test_sign_up_again_refreshes_pending_and_leaves_confirmed_and_suppressed_alone(store):
    sign_up(store, "p@example.org", name="Alt")
    again = sign_up(store, "p@example.org", now=T0 + HOUR, name="Neu", form_hash="e" * 64)
    assert again.state == "pending" and again.name == "Neu"
    assert again.consent.requested_at == "2026-11-23T10:00:00Z" and again.consent.form_hash == "e" * 64

    confirmed = subscribed(store, "c@example.org", name="Clara", salutation="Hallo Clara,")
    assert sign_up(store, "c@example.org", now=T0 + 2 * HOUR, name="Fremd", salutation="Hi,") == confirmed
    assert store.get("c@example.org") == confirmed

    subscribed(store, "s@example.org")
    store.suppress("s@example.org", now=T0 + 2 * HOUR, reason="bounce: 550 5.1.1")
    assert sign_up(store, "s@example.org", now=T0 + 3 * HOUR).state == "suppressed"
    assert store.get("s@example.org").reason == "bounce: 550 5.1.1"


def test_unsubscribed_reader_can_sign_up_again_with_a_fresh_consent(store):
    subscribed(store, "u@example.org")
    assert store.unsubscribe("u@example.org", now=T0 + 2 * HOUR, reason="one-click")
    back = sign_up(store, "u@example.org", now=T0 + 48 * HOUR, form_hash="d" * 64)
    assert back.state == "pending" and back.reason is None and back.consent.confirmed_at is None
    assert back.consent.requested_at == "2026-11-25T09:00:00Z" and back.consent.form_hash == "d" * 64
    assert store.confirm("u@example.org", now=T0 + 49 * HOUR).state == "confirmed"


def test_unsubscribe_and_suppress(store):
    subscribed(store, "a@example.org", name="Anna", salutation="Liebe Anna,")
    assert store.unsubscribe("A@Example.org", now=T0 + 2 * HOUR, reason="one-click") is True
    left = store.get("a@example.org")
    assert (left.state, left.reason, left.updated_at) == ("unsubscribed", "one-click", "2026-11-23T11:00:00Z")
    assert left.consent.confirmed_at == "2026-11-23T10:00:00Z"  # the record of the consent stays
    assert (left.name, left.salutation) == ("", "")  # what is no longer needed goes

    sign_up(store, "pending@example.org")
    assert store.unsubscribe("pending@example.org", now=T0, reason="link") is True
    assert store.get("pending@example.org").state == "unsubscribed"

    subscribed(store, "b@example.org")
    assert store.suppress("b@example.org", now=T0 + 2 * HOUR, reason="complaint") is True
    assert store.unsubscribe("b@example.org", now=T0 + 3 * HOUR, reason="one-click") is True
    assert (store.get("b@example.org").state, store.get("b@example.org").reason) == ("suppressed", "complaint")
    assert [s.email for s in store.audience()] == []


def test_unknown_addresses_are_not_created_by_unsubscribe_or_suppress(store):
    assert store.unsubscribe("fremd@example.org", now=T0, reason="one-click") is False
    assert store.suppress("bounce@example.org", now=T0, reason="bounce: 550") is False
    assert store.get("fremd@example.org") is None and store.get("bounce@example.org") is None
    assert list(store.everyone()) == []


def test_confirmation_mail_limit_per_address_across_the_window(store, backend):
    sign_up(store, "a@example.org")
    sign_up(store, "b@example.org")
    assert [store.note_confirmation_mail("a@example.org", now=T0 + n * HOUR) for n in range(3)] == [True] * 3
    assert store.note_confirmation_mail("A@example.org", now=T0 + 3 * HOUR) is False  # 4th within 24 h
    assert store.note_confirmation_mail("a@example.org", now=T0 + 23 * HOUR) is False
    assert store.note_confirmation_mail("b@example.org", now=T0 + 3 * HOUR) is True  # per address
    store.close()
    reopened = open_store(backend[0])  # persistent: survives a restart
    try:
        assert reopened.note_confirmation_mail("a@example.org", now=T0 + 23 * HOUR) is False
        assert reopened.note_confirmation_mail("a@example.org", now=T0 + 24 * HOUR + timedelta(seconds=1)) is True
        assert reopened.note_confirmation_mail("a@example.org", now=T0 + 24 * HOUR + timedelta(seconds=2)) is False
        assert reopened.note_confirmation_mail("a@example.org", now=T0 + 26 * HOUR + timedelta(seconds=1)) is True
        assert reopened.note_confirmation_mail("a@example.org", now=T0 + 5 * 24 * HOUR, limit=1) is True
        assert reopened.note_confirmation_mail("a@example.org", now=T0 + 5 * 24 * HOUR, limit=1) is False
        assert reopened.note_confirmation_mail("unbekannt@example.org", now=T0) is False
    finally:
        reopened.close()


def test_audience_is_confirmed_only_in_a_stable_order(store):
    for n in (5, 2, 9, 1, 7):
        subscribed(store, f"leser{n}@example.org", name=f"Leser {n}", salutation=f"Hallo {n},")
    sign_up(store, "wartet@example.org")
    subscribed(store, "weg@example.org")
    store.unsubscribe("weg@example.org", now=T0 + 2 * HOUR, reason="one-click")
    subscribed(store, "bounce@example.org")
    store.suppress("bounce@example.org", now=T0 + 2 * HOUR, reason="bounce: 550")
    first = list(store.audience())
    assert {s.email for s in first} == {f"leser{n}@example.org" for n in (5, 2, 9, 1, 7)}
    assert all(s.state == "confirmed" and s.salutation == f"Hallo {s.email[5]}," for s in first)
    assert list(store.audience()) == first
    assert len(list(store.everyone())) == 8
    assert store.counts() == {"confirmed": 5, "pending": 1, "unsubscribed": 1, "suppressed": 1}


def test_export_holds_everything_about_the_person(store):
    sign_up(store, "a@example.org", name="Anna Berg", salutation="Liebe Anna,")
    store.note_confirmation_mail("a@example.org", now=T0)
    store.confirm("a@example.org", now=T0 + HOUR)
    data = json.loads(json.dumps(store.export("A@Example.org")))  # JSON-able
    assert data["subscriber"] == {
        "email": "a@example.org", "name": "Anna Berg", "salutation": "Liebe Anna,", "state": "confirmed",
        "consent": {"requested_at": "2026-11-23T09:00:00Z", "confirmed_at": "2026-11-23T10:00:00Z",
                    "form_hash": FORM, "source": "website"},
        "reason": None, "updated_at": "2026-11-23T10:00:00Z"}
    assert data["confirmation_mails"] == ["2026-11-23T09:00:00Z"]
    assert store.export("niemand@example.org") is None


def test_forget_removes_the_person_and_keeps_only_a_salted_hash(store, backend):
    subscribed(store, "vergessen@example.org", name="Vera Gessen", salutation="Liebe Vera,")
    store.note_confirmation_mail("vergessen@example.org", now=T0)
    subscribed(store, "bleibt@example.org")
    assert store.forget("Vergessen@Example.org") is True
    assert store.get("vergessen@example.org") is None and store.export("vergessen@example.org") is None
    assert [s.email for s in store.everyone()] == ["bleibt@example.org"]
    assert store.is_forgotten("vergessen@example.org") and not store.is_forgotten("bleibt@example.org")
    raw = backend[1]()
    assert "bleibt@example.org" in raw  # the dump does see stored addresses
    for trace in ("vergessen@example.org", "Vera Gessen", "Liebe Vera",
                  hashlib.sha256(b"vergessen@example.org").hexdigest()[:40]):
        assert trace not in raw
    assert store.forget("nie-gesehen@example.org") is False  # nothing stored, but remembered as objected
    assert store.is_forgotten("nie-gesehen@example.org")


def test_import_refuses_forgotten_and_unsubscribed_addresses(store, tmp_path):
    subscribed(store, "vergessen@example.org")
    store.forget("vergessen@example.org")
    subscribed(store, "abgemeldet@example.org")
    store.unsubscribe("abgemeldet@example.org", now=T0 + 2 * HOUR, reason="one-click")
    path = tmp_path / "liste.csv"
    path.write_text("email,name,salutation\nVergessen@example.org,V,\nabgemeldet@example.org,A,\n"
                    "neu@example.org,N,\n", encoding="utf-8")
    report = store.import_rows(read_csv(path), source="Altliste", now=T0 + 3 * HOUR)
    assert (report.added, report.refused) == (1, 2)
    assert any(p.startswith("Zeile 2: Vergessen@example.org") for p in report.problems)
    assert any(p.startswith("Zeile 3: abgemeldet@example.org") for p in report.problems)
    assert store.get("vergessen@example.org") is None
    assert store.get("abgemeldet@example.org").state == "unsubscribed"
    assert [s.email for s in store.audience()] == ["neu@example.org"]
    assert sign_up(store, "vergessen@example.org", now=T0 + 4 * HOUR).state == "pending"  # own, new consent


def test_import_keeps_a_consent_note_on_every_row_and_reports_bad_rows(store, tmp_path):
    subscribed(store, "schon@example.org", name="Schon Da")
    sign_up(store, "wartet@example.org")
    path = tmp_path / "liste.csv"
    path.write_text("email;name;salutation\nneu@example.org;Nina Neu;Liebe Nina,\nkaputt@;X;\n"
                    "schon@example.org;Anders;\nNEU@example.org;Doppelt;\nwartet@example.org;Wera;\n\n"
                    "zwei@example.org;Zwei;\n", encoding="utf-8")
    report = store.import_rows(read_csv(path), source="Mitgliederliste 2025 (Papierformular)", now=T0 + HOUR)
    assert (report.added, report.kept, report.refused, report.invalid, report.duplicates) == (3, 1, 0, 1, 1)
    assert report.problems[0].startswith("Zeile 3: kaputt@:")
    assert report.problems[1].startswith("Zeile 5: NEU@example.org: doppelt (wie Zeile 2)")
    new = store.get("neu@example.org")
    assert (new.state, new.name, new.salutation) == ("confirmed", "Nina Neu", "Liebe Nina,")
    assert new.consent == replace(new.consent, requested_at="2026-11-23T10:00:00Z",
                                  confirmed_at="2026-11-23T10:00:00Z", form_hash=None,
                                  source="import: Mitgliederliste 2025 (Papierformular)")
    assert store.get("wartet@example.org").consent.source.startswith("import: ")
    assert store.get("schon@example.org").name == "Schon Da"  # kept as it was
    assert {s.email for s in store.audience()} == {"neu@example.org", "schon@example.org", "wartet@example.org",
                                                   "zwei@example.org"}
    with pytest.raises(ValueError):
        store.import_rows([], source="  ", now=T0)


def test_purge_deletes_only_pending_entries_older_than_30_days(store):
    sign_up(store, "alt@example.org", now=T0 - timedelta(days=31))
    sign_up(store, "grenze@example.org", now=T0 - timedelta(days=29, hours=23))
    sign_up(store, "frisch@example.org", now=T0 - timedelta(days=1))
    subscribed(store, "treu@example.org", now=T0 - timedelta(days=90))
    subscribed(store, "weg@example.org", now=T0 - timedelta(days=90))
    store.unsubscribe("weg@example.org", now=T0 - timedelta(days=80), reason="one-click")
    assert store.purge(now=T0) == 1
    assert store.get("alt@example.org") is None
    assert {s.email for s in store.everyone()} == {"grenze@example.org", "frisch@example.org", "treu@example.org",
                                                   "weg@example.org"}
    assert store.purge(now=T0) == 0
    assert store.purge(now=T0 + timedelta(days=2)) == 1  # grenze@ is now past the cutoff


def test_expire_erases_entries_left_three_years_ago_down_to_the_hash(store, tmp_path):
    for address in ("alt-ab@example.org", "alt-bounce@example.org", "neu-ab@example.org", "treu@example.org"):
        subscribed(store, address, now=T0 - timedelta(days=4 * 365))
    store.unsubscribe("alt-ab@example.org", now=T0 - timedelta(days=3 * 365 + 2), reason="one-click")
    store.suppress("alt-bounce@example.org", now=T0 - timedelta(days=3 * 365 + 2), reason="bounce: 550")
    store.unsubscribe("neu-ab@example.org", now=T0 - timedelta(days=3 * 365 - 2), reason="one-click")
    assert sorted(store.expire(now=T0)) == ["alt-ab@example.org", "alt-bounce@example.org"]
    assert {s.email for s in store.everyone()} == {"neu-ab@example.org", "treu@example.org"}
    assert store.is_forgotten("alt-ab@example.org") and store.is_forgotten("alt-bounce@example.org")
    path = tmp_path / "liste.csv"
    path.write_text("email\nalt-ab@example.org\n", encoding="utf-8")
    assert store.import_rows(read_csv(path), source="Altliste", now=T0).refused == 1
