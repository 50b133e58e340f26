"""The state transitions, shared by both stores so they behave the same: each takes the stored entry (or None)
and returns the entry to store, or None for "no change". The stores only load and save."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from datetime import datetime

from delivery.mail.message import Recipient
from delivery.mail.subscribers import check_row, normalise_address

from .model import IMPORT_PREFIX, WEBSITE, Consent, Subscriber, timestamp

FORGET_PURPOSE = b"netzbrief-forgotten:"


def key_of(email: str) -> tuple[str, str]:
    """(normalised address, key); ValueError for an invalid address."""
    address = normalise_address(email)
    return address, address.lower()


def checked(email: str, name: str, salutation: str) -> Recipient:
    """Address normalised, name and salutation cleaned (no control characters, bounded); ValueError if not."""
    row = check_row(0, email, name or "", salutation or "")
    if not isinstance(row, Recipient):
        raise ValueError(row.reason)
    return row


def forget_hash(salt: str, key: str) -> str:
    """A salted hash of the address: HMAC-SHA256 keyed with the store's random salt (never the plain sha256)."""
    return hmac.new(salt.encode(), FORGET_PURPOSE + key.encode(), hashlib.sha256).hexdigest()


def requested(old: Subscriber | None, email: str, name: str, salutation: str, form_hash: str,
              now: datetime) -> Subscriber | None:
    if old is not None and old.state in ("confirmed", "suppressed"):
        return None
    at = timestamp(now)
    return Subscriber(email=email, name=name, salutation=salutation, state="pending",
                      consent=Consent(requested_at=at, confirmed_at=None, form_hash=form_hash, source=WEBSITE),
                      reason=None, updated_at=at)


def confirmed(old: Subscriber | None, now: datetime) -> Subscriber | None:
    if old is None or old.state != "pending":
        return None
    at = timestamp(now)
    return replace(old, state="confirmed", consent=replace(old.consent, confirmed_at=at), updated_at=at)


def left(old: Subscriber | None, state: str, reason: str, now: datetime) -> Subscriber | None:
    """-> unsubscribed or suppressed; an unsubscribe leaves a suppressed entry as it is. Name and salutation are
    no longer needed and are dropped; the address, the reason and the consent record stay as proof."""
    if old is None or (state == "unsubscribed" and old.state == "suppressed"):
        return None
    return replace(old, name="", salutation="", state=state, reason=reason, updated_at=timestamp(now))


def imported(old: Subscriber | None, forgotten: bool, email: str, name: str, salutation: str, source: str,
             now: datetime) -> tuple[str, Subscriber | None]:
    """("added" | "kept" | "refused: <why>", entry to store or None)."""
    if old is not None and old.state == "confirmed":
        return "kept", None
    if old is not None and old.state in ("unsubscribed", "suppressed"):
        return f"refused: {'abgemeldet' if old.state == 'unsubscribed' else 'gesperrt'} ({old.reason or '-'})", None
    if old is None and forgotten:
        return "refused: auf Wunsch gelöscht (Art. 17 DSGVO)", None
    at = timestamp(now)
    consent = Consent(requested_at=at, confirmed_at=at, form_hash=None, source=IMPORT_PREFIX + source)
    return "added", Subscriber(email=email, name=name, salutation=salutation, state="confirmed", consent=consent,
                               reason=None, updated_at=at)
