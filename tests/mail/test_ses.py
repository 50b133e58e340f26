"""Sending through SES v2 (moto server on 127.0.0.1, reached by boto3 over HTTP); checked at the server."""

from __future__ import annotations

import sqlite3
from collections import Counter
from email import message_from_string, policy

from datetime import datetime, timezone

from tests.mail.mailhelpers import ISSUE, check_message, people, subscribe

from delivery.mail import send_issue
from delivery.mail.settings import load_settings
from delivery.subscriptions import open_store

AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def ses_settings(make_settings, server, monkeypatch, **extra) -> dict:
    for name, value in AWS.items():
        monkeypatch.setenv(name, value)
    settings = make_settings(MAILING_PROVIDER="ses", MAILING_SES_ENDPOINT_URL=server.url, MAILING_RATE=5000.0)
    settings.update(extra)
    return settings


def delivered(server) -> Counter:
    """Messages per recipient as SES saw them (the To header of each raw message)."""
    counts = Counter()
    for raw in server.sent():
        msg = message_from_string(raw["raw_data"], policy=policy.default)
        counts[msg["To"].addresses[0].addr_spec.lower()] += 1
    return counts


def test_500_confirmed_subscribers_each_get_exactly_one_message_with_their_salutation(ses, make_settings, artifacts,
                                                                                     monkeypatch):
    others = [("abgemeldet@example.org", "OPT_OUT"), ("alles-ab@example.org", "UNSUBSCRIBE_ALL"),
              ("ohne-wahl@example.org", None)]  # contacts from before consent records; topic default OPT_OUT
    ses.setup_list(others)
    settings = ses_settings(make_settings, ses, monkeypatch)
    rows = [(f"kontakt{i:04d}@stadtwerke-beispiel.de", name, salutation)
            for i, (_, name, salutation) in enumerate(people(500))]
    assert subscribe(settings, rows).added == 500
    with open_store(load_settings(settings, environ={})) as store:  # not confirmed or left: not sent
        now = datetime.now(timezone.utc)
        store.request("wartet@example.org", form_hash="f", now=now)
        store.suppress(rows[7][0], now=now, reason="bounce: 550 5.1.1")
        store.unsubscribe(rows[8][0], now=now, reason="one-click")
    sent_to = {email: salutation for email, _, salutation in rows[:7] + rows[9:]}

    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0

    sent = ses.sent()
    assert delivered(ses) == {a: 1 for a in sent_to}
    for raw in sent:
        assert raw["source"] == "newsletter@netzbrief.example"
        msg = message_from_string(raw["raw_data"], policy=policy.default)
        address = msg["To"].addresses[0].addr_spec
        check_message(msg, address, sent_to[address])  # SES recipients get their own salutation
        assert msg["To"].addresses[0].display_name.startswith("Person Nummer")
    with sqlite3.connect(settings["MAILING_LEDGER"]) as db:
        ids = {row[0] for row in db.execute("SELECT provider_id FROM deliveries WHERE state = 'sent'")}
    assert len(ids) == 498 and ids == {raw["id"] for raw in sent}  # the ledger holds SES's message ids
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True) == 0
    assert len(ses.sent()) == 498


def test_topic_default_opt_in_counts_contacts_without_preference(ses, make_settings, artifacts, monkeypatch):
    ses.setup_list([("a@example.org", None), ("b@example.org", "OPT_OUT"), ("c@example.org", "OPT_IN")],
                   default="OPT_IN")
    settings = ses_settings(make_settings, ses, monkeypatch)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
    assert delivered(ses) == {"a@example.org": 1, "c@example.org": 1}


def test_throttling_makes_it_slower_not_lossy(ses, make_settings, artifacts, monkeypatch):
    ses.set_throttle(2)  # HTTP 429 TooManyRequestsException twice per recipient
    addresses = [f"t{i}@example.org" for i in range(40)]
    ses.setup_list([(a, "OPT_IN") for a in addresses])
    settings = ses_settings(make_settings, ses, monkeypatch)
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 0
    assert ses.stats()["throttled"] == 80
    assert delivered(ses) == {a: 1 for a in addresses}


def test_message_rejected_is_a_listed_permanent_failure(ses, make_settings, artifacts, monkeypatch, capsys):
    ses.setup_list([("a@example.org", "OPT_IN"), ("b@example.org", "OPT_IN")], identity="other.example")
    settings = ses_settings(make_settings, ses, monkeypatch)  # our From domain is not verified: SES rejects
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 1
    out = capsys.readouterr().out
    assert "MessageRejected" in out and "a@example.org" in out and "b@example.org" in out
    assert ses.sent() == []


def test_missing_contact_list_is_a_clear_error(ses, make_settings, artifacts, monkeypatch, capsys):
    settings = ses_settings(make_settings, ses, monkeypatch, MAILING_SES_CONTACT_LIST="gibt-es-nicht")
    assert send_issue(ISSUE, settings, artifacts_dir=artifacts, yes=True, new_ledger=True) == 2
    assert "gibt-es-nicht" in capsys.readouterr().out
    assert ses.sent() == []


def test_send_rate_comes_from_the_account_quota(ses, make_settings, monkeypatch, capsys):
    from delivery.mail.providers.ses import SesProvider
    from delivery.mail.settings import load_settings

    def rate(**extra):
        return SesProvider(load_settings(ses_settings(make_settings, ses, monkeypatch, **extra)), ISSUE).rate()

    assert rate(MAILING_RATE=None) == 1.0  # moto has no GetAccount: the sandbox rate, with a note
    assert "GetAccount unavailable" in capsys.readouterr().out
    assert rate(MAILING_RATE=30.0) == 30.0
    ses.set_quota(14.0)
    assert rate(MAILING_RATE=None) == 14.0
    assert rate(MAILING_RATE=5.0) == 5.0  # a lower configured rate wins
    assert rate(MAILING_RATE=100.0) == 14.0  # never above the quota
