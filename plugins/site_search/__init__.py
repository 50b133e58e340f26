"""Site search with Pagefind: indexes the finished output on ``finalized`` (see indexer.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from content_model.settings import plugin_settings

from .indexer import IndexRun
from .settings import DEFAULTS

log = logging.getLogger(__name__)


def search_settings(settings: dict) -> dict:
    return plugin_settings(settings, "SEARCH_", DEFAULTS)


_RUNS: dict[str, IndexRun] = {}  # output path → the Pagefind run of the build writing it


def start(generator, writer=None) -> None:
    """Articles and pages are written (Pelican writes them before feeds, calendars and static files): index them
    in the background while the rest of the site is written. Only marked content pages are read."""
    options = search_settings(generator.settings)
    output = Path(generator.settings["OUTPUT_PATH"]).resolve()
    if options["INDEX"] and str(output) not in _RUNS:
        _RUNS[str(output)] = IndexRun(output, options)


def finish(pelican) -> None:
    output = Path(pelican.settings["OUTPUT_PATH"]).resolve()
    run = _RUNS.pop(str(output), None)
    if run is None and search_settings(pelican.settings)["INDEX"]:
        run = IndexRun(output, search_settings(pelican.settings))  # no page writer ran: index now
    if run is not None:
        run.wait()
        log.info("Suchindex geschrieben: %s", output / search_settings(pelican.settings)["BUNDLE"])


def register():
    signals.page_writer_finalized.connect(start)
    signals.finalized.connect(finish)
