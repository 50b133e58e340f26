"""What to make of an original: every derivative as a recipe with a stable, content-addressed name.

A derivative's name is ``<stem>-<width>.<digest>.<ext>`` (``foto-800.3fa2b1c9d0e4.webp``): the digest covers the
original's bytes and everything that shapes the output, so equal names mean equal bytes and the publisher may
mark the file immutable.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import __version__ as PILLOW_VERSION

from .originals import Original
from .settings import PIPELINE_VERSION

EXTENSIONS = {"webp": "webp", "avif": "avif", "jpeg": "jpg", "png": "png"}
MEDIA_TYPES = {"webp": "image/webp", "avif": "image/avif", "jpeg": "image/jpeg", "png": "image/png"}
UNSAFE = re.compile(r"[^\w.-]+")  # spaces, quotes, commas, %, <>: a srcset splits at spaces, URLs need quoting


def safe(part: str) -> str:
    """A file or folder name as it can stand in a URL and a srcset unquoted ("mit leer" -> "mit-leer")."""
    return UNSAFE.sub("-", part).strip("-.") or "bild"


@dataclass(frozen=True)
class Spec:
    """One file to make from one original: format, output size and (for crops) the source box."""

    fmt: str
    width: int
    height: int
    quality: int
    box: tuple | None  # (left, top, right, bottom) in displayed original pixels, or None for the whole image
    digest: str
    name: str  # below OUTPUT_PATH

    @property
    def cache_name(self) -> str:
        return f"{self.digest[:2]}/{self.digest}.{EXTENSIONS[self.fmt]}"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.fmt]


def widths(original: Original, wanted) -> list[int]:
    """The configured widths, never wider than the original (which then gets its own width)."""
    return sorted({min(int(w), original.width) for w in wanted})


def spec(original: Original, fmt: str, width: int, options: dict, box: tuple | None = None,
         label: str | None = None) -> Spec:
    source_w, source_h = (box[2] - box[0], box[3] - box[1]) if box else (original.width, original.height)
    width = min(width, source_w)
    height = max(1, round(width * source_h / source_w))
    quality = int(options["QUALITY"].get(fmt, 0)) if fmt != "png" else 0
    recipe = [PIPELINE_VERSION, PILLOW_VERSION, original.sha, fmt, width, height, quality, box]
    digest = hashlib.sha256(json.dumps(recipe).encode()).hexdigest()[:12]
    relative = PurePosixPath(original.relative)
    parts = relative.parts[1:] if relative.parts[0] == options["OUTPUT_DIR"] else relative.parts
    folder = PurePosixPath(options["OUTPUT_DIR"], *map(safe, parts[:-1]))
    name = f"{folder}/{safe(relative.stem)}-{label or width}.{digest}.{EXTENSIONS[fmt]}"
    return Spec(fmt, width, height, quality, box, digest, name)


def crop_box(original: Original, size: tuple, focus: tuple | None) -> tuple:
    """The largest box of ``size``'s aspect ratio whose centre is as close to the focal point as fits."""
    ratio = size[0] / size[1]
    width, height = original.width, original.height
    if width / height > ratio:
        box_w, box_h = round(height * ratio), height
    else:
        box_w, box_h = width, round(width / ratio)
    fx, fy = focus or (0.5, 0.5)
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def responsive(original: Original, options: dict) -> dict[str, list[Spec]]:
    """Modern format → derivatives at every width."""
    return {fmt: [spec(original, fmt, w, options) for w in widths(original, options["WIDTHS"])]
            for fmt in options["FORMATS"]}


def responsive_fallback(original: Original, options: dict) -> Spec:
    """The one JPEG/PNG for browsers without the modern formats (``<img src>``)."""
    return spec(original, original.fallback, options["FALLBACK_WIDTH"], options)


def email(original: Original, options: dict) -> Spec:
    return spec(original, "jpeg", options["EMAIL_WIDTH"], options)


def social(original: Original, options: dict, focus: tuple | None) -> Spec:
    box = crop_box(original, tuple(options["SOCIAL_SIZE"]), focus)
    return spec(original, "jpeg", options["SOCIAL_SIZE"][0], options, box=box, label="social")
