"""`invoke new KIND "Titel"`: write a skeleton that passes `invoke check`, named by its German slug."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from rich.console import Console

from .schema import Checker
from .frontmatter import parse_text
from .placeholders import TEXTS
from .settings import build_date
from .slugs import german_slug

NAME_MAX = 255  # bytes in a file name on every file system we meet (the slug is ASCII)
FOLDERS = {"interview": "interviews", "article": "articles", "report": "events", "announcement": "events"}

HEAD = 'title: "{title}"\ndate: {date}\nuid: "{uid}"\nstatus: draft\n'
# Placeholders come from placeholders.TEXTS by name ({teaser_article} …): `invoke check` refuses them once the
# item is published. Literal braces in a template would have to be doubled.
BODIES = {
    "article": ('summary: "{teaser_article}"\ntags: []\nauthors: []\n',
                "{intro_article}\n\n{heading}\n\n{text}\n"),
    "interview": ('summary: "{teaser_interview}"\ntags: []\nauthors: []\n'
                  'interviewee:\n  name: "{person}"\n  role: "{role}"\n  organisation: "{organisation}"\n'
                  'interviewer: "Redaktion"\n',
                  "{intro_interview}\n\n{question_1}\n\n{answer}\n\n{question_2}\n\n{answer}\n"),
    "report": ('summary: "{teaser_report}"\ntype: report\ntags: []\nauthors: []\n'
               'event:\n  start: {date}\n  location: "{location}"\n',
               "{intro_report}\n\n{heading}\n\n{text}\n"),
    "announcement": ('summary: "{teaser_announcement}"\ntype: announcement\ntags: []\n'
                     'event:\n  start: "{date} 09:00"\n  end: "{date} 16:30"\n  location: "{location}"\n'
                     '  online: false\n  registration_url: "{registration}"\n  organisers: []\n'
                     '# Mehrtägig: end (oder dates) auf den letzten Tag setzen und Programmpunkte anderer Tage\n'
                     '# mit date: JJJJ-MM-TT markieren; ohne date stehen sie am ersten Tag.\n'
                     'programme:\n  - time: "09:00"\n    title: "Begrüßung"\n  - time: "10:00"\n'
                     '    title: "Vortrag"\n    track: "{track_a}"\n  - time: "10:00"\n    title: "Workshop"\n'
                     '    track: "{track_b}"\nspeakers: []\nexhibitors: []\n',
                     "{intro_announcement}\n"),
}


def skeleton(kind: str, title: str, date: dt.date, uid: str) -> str:
    """The uid is written once, from the new file's path, so that renaming the file later keeps it."""
    meta, body = BODIES[kind]
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    head = HEAD.format(title=escaped, date=date, uid=uid)
    return "---\n" + head + meta.format(date=date, **TEXTS) + "---\n" + body.format(**TEXTS)


def create(content_dir: Path, kind: str, title: str, date: str | None = None, console: Console | None = None) -> int:
    console = console or Console(stderr=True, soft_wrap=True)
    if kind not in BODIES:
        console.print(f"Unbekannte Art „{kind}“. Möglich: {', '.join(BODIES)}.")
        return 2
    try:
        day = dt.date.fromisoformat(date) if date else build_date()
    except ValueError:
        console.print(f"„{date}“ ist kein Datum: bitte JJJJ-MM-TT schreiben, z. B. 2026-12-31.", highlight=False)
        return 2
    title = " ".join(title.split())  # a title pasted with tabs or line breaks: one line, single spaces
    if any(unicodedata.category(ch) == "Cc" for ch in title):
        console.print("Der Titel enthält Steuerzeichen; bitte nur Text eingeben.", highlight=False)
        return 2
    slug = german_slug(title)
    if not slug:
        console.print("Aus diesem Titel lässt sich kein Dateiname bilden; bitte Buchstaben verwenden.")
        return 2
    if len(slug) + len(".md") > NAME_MAX:
        console.print(f"Der Titel ist zu lang für einen Dateinamen ({len(slug)} Zeichen im Kurznamen, höchstens "
                      f"{NAME_MAX - 3}); bitte kürzen.", highlight=False)
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
    console.print(f"Angelegt (Entwurf): [bold]{path}[/bold]\nSichtbar mit `invoke livereload`. Zum Veröffentlichen "
                  f"die Platzhalter ersetzen und die Zeile „status: draft“ löschen.", highlight=False)
    return 0
