"""Interviews: questions and answers as a semantic list (see qa.py for the rules editors follow)."""

from pelican import signals

EXTENSION = "interviews.qa"


def add_extension(pelican) -> None:
    extensions = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)


def register():
    signals.initialized.connect(add_extension)
