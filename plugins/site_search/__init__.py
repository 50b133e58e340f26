"""Site search with Pagefind: indexes the finished output on ``finalized`` (see indexer.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from content_model.settings import plugin_settings

from .indexer import build_index, site_path
from .settings import DEFAULTS

log = logging.getLogger(__name__)
_PAGES: dict[str, list] = {}  # output path → [(url, save_as)] of this build's articles and pages


def search_settings(settings: dict) -> dict:
    return plugin_settings(settings, "SEARCH_", DEFAULTS)


def collect(generators) -> None:
    """Remember what to index: the published articles and pages (not listings, drafts or hidden pages)."""
    context = generators[0].context
    settings = generators[0].settings
    prefix = site_path(settings["SITEURL"])
    items = [*context.get("articles", []), *context.get("pages", [])]
    _PAGES[str(Path(settings["OUTPUT_PATH"]).resolve())] = [(f"{prefix}/{item.url}", item.save_as) for item in items
                                                            if item.save_as]


def index(pelican) -> None:
    options = search_settings(pelican.settings)
    output = Path(pelican.settings["OUTPUT_PATH"]).resolve()
    pages = _PAGES.pop(str(output), [])
    if not options["INDEX"]:
        return
    count = build_index(output, pages, options)
    log.info("Suchindex: %d Seiten in %s", count, output / options["BUNDLE"])


def register():
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(index)
