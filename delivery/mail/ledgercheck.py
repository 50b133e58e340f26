"""Is the ledger there, and is it usable? Checked before anything is sent.

A first send that finds no ledger file is refused where sending could reach people twice: always for a real
provider (the ledger of earlier sends may be on another machine, in a lost var/ folder, under another MAILING_ENV),
and for the outbox when it already holds the issue; `--new-ledger` says the ledger is meant to be new.

A damaged ledger (garbage bytes, a truncated copy, another program's database, an unknown schema) stops every
command with exit 2 and a message naming the file: sending on a ledger that cannot say who already has an issue
would break exactly once. The file is looked at read-only first, so a file that is no ledger is never written to.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import MailingError

COLUMNS = {
    "runs": ["issue", "provider", "subject", "digest", "total", "started"],
    "deliveries": ["issue", "key", "email", "name", "salutation", "state", "attempts", "message_id", "provider_id",
                   "reason", "updated"],
    "resends": ["issue", "email", "message_id", "provider_id", "at"],
}


def exists(path: Path) -> bool:
    """A ledger file is there (SQLite leaves an empty file behind when it merely connects)."""
    return path.is_file() and path.stat().st_size > 0


def expect_ledger(path: Path, provider, issue: str) -> None:
    """Raise unless a first send without a ledger file at `path` is harmless (a local outbox, no trace of `issue`)."""
    if provider.name != "outbox":
        raise MailingError(
            f"there is no delivery ledger at {path}: without it nobody can tell who already has issue {issue}, and "
            f"{provider.name} reaches real people. If an earlier send left a ledger (another machine, a lost var/ "
            "folder, another MAILING_ENV or MAILING_LEDGER), restore it there; if this is the first real send with "
            "this ledger, pass --new-ledger")
    evidence = provider.sent_before()
    if evidence:
        raise MailingError(f"there is no delivery ledger at {path}, but {evidence}: it was sent before with a ledger "
                           "that is gone. Restore that ledger, or pass --new-ledger to send the issue again")


def damaged(path: Path, reason: str) -> MailingError:
    return MailingError(
        f"the delivery ledger {path} is unusable: {reason}. Nothing was sent. Restore the file from a backup; if "
        "there is none, move it aside and send with --new-ledger, knowing that recipients it recorded may get "
        "issues a second time"
    )


def verify(db: sqlite3.Connection, path: Path) -> None:
    """Raise `damaged` unless `db` is empty or a delivery ledger that passes SQLite's quick check."""
    try:
        problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise damaged(path, "SQLite finds it corrupt (" + "; ".join(problems) + ")")
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise damaged(path, f"SQLite cannot read it ({exc})") from None
    if not tables:
        return  # new: the schema is created next
    if not tables & COLUMNS.keys():
        names = ", ".join(sorted(tables))
        raise damaged(path, f"it is an SQLite database, but not a delivery ledger (its tables: {names})")
    for table, expected in COLUMNS.items():
        found = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        if found != expected:
            what = f"has the columns ({', '.join(found)})" if found else "is missing"
            raise damaged(path, f"unknown schema: table {table} {what}, expected ({', '.join(expected)})")
