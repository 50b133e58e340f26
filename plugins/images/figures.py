"""Markdown: images as figures with caption and credit, the ``::: galerie`` block, links to photos.

``![Alt](images/foto.jpg "Bildunterschrift (Foto: Name)")`` alone in a paragraph becomes a <figure>; the title
is the caption, a trailing ``(Foto: …)`` the credit. Between ``::: galerie`` and ``:::`` images form a gallery.
Local images leave here as placeholders (``data-nb-image``): the images plugin turns them into <img srcset>
after reading, so cached Markdown never carries a derivative name that the original's next version changes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .paths import EXTERNAL, strip
from .settings import RASTER

CREDIT = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>(?:Foto|Fotos|Bild|Grafik|Illustration|Quelle)\s*:[^()]+"
                    r"|©[^()]+)\)\s*$", re.DOTALL)
GALLERY_START = re.compile(r"^:::[ \t]*galerie[ \t]*$", re.IGNORECASE)
FENCE_END = re.compile(r"^:::[ \t]*$")
GALLERY_MARK = "nb-gallery-block"


def split_title(title: str | None) -> tuple[str, str]:
    """``"Die Halle (Foto: Jana Roth)"`` → ``("Die Halle", "Foto: Jana Roth")``."""
    title = (title or "").strip()
    match = CREDIT.match(title)
    return (match["caption"].strip(), match["credit"].strip()) if match else (title, "")


def is_local_raster(reference: str | None) -> bool:
    if not reference or EXTERNAL.match(reference.strip()) or reference.startswith("#"):
        return False
    return strip(reference)[1].lower().endswith(RASTER)


class GalleryBlock(BlockProcessor):
    """``::: galerie`` … ``:::`` (blank lines inside allowed) → a marked <div>; the tree processor makes a list."""

    def test(self, parent, block) -> bool:
        return bool(GALLERY_START.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks) -> None:
        first = blocks.pop(0).split("\n", 1)
        inner, pending = [], [first[1]] if len(first) > 1 else []
        while pending or blocks:
            block = pending.pop() if pending else blocks.pop(0)
            lines = block.split("\n")
            end = next((i for i, line in enumerate(lines) if FENCE_END.match(line)), None)
            if end is None:
                inner.append(block)
                continue
            inner.append("\n".join(lines[:end]))
            if lines[end + 1:]:
                blocks.insert(0, "\n".join(lines[end + 1:]))
            break
        div = etree.SubElement(parent, "div", {"class": GALLERY_MARK})
        self.parser.parseBlocks(div, [b for b in inner if b.strip()])


def _placeholder(img: etree.Element, use: str) -> etree.Element:
    element = etree.Element("img")
    element.set("data-nb-image", img.get("src", ""))
    element.set("data-nb-use", use)
    element.set("alt", img.get("alt", ""))
    return element


def _image(img: etree.Element, use: str) -> etree.Element:
    if is_local_raster(img.get("src")):
        return _placeholder(img, use)
    element = etree.Element("img", {"src": img.get("src", ""), "alt": img.get("alt", "")})
    element.set("loading", "lazy")
    element.set("decoding", "async")
    return element


def _figure(img: etree.Element, css: str, use: str, link: bool = False) -> etree.Element:
    figure = etree.Element("figure", {"class": css})
    holder = figure
    if link and is_local_raster(img.get("src")):
        holder = etree.SubElement(figure, "a", {"class": "gallery__link", "data-nb-link": img.get("src", "")})
    holder.append(_image(img, use))
    caption, credit = split_title(img.get("title"))
    if caption or credit:
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = f"{caption} " if caption and credit else caption
        if credit:
            span = etree.SubElement(figcaption, "span", {"class": "credit"})
            span.text = credit
            span.tail = ""
    return figure


def _only_images(p: etree.Element) -> bool:
    return (p.tag == "p" and len(p) > 0 and all(child.tag == "img" and not (child.tail or "").strip() for child in p)
            and not (p.text or "").strip())


class FigureProcessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in reversed(list(enumerate(parent))):
                if child.tag == "div" and child.get("class") == GALLERY_MARK:
                    parent[index:index + 1] = self.gallery(child)
                elif _only_images(child) and parent.get("class") != GALLERY_MARK:
                    parent[index:index + 1] = [_figure(img, "figure", "inline") for img in child]
        for parent in list(root.iter()):
            for index, child in enumerate(parent):
                if child.tag == "img" and "data-nb-image" not in child.attrib and "loading" not in child.attrib:
                    replacement = _image(child, "text")
                    replacement.tail = child.tail
                    parent[index] = replacement
                elif child.tag == "a" and is_local_raster(child.get("href")):
                    child.set("data-nb-link", child.attrib.pop("href"))

    @staticmethod
    def gallery(div: etree.Element) -> list:
        items, rest = etree.Element("ul", {"class": "gallery"}), []
        for child in div:
            if _only_images(child):
                for img in child:
                    li = etree.SubElement(items, "li", {"class": "gallery__item"})
                    li.append(_figure(img, "gallery__figure", "gallery", link=True))
            else:
                rest.append(child)
        return [items, *rest] if len(items) else rest


class FiguresExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        md.parser.blockprocessors.register(GalleryBlock(md.parser), "netzbrief_gallery", 105)
        # After inline processing (20), before German typography (10) so captions get „“ quotes.
        md.treeprocessors.register(FigureProcessor(md), "netzbrief_figures", 15)


def makeExtension(**kwargs):  # noqa: N802 - Markdown's API
    return FiguresExtension(**kwargs)
