"""The ``abo`` Jinja global: everything the sign-up form and the result pages need to know."""

from __future__ import annotations

from dataclasses import dataclass

from content_model.settings import plugin_settings
from delivery.subscriptions import consent, paths

from .settings import DEFAULTS


@dataclass(frozen=True)
class FormInfo:
    """A plain, picklable value (Pelican pickles settings into its cache)."""

    action: str  # where the form posts
    consent_text: str  # shown beside the checkbox
    form_hash: str  # sha256 of consent_text; sent along, stored in the consent record
    form_page: str  # URL of the page with the form, relative to SITEURL
    form_url: str  # absolute URL of the form (page + #anchor)
    anchor: str
    privacy_url: str
    archive_url: str


def form_info(settings: dict) -> FormInfo:
    options = plugin_settings(settings, "SUBSCRIPTIONS_", DEFAULTS)
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    endpoint = (options["ENDPOINT_URL"] or siteurl).rstrip("/")
    page = options["FORM_PAGE"]
    return FormInfo(
        action=endpoint + paths.SIGNUP, consent_text=consent.CURRENT_TEXT, form_hash=consent.CURRENT_HASH,
        form_page=page, form_url=f"{siteurl}/{page}#{paths.FORM_ANCHOR}", anchor=paths.FORM_ANCHOR,
        privacy_url=f"{siteurl}/{options['PRIVACY_PAGE']}",
        archive_url=f"{siteurl}/{settings.get('NEWSLETTER_ARCHIVE_URL') or 'newsletter/archiv/'}",
    )


def configure(settings: dict) -> None:
    """Add the ``abo`` global and keep every subscription page out of search engines (SEO_NOINDEX)."""
    settings.setdefault("JINJA_GLOBALS", {})["abo"] = form_info(settings)
    from .generator import PAGES

    noindex = list(settings.get("SEO_NOINDEX") or ["404.html"])
    noindex += [save_as for _, save_as, _ in PAGES if save_as not in noindex]
    settings["SEO_NOINDEX"] = noindex
