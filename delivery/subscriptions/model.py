"""The subscriber model shared by both stores and the endpoint.

A subscriber has one of four states: `pending` (signed up, not confirmed) -> `confirmed` (receives the
newsletter) -> `unsubscribed` (left) | `suppressed` (hard bounce or complaint). The consent record is the proof
of the double opt-in (DSGVO Art. 7 (1)): when the form was sent, when the link was used, which form text the
reader saw (a hash of its version) and where the entry came from ("website" or "import: <operator's note>").
Times are ISO 8601 UTC strings with seconds (`2026-11-23T09:15:00Z`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

STATES = ("pending", "confirmed", "unsubscribed", "suppressed")
WEBSITE = "website"
IMPORT_PREFIX = "import: "


@dataclass(frozen=True)
class Consent:
    requested_at: str | None  # when the sign-up form was sent (or the import ran)
    confirmed_at: str | None  # when the confirmation link was used (import: when the row was imported)
    form_hash: str | None  # sha256 hex of the form text version the reader saw (None for imports)
    source: str  # "website" or "import: <operator's note>"


@dataclass(frozen=True)
class Subscriber:
    email: str  # normalised with delivery.mail.subscribers.normalise_address; key: email.lower()
    name: str
    salutation: str
    state: str  # one of STATES
    consent: Consent
    reason: str | None  # why unsubscribed/suppressed ("one-click", "bounce: ...", "complaint")
    updated_at: str

    @property
    def key(self) -> str:
        return self.email.lower()

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ImportReport:
    """What `Store.import_rows` did. `problems` holds the first messages, each naming its line."""

    added: int = 0  # new confirmed subscribers (or pending ones confirmed by the import)
    kept: int = 0  # already confirmed: left as they are
    refused: int = 0  # forgotten (Art. 17), unsubscribed or suppressed: not re-added
    invalid: int = 0  # rows that are not a valid address (see problems)
    duplicates: int = 0  # the same address again further down the file
    problems: list[str] = field(default_factory=list)

    SHOWN = 50  # problems listed by line; the rest are only counted

    def note(self, text: str) -> None:
        if len(self.problems) < self.SHOWN:
            self.problems.append(text)


def timestamp(now: datetime) -> str:
    """`now` (timezone-aware) as the stored ISO 8601 UTC string."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
