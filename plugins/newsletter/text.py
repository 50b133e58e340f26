"""The plain-text part: wrapping that never breaks a URL, and HTML (the editorial) turned into text.

Rule: a URL always stands alone on its own line, unwrapped, however long; every other line is at most
``width`` characters.
"""

from __future__ import annotations

import re
import textwrap

from lxml import html as lxml_html

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "dt", "dd", "tr"}
SPACE = re.compile(r"\s+")
BREAK = "\x00"  # a <br> inside a paragraph


def wrap(text: str, width: int = 78, indent: str = "", first: str | None = None) -> str:
    """Wrap one paragraph; ``first`` replaces ``indent`` on the first line (e.g. ``"- "``)."""
    text = SPACE.sub(" ", str(text or "")).strip()
    if not text:
        return ""
    return textwrap.fill(text, width=width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_long_words=True, break_on_hyphens=False)


def underline(text: str, char: str = "-") -> str:
    return f"{text}\n{char * min(max(map(len, text.split(chr(10)))), 78)}"


def _inline(element, urls: list) -> str:
    """Text of an inline subtree; link targets are collected into ``urls`` (shown after the paragraph)."""
    parts = [SPACE.sub(" ", element.text or "")]
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            parts.append(SPACE.sub(" ", child.tail or ""))
            continue
        if child.tag == "br":
            parts.append(BREAK)
        elif child.tag not in BLOCKS | {"ul", "ol"}:
            inner = _inline(child, urls)
            href = child.get("href") if child.tag == "a" else None
            if href and href.startswith("mailto:"):
                address = href[7:].split("?")[0]
                inner = inner if address in inner else f"{inner} ({address})"
            elif href and not href.startswith("#"):
                urls.append(href)
            parts.append(inner)
        parts.append(SPACE.sub(" ", child.tail or ""))
    return "".join(parts)


def _list(element, width: int, out: list, indent: str) -> None:
    """A list as one block: items on consecutive lines, continuation lines indented under the text."""
    lines: list = []
    for number, item in enumerate(element.iterchildren("li"), 1):
        bullet = f"{number}. " if element.tag == "ol" else "- "
        _paragraph(item, width, lines, indent + " " * len(bullet), indent + bullet)
    out.append("\n".join(lines))


def _blocks(element, width: int, out: list, indent: str = "") -> None:
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("ul", "ol"):
            _list(child, width, out, indent)
        elif child.tag in BLOCKS:
            _paragraph(child, width, out, indent)
        elif child.tag == "hr":
            out.append("-" * 20)
        else:
            _blocks(child, width, out, indent)


def _paragraph(element, width: int, out: list, indent: str = "", first: str | None = None) -> None:
    urls: list = []
    lines = [wrap(line, width, indent, first if n == 0 else None)
             for n, line in enumerate(_inline(element, urls).split(BREAK))]
    text = "\n".join(line for line in lines if line)
    if element.tag in ("h1", "h2", "h3") and text:
        text = underline(text)
    if text or urls:
        out.append("\n".join([text] * bool(text) + list(dict.fromkeys(urls))))
    for child in element:
        if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
            _list(child, width, out, indent)


def html_to_text(html: str, width: int = 78) -> str:
    """Markdown-rendered HTML as text: paragraphs wrapped, each link's URL on its own line below its paragraph."""
    if not (html or "").strip():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    out: list = []
    _blocks(root, width, out)
    return "\n\n".join(out)


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, exactly one newline at the end."""
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
