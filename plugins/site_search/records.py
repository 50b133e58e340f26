"""Search records from the written pages: the text of the element marked ``data-pagefind-body``.

A record is what Pagefind indexes for one page: its URL (site-root-relative, ``/interviews/x/``), its text and its
meta (``title`` from the first heading, ``image``/``image_alt`` from the first image), as Pagefind itself would
take them from the HTML. Block elements become sentences, the excluded selectors are dropped.
"""

from __future__ import annotations

import posixpath
import re

import lxml.html
from lxml.cssselect import CSSSelector

BODY_MARK = "data-pagefind-body"
BLOCKS = frozenset("address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure "
                   "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr "
                   "ul".split())
ENDINGS = tuple(".!?:;…")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PUBLISHED = ".//meta[@property='article:published_time']"  # Open Graph (plugins/structured_data)
BREAK = "\ue000"  # marks a block boundary (a private-use character: not in our pages' text)


def page_url(relative: str) -> str:
    """``interviews/x/index.html`` → ``/interviews/x/`` (Pagefind's URLs without ``keep_index_url``)."""
    if posixpath.basename(relative) == "index.html":
        folder = posixpath.dirname(relative)
        return f"/{folder}/" if folder else "/"
    return f"/{relative}"


class Extractor:
    def __init__(self, exclude_selectors):
        selectors = [*exclude_selectors, "script", "style", "template", "noscript"]
        self.exclude = CSSSelector(", ".join(selectors))

    def record(self, relative: str, html: bytes) -> dict | None:
        """The record of one page, or None when the page has no marked element (it is not indexed)."""
        if BODY_MARK.encode() not in html:
            return None
        document = lxml.html.document_fromstring(html)
        body = document.find(f".//*[@{BODY_MARK}]")
        if body is None:
            return None
        published = document.find(PUBLISHED)
        date = DATE.match(published.get("content") or "") if published is not None else None
        for element in self.exclude(body):
            element.drop_tree()
        meta = {}
        heading = body.find(".//h1")
        if heading is not None:
            meta["title"] = " ".join(heading.text_content().split())
        image = body.find(".//img[@src]")
        if image is not None:
            meta["image"] = image.get("src")
            if image.get("alt"):
                meta["image_alt"] = image.get("alt")
        # ``published`` (the local date, or empty) is ours, not Pagefind's: it puts recent pages in a part of their own
        return {"url": page_url(relative), "content": text_of(body), "meta": meta,
                "published": date.group() if date else ""}


def text_of(element) -> str:
    """The element's text; each block element is a sentence of its own (``Titel. Text …``)."""
    for block in element.iter(*BLOCKS):
        block.text = BREAK + (block.text or "")
        block.tail = BREAK + (block.tail or "")
    parts = []
    for chunk in "".join(element.itertext()).split(BREAK):
        sentence = " ".join(chunk.split())
        if sentence:
            parts.append(sentence if sentence.endswith(ENDINGS) else sentence + ".")
    return " ".join(parts)
