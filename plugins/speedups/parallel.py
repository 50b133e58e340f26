"""Markdown on every core: the articles Pelican's reader cache does not hold are converted ahead, in parallel.

Pelican reads the articles one by one. Before it starts, the files whose reader cache entry is missing or stale
are split between the build process and forked workers; each result goes into the reader cache exactly as
Pelican would put it there, so Pelican then takes every article from the cache as in a warm build (the reader's
result depends on the file and the settings only: the cache already relies on that). A file that fails in a worker
is left to Pelican, which reads it again and reports the problem as usual.
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from pelican.readers import _filter_discardable_metadata
from pelican.urlwrappers import URLWrapper

from content_model.checkcache import USED
from content_model.settings import plugin_settings
from content_model.validate import forget_checked

from .settings import DEFAULTS

_READERS = None  # the Readers of the generator being prefetched (inherited by the forked workers)
LAST_RUN = {"in_workers": 0}  # files the last build's workers converted (for the tests and the bench)


def _quiet() -> None:
    logging.disable(logging.CRITICAL)  # a worker's failures are reported by Pelican's own read of the file


def _read(path: str):
    """``path``, what the reader made of it (None where it failed) and the SHA-256 of the bytes it read."""
    reader = _READERS.readers[os.path.splitext(path)[1][1:]]
    try:
        content, metadata = reader.read(path)
    except Exception:  # noqa: BLE001 - Pelican reads this file again and reports what is wrong
        return path, None, None
    metadata = _filter_discardable_metadata(metadata)
    for wrapper in _wrappers(metadata):
        wrapper.settings = None  # sent without the settings (large); the build process puts its own back
    return path, (content, metadata), USED.get(path)


def _wrappers(metadata: dict) -> list[URLWrapper]:
    found = []
    for value in metadata.values():
        found += [v for v in (value if isinstance(value, (list, tuple)) else [value]) if isinstance(v, URLWrapper)]
    return found


def _to_convert(generator) -> list[str]:
    readers, found = generator.readers, []
    for name in generator.get_files(generator.settings["ARTICLE_PATHS"],
                                    exclude=generator.settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(os.path.splitext(path)[1][1:])
        if reader is not None and reader.enabled and readers.get_cached_data(path, None) is None:
            found.append(path)
    return found


def prefetch(generator) -> None:
    """``article_generator_init``: fill the reader cache for every article to convert, on all cores."""
    global _READERS
    LAST_RUN["in_workers"] = 0
    options = plugin_settings(generator.settings, "SPEEDUPS_", DEFAULTS)
    workers = (options["WORKERS"] or os.cpu_count() or 1) - 1  # the build process converts too
    readers = generator.readers
    if workers < 1 or not readers._cache_data_policy or "fork" not in multiprocessing.get_all_start_methods():
        return
    paths = _to_convert(generator)
    if len(paths) < options["MIN_FILES"]:
        return
    _READERS = readers
    share = len(paths) // (workers + 1)  # the build process takes the first share, the workers the rest
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet) as pool:
            pending = pool.imap_unordered(_read, paths[share:], chunksize=8)
            for path in paths[:share]:
                _store(readers, *_read(path))
            for path, data, used in pending:
                LAST_RUN["in_workers"] += data is not None
                _store(readers, path, data, used)
    finally:
        _READERS = None
    forget_checked()  # every article is in the reader cache now: the check's parsed files are not needed again


def _store(readers, path: str, data, used: bytes | None) -> None:
    """Put a converted file into the reader cache, stamped with the digest of the bytes the worker read (set where
    the reader parses, ``USED``, in the worker's memory): a file saved since would else be stamped with the new
    bytes' digest, and every later build would take the old text for it."""
    if data is not None and used is not None:
        USED[path] = used
        for wrapper in _wrappers(data[1]):
            if wrapper.settings is None:
                wrapper.settings = readers.settings
        readers.cache_data(path, data)
