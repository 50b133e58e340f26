"""What the user sees: confirmation, progress bar, audience problems and the closing summary (rich)."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .audience import Audience
from .errors import MailingError

console = Console(highlight=False, soft_wrap=True)


def warn(text: str) -> None:
    console.print(f"[yellow]{escape(text)}[/]")


def confirm(question: str, yes: bool, action: str = "Send?") -> bool:
    """--yes answers for the user; without a terminal and without --yes we refuse rather than guess."""
    if yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        raise MailingError(f"no terminal to ask “{question} {action}”: nothing sent or changed; pass --yes to "
                           "answer yes")
    answer = console.input(f"{escape(question)} [bold]{escape(action)} [y/N][/] ")
    return answer.strip().lower() in ("y", "yes", "j", "ja")


def show_audience(audience: Audience, where: str) -> None:
    console.print(f"Subscribers from {escape(where)}: [bold]{audience.valid}[/] valid, "
                  f"{audience.invalid} invalid, {audience.duplicates} duplicate (not sent)")
    for problem in audience.problems:
        console.print(f"  [yellow]skipped[/] {escape(problem)}")
    hidden = audience.invalid + audience.duplicates - len(audience.problems)
    if hidden > 0:
        console.print(f"  ... and {hidden} more")


@contextmanager
def progress_bar(total: int):
    """Yields a callback taking the final state of each recipient."""
    columns = (TextColumn("[bold]sending[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]}"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("send", total=total, failed="")
        failed = 0

        def done(state: str) -> None:
            nonlocal failed
            failed += state != "sent"
            progress.update(task, advance=1, failed=f"[red]{failed} not sent[/]" if failed else "")

        yield done


def summary(issue: str, counts_now: dict, ledger_counts: dict, problems: list, fatal: str | None,
            interrupted: bool) -> None:
    table = Table(title=f"Issue {issue}", show_header=True)
    table.add_column("state")
    table.add_column("this run", justify="right")
    table.add_column("whole issue", justify="right")
    for state in ("sent", "failed", "deferred", "pending", "sending", "skipped"):
        if counts_now.get(state) or ledger_counts.get(state):
            table.add_row(state, str(counts_now.get(state, "")), str(ledger_counts.get(state, 0)))
    console.print(table)
    for row in problems:
        console.print(f"  [red]{row['state']}[/] {escape(row['email'])}: {escape(row['reason'] or '')}")
    open_rows = sum(ledger_counts.get(s, 0) for s in ("pending", "sending", "deferred"))
    if fatal:
        console.print(f"[red bold]stopped:[/] {escape(fatal)}")
    if interrupted:
        console.print("[yellow bold]interrupted.[/]")
    if open_rows:
        console.print(f"{open_rows} recipients still to send (nothing is lost): "
                      f"run `invoke newsletter.send {issue} --resume` when the cause is fixed.")
