"""A damaged ledger (garbage, a truncated copy, another program's database, an unknown schema) stops every command
with exit 2 and a message naming the file and what to do; never a raw sqlite traceback, never a send."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from tests.mail.mailhelpers import ISSUE, ROOT, SECRET, people, smtp_settings

from delivery.mail import resend, send_issue
from delivery.mail.artifacts import load_issue
from delivery.mail.ledger import Ledger
from delivery.mail.message import Recipient


def garbage(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(8192))


def truncated(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 2)


def foreign(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE termine (titel TEXT, datum TEXT)")


def old_schema(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db, db:  # closed: the change is in the main file, not in a WAL
        db.execute("ALTER TABLE deliveries RENAME COLUMN state TO status")


DAMAGE = {"garbage": garbage, "truncated": truncated, "another database": foreign, "unknown schema": old_schema}
REASON = {"garbage": "file is not a database", "truncated": "malformed", "another database": "not a delivery ledger",
          "unknown schema": "unknown schema: table deliveries has the columns"}
COMMANDS = {
    "send": dict(yes=True),
    "resume": dict(yes=True, resume=True),
    "dry-run": dict(dry_run=True),
    "resend": None,
}


@pytest.fixture
def sent(smtp, make_settings, artifacts, tmp_path):
    """A ledger of several pages: the issue recorded as sent to 300 people (ledger API, no real send needed)."""
    recorder, controller = smtp
    rows = list(people(300))
    settings = smtp_settings(make_settings, controller, rows)
    path = Path(settings["MAILING_LEDGER"])
    ledger = Ledger(path, create=True)
    ledger.create_run(ISSUE, "smtp", "Betreff", load_issue(ISSUE, artifacts).digest,
                      (Recipient(*row) for row in rows))
    for row in rows:
        ledger.finish(ISSUE, row[0].lower(), "sent", provider_id="250 OK")
    ledger.close()
    assert not Path(f"{path}-wal").exists() and path.stat().st_size > 8 * 4096  # closed: all in the main file
    return recorder, settings, path


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_damaged_ledger_stops_every_command_with_a_clear_message(sent, artifacts, capsys, damage, command):
    recorder, settings, path = sent
    DAMAGE[damage](path)
    before = path.read_bytes()
    capsys.readouterr()
    if command == "resend":
        code = resend(ISSUE, settings, to=["person00001@example.org"], artifacts_dir=artifacts, yes=True)
    else:
        code = send_issue(ISSUE, settings, artifacts_dir=artifacts, new_ledger=True, **COMMANDS[command])
    out = capsys.readouterr().out
    assert code == 2, out
    assert f"the delivery ledger {path} is unusable" in out.replace("\n", "") and REASON[damage] in out
    assert "Restore the file from a backup" in out.replace("\n", " ")
    assert recorder.count() == 0 and path.read_bytes() == before  # nothing sent, nothing written


def test_the_cli_prints_no_traceback(sent, artifacts):
    recorder, settings, path = sent
    garbage(path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETZBRIEF_")}
    env.update({f"NETZBRIEF_{k}": str(v) for k, v in settings.items()}, PYTHONPATH=str(ROOT),
               NETZBRIEF_UNSUBSCRIBE_SECRET=SECRET)
    done = subprocess.run([sys.executable, "-m", "delivery.mail", "--artifacts-dir", str(artifacts), "send", ISSUE,
                           "--resume", "--yes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stdout + done.stderr
    assert str(path) in done.stdout.replace("\n", "") and recorder.count() == 0
