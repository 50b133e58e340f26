"""What the delivery ledger (delivery/mail/ledger.py, MAILING_LEDGER) holds about one person: which issues were
sent to the address. Shown in the Art. 15 export and deleted with the person (Art. 17).

Plain SQL on the ledger's `deliveries (issue, key, state, updated)` and `resends (issue, email, at)` tables, so
the mailing package needs no change; deleted rows are overwritten (secure_delete) and the WAL is emptied. A send
running at the same moment skips a deleted row (its claim finds nothing).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .store import ROOT, StoreError


def ledger_path(settings: dict, root: str | Path | None = None) -> Path:
    path = Path(settings["MAILING_LEDGER"].replace("{env}", settings.get("MAILING_ENV") or "development"))
    return path if path.is_absolute() else Path(root or settings.get("PROJECT_ROOT") or ROOT) / path


def _connect(path: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Versandprotokoll {path} ist beschädigt oder nicht lesbar ({exc})") from None
    if not {"deliveries", "resends"} <= tables:
        db.close()
        raise StoreError(f"{path} ist kein Netzbrief-Versandprotokoll")
    return db


def deliveries(path: Path, email: str) -> list[dict]:
    """The ledger rows of one address, oldest issue first."""
    db = _connect(path)
    if db is None:
        return []
    try:
        rows = db.execute("SELECT issue, state, updated FROM deliveries WHERE key = ? ORDER BY issue",
                          (email.lower(),)).fetchall()
        resent = db.execute("SELECT issue, at FROM resends WHERE email = ? ORDER BY at", (email.lower(),)).fetchall()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Versandprotokoll {path}: {exc}") from None
    finally:
        db.close()
    return ([{"issue": i, "state": s, "updated": u} for i, s, u in rows]
            + [{"issue": i, "state": "resent", "updated": at} for i, at in resent])


def erase(path: Path, email: str) -> int:
    """Delete every ledger row of the address; the number of rows deleted."""
    db = _connect(path)
    if db is None:
        return 0
    try:
        db.execute("PRAGMA secure_delete=ON")
        db.execute("BEGIN IMMEDIATE")
        count = db.execute("DELETE FROM deliveries WHERE key = ?", (email.lower(),)).rowcount
        count += db.execute("DELETE FROM resends WHERE email = ?", (email.lower(),)).rowcount
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Versandprotokoll {path}: {exc}") from None
    finally:
        db.close()
    return count
