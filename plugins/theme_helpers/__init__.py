"""Jinja filters for German dates (Babel), fingerprinted asset URLs, and the autoescape guard."""

from pelican import signals

from content_model import dates

from .assets import asset_url, fingerprint_assets


class UnsafeTemplateSettings(Exception):
    """The settings would render editors' text into pages unescaped."""


def isodate(value) -> str:
    return value.isoformat()


def require_autoescape(pelican) -> None:
    """The theme prints titles, names and URLs as they are: only autoescape keeps them text (docs/security.md)."""
    autoescape = pelican.settings.get("JINJA_ENVIRONMENT", {}).get("autoescape")
    if not (autoescape is True or (callable(autoescape) and autoescape("page.html"))):
        raise UnsafeTemplateSettings("JINJA_ENVIRONMENT muss „autoescape“: True enthalten; ohne Maskierung "
                                     "landen Titel, Namen und Adressen als HTML in den Seiten.")


def add_filters(pelican) -> None:
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.update({
        "de_day": dates.day,
        "de_day_short": dates.short_day,
        "de_span": dates.span,
        "de_clock": dates.clock,
        "isodate": isodate,
    })
    pelican.settings.setdefault("JINJA_GLOBALS", {})["asset_url"] = asset_url
    # Pages link relatively in development builds (RELATIVE_URLS: any port works), so templates see SITEURL as
    # "../.."; what must stay absolute (canonical, OpenGraph, share links) uses this.
    pelican.settings["SITEURL_ABSOLUTE"] = pelican.settings["SITEURL"].rstrip("/")


def register():
    signals.initialized.connect(require_autoescape)
    signals.initialized.connect(add_filters)
    signals.finalized.connect(fingerprint_assets)
