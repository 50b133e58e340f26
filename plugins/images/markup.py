"""HTML for pictures: one <img> with a WebP srcset and a JPEG/PNG src (a <picture> only when AVIF is on).

Everything an editor wrote (alt text, caption, credit) is escaped here; the result is marked safe.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .derivatives import MEDIA_TYPES
from .picture import Picture


def url(siteurl: str, name: str) -> str:
    return f"{siteurl.rstrip('/')}/{name}" if siteurl else f"/{name}"


def srcset(siteurl: str, specs) -> str:
    return ", ".join(f"{url(siteurl, s.name)} {s.width}w" for s in specs)


def loading(eager: bool) -> str:
    """The lead image loads at once and first; everything else when it nears the screen."""
    return ' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"'


def img(picture: Picture, siteurl: str, alt: str, sizes: str, *, eager: bool = False, css_class: str = "") -> Markup:
    formats = list(picture.sources)
    last = formats[-1] if formats else None
    attributes = (f' class="{escape(css_class)}"' if css_class else "") + \
        f' src="{escape(url(siteurl, picture.fallback.name))}"'
    if last:
        attributes += f' srcset="{escape(srcset(siteurl, picture.sources[last]))}" sizes="{escape(sizes)}"'
    attributes += f' width="{picture.width}" height="{picture.height}" alt="{escape(alt)}"{loading(eager)}'
    if picture.focus:
        attributes += f' style="object-position: {picture.focus[0]:.0%} {picture.focus[1]:.0%}"'
    tag = f"<img{attributes}>"
    if len(formats) > 1:  # better formats first, as <source>s
        sources = "".join(f'<source type="{MEDIA_TYPES[fmt]}" srcset="{escape(srcset(siteurl, picture.sources[fmt]))}"'
                          f' sizes="{escape(sizes)}">' for fmt in formats[:-1])
        tag = f"<picture>{sources}{tag}</picture>"
    return Markup(tag)


def plain(src: str, alt: str, width=None, height=None, *, eager: bool = False, css_class: str = "") -> Markup:
    """An image without derivatives (SVG, external): as it is, with the same loading hints."""
    size = f' width="{int(width)}" height="{int(height)}"' if width and height else ""
    css = f' class="{escape(css_class)}"' if css_class else ""
    return Markup(f'<img{css} src="{escape(src)}" alt="{escape(alt)}"{size}{loading(eager)}>')


def credit(text: str | None, css_class: str = "credit") -> Markup:
    return Markup(f'<span class="{css_class}">{escape(text)}</span>') if text else Markup("")
