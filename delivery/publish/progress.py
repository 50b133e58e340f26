"""Terminal output: the plan, a progress bar, the summary."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from .order import NAMES


@dataclass
class Summary:
    uploaded: int = 0
    skipped: int = 0
    deleted: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failed: int = 0
    planned_uploads: int = 0
    planned_deletes: int = 0
    exit_code: int = 0
    message: str = ""


class Reporter:
    """A rich progress bar over files and bytes; silent when the console is not a terminal."""

    def __init__(self, console: Console, files: int, nbytes: int):
        self.progress = Progress(TextColumn("{task.fields[done]}/{task.fields[files]} files"), BarColumn(),
                                 DownloadColumn(), TimeElapsedColumn(), console=console,
                                 disable=not console.is_terminal)
        self.task = self.progress.add_task("publish", total=max(nbytes, 1), done=0, files=files)
        self.done = 0

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()

    def advance(self, nbytes: int) -> None:
        self.done += 1
        self.progress.update(self.task, advance=nbytes, done=self.done)


def print_plan(console: Console, plan, target: str, full: bool) -> None:
    reasons = Counter(a.reason.value for a in plan.uploads + plan.deletes)
    detail = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())) or "nothing to do"
    console.print(f"plan for {escape(target)}: {len(plan.uploads)} to upload ({plan.upload_bytes:,} bytes), "
                  f"{len(plan.deletes)} to delete, {len(plan.unchanged)} unchanged ({detail})", highlight=False)
    if not full:
        return
    for action in plan.uploads:
        console.print(f"  upload  {NAMES[action.stage]:<20} {action.reason.value:<19} {escape(action.key)}",
                      highlight=False)
    for action in plan.deletes:
        console.print(f"  delete  {'':<20} {action.reason.value:<19} {escape(action.key)}", highlight=False)


def print_summary(console: Console, summary: Summary) -> None:
    console.print(f"uploaded {summary.uploaded}, skipped {summary.skipped}, deleted {summary.deleted}, "
                  f"{summary.bytes:,} bytes, {summary.seconds:.1f} s", highlight=False)
