"""Pelican's reader cache, made safe against killed builds.

Pelican (4.12) writes ``CACHE_PATH/<Generator>-Readers`` in place and, when loading, lets ``EOFError`` and
``zlib.error`` through: a build killed while writing the cache broke every later build. Here every cache file is
loaded once when Pelican starts; a damaged one is deleted with a warning (the build then reads all content anew).
And each Readers object writes its cache to a temporary file that is renamed into place, so a kill leaves either
the old cache or the new one. ``save_atomically`` uses FileDataCacher's attributes ``_cache``, ``_cache_path``,
``_cache_open`` and ``_cache_data_policy``.
"""

from __future__ import annotations

import gzip
import logging
import os
import pickle
import re
from pathlib import Path

logger = logging.getLogger(__name__)
CACHE_NAME = re.compile(r"^\w+Generator(-Readers)?$")  # what Pelican's generators and readers name their caches
TEMPORARY = re.compile(r"\.tmp-(\d+)$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard_damaged(settings: dict) -> None:
    """Delete cache files that do not load, and temporary files of builds that are no longer running."""
    folder = Path(settings["CACHE_PATH"])
    if not settings.get("LOAD_CONTENT_CACHE") or not folder.is_dir():
        return
    opener = gzip.open if settings.get("GZIP_CACHE", True) else open
    for path in sorted(folder.iterdir()):
        temporary = TEMPORARY.search(path.name)
        if temporary and not _alive(int(temporary.group(1))):
            path.unlink(missing_ok=True)
        if not CACHE_NAME.match(path.name) or not path.is_file():
            continue
        try:
            with opener(path, "rb") as handle:
                pickle.load(handle)
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, it is not a cache we can use
            logger.warning("Zwischenspeicher %s ist beschädigt (%s: %s) und wird verworfen; alle Inhalte werden neu "
                           "gelesen.", path, type(exc).__name__, exc)
            path.unlink(missing_ok=True)


def save_atomically(readers) -> None:
    """Replaces ``Readers.save_cache``: write to ``<cache>.tmp-<pid>``, then rename over the cache."""
    if not readers._cache_data_policy:
        return
    path = readers._cache_path
    temporary = f"{path}.tmp-{os.getpid()}"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with readers._cache_open(temporary, "wb") as handle:
            pickle.dump(readers._cache, handle)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError) as exc:
        logger.warning("Zwischenspeicher %s konnte nicht geschrieben werden: %s", path, exc)
        Path(temporary).unlink(missing_ok=True)


def readers_init(readers) -> None:
    readers.save_cache = lambda: save_atomically(readers)
