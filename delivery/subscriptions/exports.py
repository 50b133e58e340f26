"""Exports: everything about one person as JSON (Art. 15 DSGVO), or the whole list as CSV for the operator.

Files are created readable by their owner only. CSV cells that a spreadsheet would run as a formula get a leading
apostrophe (names come from a public form).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

from rich.markup import escape

from .commands import _command, console, open_from, settings_from
from .ledger_records import deliveries, ledger_path
from .rules import key_of

CSV_COLUMNS = ("email", "name", "salutation", "state", "requested_at", "confirmed_at", "form_hash", "source",
               "reason", "updated_at")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@_command
def export_person(email: str, *, conf: dict, root: str | Path, output: str | Path | None = None) -> int:
    """Art. 15: everything stored about one person, as JSON."""
    with open_from(conf, root) as store:
        data, forgotten = store.export(email), store.is_forgotten(email)
    sent = deliveries(ledger_path(settings_from(conf, root)), key_of(email)[1])
    if data is None and sent:
        data = {"subscriber": None, "confirmation_mails": []}
    if data is not None:
        data["deliveries"] = sent
    if data is None:
        gone = " (auf Wunsch gelöscht; nur ein gesalzener Hash ist gespeichert)" if forgotten else ""
        console.print(f"Über {escape(email)} ist nichts gespeichert{gone}.")
        return 1
    data["forgotten_hash_stored"] = forgotten
    _write(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return 0


@_command
def export_list(*, conf: dict, root: str | Path, output: str | Path | None = None) -> int:
    """The whole list (every state) as CSV for the operator; `email,name,salutation` first, so it re-imports."""
    with open_from(conf, root) as store:
        rows = ([_cell(v) for v in (s.email, s.name, s.salutation, s.state, s.consent.requested_at,
                                     s.consent.confirmed_at, s.consent.form_hash, s.consent.source, s.reason,
                                     s.updated_at)] for s in store.everyone())
        count = _write_csv(output, rows)
    console.print(f"{count} Einträge exportiert{f' nach {escape(str(output))}' if output else ''}.")
    return 0


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA) else text


def _open_output(output):
    if output is None:
        return sys.stdout
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data: owner only
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def _write(output, text: str) -> None:
    handle = _open_output(output)
    handle.write(text)
    if output is not None:
        handle.close()


def _write_csv(output, rows) -> int:
    handle, count = _open_output(output), 0
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(row)
        count += 1
    if output is not None:
        handle.close()
    return count
