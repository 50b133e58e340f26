"""Runs the search bundle's worker process (worker.py) beside the build and waits for it at the end.

The content templates (article, interview, event, page) mark their ``<article>`` with ``data-pagefind-body``;
only pages with that mark are indexed, so listings (home, categories, tags, archives) and the search page stay
out. The worker starts once the content pages are written and runs while feeds, calendars and static files are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .records import BODY_MARK

PLUGINS = Path(__file__).resolve().parent.parent
BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from site_search.worker import main; sys.exit(main(sys.argv[1:]))"

__all__ = ["BODY_MARK", "IndexRun"]


class IndexRun:
    """One worker beside one build: started with it, told about content pages written anew (``page``), asked for
    the bundle once all content pages are written (``go``), awaited at the end (``wait``)."""

    def __init__(self, output: Path, cache: Path, options: dict, since: str = ""):
        job = {"output": str(output), "cache": str(cache), "bundle": options["BUNDLE"].strip("/"),
               "language": options["LANGUAGE"], "exclude": list(options["EXCLUDE_SELECTORS"]),
               "part_pages": options["PART_PAGES"], "recent_since": since, "parent": os.getpid()}
        self._process = subprocess.Popen([sys.executable, "-c", BOOT, str(PLUGINS), json.dumps(job)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True)
        self.asked = False

    def _say(self, message: dict) -> None:
        try:
            self._process.stdin.write(json.dumps(message) + "\n")
            self._process.stdin.flush()
        except (OSError, ValueError):
            pass  # the worker has ended: wait() reports why

    def page(self, relative: str) -> None:
        """A content page written anew (the worker may index its part early); ignored once the bundle is asked."""
        if not self.asked:
            self._say({"page": relative})

    def go(self) -> None:
        """All content pages are written: make the bundle."""
        if not self.asked:
            self.asked = True
            self._say({"go": True})

    def wait(self) -> dict:
        """``{"pages": n, "parts": k, "indexed": parts Pagefind indexed}``; raises with the worker's German reason."""
        self.go()
        stdout, stderr = self._process.communicate()
        if self._process.returncode != 0 or not stdout.strip():
            raise RuntimeError(stderr.strip().splitlines()[-1] if stderr.strip() else
                               f"Suchindex: der Indexlauf ist fehlgeschlagen (Exit-Code {self._process.returncode}).")
        return json.loads(stdout.strip().splitlines()[-1])

    def abandon(self) -> None:
        self._process.kill()
        self._process.communicate()
