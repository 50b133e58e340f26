"""Site search with Pagefind: a worker process indexes the written content pages (see indexer.py, worker.py).

Imports stay light here: the worker process imports this package too, and needs neither Pelican nor Markdown.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from .indexer import IndexRun
from .settings import DEFAULTS

log = logging.getLogger(__name__)


def search_settings(settings: dict) -> dict:
    from content_model.settings import plugin_settings

    return plugin_settings(settings, "SEARCH_", DEFAULTS)


MAX_RECENT_DAYS = 36500
_RUNS: dict[str, IndexRun] = {}  # output path → the index run of the build writing it
LAST_RUN: dict = {}  # what the last finished index run did: {"pages": n, "parts": k, "indexed": parts indexed}


def _run(settings: dict) -> IndexRun:
    from content_model.settings import build_date

    output, options = Path(settings["OUTPUT_PATH"]).resolve(), search_settings(settings)
    days = recent_days(options["RECENT_DAYS"])
    since = (build_date(settings) - dt.timedelta(days=days)).isoformat() if days else ""
    return IndexRun(output, Path(settings["CACHE_PATH"]).resolve() / "search", options, since)


def recent_days(value) -> int:
    """``SEARCH_RECENT_DAYS`` as a number of days (None: 0); anything else stops the build, naming the setting."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_RECENT_DAYS:
        raise ValueError(f"SEARCH_RECENT_DAYS muss eine ganze Zahl von Tagen sein (0 bis {MAX_RECENT_DAYS}), "
                         f"nicht „{value}“.")
    return value


def begin(pelican) -> None:
    """The build starts: so does its worker (imports, the last build's parts), which then waits for pages."""
    if search_settings(pelican.settings)["INDEX"]:
        output = str(Path(pelican.settings["OUTPUT_PATH"]).resolve())
        stale = _RUNS.pop(output, None)  # left by a build of the same staging folder that died before the end
        if stale is not None:
            stale.abandon()
        _RUNS[output] = _run(pelican.settings)


def written(path, context=None) -> None:
    """Pelican wrote a file: a content page written anew goes to the worker, which may index its part early."""
    if not str(path).endswith(".html"):
        return
    for output, run in _RUNS.items():  # (a run that has been asked for its bundle ignores pages)
        if str(path).startswith(output + os.sep):
            run.page(os.path.relpath(path, output).replace(os.sep, "/"))


def start(generator, writer=None) -> None:
    """Articles and pages are written (Pelican writes them before listings (held back until now, see
    plugins/incremental), feeds, calendars and static files): the worker makes the bundle while the rest of the
    site is written."""
    output = str(Path(generator.settings["OUTPUT_PATH"]).resolve())
    if search_settings(generator.settings)["INDEX"]:
        run = _RUNS.get(output)
        if run is None or run.asked:
            if run is not None:
                run.abandon()
            run = _RUNS[output] = _run(generator.settings)
        run.go()


def finish(pelican) -> None:
    output = Path(pelican.settings["OUTPUT_PATH"]).resolve()
    run = _RUNS.pop(str(output), None)
    if run is None and search_settings(pelican.settings)["INDEX"]:
        run = _run(pelican.settings)  # no page writer ran: index now
    if run is not None:
        LAST_RUN.clear()
        LAST_RUN.update(run.wait())
        log.info("Suchindex (%d Seiten in %d Teilen, %d davon neu erstellt): %s", LAST_RUN["pages"],
                 LAST_RUN["parts"], LAST_RUN["indexed"], output / search_settings(pelican.settings)["BUNDLE"])


def register():
    from pelican import signals

    signals.initialized.connect(begin)
    signals.content_written.connect(written)
    signals.page_writer_finalized.connect(start)
    signals.finalized.connect(finish)
