"""The ``abo`` Jinja global: everything the sign-up form and the result pages need to know."""

from __future__ import annotations

from dataclasses import dataclass

from content_model.settings import plugin_settings
from delivery.subscriptions import consent, paths

from .settings import DEFAULTS


@dataclass(frozen=True)
class FormInfo:
    """A plain, picklable value (Pelican pickles settings into its cache). Paths are relative to the site, so a
    page links with its own ``SITEURL`` (relative in development builds: any port works)."""

    endpoint: str  # SUBSCRIPTIONS_ENDPOINT_URL (absolute), or "" where the site itself serves the endpoint
    signup: str  # the sign-up route below the endpoint ("abo/anmelden")
    consent_text: str  # shown beside the checkbox
    form_hash: str  # sha256 of consent_text; sent along, stored in the consent record
    form_page: str  # the page with the form ("newsletter/")
    anchor: str
    privacy_page: str
    archive_page: str

    def action(self, siteurl: str) -> str:
        """Where the form posts, seen from a page whose SITEURL is ``siteurl``."""
        return f"{self.endpoint or siteurl}/{self.signup}"

    def form_url(self, siteurl: str) -> str:
        return f"{siteurl}/{self.form_page}#{self.anchor}"


def form_info(settings: dict) -> FormInfo:
    options = plugin_settings(settings, "SUBSCRIPTIONS_", DEFAULTS)
    return FormInfo(
        endpoint=(options["ENDPOINT_URL"] or "").rstrip("/"), signup=paths.SIGNUP.lstrip("/"),
        consent_text=consent.CURRENT_TEXT, form_hash=consent.CURRENT_HASH, form_page=options["FORM_PAGE"],
        anchor=paths.FORM_ANCHOR, privacy_page=options["PRIVACY_PAGE"],
        archive_page=settings.get("NEWSLETTER_ARCHIVE_URL") or "newsletter/archiv/",
    )


def configure(settings: dict) -> None:
    """Add the ``abo`` global and keep every subscription page out of search engines (SEO_NOINDEX)."""
    settings.setdefault("JINJA_GLOBALS", {})["abo"] = form_info(settings)
    from .generator import PAGES

    noindex = list(settings.get("SEO_NOINDEX") or ["404.html"])
    noindex += [save_as for _, save_as, _ in PAGES if save_as not in noindex]
    settings["SEO_NOINDEX"] = noindex
