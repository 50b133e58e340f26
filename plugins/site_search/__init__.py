"""Site search with Pagefind: indexes the finished output on ``finalized`` (see indexer.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from content_model.settings import plugin_settings

from .indexer import build_index
from .settings import DEFAULTS

log = logging.getLogger(__name__)


def search_settings(settings: dict) -> dict:
    return plugin_settings(settings, "SEARCH_", DEFAULTS)


def index(pelican) -> None:
    options = search_settings(pelican.settings)
    output = Path(pelican.settings["OUTPUT_PATH"]).resolve()
    if options["INDEX"]:
        build_index(output, options)
        log.info("Suchindex geschrieben: %s", output / options["BUNDLE"])


def register():
    signals.finalized.connect(index)
