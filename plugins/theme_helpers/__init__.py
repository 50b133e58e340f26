"""Jinja filters for German dates (Babel) and fingerprinted asset URLs."""

from pelican import signals

from content_model import dates

from .assets import AssetUrl, fingerprint_assets


def isodate(value) -> str:
    return value.isoformat()


def add_filters(pelican) -> None:
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.update({
        "de_day": dates.day,
        "de_day_short": dates.short_day,
        "de_span": dates.span,
        "de_clock": dates.clock,
        "isodate": isodate,
    })
    pelican.settings.setdefault("JINJA_GLOBALS", {})["asset_url"] = AssetUrl(pelican.settings)


def register():
    signals.initialized.connect(add_filters)
    signals.finalized.connect(fingerprint_assets)
