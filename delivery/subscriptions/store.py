"""The subscriber store interface, implemented by the `sqlite` store (outbox/smtp) and the `ses` store.

Every method that changes something takes `now` (a timezone-aware UTC datetime), so tests pin time and the
endpoint decides the clock. Addresses are passed as the reader typed them; stores key them by `email.lower()`
after `delivery.mail.subscribers.normalise_address`. Contract tests (tests/subscriptions/test_store_contract.py)
run unchanged against both stores.

Crash safety of a sign-up: the endpoint calls `request` (state saved: pending), then `note_confirmation_mail`
(the mail is counted before it is sent), then sends the mail. A crash at any point leaves a pending entry (or
nothing, if `request` never committed) and a repeated sign-up repairs it, within the per-address limit.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from delivery.mail.message import Recipient
from delivery.mail.subscribers import Reject

from . import rules
from .model import ImportReport, Subscriber, timestamp

ROOT = Path(__file__).resolve().parents[2]  # the project (the folder of pelicanconf.py)
STORES = ("sqlite", "ses")
KEEP_LEFT_DAYS = 3 * 365 + 1  # § 195 BGB: three years (+ a leap day)


class StoreError(Exception):
    """A problem the operator must fix (unreadable or corrupt store, unreachable SES); never a traceback."""


class Store(ABC):
    name: str = "base"  # "sqlite" | "ses"

    @abstractmethod
    def get(self, email: str) -> Subscriber | None:
        """The subscriber with this address (any state), or None."""

    def request(self, email: str, *, name: str = "", salutation: str = "", form_hash: str,
                now: datetime) -> Subscriber:
        """Sign-up: a new, pending or unsubscribed address becomes pending with a fresh consent.requested_at and
        form_hash (source "website"); confirmed stays confirmed (name/salutation untouched); suppressed stays
        suppressed. Never raises for a known address (the endpoint answers the same in every case). Raises
        ValueError for an invalid address."""
        who = rules.checked(email, name, salutation)
        old, new = self._change(who.email, lambda old: rules.requested(old, who.email, who.name, who.salutation,
                                                                        form_hash, now))
        return new or old

    @abstractmethod
    def note_confirmation_mail(self, email: str, *, now: datetime, limit: int = 3, window_hours: int = 24) -> bool:
        """Record one confirmation mail for the address and return True, or return False (recording nothing)
        if `limit` mails were already recorded within `window_hours` before `now`, or if the address is unknown
        (call `request` first). Persistent; the store counts before the mail is sent, so a crash after counting
        costs one of the `limit` mails, never a bypass of the limit."""

    @abstractmethod
    def _change(self, email: str, rule) -> tuple[Subscriber | None, Subscriber | None]:
        """(before, after) of applying ``rule(before)`` (a function of `rules`) atomically; after is None when
        the rule changes nothing. The three state changes below are built on it."""

    def confirm(self, email: str, *, now: datetime) -> Subscriber | None:
        """pending -> confirmed (consent.confirmed_at = now); confirmed -> unchanged (idempotent);
        unknown, unsubscribed or suppressed -> None (no change)."""
        old, new = self._change(email, lambda old: rules.confirmed(old, now))
        return new or (old if old is not None and old.state == "confirmed" else None)

    def unsubscribe(self, email: str, *, now: datetime, reason: str) -> bool:
        """Any known state -> unsubscribed (a suppressed entry stays suppressed); True if the address was known.
        Name and salutation are dropped; the address, the reason and the consent record stay as proof."""
        return self._change(email, lambda old: rules.left(old, "unsubscribed", reason, now))[0] is not None

    def suppress(self, email: str, *, now: datetime, reason: str) -> bool:
        """Any known state -> suppressed (permanent bounce, complaint); True if the address was known."""
        return self._change(email, lambda old: rules.left(old, "suppressed", reason, now))[0] is not None

    @abstractmethod
    def audience(self) -> Iterator[Subscriber]:
        """Confirmed subscribers only, streamed, in the same order on every call."""

    @abstractmethod
    def is_subscribed(self, email: str) -> bool:
        """True if the address is confirmed now (a resume asks this for the open rows)."""

    @abstractmethod
    def export(self, email: str) -> dict | None:
        """Art. 15: everything stored about the person (JSON-able), or None if nothing is stored."""

    @abstractmethod
    def forget(self, email: str) -> bool:
        """Art. 17: delete the person and everything about them; keep only a salted hash of the address so a
        later import cannot silently re-add them. True if something was stored."""

    @abstractmethod
    def is_forgotten(self, email: str) -> bool:
        """True if `forget` was called for this address."""

    @abstractmethod
    def purge(self, *, now: datetime, older_than_days: int = 30) -> int:
        """Delete pending entries requested more than `older_than_days` before `now`; the number deleted."""

    @abstractmethod
    def import_rows(self, rows: Iterable[tuple[int, Recipient | Reject]], *, source: str,
                    now: datetime) -> ImportReport:
        """An existing list (rows from `delivery.mail.subscribers.read_csv`): new addresses become confirmed
        with consent source "import: <source>" (requested_at = confirmed_at = now, form_hash None). Forgotten,
        unsubscribed and suppressed addresses are refused (reported, not re-added); confirmed ones are kept."""

    @abstractmethod
    def everyone(self) -> Iterator[Subscriber]:
        """All entries in any state, in a stable order (the operator's CSV export, counts)."""

    def expire(self, *, now: datetime, older_than_days: int = KEEP_LEFT_DAYS) -> list[str]:
        """Unsubscribed and suppressed entries unchanged for `older_than_days` (three years, the limitation period
        for claims about the consent) are erased like `forget`: only the salted hash stays, which still keeps an
        import from adding them again. The addresses erased (to erase them from the delivery ledger too)."""
        cutoff = timestamp(now - timedelta(days=older_than_days))
        old = [sub.email for sub in self.everyone()
               if sub.state in ("unsubscribed", "suppressed") and sub.updated_at < cutoff]
        for email in old:
            self.forget(email)
        return old

    def counts(self) -> dict[str, int]:
        """Entries per state."""
        counts: dict[str, int] = {}
        for subscriber in self.everyone():
            counts[subscriber.state] = counts.get(subscriber.state, 0) + 1
        return counts

    def close(self) -> None:  # noqa: B027 - optional
        """Release connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def store_kind(settings: dict) -> str:
    kind = settings.get("MAILING_SUBSCRIBERS_STORE") or ("ses" if settings.get("MAILING_PROVIDER") == "ses"
                                                         else "sqlite")
    if kind not in STORES:
        raise StoreError(f"MAILING_SUBSCRIBERS_STORE must be one of {', '.join(STORES)}, not {kind!r}")
    return kind


def db_path(settings: dict) -> Path:
    """MAILING_SUBSCRIBERS_DB with {env} filled in, anchored to the project root (never the current folder)."""
    raw = settings.get("MAILING_SUBSCRIBERS_DB") or "var/subscribers-{env}.sqlite"
    path = Path(raw.replace("{env}", settings.get("MAILING_ENV") or "development"))
    return path if path.is_absolute() else Path(settings.get("PROJECT_ROOT") or ROOT) / path


def open_store(settings: dict) -> Store:
    """The store chosen by the MAILING_* settings (the output of `delivery.mail.settings.load_settings`, plus
    "PROJECT_ROOT", the folder of the settings file; default: this project's folder).

    MAILING_SUBSCRIBERS_STORE: "sqlite" (default for outbox/smtp) | "ses" (default for the ses provider).
    The sqlite file is MAILING_SUBSCRIBERS_DB (default "var/subscribers-{env}.sqlite"), relative to the root.
    """
    if store_kind(settings) == "ses":
        from .ses_store import SesStore

        return SesStore(settings)
    from .sqlite_store import SqliteStore

    return SqliteStore(db_path(settings))
