"""The SES store: the SES v2 contact list and topic that the `ses` provider sends to.

One contact per subscriber, its address the lower-case key. Name, salutation, state, reason, the consent record
and the times of recent confirmation mails live in the contact's AttributesData (JSON, marked `"netzbrief": 1`).
The topic preference follows the state: confirmed -> OPT_IN, every other state -> OPT_OUT (UnsubscribeAll is
cleared, so a reader who signs up again can be mailed). A contact that opted out through SES itself counts as
unsubscribed whatever its attributes say; a contact without our attributes (added before Netzbrief kept consent
records) counts as confirmed if opted in, with the consent source marked as missing.

Two kinds of marker contacts in the `.invalid` domain (RFC 2606: never deliverable, refused by our address
check, so no reader can collide with them), both opted out of everything:
- `store@meta.netzbrief.invalid` holds the random salt (and the schema version) of this list;
- `<salted hash>@forgotten.netzbrief.invalid` is what `forget` keeps of a person (HMAC-SHA256, 224 bits).

SES has no transactions: every change is a read and a write of one contact, so two sign-ups of the same address
at the same instant can both pass the per-address limit (the endpoint's per-client limit still applies). SES
throttles its management calls; the client retries throttled calls with botocore's adaptive mode. ListContacts
returns no attributes, so the audience costs one GetContact per opted-in contact.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Iterator
from datetime import timedelta

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from delivery.mail.message import Recipient
from delivery.mail.subscribers import Reject

from . import rules
from .model import Consent, ImportReport, Subscriber, timestamp
from .sqlite_store import _count
from .store import Store, StoreError

META = "store@meta.netzbrief.invalid"
FORGOTTEN = "@forgotten.netzbrief.invalid"
MARKER = ".netzbrief.invalid"
LEGACY = "ses: Kontakt ohne Einwilligungsnachweis (vor Netzbrief angelegt)"
SCHEMA_VERSION = 1


class SesStore(Store):
    name = "ses"

    def __init__(self, settings: dict):
        self.contact_list = settings["MAILING_SES_CONTACT_LIST"]
        self.topic = settings["MAILING_SES_TOPIC"]
        config = Config(retries={"mode": "adaptive", "max_attempts": 5}, connect_timeout=10, read_timeout=30)
        self.client = boto3.session.Session().client(
            "sesv2", region_name=settings["MAILING_SES_REGION"],
            endpoint_url=settings.get("MAILING_SES_ENDPOINT_URL") or None, config=config)
        self._salt: str | None = None
        topics = self._call("get_contact_list", ContactListName=self.contact_list).get("Topics", [])
        defaults = {t["TopicName"]: t.get("DefaultSubscriptionStatus") for t in topics}
        if self.topic not in defaults:
            raise StoreError(f"SES-Kontaktliste {self.contact_list!r} hat kein Thema {self.topic!r} "
                             f"(vorhanden: {', '.join(defaults) or 'keine'})")
        self.default = defaults[self.topic]

    def _call(self, method: str, **kwargs) -> dict:
        try:
            return getattr(self.client, method)(**kwargs)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            if error.get("Code") == "NotFoundException" and method == "get_contact_list":
                raise StoreError(f"SES-Kontaktliste {self.contact_list!r} gibt es nicht "
                                 "(anlegen: siehe docs/subscriptions.md)") from None
            if error.get("Code") in ("NotFoundException", "AlreadyExistsException"):
                raise
            raise StoreError(f"SES-Kontaktliste {self.contact_list!r}: {method}: {error.get('Code')}: "
                             f"{error.get('Message', '')}") from None
        except BotoCoreError as exc:
            raise StoreError(f"SES nicht erreichbar ({self.contact_list!r}): {exc}") from None

    # --- contacts ---

    def _contact(self, address: str) -> dict | None:
        try:
            return self._call("get_contact", ContactListName=self.contact_list, EmailAddress=address)
        except ClientError:  # NotFoundException: _call re-raises only that and AlreadyExists
            return None

    def _opted_in(self, contact: dict) -> bool:
        if contact.get("UnsubscribeAll"):
            return False
        for prefs in (contact.get("TopicPreferences") or [], contact.get("TopicDefaultPreferences") or []):
            for pref in prefs:
                if pref.get("TopicName") == self.topic:
                    return pref.get("SubscriptionStatus") == "OPT_IN"
        return self.default == "OPT_IN"

    def _read(self, contact: dict) -> tuple[Subscriber, list[str]]:
        """The subscriber and the times of its recent confirmation mails."""
        try:
            data = json.loads(contact.get("AttributesData") or "{}")
        except ValueError:
            data = {}
        opted_in = self._opted_in(contact)
        if not isinstance(data, dict) or data.get("netzbrief") != 1:
            at = contact.get("LastUpdatedTimestamp")
            at = at.strftime("%Y-%m-%dT%H:%M:%SZ") if hasattr(at, "strftime") else ""
            return Subscriber(contact["EmailAddress"], "", "", "confirmed" if opted_in else "unsubscribed",
                              Consent(None, None, None, LEGACY), None, at), []
        state, reason = data["state"], data.get("reason")
        if state == "confirmed" and not opted_in:  # opted out through SES itself
            state, reason = "unsubscribed", "SES: Abmeldung über die Kontaktliste"
        consent = Consent(**{k: data.get("consent", {}).get(k) for k in ("requested_at", "confirmed_at",
                                                                           "form_hash", "source")})
        sub = Subscriber(data.get("email") or contact["EmailAddress"], data.get("name", ""),
                         data.get("salutation", ""), state, consent, reason, data.get("updated_at", ""))
        return sub, list(data.get("confirmation_mails", []))

    def _write(self, sub: Subscriber, mails: list[str], exists: bool) -> None:
        data = {"netzbrief": 1, "email": sub.email, "name": sub.name, "salutation": sub.salutation,
                "state": sub.state, "reason": sub.reason, "updated_at": sub.updated_at,
                "consent": sub.consent.__dict__, "confirmation_mails": mails}
        status = "OPT_IN" if sub.state == "confirmed" else "OPT_OUT"
        self._put(sub.key, data, status, unsubscribe_all=False, exists=exists)

    def _put(self, address: str, data: dict, status: str, *, unsubscribe_all: bool, exists: bool) -> None:
        fields = {"ContactListName": self.contact_list, "EmailAddress": address,
                  "TopicPreferences": [{"TopicName": self.topic, "SubscriptionStatus": status}],
                  "UnsubscribeAll": unsubscribe_all, "AttributesData": json.dumps(data, ensure_ascii=False)}
        if not exists:
            try:
                self._call("create_contact", **fields)
                return
            except ClientError:  # AlreadyExistsException: created meanwhile
                pass
        self._call("update_contact", **fields)

    def _load(self, key: str) -> tuple[Subscriber | None, list[str]]:
        contact = self._contact(key)
        return self._read(contact) if contact else (None, [])

    def _change(self, email: str, rule) -> tuple[Subscriber | None, Subscriber | None]:
        key = rules.key_of(email)[1]
        old, mails = self._load(key)
        new = rule(old)
        if new is not None:
            self._write(new, mails, exists=old is not None)
        return old, new

    def _listed(self, *, opted_in_only: bool) -> Iterator[dict]:
        query = {"ContactListName": self.contact_list, "PageSize": 1000}
        if opted_in_only:
            query["Filter"] = {"FilteredStatus": "OPT_IN", "TopicFilter": {
                "TopicName": self.topic, "UseDefaultIfPreferenceUnavailable": True}}
        while True:
            page = self._call("list_contacts", **query)
            for contact in page.get("Contacts", []):
                if contact["EmailAddress"].lower().endswith(MARKER):
                    continue
                if not opted_in_only or self._opted_in(contact):  # not every endpoint honours the filter
                    yield contact
            if not page.get("NextToken"):
                return
            query["NextToken"] = page["NextToken"]

    def _entries(self, *, opted_in_only: bool) -> Iterator[tuple[Subscriber, list[str]]]:
        for listed in self._listed(opted_in_only=opted_in_only):
            contact = self._contact(listed["EmailAddress"])
            if contact is not None:  # deleted since it was listed
                yield self._read(contact)

    # --- the interface ---

    def get(self, email):
        return self._load(rules.key_of(email)[1])[0]

    def is_subscribed(self, email) -> bool:
        sub = self.get(email)
        return sub is not None and sub.state == "confirmed"

    def audience(self) -> Iterator[Subscriber]:
        return (sub for sub, _ in self._entries(opted_in_only=True) if sub.state == "confirmed")

    def everyone(self) -> Iterator[Subscriber]:
        return (sub for sub, _ in self._entries(opted_in_only=False))

    def request(self, email, *, name="", salutation="", form_hash, now) -> Subscriber:
        who = rules.checked(email, name, salutation)
        old, new = self._change(who.email, lambda old: rules.requested(old, who.email, who.name, who.salutation,
                                                                        form_hash, now))
        return new or old

    def note_confirmation_mail(self, email, *, now, limit=3, window_hours=24) -> bool:
        since = timestamp(now - timedelta(hours=window_hours))
        sub, mails = self._load(rules.key_of(email)[1])
        if sub is None:
            return False
        recent = [at for at in mails if at > since]
        if len(recent) >= limit:
            return False
        self._write(sub, recent + [timestamp(now)], exists=True)
        return True

    def confirm(self, email, *, now):
        old, new = self._change(email, lambda old: rules.confirmed(old, now))
        return new or (old if old is not None and old.state == "confirmed" else None)

    def unsubscribe(self, email, *, now, reason) -> bool:
        return self._change(email, lambda old: rules.left(old, "unsubscribed", reason, now))[0] is not None

    def suppress(self, email, *, now, reason) -> bool:
        return self._change(email, lambda old: rules.left(old, "suppressed", reason, now))[0] is not None

    def export(self, email) -> dict | None:
        key = rules.key_of(email)[1]
        contact = self._contact(key)
        if contact is None:
            return None
        sub, mails = self._read(contact)
        return {"store": f"ses: contact list {self.contact_list}, topic {self.topic}", "subscriber": sub.as_dict(),
                "confirmation_mails": mails,
                "ses_contact": {"TopicPreferences": contact.get("TopicPreferences", []),
                                "UnsubscribeAll": contact.get("UnsubscribeAll", False)}}

    def _salt_value(self, create: bool) -> str | None:
        if self._salt is None:
            contact = self._contact(META)
            if contact is None:
                if not create:
                    return None
                data = {"netzbrief_meta": 1, "schema_version": SCHEMA_VERSION, "forget_salt": secrets.token_hex(32)}
                try:
                    self._call("create_contact", ContactListName=self.contact_list, EmailAddress=META,
                               TopicPreferences=[{"TopicName": self.topic, "SubscriptionStatus": "OPT_OUT"}],
                               UnsubscribeAll=True, AttributesData=json.dumps(data))
                except ClientError:  # created by another process meanwhile: use theirs
                    pass
                contact = self._contact(META)
            self._salt = json.loads(contact["AttributesData"])["forget_salt"]
        return self._salt

    def _marker(self, key: str, salt: str) -> str:
        return rules.forget_hash(salt, key)[:56] + FORGOTTEN

    def forget(self, email) -> bool:
        key = rules.key_of(email)[1]
        marker = self._marker(key, self._salt_value(create=True))
        if self._contact(marker) is None:
            self._put(marker, {"netzbrief_forgotten": 1}, "OPT_OUT", unsubscribe_all=True, exists=False)
        try:
            self._call("delete_contact", ContactListName=self.contact_list, EmailAddress=key)
        except ClientError:  # NotFoundException
            return False
        return True

    def is_forgotten(self, email) -> bool:
        key = rules.key_of(email)[1]
        salt = self._salt_value(create=False)
        return salt is not None and self._contact(self._marker(key, salt)) is not None

    def purge(self, *, now, older_than_days=30) -> int:
        cutoff, count = timestamp(now - timedelta(days=older_than_days)), 0
        for sub, mails in list(self._entries(opted_in_only=False)):
            if sub.state == "pending" and (sub.consent.requested_at or "") < cutoff:
                try:
                    self._call("delete_contact", ContactListName=self.contact_list, EmailAddress=sub.key)
                    count += 1
                except ClientError:  # gone meanwhile
                    pass
            elif any(at < cutoff for at in mails) and sub.consent.source != LEGACY:
                self._write(sub, [at for at in mails if at >= cutoff], exists=True)
        return count

    def import_rows(self, rows: Iterable[tuple[int, Recipient | Reject]], *, source, now) -> ImportReport:
        """Row by row (SES has no transactions); a re-run after an interruption converges."""
        source = (source or "").strip()
        if not source:
            raise ValueError("an import needs a source note")
        report, seen = ImportReport(), {}
        for line, row in rows:
            if isinstance(row, Reject):
                report.invalid += 1
                report.note(f"Zeile {line}: {row.address or '(leer)'}: {row.reason}")
                continue
            key = row.email.lower()
            if key in seen:
                report.duplicates += 1
                report.note(f"Zeile {line}: {row.email}: doppelt (wie Zeile {seen[key]}), einmal übernommen")
                continue
            seen[key] = line
            old, mails = self._load(key)
            forgotten = old is None and self.is_forgotten(key)
            outcome, new = rules.imported(old, forgotten, row.email, row.name, row.salutation, source, now)
            _count(report, outcome, line, row.email)
            if new is not None:
                self._write(new, mails, exists=old is not None)
        return report
