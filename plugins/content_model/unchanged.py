"""Files a build wrote with the same bytes as the output it replaces keep that output's modification time.

Readers of the output (the publisher's scan, rsync, a browser cache through the dev server) then see only what
really changed. Runs on the staging folder before the swap; the previous output is only read. The build does it
in the same walk that makes the staging folder's manifest (``uptodate.tree_manifest`` with ``settle``).
"""

from __future__ import annotations

import os
from pathlib import Path

from .checkcache import relative


def previous_times(staging: Path, previous: Path):
    """``settle(path, stat) -> mtime`` for ``uptodate.tree_manifest``: a file in ``staging`` whose bytes equal
    those of the same file in ``previous`` gets (and reports) the previous modification time. Without a previous
    folder every file keeps its own time."""
    start, exists = str(staging), previous.is_dir()

    def settle(new: str, after: os.stat_result) -> int:
        if not exists:
            return after.st_mtime_ns
        old = os.path.join(previous, relative(new, start))
        try:
            before = os.stat(old, follow_symlinks=False)
            if not os.path.samestat(before, after):  # else one file linked into both (reused pages, bundles)
                if before.st_size != after.st_size or not _same(old, new):
                    return after.st_mtime_ns
                os.utime(new, ns=(after.st_atime_ns, before.st_mtime_ns), follow_symlinks=False)
        except OSError:
            return after.st_mtime_ns  # new, or not a plain file: it keeps the time it was written at
        return before.st_mtime_ns

    return settle


def _same(first: str, second: str) -> bool:
    with open(first, "rb") as one, open(second, "rb") as two:
        while True:
            a, b = one.read(1 << 20), two.read(1 << 20)
            if a != b:
                return False
            if not a:
                return True
