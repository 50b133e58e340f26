"""Feed entries a process keeps between its builds (``invoke livereload`` builds again and again in one).

An edit rewrites the feeds that show the edited item, each with up to twenty entries, and making an entry (the
full text with absolute links, parsed and written by lxml) was most of that: 0.15 s of a rebuild at 1,000
articles. Each entry is kept under its item's key (``ReusingWriter.item_key``: the item's whole file, everything
listings show of it and the site's settings, build date included; none for an item whose text links to other
content), its uid and ``FULL_CONTENT``, and the next build takes it for an item with the same key. Its enclosure
is made anew each time (the size of an image derivative is the one this build makes). Entries whose item had
another key in the last build, or was in no feed, are dropped then. The entries belong to the cache folder of
the build that made them: a build with another ``CACHE_PATH`` (another site, or the full build a test compares
with) starts without them.
"""

from __future__ import annotations

import dataclasses

from . import items
from .items import FeedItem, enclosure

KEPT: dict[str, FeedItem] = {}  # entry key → the entry, as a build in this process made it
SEEN: dict[str, str] = {}  # uid → entry key, for the items of this build's feeds
OWNER: list[str] = [""]  # the CACHE_PATH of the build that made the kept entries


def begin(settings: dict) -> None:
    """The feeds are about to be keyed and written: forget the keys of a build that failed before its feeds were
    written, and entries of another cache folder."""
    SEEN.clear()
    if OWNER[0] != str(settings.get("CACHE_PATH")):
        KEPT.clear()
        OWNER[0] = str(settings.get("CACHE_PATH"))


def recording(item_key, full: bool):
    """The writer's ``item_key`` (or None), noting each item's entry key as the feeds are keyed (reuse.py)."""
    if item_key is None:
        return None

    def recorded(article):
        key = item_key(article)
        if key is not None:
            SEEN[article.uid] = f"{key} {article.uid} {full}"
        return key

    return recorded


def entry(article, settings: dict, full: bool) -> FeedItem:
    key = SEEN.get(article.uid)
    kept = KEPT.get(key) if key is not None else None
    if kept is None:
        made = items.from_article(article, settings, full)
        if key is not None:
            KEPT[key] = made
        return made
    return dataclasses.replace(kept, enclosure=enclosure(getattr(article, "image", None), settings,
                                                         getattr(article, "picture", None)))


def done() -> None:
    """The feeds are written: keep the entries of this build's items only."""
    current = set(SEEN.values())
    for key in [key for key in KEPT if key not in current]:
        del KEPT[key]
    SEEN.clear()
