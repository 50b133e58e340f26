"""Settings of the content model, and the prefix-merge helper every Netzbrief plugin uses."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Berlin")

DEFAULTS = {
    # Show drafts and scheduled items (livereload only).
    "SHOW_DRAFTS": False,
    # Words per minute for the reading time.
    "WORDS_PER_MINUTE": 200,
}


# Where a build writes and caches, not what it makes: staging folders are named per process.
MECHANICS = frozenset({"OUTPUT_PATH", "NEWSLETTER_ARTIFACTS_PATH", "CACHE_PATH", "INCREMENTAL_PREVIOUS_OUTPUT",
                       "INCREMENTAL_STATE"})


def settings_digest(settings: dict, leave_out: frozenset = frozenset()):
    """A SHA-256 (hashlib object) of every plain-data setting except ``MECHANICS`` and ``leave_out``; values that
    are not plain data (functions, classes, dates) are left out."""
    plain = {}
    for key, value in sorted(settings.items()):
        if key in MECHANICS or key in leave_out:
            continue
        try:
            plain[key] = json.loads(json.dumps(value, sort_keys=True))
        except (TypeError, ValueError):
            continue
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode())


_MERGED: dict[tuple, tuple] = {}  # (id(settings), prefix, id(defaults)) → (settings, merged)


def plugin_settings(settings: dict, prefix: str, defaults: dict) -> dict:
    """Return ``defaults`` overridden by every ``PREFIX_KEY`` setting, keyed without the prefix.

    ``plugin_settings(s, "CONTENT_", {"SHOW_DRAFTS": False})`` reads ``CONTENT_SHOW_DRAFTS``. Templates ask for
    every page, so the merge is remembered per settings object (held, so its id cannot be reused) and handed out
    as a copy.
    """
    key = (id(settings), prefix, id(defaults))
    cached = _MERGED.get(key)
    if cached is None or cached[0] is not settings:
        merged = dict(defaults)
        for name, value in settings.items():
            if name.startswith(prefix):
                merged[name[len(prefix):]] = value
        if len(_MERGED) > 64:
            _MERGED.clear()
        cached = _MERGED[key] = (settings, merged)
    return dict(cached[1])


def content_settings(settings: dict) -> dict:
    return plugin_settings(settings, "CONTENT_", DEFAULTS)


def build_date(settings: dict | None = None) -> dt.date:
    """The one notion of "today" a build has: BUILD_DATE, else $NETZBRIEF_BUILD_DATE, else today in Berlin."""
    value = (settings or {}).get("BUILD_DATE") or os.environ.get("NETZBRIEF_BUILD_DATE")
    if isinstance(value, dt.date):
        return value
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise SystemExit(f"NETZBRIEF_BUILD_DATE: „{value}“ ist kein Datum der Form JJJJ-MM-TT.") from None
    return dt.datetime.now(TIMEZONE).date()
