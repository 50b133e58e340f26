"""Lighthouse (mobile preset) on the home page, an interview and an announcement: accessibility, best practices, SEO.

    python bench/lighthouse.py [--date 2026-11-23] [--all] [--keep]

Builds the sample content with SITEURL set to a free local port (so every absolute URL, canonical and asset
points at the server), serves it with http.server on 127.0.0.1, runs the Lighthouse CLI from node_modules
(npm devDependency ``lighthouse``) against the system Chromium, and prints the three scores per page plus every
audit below 1. Exit code 1 when any score is below 100.

Needs: ``npm ci`` (lighthouse in node_modules), Chromium at /usr/bin/chromium (or $CHROME_PATH). No network.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

PAGES = {
    "Startseite": "",
    "Interview": "interviews/waermeplanung-ist-kein-gutachten-fuer-die-schublade/",
    "Ankündigung": "veranstaltungen/netzwerktreffen-kv-mitte-2027/",
}
MORE_PAGES = {  # --all: the pages of the feeds, calendar and search plugins too
    "Veranstaltungen": "veranstaltungen/",
    "Abonnieren": "abonnieren/",
    "Suche": "suche/?q=W%C3%A4rmeplanung",
}
CATEGORIES = ("accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
                "--disable-sync --no-first-run --disable-dev-shm-usage")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(out: Path, siteurl: str, date: str) -> None:
    from content_model.build import build as run_build

    overrides = {"OUTPUT_PATH": str(out), "SITEURL": siteurl, "BUILD_DATE": date,
                 "NEWSLETTER_ARTIFACTS_PATH": str(out.parent / "newsletter"), "CACHE_PATH": str(out.parent / "cache")}
    if run_build(ROOT / "pelicanconf.py", overrides=overrides) != 0:
        raise SystemExit("Build fehlgeschlagen.")


def lighthouse(url: str, report: Path) -> dict:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit("node_modules/.bin/lighthouse fehlt: bitte `npm ci` ausführen.")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]  # default: mobile
    subprocess.run(command, env=env, check=True)
    return json.loads(report.read_text(encoding="utf-8"))


def describe(item: dict) -> str:
    """A failing audit item in one line: the HTML snippet, else the URL."""
    for value in (item.get("node"), item.get("source"), item):
        if isinstance(value, dict) and value.get("snippet"):
            return value["snippet"]
    return str(item.get("url") or "")


def failing(result: dict, category: str) -> list[str]:
    audits = result["audits"]
    lines = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
            items = audit.get("details", {}).get("items", [])[:3]
            where = "; ".join(describe(item) for item in items)
            lines.append(f"    {audit['id']}: {audit['title']} {where}".rstrip())
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--date", default=os.environ.get("NETZBRIEF_BUILD_DATE", "2026-11-23"))
    parser.add_argument("--all", action="store_true", help="auch Veranstaltungen, Abonnieren und Suche prüfen")
    parser.add_argument("--keep", action="store_true", help="Build und Berichte nicht löschen")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="netzbrief-lighthouse-"))
    port = free_port()
    siteurl = f"http://127.0.0.1:{port}"
    out = work / "output"
    build(out, siteurl, args.date)
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    below = False
    try:
        print(f"{'Seite':<16}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for name, path in {**PAGES, **(MORE_PAGES if args.all else {})}.items():
            result = lighthouse(f"{siteurl}/{path}", work / f"{name}.json")
            scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
            print(f"{name:<16}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
            for category in CATEGORIES:
                if name == "Suche" and category == "seo":
                    print("  seo: die Suchseite ist absichtlich noindex (is-crawlable schlägt an)")
                    continue
                if scores[category] < 100:
                    below = True
                    print(f"  {category}:")
                    print("\n".join(failing(result, category)))
    finally:
        server.shutdown()
        server.server_close()
        if args.keep:
            print(f"Build und Berichte: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
