"""Originals: content hash and displayed size (EXIF orientation applied) from the file header, never decoded.

The hash is remembered per (path, size, mtime) in the image cache, so a warm build reads no image bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import imagesize

INDEX_NAME = "originals.json"
FLAT_FALLBACK = (".jpg", ".jpeg", ".tif", ".tiff", ".avif")  # photos: JPEG fallback unless they have alpha


class Unreadable(ValueError):
    """The file's header does not describe a raster image."""


@dataclass(frozen=True)
class Original:
    relative: str  # below content/: "images/foto.jpg"
    path: str  # absolute
    sha: str  # sha256 of the bytes
    width: int  # displayed (EXIF orientation applied)
    height: int
    alpha: bool

    @property
    def fallback(self) -> str:
        """The universally readable format: JPEG for photos, PNG for PNG/GIF originals and transparency."""
        return "jpeg" if Path(self.relative).suffix.lower() in FLAT_FALLBACK and not self.alpha else "png"


def header(path: str | Path) -> tuple[int, int, bool]:
    """(displayed width, height, has alpha) from the header only."""
    try:
        info = imagesize.get_info(str(path))
    except (OSError, ValueError) as exc:
        raise Unreadable(str(exc)) from None
    if info.width <= 0 or info.height <= 0:
        raise Unreadable("kein lesbares Rasterbild")
    return int(info.width), int(info.height), info.channels in (2, 4) and not _jpeg(path)


def _jpeg(path: str | Path) -> bool:
    """JPEG has no alpha: its four channels are CMYK (as print agencies deliver photos)."""
    with open(path, "rb") as handle:
        return handle.read(2) == b"\xff\xd8"


class Originals:
    """The originals of one build, with a persistent index of what was hashed before."""

    def __init__(self, cache: Path):
        self.index_path = cache / INDEX_NAME
        try:
            self.index = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}
        self.seen: dict[str, Original] = {}
        self.used: set[str] = set()
        self.changed = False

    def get(self, path: Path, relative: str) -> Original:
        if relative in self.seen:
            return self.seen[relative]
        stat = path.stat()
        key = f"{relative}|{stat.st_size}|{stat.st_mtime_ns}"
        self.used.add(key)
        known = self.index.get(key)
        if not (isinstance(known, list) and len(known) == 4):
            with open(path, "rb") as handle:
                sha = hashlib.file_digest(handle, "sha256").hexdigest()
            known = [sha, *header(path)]
            self.index[key] = known
            self.changed = True
        original = Original(relative, str(path), known[0], int(known[1]), int(known[2]), bool(known[3]))
        self.seen[relative] = original
        return original

    def save(self) -> None:
        """Keep only the entries of this build's originals (the index never grows without bound)."""
        if not self.changed:
            return
        keep = {key: self.index[key] for key in self.used}
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.index_path.with_name(f"{INDEX_NAME}.{os.getpid()}")
        temporary.write_text(json.dumps(keep, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.index_path)
