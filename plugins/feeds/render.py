"""Render one feed as RSS 2.0 or Atom 1.0 with feedgen; deterministic (no build time anywhere)."""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from .index import MEDIA_TYPES
from .items import FeedItem, stable_id


class _AtomLinks(BaseEntryExtension):
    """Extra Atom entry links with their ``rel``/``type``/``length`` (feedgen 1.0 drops those attributes of
    entry links, which would turn an enclosure into a second alternate link)."""

    def __init__(self):
        self.links: list[dict] = []

    def extend_atom(self, entry):
        for attributes in self.links:
            xml_elem("link", entry, **attributes)
        return entry


def render(feed, fmt: str, settings: dict, options: dict) -> bytes:
    """``feed`` is a :class:`feeds.index.Feed` with its items already chosen (newest first)."""
    siteurl = settings["SITEURL"].rstrip("/")
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)  # dc:creator: RSS <author> must be an e-mail address
    generator.register_extension("netzbrief", BaseExtension, _AtomLinks, atom=True, rss=False)
    generator.id(stable_id(f"feed:{feed.key}"))
    generator.title(feed.title)
    generator.subtitle(feed.description)  # also the RSS channel description
    generator.language("de")
    generator.author({"name": settings.get("AUTHOR") or settings["SITENAME"]})
    generator.generator("Netzbrief", uri=siteurl + "/")
    if options.get("RIGHTS"):
        generator.rights(options["RIGHTS"])
    # feedgen takes the last link as RSS <link> (so: alternate last); self becomes atom:link rel=self in RSS.
    generator.link(href=feed.absolute_url(fmt, siteurl), rel="self", type=MEDIA_TYPES[fmt])
    generator.link(href=feed.html_url, rel="alternate", type="text/html")
    items: list[FeedItem] = feed.items
    if items:
        generator.updated(max(item.updated for item in items))  # never now(): output stays byte-stable
        if fmt == "rss":
            generator.pubDate(max(item.date for item in items))
    else:
        generator.updated(feed.empty_date)
    for item in items:
        add_entry(generator, item, fmt)
    if fmt == "rss":
        return generator.rss_str(pretty=True)
    return generator.atom_str(pretty=True)


def add_entry(generator: FeedGenerator, item: FeedItem, fmt: str) -> None:
    entry = generator.add_entry(order="append")
    entry.id(item.id)  # RSS: <guid isPermaLink="false">, Atom: <id>
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate", type="text/html")
    entry.published(item.date)
    entry.updated(item.updated)
    entry.summary(item.summary)  # Atom summary (text), RSS description
    if item.content:
        entry.content(item.content, type="html")  # escaped HTML: Atom content, RSS content:encoded
    for name in item.authors:
        entry.author({"name": name})  # Atom only: names without e-mail never reach RSS <author>
        entry.dc.dc_creator(name, replace=False)
    for name, url in item.categories:
        entry.category(term=name, label=name, scheme=url)
    enclosure = item.enclosure
    if enclosure and fmt == "rss":
        entry.enclosure(enclosure.url, str(enclosure.size()), enclosure.type)
    elif enclosure:
        entry.netzbrief.links.append({"href": enclosure.url, "rel": "enclosure", "type": enclosure.type,
                                      "length": str(enclosure.size())})
