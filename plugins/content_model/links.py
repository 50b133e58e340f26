"""Links from content files to other files: the ``image`` path and ``{static}``/``{attach}``/``{filename}`` links
in the body must name an existing file inside content/ (``/`` at the start means content/, never the file system).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import inside
from .schema import Problem

if TYPE_CHECKING:
    from .validate import Entry

LINK = re.compile(r"\{(filename|static|attach)\}([^)\s\"'>#?]+)")


def _inside(content_dir: Path, base: Path, link: str) -> Path | None:
    """``link`` (``/`` = content/, else relative to ``base``) as a path, or None if it leads out of content/."""
    target = (content_dir if link.startswith("/") else base) / link.lstrip("/")
    return target if inside(target, os.path.realpath(content_dir)) else None


def image_outside(entry: Entry, content_dir: Path) -> list[Problem]:
    """A problem if the entry's image path leads out of content/ (the reader asks too: nothing reads it)."""
    image = entry.values.get("image")
    if not image or re.match(r"^https?://", image) or _inside(content_dir, content_dir, "/" + image):
        return []
    return [Problem(entry.display, entry.doc.line("image"), "image", f"Der Bildpfad „{image}“ führt aus dem Ordner "
                    f"content/ hinaus. Bilder müssen in content/ liegen (z. B. images/bild.svg).")]


def check_links(entry: Entry, content_dir: Path) -> list[Problem]:
    problems = image_outside(entry, content_dir)
    image = entry.values.get("image")
    if image and not problems and not re.match(r"^https?://", image) and \
            not (content_dir / image.lstrip("/")).is_file():
        problems.append(Problem(entry.display, entry.doc.line("image"), "image",
                                f"Bilddatei „{image}“ nicht gefunden (erwartet unter content/{image.lstrip('/')})."))
    for line, link, shown in links_in(entry):
        target = _inside(content_dir, entry.path.parent, link)
        if target is None:
            message = f"Der Verweis „{shown}“ führt aus dem Ordner content/ hinaus. Verlinkt werden können nur " \
                      f"Dateien in content/."
        elif not target.is_file():
            message = f"Der Verweis „{shown}“ zeigt auf keine vorhandene Datei."
        else:
            continue
        problems.append(Problem(entry.display, line, "Text", message))
    return problems


def links_in(entry: Entry) -> list[tuple[int, str, str]]:
    """``(line, path, as written)`` of each ``{filename}``/``{static}``/``{attach}`` link in the entry's body, found
    once per entry (the check store keeps entries without their body, with this list: checkstore.py)."""
    found = entry.__dict__.get("links_found")
    if found is None:
        found = entry.__dict__["links_found"] = [
            (entry.doc.body_line + offset, match.group(2), f"{{{match.group(1)}}}{match.group(2)}")
            for offset, line in enumerate(entry.doc.body.split("\n")) for match in LINK.finditer(line)]
    return found
