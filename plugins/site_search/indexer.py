"""Pagefind over the finished output: exactly the published articles and pages, as German text.

The content templates (article, interview, event, page) mark their ``<article>`` with ``data-pagefind-body``;
once any page carries that mark, Pagefind indexes only marked pages, so listings (home, categories, tags,
archives) and the search page stay out. The Pagefind binary reads OUTPUT_PATH in place and writes its bundle
into it (the binary is ~10× faster than the Python service API, which answers each request on a 100 ms poll).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from pagefind.service import get_executable

BODY_MARK = "data-pagefind-body"


class IndexRun:
    """One Pagefind run in the background: started once the content pages are written, awaited at the end."""

    def __init__(self, output: Path, options: dict):
        executable = get_executable()
        if executable is None:
            raise RuntimeError("Pagefind nicht gefunden: bitte `pip install 'pagefind[bin]'` ausführen.")
        bundle = options["BUNDLE"].strip("/")
        config = {"site": str(output), "output_path": str(output / bundle), "force_language": options["LANGUAGE"],
                  "exclude_selectors": list(options["EXCLUDE_SELECTORS"]), "glob": "**/*.html"}
        self._tmp = tempfile.TemporaryDirectory(prefix="netzbrief-pagefind-")
        (Path(self._tmp.name) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        self._process = subprocess.Popen([str(executable), "--silent"], cwd=self._tmp.name, text=True,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def wait(self) -> None:
        try:
            stdout, stderr = self._process.communicate()
        finally:
            self._tmp.cleanup()
        if self._process.returncode != 0:
            raise RuntimeError(f"Pagefind ist fehlgeschlagen: {stderr.strip() or stdout.strip()}")

