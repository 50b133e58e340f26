"""German slugs: ä→ae, ö→oe, ü→ue, ß→ss before Pelican's own slugify, for content and taxonomies alike."""

from __future__ import annotations

import re
import string
import unicodedata
from collections import defaultdict
from functools import lru_cache

from pelican.utils import slugify
from unidecode import unidecode

ASCII_LETTERS = string.ascii_letters
GERMAN = [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ẞ", "ss")]
TAIL = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s_]+", "-"),
    (r"^-+|-+$", ""),
]


def _latin_transliterations() -> list[tuple[str, str]]:
    """Group the other Latin letters by their ASCII form: one character class per replacement."""
    groups: dict[str, list[str]] = defaultdict(list)
    german = {src for src, _ in GERMAN} | {src.upper() for src, _ in GERMAN}
    for code in range(0xC0, 0x250):
        char = chr(code)
        # Pelican NFKC-normalises patterns: a letter that normalises to others (ǉ → lj) would break a class.
        if char in german or not unicodedata.category(char).startswith("L") or unicodedata.normalize("NFKC", char) != char:
            continue
        # Skip letters that match ASCII letters case-insensitively (ı, ſ, K …): they would rewrite plain text.
        if re.search(re.escape(char), ASCII_LETTERS, flags=re.IGNORECASE):
            continue
        ascii_form = unidecode(char).lower()
        if ascii_form.isalpha() and ascii_form != char.lower():
            groups[ascii_form].append(char)
    return [(f"[{''.join(chars)}]", ascii_form) for ascii_form, chars in sorted(groups.items())]


# Pelican applies the substitutions case-insensitively, then lower-cases; with SLUGIFY_USE_UNICODE it does not
# ASCII-fy first, so the German rules get to see the umlauts.
SUBSTITUTIONS = GERMAN + _latin_transliterations() + TAIL


@lru_cache(maxsize=4096)
def german_slug(text: str) -> str:
    """``"Warum Stadtwerke hier mutig agieren können"`` → ``"warum-stadtwerke-hier-mutig-agieren-koennen"``."""
    slug = slugify(text, regex_subs=SUBSTITUTIONS, use_unicode=True)
    return unidecode(slug)  # anything left outside Latin (Greek, Cyrillic …) still ends up ASCII


def configure(settings: dict) -> None:
    """Make every slug Pelican derives (content, categories, tags, authors) a German one."""
    settings["SLUGIFY_USE_UNICODE"] = True
    for key in ("SLUG", "CATEGORY", "TAG", "AUTHOR"):
        settings[f"{key}_REGEX_SUBSTITUTIONS"] = SUBSTITUTIONS


def taxonomy(cls, name: str, settings: dict):
    """A Pelican Tag/Author/Category whose slug is set up front (Pelican would otherwise slugify on every
    comparison)."""
    wrapper = cls(name, settings)
    wrapper.slug = german_slug(name)
    return wrapper
