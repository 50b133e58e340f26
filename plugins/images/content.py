"""After reading: placeholders in content become <img srcset> markup; lead images become pictures."""

from __future__ import annotations

import hashlib
import html
import logging
import re
from pathlib import Path

from . import markup
from .originals import Unreadable
from .paths import Outside, locate
from .picture import Picture, make

log = logging.getLogger(__name__)
PLACEHOLDER = re.compile(r'<img(?=[^>]*\sdata-nb-image=")([^>]*)>')  # written by figures.py: attributes only
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
LINK = re.compile(r'data-nb-link="([^"]*)"')


def picture_for(store, reference: str, source_path, display: str, *, lead=False, mail=False,
                focus=None) -> Picture | None:
    """The picture of a local raster reference; logs an error (which fails the build) when it cannot be made."""
    try:
        local = locate(reference, source_path, store.content)
    except Outside:
        log.error("%s: Das Bild „%s“ liegt außerhalb von content/.", display, reference)
        return None
    if local is None or not local.raster:
        return None
    if not local.exists:
        log.error("%s: Bilddatei „%s“ nicht gefunden (erwartet unter content/%s).", display, reference,
                  local.relative)
        return None
    try:
        original = store.originals.get(local.path, local.relative)
    except (OSError, Unreadable) as exc:
        log.error("%s: Bilddatei „%s“ ist kein lesbares Bild (%s).", display, reference, exc)
        return None
    return make(store, original, lead=lead, mail=mail, focus=focus)


def resolve_html(text: str, store, source_path, display: str, used: list, email: bool = False) -> str:
    """Replace the Markdown extension's placeholders; ``used`` collects the derivative names (for page keys).

    ``email``: one JPEG per image by absolute URL, sized for the 600 px newsletter layout."""
    siteurl, sizes = store.settings.get("SITEURL", ""), store.options["SIZES"]
    page_base = "" if store.settings.get("RELATIVE_URLS") else siteurl  # development: from the root, any port

    def image(match: re.Match) -> str:
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(match[1])}
        reference, use, alt = attributes["data-nb-image"], attributes.get("data-nb-use", ""), attributes.get("alt", "")
        picture = picture_for(store, reference, source_path, display, mail=email)
        if picture is None:
            return markup.plain(reference, alt)
        if email:
            return (f'<img src="{markup.escape(markup.url(siteurl, picture.email.name))}" alt="{markup.escape(alt)}" '
                    f'width="544" style="display:block;width:100%;max-width:544px;height:auto">')
        used.append(picture.fallback.name)
        return markup.img(picture, page_base, alt, sizes.get(use, sizes["inline"]))

    def link(match: re.Match) -> str:
        reference = html.unescape(match[1])
        picture = picture_for(store, reference, source_path, display)
        if picture is None:
            return f'href="{match[1]}"'
        used.append(picture.large.name)
        return f'href="{markup.url(page_base, picture.large.name)}"'

    return LINK.sub(link, PLACEHOLDER.sub(image, text))


def editorial_html(text: str, settings: dict, source_path, email: bool) -> str:
    """The newsletter's editorial: pictures as on the site (web version) or for the e-mail."""
    from .store import store_of

    store = store_of(settings)
    if store is None or "data-nb-" not in text:
        return text
    return resolve_html(text, store, source_path, display_path(store, source_path), [], email=email)


def display_path(store, source_path) -> str:
    try:
        return f"content/{Path(source_path).resolve().relative_to(store.content.resolve()).as_posix()}"
    except ValueError:
        return str(source_path)


def resolve_content(instance, store) -> None:
    """content_object_init: ``picture`` for a raster ``image`` (with mail and social variants), pictures in the
    HTML, and ``images_key`` naming every derivative the page shows (for incremental rebuilds)."""
    if getattr(instance, "status", None) == "draft":  # never written: make nothing for it
        return
    used: list = []
    image = instance.metadata.get("image")
    text = getattr(instance, "_content", None)
    instance.picture = None
    local, marked = bool(image) and "://" not in image, bool(text) and "data-nb-" in text
    display = display_path(store, instance.source_path) if local or marked else ""  # for messages only
    if local:  # front matter paths are relative to content/
        instance.picture = picture_for(store, image, store.content / "_", display, lead=True,
                                       focus=instance.metadata.get("image_focus"))
    if instance.picture is not None:
        used += [instance.picture.fallback.name, instance.picture.social.name]
    if marked:
        instance._content = resolve_html(text, store, instance.source_path, display, used)
    instance.has_gallery = bool(text) and 'class="gallery"' in instance._content
    instance.images_key = hashlib.sha256("\n".join(used).encode()).hexdigest()[:16] if used else None


__all__ = ["editorial_html", "picture_for", "resolve_content", "resolve_html"]
