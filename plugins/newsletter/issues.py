"""Reading issue files (``content/newsletter/YYYY-MM[-DD].md``) with the content model's parser and schema."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from content_model import fields
from content_model.frontmatter import Document, FrontMatterError, read_document
from content_model.schema import Checker

from .selection import cutoff, day_of

ISSUE_NAME = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


@dataclass
class Issue:
    """One issue as its file defines it; ``id`` (the file stem) names its artifacts and web page."""

    id: str
    path: Path
    display: str  # path for messages, relative to the project
    doc: Document
    title: str
    date: dt.date | dt.datetime
    subject: str
    preheader: str
    body: str  # Markdown
    items: list = field(default_factory=list)
    exclude: list = field(default_factory=list)
    events_weeks: int | None = None
    uid: str = ""
    status: str = "published"

    @property
    def day(self) -> dt.date:
        return day_of(self.date)

    @property
    def datetime(self) -> dt.datetime:
        """Aware datetime (midnight in Berlin for a bare day), as feeds want it."""
        return fields.as_datetime(self.date)

    @property
    def sort_key(self):
        return (cutoff(self.date), self.id)

    def where(self, *key_path) -> str:
        """``content/newsletter/2026-11.md:7`` for a key (or the file's first line)."""
        return f"{self.display}:{self.doc.line(*key_path) if key_path else 1}"

    def visible(self, today: dt.date, show_drafts: bool = False) -> bool:
        """Published and not dated in the future; drafts and scheduled issues only in previews."""
        return show_drafts or (self.status == "published" and self.day <= today)


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_issue(path: Path, root: Path) -> tuple[Issue | None, list[str]]:
    """Parse and check one issue file; problems are ``path:line: field: message`` lines in German."""
    display = _display(path, root)
    if not ISSUE_NAME.match(path.stem):
        return None, [f"{display}:1: Datei: Der Dateiname einer Ausgabe muss JJJJ-MM.md oder JJJJ-MM-TT.md lauten "
                      f"(zum Beispiel 2026-11.md)."]
    try:
        doc = read_document(path)
    except FrontMatterError as exc:
        return None, [f"{display}:{exc.line}: Datei: {exc.message}"]
    checker = Checker(doc, "newsletter", display)
    values = checker.run()
    if checker.problems:
        return None, [str(problem) for problem in checker.problems]
    issue = Issue(id=path.stem, path=path, display=display, doc=doc, title=values["title"], date=values["date"],
                  subject=values["subject"], preheader=values["preheader"], body=doc.body.strip(),
                  items=values.get("items", []), exclude=values.get("exclude", []),
                  events_weeks=values.get("events_weeks"), uid=values.get("uid") or f"newsletter/{path.stem}",
                  status=values.get("status", "published"))
    return issue, []


def read_issues(folder: Path, root: Path) -> tuple[list[Issue], list[str]]:
    """Every issue in ``folder``, oldest first, and the problems of the files that could not be read."""
    issues, problems = [], []
    for path in sorted(Path(folder).glob("*.md")) if Path(folder).is_dir() else []:
        issue, found = read_issue(path, root)
        problems += found
        if issue is not None:
            issues.append(issue)
    return sorted(issues, key=lambda i: i.sort_key), problems


def previous_date(issue: Issue, issues: list[Issue], today: dt.date):
    """Date of the latest published issue before ``issue`` (drafts and future issues do not count), or None."""
    earlier = [other for other in issues if other.visible(today) and other.sort_key < issue.sort_key]
    return earlier[-1].date if earlier else None
