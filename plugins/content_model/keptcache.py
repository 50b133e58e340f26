"""The reader caches a process keeps between its builds (``invoke livereload`` builds again and again in one).

Each build used to load every reader cache from its file: unpickling 77 MB took 0.8 s of a one-edit rebuild at
5,000 articles, and checking its digest (``cache.discard_damaged``) 0.15 s more. Now, when a build ends, the process
keeps each of its reader caches' entries with the identity of the cache file as that build left it (inode, size,
times). A reader of the next build in the same process whose cache file still has that identity takes the kept
entries and neither reads nor checks the file. A file written by another process since (``invoke build`` beside
the preview), replaced, damaged or deleted has another identity: it is checked and loaded as before.

Keeping the entries is safe because each one is still taken only where its stamp (the file's SHA-256 and the
settings' digest, cache.py) matches, and because a build leaves the values it read as the build before left them.
One plugin writes into a read value in place: ``events.state.annotate`` puts an event's state for the build date
into its ``EventInfo``, and does so again in every build, for every event shown anywhere, before anything reads it.
The cache file holds the same, as it is pickled after that. A test pickles the kept entries after one build and
after the next. Only the last build's caches are kept: a process that builds many sites (the tests) holds one
build's entries, not all.
"""

from __future__ import annotations

import os

from pelican import cache as pelican_cache

from .checkcache import identity

KEPT: dict[str, tuple[list, dict]] = {}  # cache file → (its identity, the entries), as the last build left them
BUILD: list = []  # the Readers objects of the build running now
PELICANS_INIT = pelican_cache.FileDataCacher.__init__


def file_identity(path: str) -> list[int] | None:
    """The file's ``checkcache.identity``, or None where there is no file."""
    try:
        return identity(os.stat(path))
    except OSError:
        return None


def is_kept(path: str) -> bool:
    """Whether the file at ``path`` is the one this process's last build left (its digest was checked then)."""
    kept = KEPT.get(os.path.abspath(path))
    return kept is not None and kept[0] == file_identity(path)


def _init(self, settings, cache_name, caching_policy, load_policy):
    from pelican.readers import Readers

    path = os.path.abspath(os.path.join(settings["CACHE_PATH"], cache_name))
    if load_policy and isinstance(self, Readers) and is_kept(path):
        PELICANS_INIT(self, settings, cache_name, caching_policy, False)
        self._cache = KEPT.pop(path)[1]  # this Readers object alone changes it from now on
        return
    PELICANS_INIT(self, settings, cache_name, caching_policy, load_policy)


def install() -> None:
    pelican_cache.FileDataCacher.__init__ = _init


def started() -> None:
    """A build starts (Pelican's ``initialized``): readers made from now on are this build's."""
    BUILD.clear()


def joined(readers) -> None:
    BUILD.append(readers)


def keep() -> None:
    """The build ended and its reader caches are written (``cache.saved``): keep them, and only them (a build that
    made no readers, skipped as up to date, leaves the kept ones: their files did not change)."""
    if not BUILD:
        return
    KEPT.clear()
    for readers in BUILD:
        path = os.path.abspath(readers._cache_path)
        found = file_identity(path)
        if found is not None and readers._cache_data_policy:
            KEPT[path] = (found, readers._cache)
    BUILD.clear()
