"""A feed file's key: everything its bytes are made of, so an unchanged feed is taken from the previous output.

The key names the feed (its id, titles, addresses, empty date), the settings ``render`` reads, the format, the
code that renders it (this plugin's source, feedgen's and lxml's versions), and its entries. Where the writer can
name each item the entries are made of (``item_key``: the item's digest as listings count it, with its whole file,
as article pages rely on it; None for an item whose text links to other content), the entries count by those,
their ids and enclosures, and are made only if the feed is written. Else every field of every entry counts (its
content included, and an enclosure by address, size and type). The writer of an incremental rebuild
(plugins/incremental) takes the file from the previous output when the previous build wrote it under the same key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from content_model.codedigest import package_digest

from .items import Enclosure, enclosure


def _code() -> str:
    return package_digest(Path(__file__).parent, "feedgen", "lxml")


def _plain(value):
    if isinstance(value, Enclosure):
        return [value.url, value.size(), value.type]
    return str(value)  # dates: with their offset


def _sources(feed, settings: dict, options: dict, item_key) -> list | None:
    """The entries as their items' keys (and what else ``from_article`` reads), or None where one has none."""
    if item_key is None or feed.sources is None:
        return None
    found = [options["FULL_CONTENT"]]
    for article in feed.sources:
        key = item_key(article)
        if key is None:
            return None
        image = enclosure(getattr(article, "image", None), settings, getattr(article, "picture", None))
        found.append([key, article.uid, article.source_path,
                      image and [image.url, image.type, "made" if callable(image.length) else image.length]])
    return found


def entries_key(feed, settings: dict, options: dict, item_key=None) -> list:
    """What the feed's entries are made of, the same for each of its formats (``feed_key`` takes it)."""
    entries = _sources(feed, settings, options, item_key)
    if entries is None:
        entries = [[getattr(item, field.name) for field in dataclasses.fields(item)] for item in feed.items]
    return entries


def feed_key(feed, fmt: str, settings: dict, options: dict, entries: list) -> str:
    siteurl = settings["SITEURL"].rstrip("/")
    data = [_code(), fmt, feed.key, feed.name, feed.title, feed.description, feed.html_url,
            feed.absolute_url(fmt, siteurl), feed.empty_date, siteurl, settings.get("AUTHOR"), settings["SITENAME"],
            options.get("RIGHTS"), entries]
    return hashlib.sha256(json.dumps(data, default=_plain).encode()).hexdigest()
