"""Settings of the content model, and the prefix-merge helper every Netzbrief plugin uses."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Berlin")

DEFAULTS = {
    # Show drafts and scheduled items (livereload only).
    "SHOW_DRAFTS": False,
    # Words per minute for the reading time.
    "WORDS_PER_MINUTE": 200,
}


def plugin_settings(settings: dict, prefix: str, defaults: dict) -> dict:
    """Return ``defaults`` overridden by every ``PREFIX_KEY`` setting, keyed without the prefix.

    ``plugin_settings(s, "CONTENT_", {"SHOW_DRAFTS": False})`` reads ``CONTENT_SHOW_DRAFTS``.
    """
    merged = dict(defaults)
    for key, value in settings.items():
        if key.startswith(prefix):
            merged[key[len(prefix):]] = value
    return merged


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
