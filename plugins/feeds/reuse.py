"""A feed file's key: everything its bytes are made of, so an unchanged feed is taken from the previous output.

The key names the feed (its id, titles, addresses, empty date), the settings ``render`` reads, every field of every
entry (its content included, and an enclosure by address, size and type), the format, and the code that renders
it (this plugin's source, feedgen's and lxml's versions). The writer of an incremental rebuild
(plugins/incremental) takes the file from the previous output when the previous build wrote it under the same key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from content_model.codedigest import package_digest

from .items import Enclosure


def _code() -> str:
    return package_digest(Path(__file__).parent, "feedgen", "lxml")


def _plain(value):
    if isinstance(value, Enclosure):
        return [value.url, value.size(), value.type]
    return str(value)  # dates: with their offset


def feed_key(feed, fmt: str, settings: dict, options: dict) -> str:
    siteurl = settings["SITEURL"].rstrip("/")
    entries = [[getattr(item, field.name) for field in dataclasses.fields(item)] for item in feed.items]
    data = [_code(), fmt, feed.key, feed.name, feed.title, feed.description, feed.html_url,
            feed.absolute_url(fmt, siteurl), feed.empty_date, siteurl, settings.get("AUTHOR"), settings["SITENAME"],
            options.get("RIGHTS"), entries]
    return hashlib.sha256(json.dumps(data, default=_plain).encode()).hexdigest()
