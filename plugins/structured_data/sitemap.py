"""``sitemap.xml`` (published pages only, lastmod from modified or date) and ``robots.txt`` pointing at it."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from .jsonld import absolute, iso


@dataclass(frozen=True)
class Entry:
    loc: str
    lastmod: str | None = None


def _lastmod(items) -> str | None:
    dates = [getattr(i, "modified", None) or i.date for i in items if getattr(i, "date", None)]
    return iso(max(dates)) if dates else None


def entries(context: dict, siteurl: str, options: dict, noindex_urls: set) -> list[Entry]:
    articles = list(context.get("articles", []))
    found: dict[str, Entry] = {}

    def add(url: str, lastmod: str | None) -> None:
        loc = absolute(siteurl, url)
        if loc not in noindex_urls:
            found.setdefault(loc, Entry(loc, lastmod))

    add(siteurl.rstrip("/") + "/", _lastmod(articles))
    for item in [*articles, *context.get("pages", [])]:
        add(item.url, _lastmod([item]))
    if options["SITEMAP_CATEGORIES"]:
        for category, members in context.get("categories", []):
            add(category.url, _lastmod(members))
    if options["SITEMAP_TAGS"]:
        for tag, members in context.get("tags", []):
            add(tag.url, _lastmod(members))
    if context.get("feeds_page_url"):
        add(context["feeds_page_url"], None)
    for issue in context.get("newsletter_issues") or []:
        add(issue.url, iso(issue.date))
    home = found.pop(siteurl.rstrip("/") + "/")
    return [home, *sorted(found.values(), key=lambda e: e.loc)]


def sitemap_xml(items: list[Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for entry in items:
        lines.append(f"  <url><loc>{escape(entry.loc)}</loc>"
                     + (f"<lastmod>{entry.lastmod}</lastmod>" if entry.lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
