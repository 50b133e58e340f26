"""Upload order: readers must never get a page whose assets are not there yet.

Stages run one after another (files within a stage in parallel): fingerprinted assets, other assets, pages,
listings, feeds, sitemap (and robots.txt), home page. Deletes come after all of them.
"""
from __future__ import annotations

from .globs import matches_any

HASHED_ASSETS, ASSETS, PAGES, LISTINGS, FEEDS, SITEMAP, HOME = range(7)
NAMES = ["fingerprinted assets", "assets", "pages", "listings", "feeds", "sitemap", "home page"]
FEED_TYPES = ("application/atom+xml", "application/rss+xml", "text/calendar", "application/feed+json")
SITEMAP_GLOBS = ["sitemap*.xml", "sitemap*.xml.gz", "robots.txt"]
HOME_PATHS = ("index.html",)


def stage_of(rel: str, content_type: str, cache_control: str | None, listing_globs, asset_globs=()) -> int:
    base = content_type.split(";")[0].strip().lower()
    if matches_any(asset_globs, rel):
        return ASSETS
    if rel in HOME_PATHS:
        return HOME
    if "/" not in rel and matches_any(SITEMAP_GLOBS, rel):
        return SITEMAP
    if base in FEED_TYPES:
        return FEEDS
    if base in ("text/html", "application/xhtml+xml"):
        return LISTINGS if matches_any(listing_globs, rel) else PAGES
    if cache_control and "immutable" in cache_control:
        return HASHED_ASSETS
    return ASSETS
