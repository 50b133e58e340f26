"""Rules for one document beyond the schema: no control characters in any text, every name gives a slug.

Control characters come from copied text (Word, PDFs, terminals); feeds, the calendar and the search index cannot
hold them, so `invoke check` names each one. Tab and newline are allowed only in multi-line text (``summary`` and
the body); every other value is one line.
"""

from __future__ import annotations

import re

from .slugs import german_slug

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 without tab and newline, DEL, C1
ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # tab and newline too: most texts have none at all
MULTILINE = {"summary"}
NAMES = {"tags": "dem Thema", "authors": "dem Namen"}
LONG = {"tags": "Das Thema", "authors": "Der Name"}
#: A slug is a folder name in the output (255 bytes at most on common file systems) and part of a URL readers see.
MAX_SLUG = 120


def _strings(value, key_path: tuple):
    """Every text in a front matter value, with its key path."""
    if isinstance(value, str):
        yield key_path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key_path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, key_path + (index,))


def _control_message(text: str) -> str | None:
    match = CONTROL.search(text)
    if match is None:
        return None
    return (f"Enthält ein unsichtbares Steuerzeichen (U+{ord(match.group()):04X}) an Stelle {match.start() + 1} – "
            f"bitte das Zeichen löschen (es stammt meist aus kopiertem Text).")


def check_text(checker) -> None:
    """Control characters in any front matter value (nested ones too) and in the body."""
    for key_path, text in _strings(checker.doc.meta, ()):
        if ANY_CONTROL.search(text) is None or checker.reported(key_path):
            continue  # a field whose converter already refused it (e.g. a URL) gets no second message
        text = text.strip(" \t\n\r")
        message = _control_message(text)
        if message is None and key_path[0] not in MULTILINE:
            if "\n" in text:
                message = "Enthält einen Zeilenumbruch – diese Angabe muss in einer Zeile stehen."
            elif "\t" in text:
                message = "Enthält einen Tabulator – bitte durch ein Leerzeichen ersetzen."
        if message:
            checker.problem(key_path, message)
    body = checker.doc.body
    if CONTROL.search(body):
        for offset, line in enumerate(body.split("\n")):
            message = _control_message(line)
            if message:
                checker.add(checker.doc.body_line + offset, "Text", message)


def check_names(checker) -> None:
    """A title (without its own ``slug``), tag or author from which no slug can be made would give an empty
    address: ``themen//`` is ``themen/``, and the page would replace the list of all topics."""
    values, meta = checker.values, checker.doc.meta
    title, own = values.get("title"), values.get("slug")
    slug = own or german_slug(title or "")
    if checker.kind != "newsletter" and title and not slug:
        checker.problem(("title",), f"Aus dem Titel „{title}“ lässt sich keine Adresse bilden (er enthält keine "
                                    f"Buchstaben oder Ziffern) – bitte eine eigene Angabe „slug“ setzen.")
    elif checker.kind != "newsletter" and title and len(slug) > MAX_SLUG:
        checker.problem(("slug",) if own else ("title",),
                        f"Die Adresse aus {'der Angabe „slug“' if own else 'dem Titel'} wäre {len(slug)} Zeichen "
                        f"lang, höchstens {MAX_SLUG} gehen – bitte eine kürzere eigene Angabe „slug“ setzen.")
    for key, label in NAMES.items():
        for index, name in enumerate(values.get(key) or []):
            key_path, name_slug = (key, index) if isinstance(meta.get(key), list) else (key,), german_slug(name)
            if len(name_slug) > MAX_SLUG:
                checker.problem(key_path, f"{LONG[key]} „{name[:40]}…“ ist zu lang für eine Adresse (höchstens "
                                          f"{MAX_SLUG} Zeichen) – bitte kürzer fassen.")
            elif not name_slug:
                checker.problem(key_path, f"Aus {label} „{name}“ lässt sich keine Adresse bilden (es enthält "
                                          "keine Buchstaben oder Ziffern) – bitte Buchstaben oder Ziffern "
                                          "verwenden.")
