"""The content model: which keys each kind of file has, and how they are checked and normalised."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from . import fields as f
from .blocks import check_blocks
from .frontmatter import Document
from .placeholders import check_placeholders
from .rules import check_names, check_text

FOLDER_KINDS = {"interviews": "interview", "articles": "article", "events": "event", "pages": "page",
                "newsletter": "newsletter"}

_COMMON = {"title": f.text, "date": f.date_or_datetime, "tags": f.text_list, "authors": f.text_list,
           "image": f.text, "image_alt": f.text, "credit": f.text, "image_focus": f.focus_point,
           "status": f.choice("published", "draft"), "newsletter": f.boolean, "uid": f.text, "slug": f.slug,
           "modified": f.date_or_datetime}
_SUMMARY = {"summary": f.text}
SCALARS = {
    "interview": {**_COMMON, **_SUMMARY, "interviewer": f.text},
    "article": {**_COMMON, **_SUMMARY},
    "event": {**_COMMON, **_SUMMARY, "type": f.choice("report", "announcement"), "report_of": f.slug},
    "page": dict(_COMMON),
    "newsletter": {"title": f.text, "date": f.date_or_datetime, "subject": f.text, "preheader": f.text,
                   "items": f.text_list, "exclude": f.text_list, "events_weeks": f.positive_int, "uid": f.text,
                   "status": f.choice("published", "draft")},
}
BLOCKS = {"interview": {"interviewee"}, "event": {"event", "programme", "speakers", "exhibitors"}}
REQUIRED = {
    "interview": ("title", "date", "summary", "interviewee"),
    "article": ("title", "date"),
    "event": ("title", "date", "summary", "type", "event"),
    "page": ("title", "date"),
    "newsletter": ("title", "date", "subject", "preheader"),
}


@dataclass
class Problem:
    path: str
    line: int
    field: str
    message: str
    warning: bool = False  # a hint: reported by `invoke check`, never stops a build

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {'Hinweis: ' if self.warning else ''}{self.message}"


def field_name(key_path: tuple) -> str:
    """("programme", 2, "time") → "programme[3].time" (1-based like an editor counts)."""
    name = ""
    for part in key_path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def suggestion(key: str, allowed) -> str:
    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    if close:
        return f" – meinten Sie „{close[0]}“?"
    return f" Erlaubt sind: {', '.join(sorted(allowed))}."


class Checker:
    """Checks one document of one kind; ``values`` holds what passed, ``problems`` what did not."""

    def __init__(self, doc: Document, kind: str, display_path: str):
        self.doc, self.kind, self.display_path = doc, kind, display_path
        self.values: dict = {}
        self.problems: list[Problem] = []

    def problem(self, key_path: tuple, message: str) -> None:
        self.add(self.doc.line(*key_path), field_name(key_path), message)

    def reported(self, key_path: tuple) -> bool:
        """A problem was already reported for this field (one message per field is enough)."""
        name = field_name(key_path)
        return any(problem.field == name for problem in self.problems)

    def add(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.display_path, line, field, message))

    def convert(self, key_path: tuple, value, converter):
        try:
            return converter(value)
        except f.Invalid as exc:
            self.problem(key_path, str(exc))
            return None

    def mapping(self, key_path: tuple, value, allowed: dict) -> dict | None:
        """Check a nested block: a mapping whose keys are all in ``allowed``; convert the simple ones."""
        if not isinstance(value, dict):
            self.problem(key_path, f"Erwartet wird ein Angabenblock (eingerückte „schlüssel: wert“-Zeilen), "
                                   f"gefunden: {f.type_name(value)}.")
            return None
        result = {}
        for key, item in value.items():
            sub = key_path + (key,)
            if key not in allowed:
                self.problem(sub, f"Unbekannte Angabe „{key}“{suggestion(str(key), allowed)}")
            elif allowed[key] is None:
                result[key] = item  # converted by the caller
            elif item is not None:
                converted = self.convert(sub, item, allowed[key])
                if converted is not None:
                    result[key] = converted
        return result

    def run(self) -> dict:
        meta, kind = self.doc.meta, self.kind
        for key_path, _line in self.doc.duplicates:
            self.problem(key_path, "Diese Angabe steht doppelt in der Datei; bitte nur einmal angeben.")
        allowed = set(SCALARS[kind]) | BLOCKS.get(kind, set())
        for key in REQUIRED[kind]:
            if meta.get(key) in (None, ""):
                self.problem((key,), "Pflichtangabe fehlt." if key not in meta else "Pflichtangabe ist leer.")
        for key, value in meta.items():
            if key not in allowed:
                self.problem((key,), f"Unbekannte Angabe „{key}“{suggestion(str(key), allowed)}")
            elif key in SCALARS[kind] and value is not None:
                converted = self.convert((key,), value, SCALARS[kind][key])
                if converted is not None:
                    self.values[key] = converted
        if self.values.get("image") and not self.values.get("image_alt"):
            self.problem(("image",), "Zum Bild fehlt „image_alt“: eine kurze Beschreibung für Menschen, "
                                     "die das Bild nicht sehen können.")
        check_blocks(self)
        check_text(self)
        check_names(self)
        check_placeholders(self)
        return self.values

