"""Pelican's reader cache, made safe against killed builds and damaged files.

Pelican (4.12) writes ``CACHE_PATH/<Generator>-Readers`` in place and, when loading, lets ``EOFError`` and
``zlib.error`` through: a build killed while writing the cache broke every later build. Here each Readers object
writes its cache to a temporary file that is renamed into place, so a kill leaves either the old cache or the new
one, and beside it the SHA-256 of its bytes (``<cache>.sha256``; the cache is not compressed, so nothing else would
notice a changed byte). When Pelican starts, a reader cache whose digest is missing or does not match, and any other
cache file that does not load, is deleted with a warning (the build then reads all content anew). The cache is
written only when this build read a file anew: a rebuild without changes writes nothing. An entry's stamp is the
file's SHA-256 as the build's content check read it (``checkcache.file_digest``), not a second hash of the file,
followed by the SHA-256 of the settings (``settings.settings_digest``, without ``READER_BLIND``): the topics,
rubric and authors of an entry carry the settings their addresses are made from, and a changed ``TAG_URL`` must
not meet the old ones.
``save_atomically`` uses FileDataCacher's attributes ``_cache``, ``_cache_path``, ``_cache_open`` and
``_cache_data_policy``.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import pickle
import re
from pathlib import Path

from .checkcache import USED, file_digest
from .keptcache import is_kept, joined, keep
from .settings import settings_digest

logger = logging.getLogger(__name__)
CACHE_NAME = re.compile(r"^\w+Generator(-Readers)?$")  # what Pelican's generators and readers name their caches
TEMPORARY = re.compile(r"\.tmp-(\d+)$")
DIGEST = ".sha256"  # suffix of the file holding a reader cache's digest
FILE_DIGEST = 32  # bytes of a stamp that are the file's SHA-256 (the settings' follow)
# Settings that never reach what the reader returns, and that differ between `invoke livereload` and `invoke build`
# (the preview's address, drafts shown) or with any new spelling of a topic (applied after reading): in the stamp,
# each switch between preview and build, or each such spelling, had every file read again.
READER_BLIND = frozenset({"SITEURL", "SITEURL_ABSOLUTE", "FEED_DOMAIN", "CONTENT_SHOW_DRAFTS", "TAG_SPELLINGS"})


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not yet reaped, does not: it writes nothing more)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc: alive, as far as can be told


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _damage(path: Path, opener) -> str | None:
    """What is wrong with cache file ``path``, or None."""
    if path.name.endswith("-Readers"):
        stored = path.with_name(path.name + DIGEST)
        if not stored.is_file():
            return "keine Prüfsumme"
        return None if stored.read_text(encoding="ascii", errors="replace").strip() == _digest(path) else \
            "Prüfsumme stimmt nicht"
    try:
        with opener(path, "rb") as handle:
            pickle.load(handle)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, it is not a cache we can use
        return f"{type(exc).__name__}: {exc}"
    return None


def discard_damaged(settings: dict) -> None:
    """Delete damaged cache files, and temporary files of builds that are no longer running."""
    folder = Path(settings["CACHE_PATH"])
    if not settings.get("LOAD_CONTENT_CACHE") or not folder.is_dir():
        return
    opener = gzip.open if settings.get("GZIP_CACHE", True) else open
    for path in sorted(folder.iterdir()):
        temporary = TEMPORARY.search(path.name)
        if temporary and not process_alive(int(temporary.group(1))):
            path.unlink(missing_ok=True)
        if not CACHE_NAME.match(path.name) or not path.is_file() or is_kept(str(path)):
            continue  # a file this process's last build left was checked then (keptcache.py)
        problem = _damage(path, opener)
        if problem:
            logger.warning("Zwischenspeicher %s ist beschädigt (%s) und wird verworfen; alle Inhalte werden neu "
                           "gelesen.", path, problem)
            path.unlink(missing_ok=True)
            path.with_name(path.name + DIGEST).unlink(missing_ok=True)


PENDING: list = []  # readers whose cache is saved when the build has written everything (save_pending)
SAVING: list[int] = []  # the process writing them (saved() waits for it)


def save_pending(pelican=None) -> None:
    """finalized: write the reader caches now, not when the content is read (the edited page is written sooner).
    A rebuild writes them in a forked copy of this process: pickling tens of MB (0.5 s at 5,000 articles) overlaps
    its last steps. A first build writes them here: the copy would add to its peak memory (pickling touches every
    object, and the copy's pages are copied), and half a second does not matter in a full build."""
    pending, PENDING[:] = list(PENDING), []
    if not pending:
        return
    rebuild = pelican is not None and bool(pelican.settings.get("INCREMENTAL_PREVIOUS_OUTPUT"))
    pid = os.fork() if rebuild and hasattr(os, "fork") else -1
    if pid == 0:  # the copy: write, and leave without running anything of the build's
        try:
            for readers in pending:
                save_atomically(readers)
        finally:
            os._exit(0)
    if pid > 0:
        SAVING.append(pid)
        return
    for readers in pending:
        save_atomically(readers)


def saved() -> None:
    """Wait until the reader caches are written (the build returns only then), and keep them in this process for
    its next build (keptcache.py)."""
    while SAVING:
        try:
            os.waitpid(SAVING.pop(), 0)
        except ChildProcessError:
            pass
    keep()


def save_atomically(readers) -> None:
    """Replaces ``Readers.save_cache``: write to ``<cache>.tmp-<pid>``, then rename over the cache; the digest is
    renamed into place after it (a kill between the two leaves a mismatch: the cache is then discarded)."""
    path = readers._cache_path
    if not readers._cache_data_policy or (not readers._netzbrief_changed and os.path.isfile(path + DIGEST)):
        return
    temporary, digest = f"{path}.tmp-{os.getpid()}", f"{path}{DIGEST}.tmp-{os.getpid()}"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with readers._cache_open(temporary, "wb") as handle:
            pickle.dump(readers._cache, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(digest).write_text(_digest(Path(temporary)), encoding="ascii")
        os.replace(temporary, path)
        os.replace(digest, path + DIGEST)
    except (OSError, pickle.PicklingError, TypeError) as exc:
        logger.warning("Zwischenspeicher %s konnte nicht geschrieben werden: %s", path, exc)
        Path(temporary).unlink(missing_ok=True)
        Path(digest).unlink(missing_ok=True)


def _stamp(filename) -> bytes:
    """An entry counts by the file's SHA-256, which the build's check already read (instead of Pelican's MD5)."""
    try:
        return file_digest(filename)
    except OSError:
        return b""  # no such file: never equal to a stored stamp


def generator_stamps(generator) -> None:
    """generator_init: Pelican's article and page generators stamp every file for their own cache even when
    caching is done by the readers (MD5 of each file, about 0.9 s at 5,000); they take the check's digest too."""
    from pelican.generators import CachingGenerator

    if isinstance(generator, CachingGenerator):
        generator._get_file_stamp = lambda filename: _stamp(os.path.join(generator.path, filename))


def readers_init(readers) -> None:
    cache_data = readers.cache_data

    def remember(filename, data):  # Pelican calls it for each file it read anew (not for one from the cache)
        readers._netzbrief_changed = True
        cache_data(filename, data)

    get_cached_data = readers.get_cached_data

    def cached(filename, default=None):  # a hit: this build's content of the file is what the matching stamp names
        value = get_cached_data(filename, default)
        if value is not default:
            USED[filename] = readers._cache[filename][0][:FILE_DIGEST]
        return value

    settings = settings_digest(readers.settings, READER_BLIND).digest()

    def stamp(filename) -> bytes:
        found = _stamp(filename)
        return found + settings if found else found

    readers._netzbrief_changed = False
    joined(readers)
    readers.cache_data = remember
    readers.get_cached_data = cached
    readers._get_file_stamp = stamp
    readers.save_cache = lambda: PENDING.append(readers)
