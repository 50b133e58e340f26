"""The audience of a send: subscribers streamed into a private temporary SQLite table, de-duplicated there.

Nothing is held in memory per subscriber, so a list of a million rows costs disk, not RAM. Invalid rows and
duplicates (case-insensitive on the address) are counted and the first ones kept for the report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .message import Recipient
from .subscribers import Reject

SHOWN = 50  # problems listed by line; the rest are counted


@dataclass
class Audience:
    valid: int = 0
    invalid: int = 0
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)
    db: sqlite3.Connection = field(default_factory=lambda: sqlite3.connect(""), repr=False)

    @classmethod
    def collect(cls, rows: Iterable[tuple[int, Recipient | Reject]], source: str = "line") -> Audience:
        audience = cls()
        db = audience.db
        db.execute("CREATE TABLE staging (key TEXT PRIMARY KEY, email TEXT, name TEXT, salutation TEXT, line INT)")
        with db:
            for line, row in rows:
                if isinstance(row, Reject):
                    audience.invalid += 1
                    audience._note(f"{source} {line}: {row.address or '(empty)'}: {row.reason}")
                    continue
                key = row.email.lower()
                cur = db.execute(
                    "INSERT OR IGNORE INTO staging VALUES (?, ?, ?, ?, ?)",
                    (key, row.email, row.name, row.salutation, line),
                )
                if cur.rowcount:
                    audience.valid += 1
                else:
                    audience.duplicates += 1
                    first = db.execute("SELECT line FROM staging WHERE key = ?", (key,)).fetchone()[0]
                    audience._note(f"{source} {line}: {row.email}: duplicate of {source} {first}, not sent twice")
        return audience

    def _note(self, text: str) -> None:
        if len(self.problems) < SHOWN:
            self.problems.append(text)

    def recipients(self) -> Iterator[Recipient]:
        for email, name, salutation in self.db.execute("SELECT email, name, salutation FROM staging ORDER BY rowid"):
            yield Recipient(email, name, salutation)

    def keys(self) -> Iterator[str]:
        for (key,) in self.db.execute("SELECT key FROM staging"):
            yield key

    def close(self) -> None:
        self.db.close()
