"""The embedded store: one SQLite file per environment (`var/subscribers-{env}.sqlite`), WAL mode.

Tables: `subscribers` (one row per address, key = lower-case address, the consent record in columns),
`confirmation_mails` (one row per confirmation mail, for the per-address limit), `forgotten` (salted hashes of
addresses deleted on request), `meta` (schema version and the random salt of this file). Safe for a threaded
WSGI server: one connection per thread, every change one short `BEGIN IMMEDIATE` transaction. The file is
created readable by its owner only (it holds personal data); deleted rows are overwritten (secure_delete) and
`forget` empties the WAL, so an erased address leaves no trace in the files.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from delivery.mail.message import Recipient
from delivery.mail.subscribers import Reject

from . import rules
from .model import STATES, Consent, ImportReport, Subscriber, timestamp
from .store import Store, StoreError

SCHEMA_VERSION = 1
SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE subscribers (key TEXT PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL,
    salutation TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN {STATES!r}), requested_at TEXT,
    confirmed_at TEXT, form_hash TEXT, source TEXT NOT NULL, reason TEXT, updated_at TEXT NOT NULL);
CREATE INDEX subscribers_state ON subscribers (state, key);
CREATE TABLE confirmation_mails (key TEXT NOT NULL, sent_at TEXT NOT NULL);
CREATE INDEX confirmation_mails_key ON confirmation_mails (key, sent_at);
CREATE TABLE forgotten (hash TEXT PRIMARY KEY);
"""
COLUMNS = ("email, name, salutation, state, requested_at, confirmed_at, form_hash, source, reason, updated_at")
PAGE = 500  # audience rows per read transaction (keyset pagination: no long-held snapshot)


def _row(row) -> Subscriber:
    email, name, salutation, state, requested_at, confirmed_at, form_hash, source, reason, updated_at = row
    return Subscriber(email, name, salutation, state, Consent(requested_at, confirmed_at, form_hash, source),
                      reason, updated_at)


class SqliteStore(Store):
    name = "sqlite"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise StoreError(f"Abonnentendatei {self.path} lässt sich nicht anlegen: {exc.strerror}") from None
        with self._tx() as db:
            self.salt = self._init_schema(db)

    def _init_schema(self, db: sqlite3.Connection) -> str:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            for statement in filter(str.strip, SCHEMA.split(";")):  # executescript would commit
                db.execute(statement)
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("schema_version", str(SCHEMA_VERSION)), ("forget_salt", secrets.token_hex(32))])
        elif "meta" not in tables or "subscribers" not in tables:
            raise StoreError(f"{self.path} ist keine Netzbrief-Abonnentendatei (Tabellen: {', '.join(sorted(tables))})")
        meta = dict(db.execute("SELECT key, value FROM meta"))
        version = int(meta.get("schema_version", 0))
        if version != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: Schema-Version {version}, erwartet {SCHEMA_VERSION} "
                             "(mit einer neueren Netzbrief-Version angelegt?)")
        return meta["forget_salt"]

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt
            conn.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
            self._local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

    @contextmanager
    def _tx(self, write: bool = True):
        """One short transaction; any SQLite failure becomes a StoreError naming the file."""
        try:
            db = self.db
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Abonnentendatei {self.path} ist beschädigt oder nicht lesbar ({exc}); "
                             "aus der Sicherung wiederherstellen") from None

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

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

    def request(self, email, *, name="", salutation="", form_hash, now) -> Subscriber:
        who = rules.checked(email, name, salutation)
        old, new = self._change(who.email, lambda old: rules.requested(old, who.email, who.name, who.salutation,
                                                                        form_hash, now))
        return new or old

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

    def confirm(self, email, *, now) -> Subscriber | None:
        old, new = self._change(email, lambda old: rules.confirmed(old, now))
        return new or (old if old is not None and old.state == "confirmed" else None)

    def unsubscribe(self, email, *, now, reason) -> bool:
        return self._change(email, lambda old: rules.left(old, "unsubscribed", reason, now))[0] is not None

    def suppress(self, email, *, now, reason) -> bool:
        return self._change(email, lambda old: rules.left(old, "suppressed", reason, now))[0] is not None

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

    def _scrub(self) -> None:
        """Old page images in the WAL still hold deleted rows: copy the WAL back and empty it (best effort; a
        reader holding an old snapshot delays it to the next forget or checkpoint)."""
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Abonnentendatei {self.path}: {exc}") from None

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
        """One transaction: a list that stops halfway (malformed CSV) imports nothing; a re-run converges."""
        source = (source or "").strip()
        if not source:
            raise ValueError("an import needs a source note")
        report = ImportReport()
        with self._tx() as db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS import_seen (key TEXT PRIMARY KEY, line INTEGER)")
            db.execute("DELETE FROM import_seen")
            for line, row in rows:
                if isinstance(row, Reject):
                    report.invalid += 1
                    report.note(f"Zeile {line}: {row.address or '(leer)'}: {row.reason}")
                    continue
                key = row.email.lower()
                first = db.execute("SELECT line FROM import_seen WHERE key = ?", (key,)).fetchone()
                if first:
                    report.duplicates += 1
                    report.note(f"Zeile {line}: {row.email}: doppelt (wie Zeile {first[0]}), einmal übernommen")
                    continue
                db.execute("INSERT INTO import_seen VALUES (?, ?)", (key, line))
                forgotten = db.execute("SELECT 1 FROM forgotten WHERE hash = ?",
                                       (rules.forget_hash(self.salt, key),)).fetchone() is not None
                outcome, new = rules.imported(self._load(db, key), forgotten, row.email, row.name, row.salutation,
                                              source, now)
                _count(report, outcome, line, row.email)
                if new is not None:
                    self._save(db, new)
            db.execute("DELETE FROM import_seen")
        return report


def _count(report: ImportReport, outcome: str, line: int, email: str) -> None:
    if outcome == "added":
        report.added += 1
    elif outcome == "kept":
        report.kept += 1
    else:
        report.refused += 1
        report.note(f"Zeile {line}: {email}: nicht übernommen, {outcome.removeprefix('refused: ')}")
