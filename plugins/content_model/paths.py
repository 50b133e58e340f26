"""Files are read and published only from inside content/: symlinks and links that leave it are refused.

Pelican follows symlinks when it walks the content folder and copies static files, and copies a file linked as
``{static}../x`` to ``output/../x``. `invoke check` reports all of it; the build refuses it again on its own
(``refuse_symlinks`` when Pelican starts, ``guard_static`` before static files are copied).

Decision: a symlink to a *file* inside content/ is allowed (it is published like the file); a symlink to a
*folder* is refused even inside content/ (Pelican would read its files twice, or endlessly for a loop).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .schema import Problem

logger = logging.getLogger(__name__)
OUTSIDE = "außerhalb von content/"


def inside(path: str | Path, base: str) -> bool:
    """Whether ``path`` (after following every symlink) lies in the real folder ``base``."""
    real = os.path.realpath(path)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def _symlinks(folder: str):
    """Every symlink below ``folder`` (linked folders are reported, never entered)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                yield entry.path
            elif entry.is_dir():
                yield from _symlinks(entry.path)


def symlink_problems(content_dir: Path, display) -> tuple[list[Problem], set[str]]:
    """Problems for symlinks that leave content/, dangle or link a folder; and the refused paths (never read).

    ``display(path)`` gives the path shown in messages."""
    base = os.path.realpath(content_dir)
    problems, refused = [], set()
    for path in _symlinks(str(content_dir)) if os.path.isdir(content_dir) else []:
        target = os.path.realpath(path)
        is_dir = os.path.isdir(target)
        field = "Ordner" if is_dir else "Datei"
        if not inside(target, base):
            message = (f"Ist eine Verknüpfung (Symlink) auf „{target}“ {OUTSIDE}. Solche Verknüpfungen werden "
                       f"weder gelesen noch veröffentlicht – bitte die Datei selbst nach content/ kopieren.")
        elif not os.path.exists(target):
            message = f"Ist eine Verknüpfung (Symlink) auf „{target}“ – diese Datei gibt es nicht."
        elif is_dir:
            message = (f"Ist eine Verknüpfung (Symlink) auf den Ordner „{target}“. Verknüpfte Ordner sind in "
                       f"content/ nicht erlaubt (ihr Inhalt würde doppelt gelesen) – bitte die Dateien selbst "
                       f"hineinlegen.")
        else:
            continue  # a file inside content/: allowed
        problems.append(Problem(display(path), 1, field, message))
        refused.add(path)
    return problems, refused


def refuse_symlinks(settings: dict) -> None:
    """Pelican is starting: stop before any file is read or copied if a symlink leaves content/."""
    from .reader import ContentError

    content = Path(settings["PATH"])
    problems, _ = symlink_problems(content, lambda p: f"{content.name}/{Path(p).relative_to(content).as_posix()}")
    if problems:
        raise ContentError("\n".join(map(str, problems)))


def guard_static(generator) -> None:
    """Before static files are copied: drop (and log as an error) any whose source is not inside content/."""
    base = os.path.realpath(generator.path)
    kept = []
    for static in generator.staticfiles:
        if inside(os.path.join(base, static.source_path), base):
            kept.append(static)
            continue
        logger.error("„%s“ liegt %s (Verknüpfung oder Verweis mit „..“) und wird nicht veröffentlicht.",
                     static.source_path, OUTSIDE)
        generator.context["static_content"].pop(static.get_relative_source_path(), None)
    generator.staticfiles[:] = kept  # the list the context holds: generate_output copies from it
