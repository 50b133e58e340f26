"""`invoke new KIND "Titel"`: write a skeleton that passes `invoke check`, named by its German slug."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Console

from .schema import Checker
from .frontmatter import parse_text
from .settings import build_date
from .slugs import german_slug

FOLDERS = {"interview": "interviews", "article": "articles", "report": "events", "announcement": "events"}

HEAD = 'title: "{title}"\ndate: {date}\nuid: "{uid}"\n'
BODIES = {
    "article": ('summary: "Kurzer Anreißer für Listen, Feeds und den Newsletter."\ntags: []\nauthors: []\n',
                "Einleitung des Fachbeitrags.\n\n## Zwischenüberschrift\n\nText.\n"),
    "interview": ('summary: "Worum geht es im Gespräch? Ein bis zwei Sätze."\ntags: []\nauthors: []\n'
                  'interviewee:\n  name: "Vorname Nachname"\n  role: "Funktion"\n  organisation: "Stadtwerke …"\n'
                  'interviewer: "Redaktion"\n',
                  "Einleitung: wer spricht, worüber und warum jetzt.\n\n**Erste Frage?**\n\n"
                  "Nachname: Antwort.\n\n**Zweite Frage?**\n\nNachname: Antwort.\n"),
    "report": ('summary: "Was ist passiert? Ein bis zwei Sätze."\ntype: report\ntags: []\nauthors: []\n'
               'event:\n  start: {date}\n  location: "Ort, Straße, PLZ Stadt"\n',
               "Bericht über die Veranstaltung.\n\n## Zwischenüberschrift\n\nText.\n"),
    "announcement": ('summary: "Worum geht es, für wen ist es? Ein bis zwei Sätze."\ntype: announcement\ntags: []\n'
                     'event:\n  start: "{date} 09:00"\n  end: "{date} 16:30"\n  location: "Ort, Straße, PLZ Stadt"\n'
                     '  online: false\n  registration_url: "https://example.org/anmeldung"\n  organisers: []\n'
                     'programme:\n  - time: "09:00"\n    title: "Begrüßung"\n  - time: "10:00"\n'
                     '    title: "Vortrag"\n    track: "Track A"\n  - time: "10:00"\n    title: "Workshop"\n'
                     '    track: "Track B"\nspeakers: []\nexhibitors: []\n',
                     "Beschreibung der Veranstaltung: Ziel, Zielgruppe, Ablauf.\n"),
}


def skeleton(kind: str, title: str, date: dt.date, uid: str) -> str:
    """The uid is written once, from the new file's path, so that renaming the file later keeps it."""
    meta, body = BODIES[kind]
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    return "---\n" + HEAD.format(title=escaped, date=date, uid=uid) + meta.format(date=date) + "---\n" + body


def create(content_dir: Path, kind: str, title: str, date: str | None = None, console: Console | None = None) -> int:
    console = console or Console(stderr=True, soft_wrap=True)
    if kind not in BODIES:
        console.print(f"Unbekannte Art „{kind}“. Möglich: {', '.join(BODIES)}.")
        return 2
    day = dt.date.fromisoformat(date) if date else build_date()
    slug = german_slug(title)
    if not slug:
        console.print("Aus diesem Titel lässt sich kein Dateiname bilden; bitte Buchstaben verwenden.")
        return 2
    path = Path(content_dir) / FOLDERS[kind] / f"{slug}.md"
    if path.exists():
        console.print(f"{path} gibt es schon – bitte einen anderen Titel wählen.")
        return 1
    text = skeleton(kind, title, day, f"{FOLDERS[kind]}/{slug}")
    checker = Checker(parse_text(text, path), "event" if kind in ("report", "announcement") else kind, str(path))
    checker.run()
    if checker.problems:  # a bug in the skeleton, never the editor's fault
        raise AssertionError("\n".join(map(str, checker.problems)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    console.print(f"Angelegt: [bold]{path}[/bold]")
    return 0
