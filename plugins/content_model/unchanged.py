"""Files a build wrote with the same bytes as the output it replaces keep that output's modification time.

Readers of the output (the publisher's scan, rsync, a browser cache through the dev server) then see only what
really changed. Runs on the staging folder before the swap; the previous output is only read.
"""

from __future__ import annotations

import os
from pathlib import Path


def keep_times(staging: Path, previous: Path) -> int:
    """Give every file in ``staging`` whose bytes equal those of the same file in ``previous`` the previous
    modification time; return how many kept it."""
    kept = 0
    if not previous.is_dir():
        return kept
    for folder, _dirs, names in os.walk(staging):
        for name in names:
            new = os.path.join(folder, name)
            old = os.path.join(previous, os.path.relpath(new, staging))
            try:
                before, after = os.stat(old, follow_symlinks=False), os.stat(new, follow_symlinks=False)
                if os.path.samestat(before, after):  # one file linked into both (image derivatives)
                    kept += 1
                    continue
                if before.st_size != after.st_size or not _same(old, new):
                    continue
                os.utime(new, ns=(after.st_atime_ns, before.st_mtime_ns), follow_symlinks=False)
            except OSError:
                continue  # new, or not a plain file: it keeps the time it was written at
            kept += 1
    return kept


def _same(first: str, second: str) -> bool:
    with open(first, "rb") as one, open(second, "rb") as two:
        while True:
            a, b = one.read(1 << 20), two.read(1 << 20)
            if a != b:
                return False
            if not a:
                return True
