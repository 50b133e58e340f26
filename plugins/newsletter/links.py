"""Absolute links for the e-mail: site URLs with campaign parameters, editorial links resolved."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
HREF = re.compile(r'(\s(href|src)=")([^"]*)(")')
INTERSITE = re.compile(r"^\{(filename|static|attach)\}(.*)$")


def absolute(url: str, base: str) -> str:
    """``interviews/x/`` → ``https://site/interviews/x/``; absolute URLs, ``mailto:`` and anchors stay."""
    if SCHEME.match(url) or url.startswith("#"):
        return url
    if url.startswith("//"):
        return "https:" + url
    if url.startswith("/"):
        parts = urlsplit(base)
        return urlunsplit((parts.scheme, parts.netloc, url, "", ""))
    return f"{base}/{url}"


def is_site(url: str, base: str) -> bool:
    return url == base or url.startswith(base + "/") or url.startswith(base + "?")


def with_utm(url: str, params: dict) -> str:
    """Append campaign parameters (keeping existing ones, replacing ours), before any ``#fragment``."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query += list(params.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), parts.fragment))


class Linker:
    """Turns site-relative URLs into absolute ones, with UTM parameters on links to the site."""

    def __init__(self, base: str, utm: dict | None = None, sources: dict | None = None):
        self.base = base.rstrip("/")
        self.utm = utm or {}
        self.sources = sources or {}  # content path (below content/) → site-relative URL, for {filename}

    def url(self, url: str, utm: bool = True) -> str:
        url = absolute(url, self.base)
        return with_utm(url, self.utm) if utm and self.utm and is_site(url, self.base) else url

    def resolve(self, link: str, source_dir: str = "newsletter") -> str:
        """``{filename}/pages/x.md`` → the page's URL; ``{static}/images/a.png`` → ``images/a.png``."""
        match = INTERSITE.match(link)
        if not match:
            return link
        what, target = match.groups()
        target, _, fragment = target.partition("#")
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else f"{source_dir}/{target}")
        url = self.sources.get(path, path) if what == "filename" else path
        return url + (f"#{fragment}" if fragment else "")

    def html(self, html: str, utm: bool = True) -> str:
        """Every ``href``/``src`` in an HTML fragment made absolute (links to the site tagged with UTM)."""
        def replace(match) -> str:
            url = self.url(self.resolve(match.group(3).replace("&amp;", "&")), utm and match.group(2) == "href")
            return match.group(1) + url.replace("&", "&amp;") + match.group(4)
        return HREF.sub(replace, html)
