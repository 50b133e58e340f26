"""The pages a build will have, known before building: for `invoke check`'s internal link check."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from content_model.settings import plugin_settings
from content_model.slugs import german_slug
from feeds.settings import DEFAULTS as FEEDS
from newsletter.settings import DEFAULTS as NEWSLETTER

CATEGORIES = {"interview": "Interviews", "event": "Veranstaltungen", "article": "Fachbeiträge"}
PREFIXES = ("feeds/", "theme/", "pagefind/")  # written by plugins and the theme, not by content


@lru_cache(maxsize=8)
def url_settings(settings_file: str) -> dict:
    from pelican.settings import read_settings

    return read_settings(settings_file)


def _day(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day) if isinstance(value, dt.date) else dt.datetime(2000, 1, 1)


def item_url(entry, settings: dict) -> str:
    """The site-relative URL of a checked content file (``fachbeitraege/x/``)."""
    if entry.kind == "newsletter":
        return plugin_settings(settings, "NEWSLETTER_", NEWSLETTER)["URL"].format(issue=Path(entry.path).stem)
    if entry.kind == "page":
        return settings["PAGE_URL"].format(slug=entry.slug)
    return settings["ARTICLE_URL"].format(slug=entry.slug, category=german_slug(CATEGORIES[entry.kind]),
                                          date=_day(entry.values.get("date")))


def site_urls(entries, settings: dict, published_only: bool = True) -> set[str]:
    """Site-relative URLs (``fachbeitraege/x/``) of every page content and listings produce."""
    s = settings
    newsletter, feeds = plugin_settings(s, "NEWSLETTER_", NEWSLETTER), plugin_settings(s, "FEEDS_", FEEDS)
    urls = {"", s["TAGS_URL"], s["ARCHIVES_URL"], s.get("SEARCH_URL", ""), newsletter["ARCHIVE_URL"],
            newsletter["SUBSCRIBE_URL"], feeds["PAGE_URL"],
            s["AUTHOR_URL"].format(slug=german_slug(s.get("AUTHOR") or ""))}
    urls |= {s["CATEGORY_URL"].format(slug=german_slug(name)) for name in CATEGORIES.values()}
    for entry in entries:
        values = entry.values
        if entry.doc is None or not entry.slug or (published_only and values.get("status") == "draft"):
            continue
        urls.add(item_url(entry, s))
        if entry.kind in CATEGORIES:
            urls.add(s["YEAR_ARCHIVE_URL"].format(date=_day(values.get("date"))))
            urls |= {s["TAG_URL"].format(slug=german_slug(t)) for t in values.get("tags", [])}
            urls |= {s["AUTHOR_URL"].format(slug=german_slug(a)) for a in values.get("authors", [])}
    return urls


def exists(path: str, urls: set[str], content_dir: Path) -> bool:
    """``path`` (site-relative, no query) names a page, a listing, a plugin's output or a file from content/."""
    path = path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    if path in urls or f"{path}/" in urls or path.startswith(PREFIXES):
        return True
    base, _, rest = path.rstrip("/").rpartition("/seite/")  # pagination: .../seite/2/
    if rest.isdigit():
        return (f"{base}/" if base else "") in urls
    return (content_dir / path).is_file()
