"""Computes descriptions and JSON-LD of every article and page; writes sitemap.xml and robots.txt."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import lxml.html
from pelican.generators import Generator

from . import jsonld, sitemap
from .meta import page_url, seo_options

log = logging.getLogger(__name__)
SPACE = re.compile(r"\s+")


def plain(html) -> str:
    if not html or not str(html).strip():
        return ""
    return SPACE.sub(" ", lxml.html.fromstring(f"<div>{html}</div>").text_content()).strip()


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + " …"


def description(item, limit: int) -> str:
    """The summary as plain text; pages without one get the start of their text, cut at a word."""
    text = str(getattr(item, "summary_text", "") or "").strip()
    if text:
        return SPACE.sub(" ", text)
    return shorten(plain(getattr(item, "summary", "") or item.content), limit)


class StructuredDataGenerator(Generator):
    def generate_context(self):
        options = seo_options(self.settings)
        site = jsonld.Site.from_settings(self.settings, options)
        items = [*self.context.get("articles", []), *self.context.get("pages", [])]
        for item in items:  # first: a report's JSON-LD describes its announcement's event
            item.seo_description = description(item, options["DESCRIPTION_MAX"])
        for item in items:
            data = jsonld.for_item(item, site)
            item.jsonld = jsonld.dump(data) if data else None

    def generate_output(self, writer):
        options = seo_options(self.settings)
        siteurl = self.settings["SITEURL"]
        output = Path(self.output_path)
        noindex = {page_url(siteurl, name) for name in options["NOINDEX"]}
        sitemap_url = None
        if options["SITEMAP_SAVE_AS"]:
            items = sitemap.entries(self.context, siteurl, options, noindex)
            (output / options["SITEMAP_SAVE_AS"]).write_text(sitemap.sitemap_xml(items), encoding="utf-8")
            sitemap_url = jsonld.absolute(siteurl, options["SITEMAP_SAVE_AS"])
            log.info("Sitemap mit %d Adressen geschrieben", len(items))
        if options["ROBOTS_SAVE_AS"]:
            (output / options["ROBOTS_SAVE_AS"]).write_text(sitemap.robots_txt(sitemap_url), encoding="utf-8")
