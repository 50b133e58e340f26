"""The SES store: the SES v2 contact list and topic that the `ses` provider sends to (ses_contacts.py).

One contact per subscriber, its address the lower-case key; name, salutation, state, reason, the consent record
and the times of recent confirmation mails are in its AttributesData. The topic preference follows the state
(confirmed: OPT_IN, else OPT_OUT); a contact that opted out through SES itself counts as unsubscribed; contacts
without our attributes (from before consent records) follow their topic preference.

Two kinds of marker contacts in the `.invalid` domain (RFC 2606: never deliverable, refused by our address
check, so no reader can collide with them), opted out of everything, in the same list (AWS allows one contact
list per account and region):
- `store@meta.netzbrief.invalid` holds the random salt (and the schema version) of this list;
- `<salted hash>@forgotten.netzbrief.invalid` is what `forget` keeps of a person (HMAC-SHA256, 224 bits).

SES has no transactions: every change is a read and a write of one contact, so two sign-ups of the same address
at the same instant can both pass the per-address limit (the endpoint's per-client limit still applies). Costs:
a sign-up four calls, reading the audience one GetContact per subscriber, an import one call per new address.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Iterator
from datetime import timedelta

from botocore.exceptions import ClientError

from delivery.mail.message import Recipient
from delivery.mail.subscribers import Reject

from . import rules
from .importing import count, in_memory, source_note, unique_rows
from .model import ImportReport, Subscriber, timestamp
from .ses_contacts import LEGACY, ContactList
from .store import Store

META = "store@meta.netzbrief.invalid"
FORGOTTEN = "@forgotten.netzbrief.invalid"
SCHEMA_VERSION = 1


class SesStore(Store):
    name = "ses"

    def __init__(self, settings: dict):
        self.contacts = ContactList(settings)
        self.contact_list, self.topic = self.contacts.name, self.contacts.topic
        self._salt: str | None = None

    def _load(self, key: str) -> tuple[Subscriber | None, list[str]]:
        contact = self.contacts.get(key)
        return self.contacts.read(contact) if contact else (None, [])

    def _change(self, email: str, rule) -> tuple[Subscriber | None, Subscriber | None]:
        old, mails = self._load(rules.key_of(email)[1])
        new = rule(old)
        if new is not None:
            self.contacts.write(new, mails, exists=old is not None)
        return old, new

    def get(self, email):
        return self._load(rules.key_of(email)[1])[0]

    def is_subscribed(self, email) -> bool:
        sub = self.get(email)
        return sub is not None and sub.state == "confirmed"

    def audience(self) -> Iterator[Subscriber]:
        return (sub for sub, _ in map(self.contacts.read, self.contacts.fetched(opted_in_only=True))
                if sub.state == "confirmed")

    def everyone(self) -> Iterator[Subscriber]:
        return (sub for sub, _ in map(self.contacts.read, self.contacts.fetched(opted_in_only=False)))

    def note_confirmation_mail(self, email, *, now, limit=3, window_hours=24) -> bool:
        since = timestamp(now - timedelta(hours=window_hours))
        sub, mails = self._load(rules.key_of(email)[1])
        if sub is None:
            return False
        recent = [at for at in mails if at > since]
        if len(recent) >= limit:
            return False
        self.contacts.write(sub, recent + [timestamp(now)], exists=True)
        return True

    def export(self, email) -> dict | None:
        contact = self.contacts.get(rules.key_of(email)[1])
        if contact is None:
            return None
        sub, mails = self.contacts.read(contact)
        return {"store": f"ses: contact list {self.contact_list}, topic {self.topic}", "subscriber": sub.as_dict(),
                "confirmation_mails": mails,
                "ses_contact": {"TopicPreferences": contact.get("TopicPreferences", []),
                                "UnsubscribeAll": contact.get("UnsubscribeAll", False)}}

    def _salt_value(self, create: bool) -> str | None:
        if self._salt is None:
            contact = self.contacts.get(META)
            if contact is None:
                if not create:
                    return None
                data = {"netzbrief_meta": 1, "schema_version": SCHEMA_VERSION, "forget_salt": secrets.token_hex(32)}
                try:  # a plain create: if another process created it meanwhile, theirs wins
                    self.contacts.call("create_contact", ContactListName=self.contact_list, EmailAddress=META,
                                       TopicPreferences=[{"TopicName": self.topic, "SubscriptionStatus": "OPT_OUT"}],
                                       UnsubscribeAll=True, AttributesData=json.dumps(data))
                except ClientError:
                    pass
                contact = self.contacts.get(META)
            self._salt = json.loads(contact["AttributesData"])["forget_salt"]
        return self._salt

    def _marker(self, key: str, salt: str) -> str:
        return rules.forget_hash(salt, key)[:56] + FORGOTTEN

    def forget(self, email) -> bool:
        key = rules.key_of(email)[1]
        marker = self._marker(key, self._salt_value(create=True))
        if self.contacts.get(marker) is None:
            self.contacts.put(marker, {"netzbrief_forgotten": 1}, "OPT_OUT", unsubscribe_all=True, exists=False)
        return self.contacts.delete(key)

    def is_forgotten(self, email) -> bool:
        salt = self._salt_value(create=False)
        return salt is not None and self.contacts.get(self._marker(rules.key_of(email)[1], salt)) is not None

    def purge(self, *, now, older_than_days=30) -> int:
        cutoff, deleted = timestamp(now - timedelta(days=older_than_days)), 0
        for sub, mails in list(map(self.contacts.read, self.contacts.fetched(opted_in_only=False))):
            if sub.state == "pending" and (sub.consent.requested_at or "") < cutoff:
                deleted += self.contacts.delete(sub.key)
            elif any(at < cutoff for at in mails) and sub.consent.source != LEGACY:
                self.contacts.write(sub, [at for at in mails if at >= cutoff], exists=True)
        return deleted

    def import_rows(self, rows: Iterable[tuple[int, Recipient | Reject]], *, source, now) -> ImportReport:
        """Row by row (SES has no transactions); a re-run after an interruption converges. The list is read
        first, so a new address costs one call, a known one two."""
        source, report = source_note(source), ImportReport()
        salt = self._salt_value(create=False)  # None: nobody was ever forgotten in this list
        known = {c["EmailAddress"].lower() for c in self.contacts.listed(opted_in_only=False)}
        for line, row in unique_rows(rows, report, in_memory()):
            key = row.email.lower()
            old, mails = self._load(key) if key in known else (None, [])
            forgotten = old is None and salt is not None and self.contacts.get(self._marker(key, salt)) is not None
            outcome, new = rules.imported(old, forgotten, row.email, row.name, row.salutation, source, now)
            count(report, outcome, line, row.email)
            if new is not None:
                self.contacts.write(new, mails, exists=old is not None)
        return report
