"""Building blocks of our JSON-LD: the site, organisations, people, dates, and the script-safe serialisation."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from markupsafe import Markup

from content_model.settings import TIMEZONE

SCHEMA = "https://schema.org"


@dataclass
class Site:
    url: str  # SITEURL, absolute
    name: str
    subtitle: str
    organisation: str
    language: str = "de"
    country: str = "DE"
    logo: str | None = None

    @classmethod
    def from_settings(cls, settings: dict, options: dict) -> "Site":
        absolute = settings.get("SITEURL_ABSOLUTE") or settings["SITEURL"]  # templates may see a relative SITEURL
        return cls(url=absolute.rstrip("/"), name=settings["SITENAME"],
                   subtitle=settings.get("SITESUBTITLE") or "",
                   organisation=settings.get("SITE_ORGANISATION") or settings["SITENAME"],
                   language=options["LANGUAGE"], country=options["COUNTRY"], logo=options["PUBLISHER_LOGO"])


def dump(data: dict) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: ``<`` is written ``\\u003c`` (valid JSON), so neither
    ``</script>`` nor ``<!--`` can end or disturb the script element. Marked safe for that element only: the
    templates must not escape it (``&#34;`` would break the JSON), and never put it into an attribute."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


def absolute(siteurl: str, url: str) -> str:
    return url if "://" in url else f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def iso(value) -> str:
    """ISO 8601 with offset for times; a bare date for all-day values."""
    if isinstance(value, dt.datetime):
        return value.astimezone(TIMEZONE).isoformat(timespec="seconds")
    return value.isoformat()


def organisation(site: Site, name: str | None = None) -> dict:
    name = name or site.organisation
    data = {"@type": "Organization", "name": name}
    if name == site.organisation:
        data["url"] = site.url + "/"
        if site.logo:
            data["logo"] = absolute(site.url, site.logo)
    return data


def website(site: Site) -> dict:
    return {"@type": "WebSite", "name": site.name, "url": site.url + "/"}


def person(p) -> dict:
    data = {"@type": "Person", "name": p.name}
    if getattr(p, "role", None):
        data["jobTitle"] = p.role
    if getattr(p, "organisation", None):
        data["worksFor"] = {"@type": "Organization", "name": p.organisation}
    return data


def common(item, site: Site) -> dict:
    siteurl = site.url
    url = absolute(siteurl, item.url)
    data = {"url": url}
    description = getattr(item, "seo_description", None)
    if description:
        data["description"] = description
    if getattr(item, "image", None):
        picture = getattr(item, "picture", None)  # plugins/images: the 1200 px JPEG, never the original
        data["image"] = [absolute(siteurl, picture.email.name if picture and picture.email else item.image)]
    data["inLanguage"] = site.language
    return data
