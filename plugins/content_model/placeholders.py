"""The texts `invoke new` writes for the editor to replace, and the check that refuses them once published.

``TEXTS`` is the one source: skeleton.py formats its templates from it, and ``check_placeholders`` compares every
front matter text and every body line of a published item against it. Drafts (``status: draft``) may keep them.
"""

from __future__ import annotations

TEXTS = {
    "teaser_article": "Kurzer Anreißer für Listen, Feeds und den Newsletter.",
    "teaser_interview": "Worum geht es im Gespräch? Ein bis zwei Sätze.",
    "teaser_report": "Was ist passiert? Ein bis zwei Sätze.",
    "teaser_announcement": "Worum geht es, für wen ist es? Ein bis zwei Sätze.",
    "person": "Vorname Nachname",
    "role": "Funktion",
    "organisation": "Stadtwerke …",
    "location": "Ort, Straße, PLZ Stadt",
    "registration": "https://example.org/anmeldung",
    "track_a": "Track A",
    "track_b": "Track B",
    "intro_article": "Einleitung des Fachbeitrags.",
    "intro_interview": "Einleitung: wer spricht, worüber und warum jetzt.",
    "question_1": "**Erste Frage?**",
    "question_2": "**Zweite Frage?**",
    "answer": "Nachname: Antwort.",
    "intro_report": "Bericht über die Veranstaltung.",
    "intro_announcement": "Beschreibung der Veranstaltung: Ziel, Zielgruppe, Ablauf.",
    "heading": "## Zwischenüberschrift",
    "text": "Hier steht der Text des Abschnitts.",
}
_ALL = frozenset(TEXTS.values())
_FIRST_CHARS = frozenset(text[0] for text in _ALL)


def _message(text: str) -> str:
    return (f"Platzhalter aus der Vorlage: „{text}“ – bitte durch eigenen Text ersetzen (oder den Beitrag mit "
            f"„status: draft“ als Entwurf lassen).")


def _texts(value, key_path: tuple):
    if isinstance(value, str):
        yield key_path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, key_path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, key_path + (index,))


def check_placeholders(checker) -> None:
    """A published item (no ``status: draft``) must not contain a skeleton's placeholder text."""
    if checker.values.get("status") == "draft" or checker.doc.meta.get("status") == "draft":
        return
    for key_path, text in _texts(checker.doc.meta, ()):
        if text.strip() in _ALL and not checker.reported(key_path):
            checker.problem(key_path, _message(text.strip()))
    for offset, line in enumerate(checker.doc.body.split("\n")):
        line = line.strip()
        if line and line[0] in _FIRST_CHARS and line in _ALL:
            checker.add(checker.doc.body_line + offset, "Text", _message(line))
