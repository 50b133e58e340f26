"""Before a resume: which open recipients have left the subscriber list, and which skipped ones are back.

Takes the set of present addresses (lower-case keys), whatever the subscriber source is. Counting changes
nothing, so the user can be asked first; `apply` then, in one transaction:
- skips every open row (pending, sending, deferred) whose address is not present (reason LEFT);
- reopens (pending) every row skipped for that reason whose address is present again: skipping is reversible.
"""

from __future__ import annotations

from collections.abc import Iterable

from .ledger import OPEN_STATES, Ledger, now

LEFT = "no longer subscribed"
ABSENT = (f"issue = ? AND state IN ({', '.join('?' * len(OPEN_STATES))}) "
          "AND key NOT IN (SELECT key FROM temp.present)")
RETURNED = "issue = ? AND state = 'skipped' AND reason = ? AND key IN (SELECT key FROM temp.present)"


class Presence:
    def __init__(self, ledger: Ledger, issue: str, present_keys: Iterable[str]):
        self.db, self.issue = ledger.db, issue
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS present (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM temp.present")
        self.db.executemany("INSERT OR IGNORE INTO temp.present VALUES (?)", ((k,) for k in present_keys))
        self.absent = self.db.execute(f"SELECT count(*) FROM deliveries WHERE {ABSENT}",
                                      (issue, *OPEN_STATES)).fetchone()[0]
        self.returned = self.db.execute(f"SELECT count(*) FROM deliveries WHERE {RETURNED}",
                                        (issue, LEFT)).fetchone()[0]

    def examples(self, limit: int = 5) -> list[str]:
        rows = self.db.execute(f"SELECT email FROM deliveries WHERE {ABSENT} ORDER BY rowid LIMIT ?",
                               (self.issue, *OPEN_STATES, limit))
        return [email for (email,) in rows]

    def apply(self) -> tuple[int, int]:
        """Reopen who is back, skip who has left; returns (reopened, skipped)."""
        db, stamp = self.db, now()
        db.execute("BEGIN IMMEDIATE")
        try:
            back = db.execute(f"UPDATE deliveries SET state = 'pending', reason = NULL, updated = ? WHERE {RETURNED}",
                              (stamp, self.issue, LEFT)).rowcount
            left = db.execute(f"UPDATE deliveries SET state = 'skipped', reason = ?, updated = ? WHERE {ABSENT}",
                              (LEFT, stamp, self.issue, *OPEN_STATES)).rowcount
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return back, left
