"""The newsletter audience from the subscriber store: what the mailing providers send to.

Confirmed subscribers only (never pending, unsubscribed or suppressed), with their name and salutation, in the
store's order. The `sqlite` store serves the outbox and smtp providers, the `ses` store the ses provider. The
CSV of earlier versions (MAILING_SUBSCRIBERS_CSV) is no longer read when sending: it is imported once.
For the outbox provider an empty development store is filled once with the bundled sample list.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

from delivery.mail.errors import MailingError
from delivery.mail.message import Recipient
from delivery.mail.subscribers import SAMPLE_CSV, read_csv

from .store import StoreError, db_path, open_store, store_kind

SAMPLE_SOURCE = "Beispieldaten"


def recipients(settings: dict, warn=print) -> Iterator[tuple[int, Recipient]]:
    """(number, Recipient) for every confirmed subscriber; store problems become MailingError."""
    if settings.get("MAILING_SUBSCRIBERS_CSV"):
        raise MailingError(
            f"MAILING_SUBSCRIBERS_CSV ({settings['MAILING_SUBSCRIBERS_CSV']}) is no longer read when sending: "
            "the audience is the subscriber store. Import the list once with "
            '`invoke subscribers.import FILE --source "where the list and its consent come from"`, '
            "then remove the setting.")
    try:
        with open_store(settings) as store:
            if settings.get("MAILING_PROVIDER") == "outbox" and store.name == "sqlite":
                seed_sample(store, warn)
            if store.name == "ses":
                warn("note: reading names and salutations from SES takes one GetContact call per subscriber "
                     "(SES allows about one call per second)")
            for number, sub in enumerate(store.audience(), 1):
                yield number, Recipient(sub.email, sub.name, sub.salutation)
    except StoreError as exc:
        raise MailingError(str(exc)) from None


def describe(settings: dict) -> str:
    if store_kind(settings) == "ses":
        return (f"SES contact list {settings['MAILING_SES_CONTACT_LIST']!r}, topic {settings['MAILING_SES_TOPIC']!r} "
                "(confirmed subscribers)")
    return f"subscriber store {db_path(settings)} (confirmed subscribers)"


def seed_sample(store, warn=print) -> None:
    """Fill a new, empty store with the sample list, once (a store emptied later stays empty)."""
    if store.claim_first_use():
        report = store.import_rows(read_csv(SAMPLE_CSV), source=SAMPLE_SOURCE, now=datetime.now(timezone.utc))
        warn(f"note: the subscriber store {store.path} was new: added the {report.added} addresses of the sample "
             f"list {SAMPLE_CSV.name} (source {SAMPLE_SOURCE!r})")
