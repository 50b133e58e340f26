"""The embedded store: one SQLite file per environment (`var/subscribers-{env}.sqlite`), WAL mode (the file,
its tables and connections: sqlite_file.py).

Safe for a threaded WSGI server: one connection per thread, every change one short `BEGIN IMMEDIATE`
transaction (so the per-address limit holds under concurrent sign-ups). Deleted rows are overwritten and `forget`
empties the WAL, so an erased address leaves no trace in the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta

from delivery.mail.message import Recipient
from delivery.mail.subscribers import Reject

from . import rules
from .importing import count, source_note, unique_rows
from .model import Consent, ImportReport, Subscriber, timestamp
from .sqlite_file import SqliteFile
from .store import Store

PAGE = 500  # audience rows per read transaction (keyset pagination: no long-held snapshot)
COLUMNS = ("email, name, salutation, state, requested_at, confirmed_at, form_hash, source, reason, updated_at")


def _row(row) -> Subscriber:
    email, name, salutation, state, requested_at, confirmed_at, form_hash, source, reason, updated_at = row
    return Subscriber(email, name, salutation, state, Consent(requested_at, confirmed_at, form_hash, source),
                      reason, updated_at)


class SqliteStore(SqliteFile, Store):
    name = "sqlite"

    # --- reading ---

    def _load(self, db, key: str) -> Subscriber | None:
        row = db.execute(f"SELECT {COLUMNS} FROM subscribers WHERE key = ?", (key,)).fetchone()
        return _row(row) if row else None

    def _save(self, db, sub: Subscriber) -> None:
        c = sub.consent
        db.execute(f"INSERT OR REPLACE INTO subscribers (key, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (sub.key, sub.email, sub.name, sub.salutation, sub.state, c.requested_at, c.confirmed_at,
                    c.form_hash, c.source, sub.reason, sub.updated_at))

    def get(self, email: str) -> Subscriber | None:
        with self._tx(write=False) as db:
            return self._load(db, rules.key_of(email)[1])

    def is_subscribed(self, email: str) -> bool:
        sub = self.get(email)
        return sub is not None and sub.state == "confirmed"

    def _pages(self, where: str) -> Iterator[Subscriber]:
        after = ""
        while True:
            with self._tx(write=False) as db:
                rows = db.execute(f"SELECT key, {COLUMNS} FROM subscribers WHERE key > ? {where} ORDER BY key "
                                  f"LIMIT {PAGE}", (after,)).fetchall()
            for row in rows:
                yield _row(row[1:])
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def audience(self) -> Iterator[Subscriber]:
        return self._pages("AND state = 'confirmed'")

    def everyone(self) -> Iterator[Subscriber]:
        return self._pages("")

    def counts(self) -> dict[str, int]:
        with self._tx(write=False) as db:
            return dict(db.execute("SELECT state, count(*) FROM subscribers GROUP BY state").fetchall())

    # --- changes ---

    def _change(self, email: str, rule) -> tuple[Subscriber | None, Subscriber | None]:
        """(before, after) after applying rule(before) in one transaction; after is None for no change."""
        key = rules.key_of(email)[1]
        with self._tx() as db:
            old = self._load(db, key)
            new = rule(old)
            if new is not None:
                self._save(db, new)
        return old, new

    def note_confirmation_mail(self, email, *, now, limit=3, window_hours=24) -> bool:
        key, since = rules.key_of(email)[1], timestamp(now - timedelta(hours=window_hours))
        with self._tx() as db:
            if not db.execute("SELECT 1 FROM subscribers WHERE key = ?", (key,)).fetchone():
                return False
            db.execute("DELETE FROM confirmation_mails WHERE key = ? AND sent_at <= ?", (key, since))
            (count,) = db.execute("SELECT count(*) FROM confirmation_mails WHERE key = ?", (key,)).fetchone()
            if count >= limit:
                return False
            db.execute("INSERT INTO confirmation_mails VALUES (?, ?)", (key, timestamp(now)))
            return True

    # --- privacy ---

    def export(self, email: str) -> dict | None:
        key = rules.key_of(email)[1]
        with self._tx(write=False) as db:
            sub = self._load(db, key)
            mails = [at for (at,) in db.execute(
                "SELECT sent_at FROM confirmation_mails WHERE key = ? ORDER BY sent_at", (key,))]
        if sub is None and not mails:
            return None
        return {"store": f"sqlite: {self.path}", "subscriber": sub.as_dict() if sub else None,
                "confirmation_mails": mails}

    def forget(self, email: str) -> bool:
        key = rules.key_of(email)[1]
        with self._tx() as db:
            found = db.execute("DELETE FROM subscribers WHERE key = ?", (key,)).rowcount
            found += db.execute("DELETE FROM confirmation_mails WHERE key = ?", (key,)).rowcount
            db.execute("INSERT OR IGNORE INTO forgotten VALUES (?)", (rules.forget_hash(self.salt, key),))
        self._scrub()
        return bool(found)

    def is_forgotten(self, email: str) -> bool:
        digest = rules.forget_hash(self.salt, rules.key_of(email)[1])
        with self._tx(write=False) as db:
            return db.execute("SELECT 1 FROM forgotten WHERE hash = ?", (digest,)).fetchone() is not None

    def purge(self, *, now, older_than_days=30) -> int:
        cutoff = timestamp(now - timedelta(days=older_than_days))
        with self._tx() as db:
            count = db.execute("DELETE FROM subscribers WHERE state = 'pending' AND requested_at < ?",
                               (cutoff,)).rowcount
            db.execute("DELETE FROM confirmation_mails WHERE sent_at < ?", (cutoff,))
        return count

    def import_rows(self, rows: Iterable[tuple[int, Recipient | Reject]], *, source, now) -> ImportReport:
        """One transaction: a list that stops halfway (malformed CSV) imports nothing; a re-run converges.
        Repeated addresses are found in a temporary table, so memory stays flat for any list length."""
        source, report = source_note(source), ImportReport()
        with self._tx() as db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS import_seen (key TEXT PRIMARY KEY, line INTEGER)")
            db.execute("DELETE FROM import_seen")

            def first_seen(key: str, line: int) -> int | None:
                found = db.execute("SELECT line FROM import_seen WHERE key = ?", (key,)).fetchone()
                if found is None:
                    db.execute("INSERT INTO import_seen VALUES (?, ?)", (key, line))
                return found[0] if found else None

            for line, row in unique_rows(rows, report, first_seen):
                key = row.email.lower()
                forgotten = db.execute("SELECT 1 FROM forgotten WHERE hash = ?",
                                       (rules.forget_hash(self.salt, key),)).fetchone() is not None
                outcome, new = rules.imported(self._load(db, key), forgotten, row.email, row.name, row.salutation,
                                              source, now)
                count(report, outcome, line, row.email)
                if new is not None:
                    self._save(db, new)
            db.execute("DELETE FROM import_seen")
        return report
