"""A picture: the derivatives of one original for one use, and what templates, feeds and mail ask of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import derivatives
from .derivatives import Spec
from .originals import Original


@dataclass
class Picture:
    original: Original
    sources: dict  # modern format → [Spec] by width, best format first
    fallback: Spec  # JPEG/PNG for <img src>
    email: Spec | None = None  # the newsletter's JPEG
    social: Spec | None = None  # OpenGraph/Twitter crop
    focus: tuple | None = None  # (x, y) fractions
    cache: Path | None = field(default=None, repr=False)

    @property
    def largest(self) -> Spec:
        return next(iter(self.sources.values()))[-1] if self.sources else self.fallback

    @property
    def width(self) -> int:
        return self.largest.width

    @property
    def height(self) -> int:
        return self.largest.height

    @property
    def large(self) -> Spec:
        """The large view of a gallery: the widest WebP (or whatever modern format comes last)."""
        return list(self.sources.values())[-1][-1] if self.sources else self.fallback

    def byte_size(self, spec: Spec) -> int:
        """Size of a made derivative (known once the store has finished); 0 if its original could not be decoded,
        which the store has reported as an error that fails the build (a second error here would only confuse)."""
        try:
            return (self.cache / spec.cache_name).stat().st_size
        except FileNotFoundError:
            return 0


def make(store, original: Original, *, lead: bool = False, mail: bool = False, focus: tuple | None = None) -> Picture:
    """Register the derivatives of ``original`` with the build's store; a lead image also gets mail and social."""
    options = store.options
    sources = {fmt: [store.need(original, s) for s in specs]
               for fmt, specs in derivatives.responsive(original, options).items()}
    fallback = store.need(original, derivatives.responsive_fallback(original, options))
    picture = Picture(original, sources, fallback, focus=focus, cache=store.cache)
    if lead or mail:
        picture.email = store.need(original, derivatives.email(original, options))
    if lead:
        picture.social = store.need(original, derivatives.social(original, options, focus))
    return picture
