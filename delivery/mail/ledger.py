"""The delivery ledger: one SQLite file per environment (WAL, synchronous=FULL), one row per issue and recipient.

States: pending -> sending -> sent | failed (permanent) | deferred (temporary errors, retried by a resume) |
skipped (left the list before a resume; reopened by a later resume if they are back: presence.py). A row is
`sending` from just before the provider call until the result is committed; each worker has at most one such row,
which bounds the duplicates a crash can cause (see docs/mailing.md). Every state change is its own committed
transaction. A missing ledger is created only when asked to, a damaged one is refused (ledgercheck.py).
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from .errors import MailingError
from .ledgercheck import damaged, exists, verify
from .lockfile import exclusive
from .message import Recipient

OPEN_STATES = ("pending", "sending", "deferred")
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (issue TEXT PRIMARY KEY, provider TEXT NOT NULL, subject TEXT NOT NULL,
    digest TEXT NOT NULL, total INTEGER NOT NULL, started TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (issue TEXT NOT NULL, key TEXT NOT NULL, email TEXT NOT NULL,
    name TEXT NOT NULL, salutation TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0, message_id TEXT, provider_id TEXT, reason TEXT, updated TEXT,
    PRIMARY KEY (issue, key));
CREATE TABLE IF NOT EXISTS resends (issue TEXT NOT NULL, email TEXT NOT NULL, message_id TEXT NOT NULL,
    provider_id TEXT, at TEXT NOT NULL);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Ledger:
    def __init__(self, path: str | Path, create: bool = False):
        """Open the ledger at `path`; a missing one is created only with `create`, a damaged one raises."""
        self.path = Path(path)
        if not create and not exists(self.path):
            raise MailingError(f"there is no delivery ledger at {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        try:
            if exists(self.path):  # looked at read-only first: a file that is no ledger is never written to
                with closing(sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)) as probe:
                    verify(probe, self.path)
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise damaged(self.path, f"SQLite cannot read it ({exc})") from None
        except MailingError:
            self.close()
            raise

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (sqlite3 connections are not shared between threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            with self._guard:
                self._all.append(conn)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # a committed "sent" survives a crash or power loss
            self._local.conn = conn
        return conn

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def lock(self):
        return exclusive(f"{self.path}.lock", str(self.path))

    def run(self, issue: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM runs WHERE issue = ?", (issue,)).fetchone()

    def counts(self, issue: str) -> dict[str, int]:
        rows = self.db.execute("SELECT state, count(*) FROM deliveries WHERE issue = ? GROUP BY state", (issue,))
        return dict(rows.fetchall())

    def create_run(self, issue: str, provider: str, subject: str, digest: str, rows: Iterable[Recipient]) -> int:
        """The audience of a run, fixed in one transaction: either the whole list is in the ledger or none."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            cur = db.executemany(
                "INSERT INTO deliveries (issue, key, email, name, salutation, updated) VALUES (?, ?, ?, ?, ?, ?)",
                ((issue, r.email.lower(), r.email, r.name, r.salutation, now()) for r in rows),
            )
            total = cur.rowcount
            db.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?)", (issue, provider, subject, digest, total, now()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return total

    def update_run(self, issue: str, provider: str, digest: str) -> None:
        self.db.execute("UPDATE runs SET provider = ?, digest = ? WHERE issue = ?", (provider, digest, issue))

    def open_rows(self, issue: str, batch: int = 500) -> Iterator[sqlite3.Row]:
        """Rows still to send, in list order; read in short batches so no read transaction stays open."""
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT rowid, * FROM deliveries WHERE issue = ? AND rowid > ? AND state IN (?, ?, ?) "
                "ORDER BY rowid LIMIT ?",
                (issue, last, *OPEN_STATES, batch),
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1]["rowid"]

    def claim(self, issue: str, key: str, message_id: str) -> bool:
        """Mark a row `sending`. Not fsynced: if the mark is lost, the row is `pending`, which a resume sends
        just the same; the next fully synced commit (its result) makes it durable anyway."""
        self.db.execute("PRAGMA synchronous=NORMAL")
        cur = self.db.execute(
            "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, message_id = ?, updated = ? "
            "WHERE issue = ? AND key = ? AND state IN (?, ?, ?)",
            (message_id, now(), issue, key, *OPEN_STATES),
        )
        return cur.rowcount == 1

    def finish(self, issue: str, key: str, state: str, *, provider_id: str | None = None, reason: str | None = None):
        self.db.execute("PRAGMA synchronous=FULL")  # a recorded result survives a crash or a power loss
        self.db.execute(
            "UPDATE deliveries SET state = ?, provider_id = coalesce(?, provider_id), reason = ?, updated = ? "
            "WHERE issue = ? AND key = ?",
            (state, provider_id, reason, now(), issue, key),
        )

    def problems(self, issue: str, limit: int = 50) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT email, state, reason FROM deliveries WHERE issue = ? AND state IN ('failed', 'deferred') "
            "ORDER BY state, rowid LIMIT ?",
            (issue, limit),
        ).fetchall()

    def get(self, issue: str, email: str) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT * FROM deliveries WHERE issue = ? AND key = ?", (issue, email.lower())
        ).fetchone()

    def record_resend(self, issue: str, recipient: Recipient, message_id: str, provider_id: str) -> None:
        """Log a deliberate resend and close the recipient's row (adding it if they were not in the run)."""
        self.db.execute(
            "INSERT INTO deliveries (issue, key, email, name, salutation, state, message_id, provider_id, reason, "
            "updated) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?, 'resend', ?) ON CONFLICT (issue, key) DO UPDATE SET "
            "state = 'sent', provider_id = coalesce(provider_id, excluded.provider_id), updated = excluded.updated",
            (issue, recipient.email.lower(), recipient.email, recipient.name, recipient.salutation,
             message_id, provider_id, now()),
        )
        self.db.execute("INSERT INTO resends VALUES (?, ?, ?, ?, ?)",
                        (issue, recipient.email.lower(), message_id, provider_id, now()))

    def resend_count(self, issue: str, email: str) -> int:
        query = "SELECT count(*) FROM resends WHERE issue = ? AND email = ?"
        return self.db.execute(query, (issue, email.lower())).fetchone()[0]
