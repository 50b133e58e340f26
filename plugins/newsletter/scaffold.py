"""What `invoke newsletter.new` writes: the candidates from `invoke check`, and the new issue file's text."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from content_model import dates, fields
from content_model.reader import derive_uid
from content_model.validate import check


@dataclass
class Candidate:
    """A content file as the selection sees it, straight from `invoke check` (no Pelican run)."""

    kind: str
    slug: str
    uid: str
    title: str
    date: dt.datetime
    status: str
    newsletter: bool
    event_type: str | None
    event: object


def candidates(content_dir: Path, today: dt.date) -> list[Candidate]:
    entries, _problems = check(content_dir)
    result = []
    for entry in entries:
        values = entry.values
        if entry.kind not in ("interview", "article", "event") or not entry.slug or "date" not in values:
            continue
        date = fields.as_datetime(values["date"])
        status = "draft" if values.get("status") == "draft" or date.date() > today else "published"
        result.append(Candidate(entry.kind, entry.slug, values.get("uid") or derive_uid(entry.path, content_dir),
                                values["title"], date, status, values.get("newsletter", True), values.get("type"),
                                values.get("event")))
    return result


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _preheader(selection) -> str:
    titles = [item.title for item in selection.items]
    while len(titles) > 1 and len(", ".join(titles)) > 90:
        titles.pop()
    return f"Neu im Netzbrief: {', '.join(titles)}" if titles else "Neues aus dem Netzwerk Kommunale Versorger Mitte"


def issue_text(stem: str, today: dt.date, title: str, selection, previous) -> str:
    first = selection.items[0].title if selection.items else ""
    lines = ["---", "# Neue Ausgabe des Rundbriefs, angelegt mit `invoke newsletter.new`. Bitte Titel, Betreff",
             "# (subject), Vorschautext (preheader) und das Editorial unten anpassen. Solange „status: draft“",
             "# gesetzt ist, erscheint die Ausgabe weder auf der Website noch im Versand. Vorschau:",
             f"#   invoke newsletter.preview {stem}",
             f"title: {_quoted(title)}", f"date: {today.isoformat()}",
             f"subject: {_quoted(f'{title}: {first}' if first else title)}",
             f"preheader: {_quoted(_preheader(selection))}", "status: draft"]
    since = f"seit der Ausgabe vom {dates.day(previous, weekday=False)}" if previous else "(erste Ausgabe)"
    lines.append(f"# Automatisch ausgewählt {since}:")
    lines += [f"#   {group.label}: {item.slug}" for group in selection.groups for item in group.items]
    lines += [f"#   Termine: {item.slug}" for item in selection.events]
    lines += ["#   (nichts – bitte Beiträge unter „items:“ eintragen)"] if selection.empty else []
    lines += ["# Reihenfolge festlegen, ältere Beiträge oder spätere Termine aufnehmen: Kurznamen unter „items:“",
              "# (sie kommen zuerst); Beiträge weglassen: Kurznamen unter „exclude:“."]
    if selection.later:
        lines.append("# Diese neuen Ankündigungen liegen nach dem Termine-Zeitraum und kommen nur so hinein:")
    examples = [item.slug for item in selection.later] or ["kurzname"]
    lines += ["# items:", *[f"#   - {slug}" for slug in examples],
              "# exclude:", "#   - kurzname", "---", "",
              "<!-- Hier das Editorial schreiben (Markdown). Es folgt auf die Anrede „Liebe Leserinnen und Leser,“;",
              "     ohne Text steht dort ein kurzer Standardsatz. -->", ""]
    return "\n".join(lines)
