"""Pagefind over the finished output: exactly the published articles and pages, as German text.

Listing pages (home, categories, tags, archives) are not indexed. A page is indexed from its element marked
``data-pagefind-body``; where the theme marks none, the plugin marks ``<main>`` in the copy it hands to Pagefind
(the files in the output stay as written). The Pagefind binary indexes a temporary folder holding those copies at
their URLs and writes the bundle into the output (the binary is ~10× faster than the Python service API, which
answers each request on a 100 ms poll).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from pagefind.service import get_executable

BODY_MARK = "data-pagefind-body"


def mark_body(html: str, element: str) -> str:
    """Add ``data-pagefind-body`` to the first ``<element …>`` unless the page marks its own body."""
    if BODY_MARK in html:
        return html
    pattern = re.compile(rf"<{re.escape(element)}(?=[\s>])", re.IGNORECASE)
    return pattern.sub(f"<{element} {BODY_MARK}", html, count=1)


def site_path(siteurl: str) -> str:
    """Path part of SITEURL (``https://host/netzbrief`` → ``/netzbrief``), for result URLs."""
    rest = siteurl.split("://", 1)[1] if "://" in siteurl else ""
    path = rest.split("/", 1)[1] if "/" in rest else ""
    return "/" + path.strip("/") if path.strip("/") else ""


def _copy_path(site: Path, url: str) -> Path:
    relative = url.lstrip("/")
    return site / relative / "index.html" if not relative or relative.endswith("/") else site / relative


def build_index(output: Path, pages: list[tuple[str, str]], options: dict) -> int:
    """``pages``: ``[(result URL, output file relative to output)]``. Returns the number of pages indexed."""
    executable = get_executable()
    if executable is None:
        raise RuntimeError("Pagefind nicht gefunden: bitte `pip install 'pagefind[bin]'` ausführen.")
    with tempfile.TemporaryDirectory(prefix="netzbrief-pagefind-") as tmp:
        site = Path(tmp) / "site"
        for url, save_as in sorted(pages):
            html = (output / save_as).read_text(encoding="utf-8")
            target = _copy_path(site, url)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(mark_body(html, options["ROOT_ELEMENT"]), encoding="utf-8")
        config = {"site": str(site), "output_path": str(output / options["BUNDLE"].strip("/")),
                  "force_language": options["LANGUAGE"], "exclude_selectors": list(options["EXCLUDE_SELECTORS"])}
        (Path(tmp) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run([str(executable), "--silent"], cwd=tmp, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind ist fehlgeschlagen: {result.stderr.strip() or result.stdout.strip()}")
    return len(pages)
