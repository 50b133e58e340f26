"""The SHA-256 of each Markdown file, kept between builds and taken while the file is provably unchanged.

The check's key (checkcache.check_key) read and hashed every Markdown file in every build: 0.4 s of a one-edit
rebuild at 5,000 articles, with every file in the page cache. Each digest is now kept in ``CACHE_PATH/digests.json``
with the file's inode, size, modification time and change time, and taken while all four are the same. A digest is
kept only for a file whose change time lies two seconds or more before the key began: every write, rename, copy or
``touch`` sets the change time to the clock's time (which nothing sets back), so a file written after it was hashed
has another change time; file times are coarse, so a file written within the same tick as its hash could keep its
times, and is hashed again by the next build instead. The store is sealed like the check's result
(``checkcache.write_sealed``): a damaged or edited one is ignored and written anew.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .checkcache import identity, read_sealed, write_sealed

NAME = "digests.json"
MARGIN_NS = 2_000_000_000  # a file changed less than this before the key began is hashed again next time


class DigestStore:
    def __init__(self, folder: Path | None):
        self.path = Path(folder) / NAME if folder else None
        self.started = time.time_ns()
        self.known = (read_sealed(self.path) if self.path else None) or {}
        self.current: dict[str, list] = {}

    def digest(self, path: str, stat: os.stat_result) -> bytes | None:
        """The kept digest of the file at ``path`` (``stat``: taken now), or None (hash it)."""
        found = self.known.get(path)
        if not (isinstance(found, list) and len(found) == 2 and found[0] == identity(stat)):
            return None
        try:
            digest = bytes.fromhex(found[1])
        except (TypeError, ValueError):
            return None
        if len(digest) != 32:
            return None
        self.current[path] = found
        return digest

    def remember(self, path: str, stat: os.stat_result, digest: bytes) -> None:
        if stat.st_ctime_ns <= self.started - MARGIN_NS:
            self.current[path] = [identity(stat), digest.hex()]

    def save(self) -> None:
        """Keep the digests of the files this key read (a deleted file's goes)."""
        if self.path is not None and self.current != self.known:
            write_sealed(self.path, self.current)
