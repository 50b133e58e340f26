"""The SQLite file under the sqlite store: schema and version check, one connection per thread, short
transactions whose SQLite errors become a StoreError naming the file, and scrubbing after deletions.

Tables: `subscribers` (one row per address, key = lower-case address, the consent record in columns),
`confirmation_mails` (one row per confirmation mail, for the per-address limit), `forgotten` (salted hashes of
addresses deleted on request), `meta` (schema version, the random salt of this file, the first-use mark).
The file is created readable by its owner only; deleted rows are overwritten (secure_delete).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from .model import STATES
from .store import StoreError

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


class SqliteFile:
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
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"Abonnentendatei {self.path} ist von einem anderen Prozess gesperrt ({exc}); "
                                 "bitte erneut versuchen") from None
            raise StoreError(f"Abonnentendatei {self.path} ist nicht lesbar ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Abonnentendatei {self.path} ist beschädigt ({exc}); "
                             "aus der Sicherung wiederherstellen") from None

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def claim_first_use(self) -> bool:
        """True exactly once per file, and only while it holds nobody (for seeding development data)."""
        with self._tx() as db:
            if db.execute("SELECT 1 FROM meta WHERE key = 'first_use'").fetchone():
                return False
            db.execute("INSERT INTO meta VALUES ('first_use', ?)", (self.path.name,))
            return db.execute("SELECT count(*) FROM subscribers").fetchone()[0] == 0

    def _scrub(self) -> None:
        """Old page images in the WAL still hold deleted rows: copy the WAL back and empty it (best effort; a
        reader holding an old snapshot delays it to the next forget or checkpoint)."""
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Abonnentendatei {self.path}: {exc}") from None
