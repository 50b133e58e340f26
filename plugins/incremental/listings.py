"""What a listing page (topic, rubric, author, home, archive …) depends on, as one digest: equal digest, equal bytes.

The key names every value the page's templates can see: the variables their source refers to (templates.py:
found by parsing them, with everything they extend, include or import), plus the per-page values that Jinja
globals read from the context (``seo_meta``: canonical URL, title, pagination). Each value counts by what it is:
plain data as it is, an item by its own digest (``item_digest``: its front matter and everything shown of it),
topics and rubrics by name and URL, the feeds by their titles and addresses, a pagination page by its number and
items. A value of any other kind makes the page always rendered. ``articles`` (a listing's whole list) counts by
its length when the templates only ask for that (``articles | length``); otherwise item by item.

An item's body reaches a listing only through what ``ITEM`` names (summary, reading time), unless the templates
ask for one of ``templates.FROM_BODY`` of a value the page has (``article.has_gallery`` on a listing has no
``article``), of a loop variable or macro argument, or name it in a string (``map(attribute=…)``): then the item
counts by its whole file. So an edit below the summary leaves the listings showing the item as they were.
Globals that take an item (``teaser_image``) read its front matter only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from content_model.checkcache import file_digest, unchanged_since_key
from content_model.frontmatter import header

from .keys import links_elsewhere

# Read from the context by Jinja globals (structured_data.meta.seo_meta) rather than named in template source.
CONTEXT_READ_BY_GLOBALS = ("output_file", "page_name", "period", "article", "page", "category", "tag", "author",
                           "articles_page", "articles_previous_page", "articles_next_page", "SITEURL",
                           "SITEURL_ABSOLUTE")
ITEM = ("title", "url", "save_as", "status", "kind", "event_type", "date", "modified", "reading_time", "summary",
        "image", "image_alt", "credit", "image_focus", "images_key", "image_width", "image_height", "newsletter",
        "scheduled", "is_draft")
LINKED = ("report", "announcement", "prev_article", "next_article")


_COMPUTED: dict[type, frozenset] = {}


def _computed(kind: type) -> frozenset:
    """The names of ``ITEM`` that ``kind`` defines itself (properties such as ``url``, ``summary``): read with
    ``getattr``; every other one is the item's own value or missing (a dictionary lookup, no exception)."""
    known = _COMPUTED.get(kind)
    if known is None:
        known = _COMPUTED[kind] = frozenset(name for name in ITEM if hasattr(kind, name))
    return known


class Unknown(Exception):
    """A value whose dependencies cannot be named: the page is always rendered."""


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def _shared(value) -> bool:
    """Whether ``value`` is one object that many pages see (its digest is computed once: ``collection``): a list,
    a dict, or the feeds (their titles and addresses, 3 KB of JSON for every one of 3,600 pages at 5,000 articles)."""
    return isinstance(value, (list, tuple, dict)) or type(value).__name__ == "FeedIndex"


HEADERS: dict[bytes, str] = {}  # a file's SHA-256 → the digest of its front matter, as the last build in this
# process found them (``invoke livereload``: the files are not read again for their front matter)


class ListingKeys:
    def __init__(self, site: str):
        self.site = site
        self.body = False  # whether the page being keyed shows what is computed from its items' bodies
        self.items: dict[tuple, str] = {}
        self.shown: dict[int, str] = {}  # id of an item → the digest of what listings show of it, without its file
        self.sources: dict[tuple, str] = {}
        self.headers: dict[bytes, str] = {}  # HEADERS of this build
        self.collections: dict[tuple, tuple] = {}  # (id, body) → (the value, its length, its digest)

    def source_digest(self, path: str) -> str:
        """The item's file: its front matter, or all of it where the page shows what comes of its body. A file
        saved since the build read it counts by the bytes the build read (``file_digest``), never by its new front
        matter: the page shows the old one, and the next build must not take it for the new."""
        known = self.sources.get((path, self.body))
        if known is None and self.body:
            known = self.sources[path, True] = file_digest(path).hex()
        elif known is None:
            read = file_digest(path)  # the bytes the build read: their front matter's digest is known, or read
            known = HEADERS.get(read)
            if known is None:
                with open(path, "rb") as handle:
                    data = handle.read()
                same = unchanged_since_key(path, read) or hashlib.sha256(data).digest() == read
                known = hashlib.sha256(header(data)).hexdigest() if same else read.hex()
            if known != read.hex():
                self.headers[read] = known
            self.sources[path, False] = known
        return known

    def keep(self) -> None:
        """The build is done: keep its front matter digests for the next build in this process, and only them."""
        HEADERS.clear()
        HEADERS.update(self.headers)

    def item_digest(self, item) -> str:
        """What listings show of ``item`` and its file (``source_digest``). The first part is computed once per
        build and item; the file's part is added for each of the two kinds of listing."""
        known = self.items.get((id(item), self.body))
        if known is None:
            shown = self.shown.get(id(item))
            if shown is None:
                shown = self.shown[id(item)] = self._shown(item)
            text = f"{self.source_digest(item.source_path)} {shown}"
            known = self.items[id(item), self.body] = hashlib.sha256(text.encode()).hexdigest()
        return known

    @staticmethod
    def _shown(item) -> str:
        if links_elsewhere(item._content or "") or links_elsewhere(str(getattr(item, "_summary", "") or "")):
            raise Unknown("links resolved against other content")
        values, computed = item.__dict__, _computed(type(item))
        details = [[getattr(item, name, None) if name in computed else values.get(name) for name in ITEM],
                   [t.name for t in getattr(item, "tags", None) or []],
                   [a.name for a in getattr(item, "authors", None) or []],
                   getattr(getattr(item, "category", None), "name", None),
                   [[o.title, o.url] if (o := getattr(item, name, None)) is not None else None for name in LINKED],
                   [[o.title, o.url] for o in getattr(item, "series_events", None) or []]]
        return hashlib.sha256(json.dumps(details, default=_plain).encode()).hexdigest()

    def items_digest(self, items) -> str:
        """A list of items as one digest of their digests (each 64 characters, so the joined text is unambiguous):
        lists of every item (``articles``, ``dates``, a topic's members) walked as lists and written as JSON were
        most of the listing keys' time."""
        digest = hashlib.sha256()
        for item in items:
            digest.update(self.item_digest(item).encode())
        return digest.hexdigest()

    def value(self, value):
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, Content):
            return ["item", self.item_digest(value)]
        if isinstance(value, URLWrapper):
            return [type(value).__name__, value.name, value.slug, value.url]
        if isinstance(value, Page):
            return ["page", value.number, value.paginator.num_pages, value.paginator.count, value.url,
                    [self.value(item) for item in value.object_list]]
        if isinstance(value, Paginator):
            return ["paginator", value.num_pages, value.count]
        if isinstance(value, (list, tuple)):
            if value and all(isinstance(item, Content) for item in value):
                return ["items", self.items_digest(value)]
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {str(key): self.value(item) for key, item in value.items()}
        if type(value).__name__ == "FeedIndex":  # plugins/feeds: titles and addresses (pages link to feeds)
            return [[feed.key, feed.title, feed.label, feed.html_url, list(feed.formats), feed.name, feed.size]
                    for feed in value]
        raise Unknown(type(value).__name__)

    def collection(self, value) -> str:
        """The digest of a list, dict or the feeds, seen by many pages (held, so its id is not reused; computed
        again when its length changed: the newsletter's feed joins the feeds late)."""
        known = self.collections.get((id(value), self.body))
        if known is None or known[0] is not value or known[1] != len(value):
            text = json.dumps(self.value(value), sort_keys=True, default=_plain)
            known = self.collections[id(value), self.body] = (value, len(value),
                                                               hashlib.sha256(text.encode()).hexdigest())
        return known[2]

    def key(self, name: str, context: dict, environment, templates: str, used: set[str], counted: bool,
            body: frozenset[str] = frozenset("*")):
        """The digest of the page ``name`` rendered from ``context``, or None where it must always be rendered
        (``body``: where its templates ask for what is computed from an item's body, ``templates.body_roots``)."""
        self.body = "*" in body or any(context.get(variable) is not None for variable in body)
        values = {}
        for variable in sorted(used | set(CONTEXT_READ_BY_GLOBALS)):
            if variable not in context:  # a Jinja global (code), or undefined
                values[variable] = "global" if variable in environment.globals else "-"
                continue
            value = context[variable]
            if variable == "articles" and counted and isinstance(value, (list, tuple)):
                values[variable] = ["count", len(value)]
                continue
            try:
                values[variable] = self.collection(value) if _shared(value) else self.value(value)
            except Unknown:
                return None
        digest = hashlib.sha256((self.site + templates + name).encode())
        digest.update(json.dumps(values, sort_keys=True, default=_plain).encode())
        return digest.hexdigest()
