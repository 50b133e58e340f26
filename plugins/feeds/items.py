"""Feed entries as plain data: from Pelican articles or newsletter issues, with absolute URLs throughout."""

from __future__ import annotations

import datetime as dt
import mimetypes
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin

import lxml.html

from .settings import NAMESPACE

mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")


def stable_id(uid: str) -> str:
    """The entry id: ``urn:uuid:`` + uuid5 of the item's uid; survives slug and title changes."""
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(NAMESPACE), uid)}"


def absolute(siteurl: str, url: str) -> str:
    """Site-relative (``interviews/x/``) or root-relative (``/x``) URL → absolute under SITEURL."""
    if "://" in url:
        return url
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def absolute_links(html: str, base: str) -> str:
    """Rewrite every relative href/src (and srcset) in an HTML fragment against ``base``."""
    if not html or not html.strip():
        return html
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    fragment.make_links_absolute(base, resolve_base_href=False)
    for element in fragment.iter():
        srcset = element.get("srcset") if isinstance(element.tag, str) else None
        if srcset:
            parts = []
            for candidate in srcset.split(","):
                bits = candidate.strip().split(None, 1)
                if bits:
                    parts.append(" ".join([urljoin(base, bits[0]), *bits[1:]]))
            element.set("srcset", ", ".join(parts))
    serialised = lxml.html.tostring(fragment, encoding="unicode")
    return serialised[len("<div>"):-len("</div>")]


@dataclass
class Enclosure:
    url: str
    length: int | Callable[[], int]  # bytes; a callable for an image derivative the build makes later
    type: str

    def size(self) -> int:
        return self.length() if callable(self.length) else self.length


@dataclass
class FeedItem:
    uid: str
    title: str
    url: str  # absolute
    date: dt.datetime  # aware
    updated: dt.datetime  # aware
    summary: str  # plain text
    content: str | None = None  # HTML with absolute links
    authors: list = field(default_factory=list)  # names
    categories: list = field(default_factory=list)  # (name, absolute URL of the tag page)
    enclosure: Enclosure | None = None

    @property
    def id(self) -> str:
        return stable_id(self.uid)


def enclosure(image: str | None, settings: dict, picture=None) -> Enclosure | None:
    """The article image as an enclosure: a raster image's 1200 px JPEG (plugins/images), else the file itself."""
    if not image:
        return None
    siteurl = settings["SITEURL"]
    if picture is not None and picture.email is not None:
        spec = picture.email
        return Enclosure(url=absolute(siteurl, spec.name), length=lambda: picture.byte_size(spec), type=spec.media_type)
    if "://" in image:
        return None  # size unknown: an enclosure without a true length is invalid
    source = Path(settings["PATH"]) / image.lstrip("/")
    if not source.is_file():
        return None
    kind = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    return Enclosure(url=absolute(siteurl, image), length=source.stat().st_size, type=kind)


def from_article(article, settings: dict, full_content: bool) -> FeedItem:
    siteurl = settings["SITEURL"]
    url = absolute(siteurl, article.url)
    summary = str(getattr(article, "summary_text", "") or "").strip()
    if not summary:
        summary = lxml.html.fromstring(f"<div>{article.summary}</div>").text_content().strip() \
            if getattr(article, "summary", None) else article.title
    content = absolute_links(str(article.content), url) if full_content else None
    modified = getattr(article, "modified", None) or article.date
    return FeedItem(
        uid=article.uid,
        title=article.title,
        url=url,
        date=article.date,
        updated=max(modified, article.date),
        summary=summary,
        content=content,
        authors=[author.name for author in getattr(article, "authors", []) or []],
        categories=[(tag.name, absolute(siteurl, tag.url)) for tag in getattr(article, "tags", []) or []],
        enclosure=enclosure(getattr(article, "image", None), settings, getattr(article, "picture", None)),
    )


def from_issue(issue, settings: dict) -> FeedItem:
    """A newsletter issue (``title``, ``date``, ``url``, ``uid``, ``summary``) as a feed entry."""
    url = absolute(settings["SITEURL"], issue.url)
    return FeedItem(uid=issue.uid, title=issue.title, url=url, date=issue.date, updated=issue.date,
                    summary=str(issue.summary or issue.title).strip())
