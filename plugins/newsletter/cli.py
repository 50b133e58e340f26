"""Functions behind `invoke newsletter.new` (scaffold the next issue) and `invoke newsletter.preview ISSUE`
(preview.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date
from rich.console import Console

from content_model import dates
from content_model.settings import build_date

from .issues import read_issues
from .preview import preview_issue
from .scaffold import candidates, issue_text
from .selection import cutoff, select
from .settings import DEFAULTS

__all__ = ["preview_issue", "scaffold_issue"]


def scaffold_issue(content_dir: Path | str, date: dt.date | str | None = None, console: Console | None = None) -> int:
    """Write ``content/newsletter/YYYY-MM.md`` (or ``-DD`` if taken) for ``date`` (default: the build date)."""
    console = console or Console(stderr=True, soft_wrap=True)
    content_dir = Path(content_dir)
    today = dt.date.fromisoformat(date) if isinstance(date, str) else date or build_date()
    folder = content_dir / DEFAULTS["CONTENT_DIR"]
    issues, _problems = read_issues(folder, content_dir.parent)
    month = format_date(today, "MMMM y", locale="de_DE")
    names = ((f"{today:%Y-%m}", f"Rundbrief {month}"), (f"{today:%Y-%m-%d}", f"Rundbrief {today.day}. {month}"))
    for stem, title in names:
        if not (folder / f"{stem}.md").exists() and all(i.title != title for i in issues):
            break
    else:
        console.print(f"Für den {today.isoformat()} gibt es schon eine Ausgabe in {folder}.")
        return 1
    earlier = [i for i in issues if i.visible(today) and i.sort_key < (cutoff(today), stem)]
    previous = earlier[-1].date if earlier else None
    selection = select(candidates(content_dir, today), today, previous, events_weeks=DEFAULTS["EVENTS_WEEKS"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.md"
    path.write_text(issue_text(stem, today, title, selection, previous), encoding="utf-8")
    console.print(f"Angelegt: [bold]{path}[/bold] (Entwurf). Diese Ausgabe bekäme:", highlight=False)
    for group in selection.groups:
        console.print(f"  {group.label}:", highlight=False)
        for item in group.items:
            console.print(f"    - {item.title} ({item.slug})", markup=False, highlight=False)
    for label, items in (("Termine", selection.events), ("Neue Ankündigungen mit späterem Termin (nur mit "
                                                         "„items:“)", selection.later)):
        if items:
            console.print(f"  {label}:", highlight=False)
        for item in items:
            console.print(f"    - {dates.span(item.event.start, item.event.end)}: {item.title} ({item.slug})",
                          markup=False, highlight=False)
    if selection.empty:
        console.print("  Nichts Neues – bitte Beiträge unter „items:“ eintragen, sonst schlägt der Build fehl.")
    return 0
