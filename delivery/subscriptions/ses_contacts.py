"""The SES v2 contact list behind the `ses` store: calls with errors the operator understands, and the mapping
between a contact and a Subscriber (our data lives in the contact's AttributesData as JSON).

What SES does not give us (checked against moto 5.2.5, which the tests run): ListContacts returns no attributes,
so each entry costs a GetContact; SES throttles every call but sending (about one per second per account), so
the client retries with botocore's adaptive mode; moto ignores the ListContacts filter and page size (we filter
again) and lets CreateContact overwrite a contact (SES refuses: we always read before we create).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .model import Consent, Subscriber
from .store import StoreError

MARKER = ".netzbrief.invalid"  # marker contacts (salt, forgotten hashes): never subscribers
LEGACY = "ses: Kontakt ohne Einwilligungsnachweis (vor Netzbrief angelegt)"
READERS = 4  # GetContact calls in flight while reading the list
CONSENT_FIELDS = ("requested_at", "confirmed_at", "form_hash", "source")


class ContactList:
    def __init__(self, settings: dict):
        self.name = settings["MAILING_SES_CONTACT_LIST"]
        self.topic = settings["MAILING_SES_TOPIC"]
        config = Config(retries={"mode": "adaptive", "max_attempts": 5}, connect_timeout=10, read_timeout=30)
        self.client = boto3.session.Session().client(
            "sesv2", region_name=settings["MAILING_SES_REGION"],
            endpoint_url=settings.get("MAILING_SES_ENDPOINT_URL") or None, config=config)
        topics = self.call("get_contact_list", ContactListName=self.name).get("Topics", [])
        defaults = {t["TopicName"]: t.get("DefaultSubscriptionStatus") for t in topics}
        if self.topic not in defaults:
            raise StoreError(f"SES-Kontaktliste {self.name!r} hat kein Thema {self.topic!r} "
                             f"(vorhanden: {', '.join(defaults) or 'keine'})")
        self.default = defaults[self.topic]

    def call(self, method: str, **kwargs) -> dict:
        """The API call; NotFound and AlreadyExists are raised as ClientError, everything else as StoreError."""
        try:
            return getattr(self.client, method)(**kwargs)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            if error.get("Code") == "NotFoundException" and method == "get_contact_list":
                raise StoreError(f"SES-Kontaktliste {self.name!r} gibt es nicht "
                                 "(anlegen: siehe docs/subscriptions.md)") from None
            if error.get("Code") in ("NotFoundException", "AlreadyExistsException"):
                raise
            raise StoreError(f"SES-Kontaktliste {self.name!r}: {method}: {error.get('Code')}: "
                             f"{error.get('Message', '')}") from None
        except BotoCoreError as exc:
            raise StoreError(f"SES nicht erreichbar ({self.name!r}): {exc}") from None

    def get(self, address: str) -> dict | None:
        try:
            return self.call("get_contact", ContactListName=self.name, EmailAddress=address)
        except ClientError:  # NotFoundException
            return None

    def put(self, address: str, data: dict, status: str, *, unsubscribe_all: bool, exists: bool) -> None:
        fields = {"ContactListName": self.name, "EmailAddress": address,
                  "TopicPreferences": [{"TopicName": self.topic, "SubscriptionStatus": status}],
                  "UnsubscribeAll": unsubscribe_all, "AttributesData": json.dumps(data, ensure_ascii=False)}
        if not exists:
            try:
                self.call("create_contact", **fields)
                return
            except ClientError:  # AlreadyExistsException: created meanwhile
                pass
        self.call("update_contact", **fields)

    def delete(self, address: str) -> bool:
        try:
            self.call("delete_contact", ContactListName=self.name, EmailAddress=address)
        except ClientError:  # NotFoundException
            return False
        return True

    def opted_in(self, contact: dict) -> bool:
        if contact.get("UnsubscribeAll"):
            return False
        for prefs in (contact.get("TopicPreferences") or [], contact.get("TopicDefaultPreferences") or []):
            for pref in prefs:
                if pref.get("TopicName") == self.topic:
                    return pref.get("SubscriptionStatus") == "OPT_IN"
        return self.default == "OPT_IN"

    def listed(self, *, opted_in_only: bool) -> Iterator[dict]:
        """ListContacts, paginated, without marker contacts (and filtered again: not every endpoint does)."""
        query = {"ContactListName": self.name, "PageSize": 1000}
        if opted_in_only:
            query["Filter"] = {"FilteredStatus": "OPT_IN", "TopicFilter": {
                "TopicName": self.topic, "UseDefaultIfPreferenceUnavailable": True}}
        while True:
            page = self.call("list_contacts", **query)
            for contact in page.get("Contacts", []):
                if not contact["EmailAddress"].lower().endswith(MARKER) and (
                        not opted_in_only or self.opted_in(contact)):
                    yield contact
            if not page.get("NextToken"):
                return
            query["NextToken"] = page["NextToken"]

    def fetched(self, *, opted_in_only: bool) -> Iterator[dict]:
        """Every listed contact with its attributes (GetContact, a few in flight, in list order); the adaptive
        retry mode slows them all down together when SES throttles."""
        with ThreadPoolExecutor(READERS) as pool:
            for page in _batched(self.listed(opted_in_only=opted_in_only), 100):
                for contact in pool.map(lambda c: self.get(c["EmailAddress"]), page):
                    if contact is not None:  # deleted since it was listed
                        yield contact

    def read(self, contact: dict) -> tuple[Subscriber, list[str]]:
        """The subscriber and the times of its recent confirmation mails."""
        try:
            data = json.loads(contact.get("AttributesData") or "{}")
        except ValueError:
            data = {}
        opted_in = self.opted_in(contact)
        if not isinstance(data, dict) or data.get("netzbrief") != 1:  # from before consent records
            at = contact.get("LastUpdatedTimestamp")
            at = at.strftime("%Y-%m-%dT%H:%M:%SZ") if hasattr(at, "strftime") else ""
            return Subscriber(contact["EmailAddress"], "", "", "confirmed" if opted_in else "unsubscribed",
                              Consent(None, None, None, LEGACY), None, at), []
        state, reason = data["state"], data.get("reason")
        if state == "confirmed" and not opted_in:  # opted out through SES itself
            state, reason = "unsubscribed", "SES: Abmeldung über die Kontaktliste"
        consent = Consent(**{k: (data.get("consent") or {}).get(k) for k in CONSENT_FIELDS})
        sub = Subscriber(data.get("email") or contact["EmailAddress"], data.get("name", ""),
                         data.get("salutation", ""), state, consent, reason, data.get("updated_at", ""))
        return sub, list(data.get("confirmation_mails", []))

    def write(self, sub: Subscriber, mails: list[str], exists: bool) -> None:
        """The topic preference follows the state: OPT_IN when confirmed, OPT_OUT otherwise."""
        data = {"netzbrief": 1, "email": sub.email, "name": sub.name, "salutation": sub.salutation,
                "state": sub.state, "reason": sub.reason, "updated_at": sub.updated_at,
                "consent": {k: getattr(sub.consent, k) for k in CONSENT_FIELDS}, "confirmation_mails": mails}
        self.put(sub.key, data, "OPT_IN" if sub.state == "confirmed" else "OPT_OUT", unsubscribe_all=False,
                 exists=exists)


def _batched(items: Iterable, size: int) -> Iterator[list]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch
