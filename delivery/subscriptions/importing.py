"""The row handling an import shares across stores: invalid rows and repeated addresses are reported by line,
each outcome is counted."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from delivery.mail.message import Recipient
from delivery.mail.subscribers import Reject

from .model import ImportReport


def source_note(source: str | None) -> str:
    source = (source or "").strip()
    if not source:
        raise ValueError("an import needs a source note")
    return source


def unique_rows(rows: Iterable[tuple[int, Recipient | Reject]], report: ImportReport,
                first_seen: Callable[[str, int], int | None]) -> Iterator[tuple[int, Recipient]]:
    """The valid rows, each address once. `first_seen(key, line)` records the line and returns the line of an
    earlier row with the same key, or None."""
    for line, row in rows:
        if isinstance(row, Reject):
            report.invalid += 1
            report.note(f"Zeile {line}: {row.address or '(leer)'}: {row.reason}")
            continue
        first = first_seen(row.email.lower(), line)
        if first is not None:
            report.duplicates += 1
            report.note(f"Zeile {line}: {row.email}: doppelt (wie Zeile {first}), einmal übernommen")
            continue
        yield line, row


def in_memory() -> Callable[[str, int], int | None]:
    """A `first_seen` that remembers keys in a dict (the sqlite store uses a temporary table instead)."""
    seen: dict[str, int] = {}

    def first_seen(key: str, line: int) -> int | None:
        if key in seen:
            return seen[key]
        seen[key] = line
        return None
    return first_seen


def count(report: ImportReport, outcome: str, line: int, email: str) -> None:
    if outcome == "added":
        report.added += 1
    elif outcome == "kept":
        report.kept += 1
    else:
        report.refused += 1
        report.note(f"Zeile {line}: {email}: nicht übernommen, {outcome.removeprefix('refused: ')}")
