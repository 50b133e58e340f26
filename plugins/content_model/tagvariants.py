"""Topics spelt in several ways (``Wärme`` / ``wärme`` / ``Waerme``, ``E-Mobilität`` / ``Emobilität``).

Two names are variants when their slugs agree once hyphens are dropped. `invoke check` reports each variant as a
hint (not an error), naming where the chosen spelling is used; the build shows one spelling everywhere: the one
most files use, ties broken by preferring umlauts, then capitals, then the alphabet. Check and build count the
same files (every content file, drafts included), so both always agree on the spelling.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from pelican.urlwrappers import Tag

from .schema import Problem
from .slugs import german_slug, taxonomy

SETTING = "TAG_SPELLINGS"  # set when Pelican starts: {variant: chosen spelling}, only names that change


def variant_key(name: str) -> str:
    return german_slug(name).replace("-", "")


def _names(entry) -> list[str]:
    return list(dict.fromkeys(entry.values.get("tags") or [])) if entry.doc is not None else []


def spellings(entries) -> dict[str, str]:
    """``{variant: chosen}`` for every name that has a more common (or preferred) variant."""
    return spellings_of(_names(entry) for entry in entries)


def spellings_of(name_lists) -> dict[str, str]:
    """``spellings`` from each file's list of topic names."""
    counts: Counter = Counter(name for names in name_lists for name in names)
    groups: dict[str, list[str]] = {}
    for name in counts:
        groups.setdefault(variant_key(name), []).append(name)
    result = {}
    for names in groups.values():
        if len(names) > 1:
            chosen = min(names, key=lambda n: (-counts[n], n.isascii(), n == n.lower(), n))
            result.update({name: chosen for name in names if name != chosen})
    return result


def _line(entry, index: int) -> tuple[int, str]:
    key_path = ("tags", index) if isinstance(entry.doc.meta.get("tags"), list) else ("tags",)
    return entry.doc.line(*key_path), "tags" if len(key_path) == 1 else f"tags[{index + 1}]"


def warnings(entries) -> list[Problem]:
    """One hint per use of a variant spelling, naming a file and line that uses the chosen one."""
    chosen = spellings(entries)
    if not chosen:
        return []
    where: dict[str, str] = {}
    for entry in entries:
        for index, name in enumerate(entry.values.get("tags") or [] if entry.doc is not None else []):
            where.setdefault(name, f"{entry.display}:{_line(entry, index)[0]}")
    hints = []
    for entry in entries:
        for index, name in enumerate(entry.values.get("tags") or [] if entry.doc is not None else []):
            if name in chosen:
                line, field = _line(entry, index)
                hints.append(Problem(entry.display, line, field, f"Das Thema „{name}“ steht in {where[chosen[name]]} "
                                     f"als „{chosen[name]}“. Die Website zeigt überall „{chosen[name]}“ – bitte eine "
                                     f"Schreibweise verwenden.", warning=True))
    return hints


def remember(settings: dict) -> None:
    """When Pelican starts: the spellings of all content files (each file's topics are kept in the cache, keyed
    by its bytes; a changed file is parsed, and the reader reuses that result)."""
    from .tagcache import topics

    settings[SETTING] = spellings_of(topics(Path(os.path.abspath(settings["PATH"])), Path(settings["CACHE_PATH"]),
                                            _names))


def _unify(items, settings: dict) -> None:
    chosen = settings.get(SETTING) or {}
    for item in items:
        tags = getattr(item, "tags", None) or []
        names = list(dict.fromkeys(chosen.get(tag.name, tag.name) for tag in tags))
        if names != [tag.name for tag in tags]:
            item.tags = [taxonomy(Tag, name, settings) for name in names]


def unify_articles(generator) -> None:
    """Before Pelican groups articles by topic: every item shows the chosen spelling."""
    lists = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
    for name in lists:
        _unify(getattr(generator, name, []), generator.settings)


def unify_pages(generator) -> None:
    for name in ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations"):
        _unify(getattr(generator, name, []), generator.settings)
