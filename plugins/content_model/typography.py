"""German typography for Markdown text in one pass: "so" → „so“, 'so' → ‚so‘, it's → it’s, -- → –, ... → ….

Python-Markdown's smarty extension does the same with many inline patterns and doubles conversion time; this
treeprocessor touches only text nodes (never code, pre, kbd, samp, script, style) with a handful of regexes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SKIP = {"code", "pre", "kbd", "samp", "script", "style"}
RULES = [  # (a character the rule needs, pattern, replacement)
    ('"', re.compile(r'(^|[\s(\[{–—/])"(?=\S)'), "\\1„"),  # opening double quote after start/space/bracket
    ('"', re.compile(r'"'), "“"),  # every other double quote closes
    ("'", re.compile(r"(?<=\w)'(?=\w)"), "’"),  # apostrophe inside a word
    ("'", re.compile(r"(^|[\s(\[{–—/])'(?=\S)"), "\\1‚"),
    ("'", re.compile(r"'"), "‘"),
    ("-", re.compile(r"(?<=\s)--?(?=\s)|(?<=\d)--(?=\d)"), "–"),  # spaced hyphen(s) or 1--2 → en dash
    ("...", re.compile(r"\.\.\."), "…"),
]


def german(text: str) -> str:
    for needed, pattern, replacement in RULES:
        if needed in text:  # most text nodes need no rule at all: skip the regex
            text = pattern.sub(replacement, text)
    return text


class TypographyProcessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        for child in element:
            if child.tag not in SKIP:
                if child.text and not hasattr(child.text, "atomic"):
                    child.text = german(child.text)
                self._walk(child)
            if child.tail:
                child.tail = german(child.tail)


class TypographyExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        # After inline processing (20), before our interview processor (5).
        md.treeprocessors.register(TypographyProcessor(md), "netzbrief_typography", 10)


def makeExtension(**kwargs):  # noqa: N802 - Markdown's API
    return TypographyExtension(**kwargs)
