"""The staging folder's directories, made in a background process from the previous output's while the build checks
and reads the content.

A build writes a fresh staging folder, and about half of its file-system time went to creating directories (every
page has one of its own: 9,000 at 5,000 articles, 0.1–0.3 ms each on a journaling file system). A process makes
the previous output's directory tree in the staging folder; the writers then find their directories made. It ends
before anything is written (``all_generators_finalized``; the build also waits for it before it cleans up or swaps).
A directory the new build leaves empty (its page is gone) is removed by the manifest walk after the build
(``uptodate.tree_manifest`` with ``prune``), so the output has the directories a build from nothing has.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUNNING: dict[str, "Folders"] = {}  # staging folder → the process making its folders
# In a process of its own: a thread would hand the GIL back and forth with the build for every folder.
MAKE = """
import os, sys
def copy(source, target):
    with os.scandir(source) as entries:
        folders = [entry for entry in entries if entry.is_dir(follow_symlinks=False)]
    for entry in folders:
        made = os.path.join(target, entry.name)
        try:
            os.mkdir(made)
        except OSError:
            continue  # there already, or not possible: the writers make what is missing
        copy(entry.path, made)
try:
    os.makedirs(sys.argv[2], exist_ok=True)
    copy(sys.argv[1], sys.argv[2])
except OSError:
    pass
"""


class Folders:
    def __init__(self, previous: Path, staging: Path):
        self.staging = str(staging)
        self._process = subprocess.Popen([sys.executable, "-c", MAKE, str(previous), self.staging],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        RUNNING[self.staging] = self

    def wait(self) -> None:
        self._process.wait()
        RUNNING.pop(self.staging, None)


def wait_all(*_args) -> None:
    """Signal handler (``all_generators_finalized``): the folders are made before any generator writes."""
    for folders in list(RUNNING.values()):
        folders.wait()
