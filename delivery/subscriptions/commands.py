"""The operator's commands behind `invoke subscribers.*`: import, forget (Art. 17), purge, list (exports.py: the
export of one person for Art. 15 and of the whole list).

Each takes the Pelican settings (`conf`, e.g. from publishconf.py) and the project root, and returns an exit code:
0 done, 1 done with something to look at (rows not imported, nothing found, declined), 2 an error to fix
(message printed, nothing changed because of it). Messages go to stderr, data (JSON, CSV) to stdout or a file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from functools import wraps
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from delivery.mail.errors import MailingError
from delivery.mail.settings import load_settings
from delivery.mail.subscribers import read_csv

from .ledger_records import erase, ledger_path
from .model import STATES
from .rules import key_of
from .store import Store, StoreError, open_store

console = Console(stderr=True, highlight=False, soft_wrap=True)


def settings_from(conf: dict, root: str | Path) -> dict:
    return load_settings(conf, root=root)  # relative paths (store, ledger) anchored to the project


def open_from(conf: dict, root: str | Path) -> Store:
    return open_store(settings_from(conf, root))


def _command(func: Callable[..., int]) -> Callable[..., int]:
    @wraps(func)
    def run(*args, **kwargs) -> int:
        try:
            return func(*args, **kwargs)
        except (StoreError, MailingError) as exc:
            console.print(f"[red bold]Fehler:[/] {escape(str(exc))}")
            return 2
        except ValueError as exc:  # an invalid address given on the command line
            console.print(f"[red bold]Fehler:[/] ungültige Eingabe: {escape(str(exc))}")
            return 2
        except BrokenPipeError:  # `... | head`: the reader has gone; say nothing more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    return run


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


def _where(store: Store) -> str:
    return str(getattr(store, "path", "")) or f"SES-Kontaktliste {getattr(store, 'contact_list', '')!r}"


@_command
def import_list(path: str | Path, *, source: str, conf: dict, root: str | Path, now: datetime | None = None) -> int:
    """Every row becomes confirmed with the consent note "import: <source>"; bad rows are listed by line."""
    if not (source or "").strip():
        raise MailingError('--source fehlt: woher stammt die Liste und die Einwilligung? z. B. --source '
                           '"Anmeldeliste Jahrestagung 2025 (Papier, im Archiv)"')
    path = Path(path)
    try:
        total = max(sum(1 for _ in path.open("rb")) - 1, 0)
    except OSError as exc:
        raise MailingError(f"{path}: nicht lesbar ({exc.strerror})") from None
    columns = (TextColumn("[bold]Import[/]"), BarColumn(), MofNCompleteColumn())
    with open_from(conf, root) as store, Progress(*columns, console=console,
                                                  disable=not console.is_terminal) as progress:
        task = progress.add_task("import", total=total)

        def rows():
            for line, row in read_csv(path):
                progress.update(task, completed=line - 1)
                yield line, row

        report = store.import_rows(rows(), source=source, now=_now(now))
        where = _where(store)
    console.print(f"{escape(str(path))} → {escape(where)}: [bold]{report.added}[/] neu übernommen, "
                  f"{report.kept} schon angemeldet, {report.refused} abgelehnt, {report.invalid} ungültig, "
                  f"{report.duplicates} doppelt")
    for problem in report.problems:
        console.print(f"  [yellow]nicht übernommen[/] {escape(problem)}")
    hidden = report.refused + report.invalid + report.duplicates - len(report.problems)
    if hidden > 0:
        console.print(f"  … und {hidden} weitere")
    return 1 if report.refused or report.invalid else 0


@_command
def forget(email: str, *, conf: dict, root: str | Path, yes: bool = False) -> int:
    """Art. 17: delete the person; only a salted hash stays, so an import cannot add them again."""
    with open_from(conf, root) as store:
        found = store.get(email)
        what = f"{found.state}, {found.consent.source}" if found else "nicht in der Liste"
        console.print(f"{escape(email)}: {escape(what)}")
        if not _ask(f"{email} endgültig löschen?", yes):
            console.print("Nichts gelöscht.")
            return 1
        removed = store.forget(email)
    ledger = ledger_path(settings_from(conf, root))
    rows = erase(ledger, key_of(email)[1])
    console.print(f"{escape(email)} gelöscht." if removed else
                  f"Über {escape(email)} war nichts gespeichert; die Adresse wird bei Importen trotzdem abgelehnt.")
    if rows:
        console.print(f"{rows} Einträge im Versandprotokoll {escape(str(ledger))} gelöscht.")
    return 0


def _ask(question: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        raise MailingError("kein Terminal für die Rückfrage: nichts gelöscht; mit --yes ohne Rückfrage löschen")
    return console.input(f"{escape(question)} [bold][j/N][/] ").strip().lower() in ("j", "ja", "y", "yes")


@_command
def purge(*, conf: dict, root: str | Path, days: int = 30, now: datetime | None = None) -> int:
    """The promised deletions: sign-ups never confirmed within `days` days (the newsletter page says 30), and
    entries unsubscribed or suppressed three years ago, which keep only their salted hash."""
    with open_from(conf, root) as store:
        count = store.purge(now=_now(now), older_than_days=int(days))
        expired = store.expire(now=_now(now))
        where = _where(store)
    ledger = ledger_path(settings_from(conf, root))
    for email in expired:
        erase(ledger, key_of(email)[1])
    console.print(f"{count} unbestätigte Anmeldungen älter als {days} Tage gelöscht, {len(expired)} seit drei "
                  f"Jahren abgemeldete Einträge bis auf den Hash gelöscht ({escape(where)}).")
    return 0


@_command
def show(*, conf: dict, root: str | Path, entries: bool = False) -> int:
    """Counts per state; with `entries` one line per subscriber."""
    with open_from(conf, root) as store:
        console.print(escape(_where(store)))
        table = Table()
        for column in ("Adresse", "Status", "geändert", "Quelle") if entries else ("Status", "Anzahl"):
            table.add_column(column)
        if entries:
            for sub in store.everyone():
                table.add_row(escape(sub.email), sub.state, sub.updated_at, escape(sub.consent.source))
        else:
            counts = store.counts()
            for state in STATES:
                table.add_row(state, str(counts.get(state, 0)))
    Console(highlight=False).print(table)
    return 0
