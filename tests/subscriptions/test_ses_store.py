"""What only the ses store has to prove, checked at moto's SES v2 server with our own boto3 client: the topic
preference follows the state, opt-outs made in SES count, contacts from before consent records, markers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from delivery.subscriptions import StoreError, open_store
from delivery.subscriptions.ses_store import LEGACY
from tests.subscriptions.conftest import LIST, T0, TOPIC, ses_contacts, ses_list, ses_settings


@pytest.fixture
def ses_store(ses):
    ses_list(ses)
    store = open_store(ses_settings(ses))
    yield store
    store.close()


def contact(ses, address):
    return ses.client().get_contact(ContactListName=LIST, EmailAddress=address)


def preference(ses, address):
    found = contact(ses, address)
    return [(p["TopicName"], p["SubscriptionStatus"]) for p in found["TopicPreferences"]], found["UnsubscribeAll"]


def test_the_topic_preference_follows_the_state(ses, ses_store):
    ses_store.request("Juergen@example.org", name="Jürgen Größe", salutation="Lieber Jürgen,",
                      form_hash="f", now=T0)
    assert preference(ses, "juergen@example.org") == ([(TOPIC, "OPT_OUT")], False)  # pending gets nothing
    attributes = json.loads(contact(ses, "juergen@example.org")["AttributesData"])
    assert attributes["name"] == "Jürgen Größe" and attributes["state"] == "pending"
    assert attributes["consent"] == {"requested_at": "2026-11-23T09:00:00Z", "confirmed_at": None,
                                     "form_hash": "f", "source": "website"}
    ses_store.confirm("juergen@example.org", now=T0 + timedelta(hours=1))
    assert preference(ses, "juergen@example.org") == ([(TOPIC, "OPT_IN")], False)
    ses_store.unsubscribe("juergen@example.org", now=T0 + timedelta(hours=2), reason="one-click")
    assert preference(ses, "juergen@example.org") == ([(TOPIC, "OPT_OUT")], False)
    ses_store.request("juergen@example.org", form_hash="g", now=T0 + timedelta(hours=3))
    ses_store.confirm("juergen@example.org", now=T0 + timedelta(hours=4))
    ses_store.suppress("juergen@example.org", now=T0 + timedelta(hours=5), reason="complaint")
    assert preference(ses, "juergen@example.org") == ([(TOPIC, "OPT_OUT")], False)
    assert json.loads(contact(ses, "juergen@example.org")["AttributesData"])["reason"] == "complaint"


def test_an_opt_out_made_in_ses_itself_counts_as_unsubscribed(ses, ses_store):
    for address in ("a@example.org", "b@example.org"):
        ses_store.request(address, form_hash="f", now=T0)
        ses_store.confirm(address, now=T0)
    client = ses.client()
    client.update_contact(ContactListName=LIST, EmailAddress="a@example.org", UnsubscribeAll=True,
                          TopicPreferences=[{"TopicName": TOPIC, "SubscriptionStatus": "OPT_IN"}],
                          AttributesData=contact(ses, "a@example.org")["AttributesData"])
    assert ses_store.get("a@example.org").state == "unsubscribed"
    assert not ses_store.is_subscribed("a@example.org")
    assert [s.email for s in ses_store.audience()] == ["b@example.org"]
    assert ses_store.confirm("a@example.org", now=T0) is None


def test_contacts_from_before_consent_records_follow_their_topic_preference(ses):
    ses_list(ses, default="OPT_IN")
    client = ses.client()
    for address, prefs in (("alt-ja@example.org", [{"TopicName": TOPIC, "SubscriptionStatus": "OPT_IN"}]),
                           ("alt-nein@example.org", [{"TopicName": TOPIC, "SubscriptionStatus": "OPT_OUT"}]),
                           ("alt-standard@example.org", [])):
        client.create_contact(ContactListName=LIST, EmailAddress=address, TopicPreferences=prefs)
    with open_store(ses_settings(ses)) as store:
        audience = list(store.audience())
        assert {s.email for s in audience} == {"alt-ja@example.org", "alt-standard@example.org"}
        assert all(s.consent.source == LEGACY and s.consent.requested_at is None for s in audience)
        assert store.get("alt-nein@example.org").state == "unsubscribed"


def test_marker_contacts_never_receive_anything_and_are_never_subscribers(ses, ses_store):
    ses_store.request("a@example.org", form_hash="f", now=T0)
    ses_store.confirm("a@example.org", now=T0)
    ses_store.forget("weg@example.org")
    markers = [c for c in ses_contacts(ses) if c["EmailAddress"].endswith(".netzbrief.invalid")]
    assert len(markers) == 2  # the salt and one forgotten hash
    assert all(c["UnsubscribeAll"] and c["TopicPreferences"] == [{"TopicName": TOPIC, "SubscriptionStatus": "OPT_OUT"}]
               for c in markers)
    assert [s.email for s in ses_store.everyone()] == ["a@example.org"]
    assert [s.email for s in ses_store.audience()] == ["a@example.org"]
    salt = json.loads(next(c for c in markers if c["EmailAddress"].startswith("store@"))["AttributesData"])
    with open_store(ses_settings(ses)) as again:  # a second process finds the same salt
        assert again.is_forgotten("WEG@example.org") and again._salt_value(create=False) == salt["forget_salt"]


def test_a_missing_contact_list_or_topic_is_a_store_error_naming_it(ses):
    with pytest.raises(StoreError, match="'netzbrief' gibt es nicht"):
        open_store(ses_settings(ses))
    ses.client().create_contact_list(ContactListName=LIST, Topics=[
        {"TopicName": "anderes", "DisplayName": "X", "DefaultSubscriptionStatus": "OPT_OUT"}])
    with pytest.raises(StoreError, match="kein Thema 'newsletter'"):
        open_store(ses_settings(ses))
