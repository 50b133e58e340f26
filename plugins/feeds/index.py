"""Which feeds exist: everything, one per kind, one per tag, newsletter issues. Used by pages and the writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from content_model.settings import TIMEZONE

from . import items as feed_items
from . import kept

FORMAT_LABELS = {"atom": "Atom", "rss": "RSS"}
MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


@dataclass
class Feed:
    key: str  # "alle", "kind:interviews", "tag:waermeplanung", "newsletter"
    name: str  # file stem below the feeds folder: "alle", "interviews", "themen/waermeplanung"
    group: str  # heading on the "Abonnieren" page
    label: str  # short German label ("Interviews", "Thema Wärmeplanung")
    title: str
    description: str
    html_url: str  # absolute URL of the matching HTML page
    folder: str
    siteurl: str
    formats: tuple = ("atom", "rss")
    entries: list | Callable[[], list] = field(default_factory=list, repr=False)  # or what makes them
    empty_date: dt.datetime | None = None
    sources: list | None = field(default=None, repr=False)  # the items the entries are made of, in their order

    @property
    def items(self) -> list:
        """The entries, made when first asked for (``build_index``: once the content pages are written)."""
        if callable(self.entries):
            self.entries = self.entries()
        return self.entries

    @property
    def size(self) -> int:
        """How many entries the feed has, without making them (one per item of ``sources``)."""
        return len(self.sources) if self.sources is not None else len(self.items)

    def url(self, fmt: str) -> str:
        """Site-relative: ``feeds/alle.atom.xml``."""
        return f"{self.folder}/{self.name}.{fmt}.xml"

    def absolute_url(self, fmt: str, siteurl: str | None = None) -> str:
        return feed_items.absolute(siteurl or self.siteurl, self.url(fmt))

    @staticmethod
    def media_type(fmt: str) -> str:
        return MEDIA_TYPES[fmt]

    @staticmethod
    def format_label(fmt: str) -> str:
        return FORMAT_LABELS[fmt]

    @property
    def links(self) -> list:
        """``[(label, media type, site-relative URL)]`` for templates (they put the page's SITEURL before it)."""
        return [(FORMAT_LABELS[f], MEDIA_TYPES[f], self.url(f)) for f in self.formats]


class FeedIndex:
    """All feeds of a build; templates see it as ``feeds``."""

    def __init__(self, feeds: list[Feed]):
        self.all = feeds

    def __bool__(self) -> bool:
        return bool(self.all)

    def __iter__(self):
        return iter(self.all)

    def __len__(self) -> int:
        return len(self.all)

    @property
    def main(self) -> Feed | None:
        return next((f for f in self.all if f.key == "alle"), None)

    def get(self, key: str) -> Feed | None:
        return next((f for f in self.all if f.key == key), None)

    def groups(self) -> list:
        """``[(group, [feeds])]`` in page order."""
        result: dict[str, list] = {}
        for feed in self.all:
            result.setdefault(feed.group, []).append(feed)
        return list(result.items())

    def for_page(self, category=None, tag=None) -> list[Feed]:
        """Autodiscovery: the main feed everywhere, plus the kind's or tag's feed on its listing page."""
        found = [self.main] if self.main else []
        for key in (f"kind:{category.slug}" if category else None, f"tag:{tag.slug}" if tag else None):
            feed = self.get(key) if key else None
            if feed:
                found.append(feed)
        return found


def _newest_first(articles) -> list:
    return sorted(articles, key=lambda a: (a.date, a.uid), reverse=True)


def build_index(context: dict, settings: dict, options: dict) -> FeedIndex:
    site, siteurl = settings["SITENAME"], settings["SITEURL"]
    full, cap = options["FULL_CONTENT"], options["MAX_ITEMS"]
    formats = tuple(options["FORMATS"])
    empty = dt.datetime.combine(settings["BUILD_DATE"], dt.time(), tzinfo=TIMEZONE)
    cache: dict[str, feed_items.FeedItem] = {}

    def entry(article) -> feed_items.FeedItem:
        if article.uid not in cache:  # an item is in several feeds (all, its kind, its tags): build it once
            cache[article.uid] = kept.entry(article, settings, full)
        return cache[article.uid]

    base = context.get("localsiteurl", "")

    def entries(chosen) -> list:
        """A feed's entries, made when first asked for: when the feeds are written, after the content pages (the
        full text with absolute links is the slow part, and the search indexes an edited page meanwhile), and
        only for a feed that is not taken from the previous output (reuse.py). Writing pages with RELATIVE_URLS
        moved the context's base for links in content; the entries are made with the base the content was read
        with."""
        now = context.get("localsiteurl", "")
        context["localsiteurl"] = base
        try:
            return [entry(a) for a in chosen]
        finally:
            context["localsiteurl"] = now

    def feed(key, name, group, label, kind, html_url, articles) -> Feed:
        values = {"site": site, "name": label}
        chosen = _newest_first(articles)[:cap] if cap else _newest_first(articles)
        return Feed(key=key, name=name, group=group, label=label, html_url=html_url, folder=options["PATH"],
                    siteurl=siteurl, formats=formats, entries=lambda: entries(chosen), empty_date=empty,
                    title=options[f"TITLE_{kind}"].format(**values),
                    description=options[f"DESCRIPTION_{kind}"].format(**values), sources=chosen)

    articles = list(context.get("articles", []))
    feeds = [feed("alle", "alle", "Alles", "Alle Beiträge", "ALL", siteurl.rstrip("/") + "/", articles)]
    if options["PER_KIND"]:
        for category, members in sorted(context.get("categories", []), key=lambda c: c[0].slug):
            feeds.append(feed(f"kind:{category.slug}", category.slug, "Rubriken", category.name, "KIND",
                              feed_items.absolute(siteurl, category.url), members))
    if options["PER_TAG"]:
        for tag, members in sorted(context.get("tags", []), key=lambda t: t[0].slug):
            feeds.append(feed(f"tag:{tag.slug}", f"themen/{tag.slug}", "Themen", tag.name, "TAG",
                              feed_items.absolute(siteurl, tag.url), members))
    return FeedIndex(feeds)


def newsletter_feed(issues, settings: dict, options: dict) -> Feed | None:
    """The newsletter feed, only when the newsletter plugin provided issues."""
    if not issues or not options["NEWSLETTER"]:
        return None
    site, siteurl = settings["SITENAME"], settings["SITEURL"]
    chosen = sorted(issues, key=lambda i: (i.date, i.uid), reverse=True)
    if options["MAX_ITEMS"]:
        chosen = chosen[:options["MAX_ITEMS"]]
    values = {"site": site, "name": "Newsletter"}
    return Feed(key="newsletter", name="newsletter", group="Newsletter", label="Newsletter-Ausgaben",
                title=options["TITLE_NEWSLETTER"].format(**values),
                description=options["DESCRIPTION_NEWSLETTER"].format(**values),
                html_url=feed_items.absolute(siteurl, options["NEWSLETTER_URL"]), folder=options["PATH"],
                siteurl=siteurl, formats=tuple(options["FORMATS"]),
                entries=[feed_items.from_issue(issue, settings) for issue in chosen])
