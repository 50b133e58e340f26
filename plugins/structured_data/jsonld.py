"""JSON-LD (schema.org) per kind: NewsArticle for articles, interviews and reports; Event for announcements;
WebPage for pages; WebSite and CollectionPage for the home page and listings."""

from __future__ import annotations

from .common import SCHEMA, Site, absolute, common, dump, iso, organisation, person, website
from .event import event

__all__ = ["Site", "absolute", "dump", "for_item", "for_listing", "iso", "news_article"]


def news_article(item, site: Site) -> dict:
    siteurl = site.url
    data = {"@type": "NewsArticle", "headline": item.title, **common(item, site)}
    data["mainEntityOfPage"] = data["url"]
    data["datePublished"] = iso(item.date)
    data["dateModified"] = iso(getattr(item, "modified", None) or item.date)
    authors = [{"@type": "Person", "name": a.name, "url": absolute(siteurl, a.url)}
               for a in getattr(item, "authors", None) or []]
    data["author"] = authors or [organisation(site)]
    data["publisher"] = organisation(site)
    if getattr(item, "category", None):
        data["articleSection"] = item.category.name
    tags = [tag.name for tag in getattr(item, "tags", None) or []]
    if tags:
        data["keywords"] = tags
    data["isPartOf"] = website(site)
    if item.kind == "interview":
        data["genre"] = "Interview"
        if getattr(item, "interviewee", None):
            data["about"] = person(item.interviewee)
    if item.kind == "event" and getattr(item, "event", None):
        data["about"] = event(getattr(item, "announcement", None) or item, site, nested=True)
    return data


def for_item(item, site: Site) -> dict | None:
    kind = getattr(item, "kind", None)
    if kind == "event" and getattr(item, "event_type", None) == "announcement" and getattr(item, "event", None):
        data = event(item, site)
    elif kind in ("article", "interview", "event"):
        data = news_article(item, site)
    elif kind == "page":
        data = {"@type": "WebPage", "name": item.title, **common(item, site), "isPartOf": website(site)}
    else:
        return None
    return {"@context": SCHEMA, **data}


def for_listing(kind: str, name: str, url: str, site: Site) -> dict:
    """Home page: WebSite; category, tag and other listings: CollectionPage."""
    language = site.language
    if kind == "home":
        return {"@context": SCHEMA, **website(site), "description": site.subtitle,
                "inLanguage": language, "publisher": organisation(site)}
    return {"@context": SCHEMA, "@type": "CollectionPage", "name": name, "url": url, "inLanguage": language,
            "isPartOf": website(site)}
