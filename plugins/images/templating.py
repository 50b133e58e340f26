"""Jinja globals: ``lead_image(article)`` for the article header, ``teaser_image(item, lead)`` for cards.

Both return the finished markup (escaped inside, marked safe): raster images with srcset, SVG as they are.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup, escape

from . import markup
from .settings import DEFAULTS


def _sizes(ctx, use: str) -> str:
    sizes = ctx.get("IMAGES_SIZES") or DEFAULTS["SIZES"]
    return sizes.get(use) or DEFAULTS["SIZES"][use]


def _image(ctx, item, use: str, eager: bool, css_class: str = "") -> Markup:
    siteurl, alt = ctx.get("SITEURL", ""), getattr(item, "image_alt", None) or ""
    picture = getattr(item, "picture", None)
    if picture is not None:
        return markup.img(picture, siteurl, alt, _sizes(ctx, use), eager=eager, css_class=css_class)
    image = item.image if "://" in item.image else markup.url(siteurl, item.image.lstrip("/"))
    return markup.plain(image, alt, getattr(item, "image_width", None), getattr(item, "image_height", None),
                        eager=eager, css_class=css_class)


@pass_context
def lead_image(ctx, item) -> Markup:
    """The header image of an article page, with its credit: loads first (it is the largest thing on screen)."""
    if not getattr(item, "image", None):
        return Markup("")
    credit = getattr(item, "credit", None)
    caption = Markup(f"<figcaption>{markup.credit(credit)}</figcaption>") if credit else Markup("")
    return Markup(f'<figure class="entry-image">{_image(ctx, item, "lead", True)}{caption}</figure>')


@pass_context
def teaser_image(ctx, item, lead: bool = False) -> Markup:
    """A card's image; the home page's lead card loads first, every other card lazily."""
    if not getattr(item, "image", None):
        return Markup("")
    credit = getattr(item, "credit", None)
    note = Markup(f'<span class="teaser__credit">{escape(credit)}</span>') if credit else Markup("")
    image = _image(ctx, item, "teaser_lead" if lead else "teaser", lead, "teaser__image")
    return Markup(f'<div class="teaser__media">{image}{note}</div>')
