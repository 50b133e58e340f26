"""Markdown for front matter text (the summary): inline formatting stays, raw HTML is shown as text.

The summary is data: it goes to listings, feeds, the newsletter and meta tags. Emphasis, code and links work as in
the body, but HTML written into a summary is escaped, and a link or image may only point to a web or mail address
or a relative path (``javascript:`` and the like lose their target). The body keeps raw HTML (docs/content.md).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .typography import TypographyExtension

SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"^([^/?#]*?):")


def safe_target(url: str) -> bool:
    """True for http(s)/mailto URLs and relative ones, as a browser would read the attribute (entities decoded,
    tabs, newlines and control characters dropped)."""
    decoded = html.unescape(url.replace(AMP_SUBSTITUTE, "&"))
    cleaned = "".join(ch for ch in decoded if ch > " " and not ch.isspace())
    match = SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


class SafeTargets(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in ("href", "src"):
                if name in element.attrib and not safe_target(element.attrib[name]):
                    del element.attrib[name]


class InlineOnly(Extension):
    """No raw HTML (block or inline) and only safe link targets."""

    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(SafeTargets(md), "netzbrief_safe_targets", 1)


def inline_markdown(output_format: str = "html5") -> Markdown:
    return Markdown(extensions=[TypographyExtension(), InlineOnly()], output_format=output_format)
