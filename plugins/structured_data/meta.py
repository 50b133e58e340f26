"""Head metadata of any page: description, canonical URL, robots, OpenGraph, Twitter card and JSON-LD.

Templates call ``seo_meta()`` (a Jinja global that sees the page's context); articles and pages carry what the
generator computed beforehand (``seo_description``, ``jsonld``), listings are derived here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import pass_context

from content_model.settings import plugin_settings

from . import jsonld
from .settings import DEFAULTS

PAGE_TITLES = {"tags": "Themen", "archives": "Archiv", "search": "Suche", "feeds": "Abonnieren",
               "404": "Seite nicht gefunden", "period_archives": "Archiv"}
PAGE_DESCRIPTIONS = {
    "tags": "Alle Themen im {site}: Beiträge nach Stichworten geordnet.",
    "archives": "Das Archiv aller Interviews, Veranstaltungen und Fachbeiträge im {site}.",
    "period_archives": "Das Archiv aller Interviews, Veranstaltungen und Fachbeiträge im {site}.",
    "search": "Volltextsuche in allen Beiträgen des {site}.",
    "feeds": "Den {site} abonnieren: alle Beiträge, Rubriken und Themen als Atom- oder RSS-Feed, dazu der "
             "Veranstaltungskalender.",
}


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str | None = None
    noindex: bool = False
    opengraph: list = field(default_factory=list)  # [(property, content)]
    twitter: list = field(default_factory=list)  # [(name, content)]
    jsonld: str | None = None


def seo_options(settings) -> dict:
    options = plugin_settings(settings, "SEO_", DEFAULTS)
    noindex = list(options["NOINDEX"])
    if settings.get("SEARCH_SAVE_AS"):
        noindex.append(settings["SEARCH_SAVE_AS"])
    options["NOINDEX"] = noindex
    return options


def page_url(siteurl: str, output_file: str | None) -> str | None:
    """The canonical URL of an output file: ``x/index.html`` → ``SITEURL/x/``."""
    if not output_file:
        return None
    path = output_file.replace("\\", "/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{siteurl.rstrip('/')}/{path}"


def _listing(ctx, site: str, subtitle: str):
    """(kind, title, description) of a listing page."""
    page_name = ctx.get("page_name") or ""
    category, tag, author = ctx.get("category"), ctx.get("tag"), ctx.get("author")
    if category:
        return "category", category.name, f"Alle {category.name} im {site} – {subtitle}."
    if tag:
        return "tag", f"Thema: {tag.name}", f"Beiträge zum Thema {tag.name} im {site}."
    if author:
        return "author", author.name, f"Beiträge von {author.name} im {site}."
    if page_name == "index":
        return "home", site, subtitle
    if ctx.get("period"):
        page_name = "period_archives"
    title = PAGE_TITLES.get(page_name, site)
    return page_name or "other", title, PAGE_DESCRIPTIONS.get(page_name, subtitle).format(site=site)


def compute(ctx) -> PageMeta:
    settings = ctx.parent if hasattr(ctx, "parent") else ctx
    options = seo_options(settings)
    # Absolute even where pages link relatively (development builds: SITEURL is "../.." in templates).
    siteurl, site = ctx.get("SITEURL_ABSOLUTE") or ctx.get("SITEURL", ""), ctx.get("SITENAME", "")
    subtitle = ctx.get("SITESUBTITLE") or site
    output_file = ctx.get("output_file")
    item = ctx.get("article") or ctx.get("page")
    noindex = output_file in options["NOINDEX"] or bool(item and getattr(item, "is_draft", False))
    canonical = None if noindex else (jsonld.absolute(siteurl, item.url) if item else page_url(siteurl, output_file))
    if item:
        meta = PageMeta(title=item.title, description=getattr(item, "seo_description", "") or subtitle,
                        canonical=canonical, noindex=noindex, jsonld=getattr(item, "jsonld", None))
    else:
        kind, title, description = _listing(ctx, site, subtitle)
        meta = PageMeta(title=title, description=description, canonical=canonical, noindex=noindex)
        if canonical and kind in ("home", "category", "tag") and not ctx.get("articles_previous_page"):
            site_info = jsonld.Site.from_settings(settings, options)
            meta.jsonld = jsonld.dump(jsonld.for_listing(kind, title, canonical, site_info))
    _social(meta, item, options, siteurl, site)
    return meta


def _social(meta: PageMeta, item, options: dict, siteurl: str, site: str) -> None:
    is_article = bool(item) and getattr(item, "kind", "page") != "page"
    image = jsonld.absolute(siteurl, item.image) if item and getattr(item, "image", None) else None
    social = getattr(item, "picture", None) and item.picture.social  # plugins/images: 1200×630 around the focus
    if social:
        image = jsonld.absolute(siteurl, social.name)
    og = [("og:type", "article" if is_article else "website"), ("og:title", meta.title),
          ("og:description", meta.description), ("og:site_name", site), ("og:locale", options["LOCALE"])]
    if meta.canonical:
        og.append(("og:url", meta.canonical))
    if image:
        og.append(("og:image", image))
        width, height = (social.width, social.height) if social else (getattr(item, "image_width", None),
                                                                       getattr(item, "image_height", None))
        if width and height:
            og += [("og:image:width", str(width)), ("og:image:height", str(height))]
        if getattr(item, "image_alt", None):
            og.append(("og:image:alt", item.image_alt))
    if is_article:
        og.append(("article:published_time", jsonld.iso(item.date)))
        og.append(("article:modified_time", jsonld.iso(getattr(item, "modified", None) or item.date)))
        if getattr(item, "category", None):
            og.append(("article:section", item.category.name))
        og.extend(("article:tag", tag.name) for tag in getattr(item, "tags", None) or [])
    meta.opengraph = og
    twitter = [("twitter:card", "summary_large_image" if image else "summary"), ("twitter:title", meta.title),
               ("twitter:description", meta.description)]
    if image:
        twitter.append(("twitter:image", image))
        if getattr(item, "image_alt", None):
            twitter.append(("twitter:image:alt", item.image_alt))
    if options.get("TWITTER_SITE"):
        twitter.append(("twitter:site", options["TWITTER_SITE"]))
    meta.twitter = twitter


@pass_context
def seo_meta(ctx) -> PageMeta:
    """Jinja global: ``{% set meta = seo_meta() %}`` in partials/head_meta.html."""
    return compute(ctx)
