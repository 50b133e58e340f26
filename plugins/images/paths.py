"""Where an image or link reference in content points: a file below content/, or somewhere else.

Editors may write ``images/foto.jpg`` (relative to content/, the documented form), ``/images/foto.jpg``,
``{static}/images/foto.jpg`` or ``{filename}/images/foto.jpg`` (Pelican's forms: with a leading slash relative to
content/, without one relative to the Markdown file) and ``../images/foto.jpg`` (relative to the Markdown file).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .settings import RASTER

EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")  # https:, mailto:, data:, //host
PELICAN_FORM = re.compile(r"^(?:\{(filename|static|attach)\}|\|(filename|static|attach)\|)")


class Outside(ValueError):
    """The reference leaves content/ (``../../etc/passwd``, or a symlink pointing out)."""


@dataclass(frozen=True)
class Local:
    path: Path  # absolute, symlinks resolved, inside content/
    relative: str  # POSIX path below content/: "images/foto.jpg"
    form: str  # "filename", "static", "attach" or "" (a plain path)

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @property
    def raster(self) -> bool:
        return self.path.suffix.lower() in RASTER


def strip(reference: str) -> tuple[str, str]:
    """``"{static}/a.jpg?x#y"`` → ``("static", "/a.jpg")``; percent-escapes decoded."""
    reference = reference.strip().split("#", 1)[0].split("?", 1)[0]
    match = PELICAN_FORM.match(reference)
    form = (match.group(1) or match.group(2)) if match else ""
    return form, unquote(reference[match.end():] if match else reference)


def locate(reference: str, source_path: str | Path, content_dir: str | Path) -> Local | None:
    """The file ``reference`` names (it may not exist), or None for an external URL or a pure anchor.

    Raises :class:`Outside` when the reference leaves content/."""
    if not reference or EXTERNAL.match(reference.strip()) or reference.strip().startswith(("#", "?")):
        return None
    form, path = strip(reference)
    if not path:
        return None
    content = Path(os.path.realpath(content_dir))
    here = Path(os.path.realpath(source_path)).parent
    if path.startswith("/"):
        candidates = [content / path.lstrip("/")]
    elif form or path.startswith(("./", "../")):
        candidates = [here / path]
    else:  # the documented form: relative to content/, else (as Pelican would read it) to the file
        candidates = [content / path, here / path]
    chosen = next((c for c in candidates if c.is_file()), candidates[0])
    resolved = Path(os.path.realpath(chosen))
    if resolved != content and content not in resolved.parents:
        raise Outside(reference)
    return Local(path=resolved, relative=resolved.relative_to(content).as_posix(), form=form)
