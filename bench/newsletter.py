"""Newsletter render benchmark: time per issue (target: under 50 ms for 20 items) and mjml-python vs. npm mjml.

    python bench/newsletter.py [--runs 30]

1. The sample issues (content/newsletter/) in a real build: render time of each issue's e-mail (HTML + text).
2. A synthetic issue with 20 teasers (raster images) and 3 Termine: Jinja, MJML, css-inline and text separately.
3. The same MJML compiled by the reference `mjml` from npm (node_modules/.bin/mjml, .cache/bench-node/…, $MJML_BIN
   or `npx --no-install mjml`), in one Node process (compile only) and as a CLI call per compile; skipped with a
   hint where it is not installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from markupsafe import Markup

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from newsletter import render  # noqa: E402
from newsletter.view import Teaser, Termin  # noqa: E402

NODE_BENCH = """
const mjml = require(process.argv[2]); const fs = require('fs');
const source = fs.readFileSync(process.argv[3], 'utf8'); const runs = +process.argv[4];
mjml(source, {validationLevel: 'skip'}); const times = [];
for (let i = 0; i < runs; i++) { const t = process.hrtime.bigint(); mjml(source, {validationLevel: 'skip'});
  times.push(Number(process.hrtime.bigint() - t) / 1e6); }
times.sort((a, b) => a - b); console.log(JSON.stringify({median: times[Math.floor(runs / 2)]}));
"""


def median_ms(function, runs: int) -> float:
    function()  # warm-up (template compilation, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic_context(items: int = 20) -> dict:
    from newsletter.settings import DEFAULTS
    from pelicanconf import NEWSLETTER_IMPRINT

    base, utm = "https://netzbrief.example.org", "?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11"
    teasers = [Teaser(uid=f"articles/b{n}", title=f"Beitrag {n}: Wärmeplanung, Netzausbau und was Stadtwerke jetzt tun",
                      url=f"{base}/fachbeitraege/beitrag-{n}/{utm}", kicker="10. November 2026",
                      byline="Von Sabine Ortmann · 5 Min. Lesezeit", summary="Ein Anreißer mit zwei, drei Sätzen. " * 6,
                      image=f"{base}/images/beitrag-{n}.jpg", image_alt=f"Bild zu Beitrag {n}", call="Weiterlesen")
               for n in range(items)]
    termine = [Termin(uid=f"events/t{n}", title=f"Termin {n}", url=f"{base}/veranstaltungen/t{n}/{utm}",
                      when="Donnerstag, 10. Dezember 2026, 09:00–16:30 Uhr", where="Stadthalle Lindenau und online",
                      summary="Worum es geht.", registration_url="https://anmeldung.example.org/x") for n in range(3)]
    issue = SimpleNamespace(id="2026-11", title="Rundbrief November 2026", subject="Rundbrief November 2026: Betreff",
                            preheader="Vorschautext", date=dt.date(2026, 11, 23))
    sentence = 'Ein Editorial mit etwas Text und einem <a href="https://example.org/">Link</a>. '
    editorial = Markup("<p>" + sentence * 12 + "</p>")  # rendered Markdown: trusted HTML, as the generator marks it
    return {"issue": issue, "issue_label": "23. November 2026", "web_url": f"{base}/newsletter/2026-11/{utm}",
            "archive_url": f"{base}/newsletter/archiv/{utm}", "home_url": f"{base}/{utm}", "editorial_html": editorial,
            "editorial_text": "Ein Editorial.", "groups": [("Fachbeiträge", teasers)], "events": termine,
            "imprint": NEWSLETTER_IMPRINT, "width": DEFAULTS["TEXT_WIDTH"], "salutation": "%%SALUTATION%%",
            "unsubscribe_url": "%%UNSUBSCRIBE_URL%%"}


def sample_issues(runs: int) -> None:
    """Build the sample content once and time each issue's render (HTML and text) with its real context."""
    from content_model.build import build
    from newsletter import generator

    contexts: dict = {}
    original = generator.NewsletterGenerator.email_context

    def capture(self, issue):
        contexts[issue.id] = original(self, issue)
        return contexts[issue.id]

    generator.NewsletterGenerator.email_context = capture
    with tempfile.TemporaryDirectory() as folder:
        overrides = {"OUTPUT_PATH": f"{folder}/output", "NEWSLETTER_ARTIFACTS_PATH": f"{folder}/newsletter",
                     "SEARCH_INDEX": False, "BUILD_DATE": os.environ.get("NETZBRIEF_BUILD_DATE", "2026-11-23")}
        if build(ROOT / "pelicanconf.py", overrides=overrides) != 0:
            raise SystemExit("the sample build failed")
    generator.NewsletterGenerator.email_context = original
    renderer = render.EmailRenderer(ROOT / "theme" / "email")
    for name, context in sorted(contexts.items()):
        items = sum(len(teasers) for _label, teasers in context["groups"])
        ms = median_ms(lambda: (renderer.html(context), renderer.text(context)), runs)
        print(f"sample issue {name}: {items} items, {len(context['events'])} Termine: {ms:6.1f} ms per render")


def reference_mjml() -> list[str] | None:
    candidates = [os.environ.get("MJML_BIN"), ROOT / "node_modules/.bin/mjml",
                  ROOT / ".cache/bench-node/node_modules/.bin/mjml"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return [str(candidate)]
    npx = shutil.which("npx")
    if npx and subprocess.run([npx, "--no-install", "mjml", "--version"], capture_output=True).returncode == 0:
        return [npx, "--no-install", "mjml"]
    return None


def compare(source: str, python_ms: float, runs: int) -> None:
    command = reference_mjml()
    if command is None:
        print("reference mjml (npm): not installed – skipped. Install it for the bench only, e.g.\n"
              "  npm install --prefix .cache/bench-node mjml@4   (or set MJML_BIN=/path/to/node_modules/.bin/mjml)")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "email.mjml"
        path.write_text(source, encoding="utf-8")
        version = subprocess.run([*command, "--version"], capture_output=True, text=True).stdout.split()
        package = Path(command[-1]).resolve().parent.parent if len(command) == 1 else None
        if package and (package / "package.json").is_file() and shutil.which("node"):
            script = Path(folder) / "bench.js"
            script.write_text(NODE_BENCH, encoding="utf-8")
            out = subprocess.run(["node", str(script), str(package), str(path), str(runs)], capture_output=True,
                                 text=True, check=True).stdout
            node_ms = json.loads(out)["median"]
            print(f"npm mjml {' '.join(version[-2:])} in Node (compile only): {node_ms:6.1f} ms "
                  f"→ mjml-python is {node_ms / python_ms:.1f}× faster")
        cli_ms = median_ms(lambda: subprocess.run([*command, str(path), "-s"], capture_output=True, check=True),
                           max(3, runs // 5))
        print(f"npm mjml CLI per call (incl. Node start): {cli_ms:6.1f} ms → mjml-python is "
              f"{cli_ms / python_ms:.0f}× faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    sample_issues(runs)
    renderer, context = render.EmailRenderer(ROOT / "theme" / "email"), synthetic_context()
    source = renderer.mjml(context)
    compiled = render.compile_mjml(source)
    steps = {"Jinja (MJML source)": lambda: renderer.mjml(context),
             "mjml-python compile": lambda: render.compile_mjml(source), "css-inline": lambda: render.inline_css(compiled), "text part": lambda: renderer.text(context),
             "total (HTML + text)": lambda: (renderer.html(context), renderer.text(context))}
    print(f"synthetic issue, 20 items + 3 Termine ({len(renderer.html(context).encode()) / 1024:.1f} KB HTML), "
          f"median of {runs} runs:")
    times = {name: median_ms(step, runs) for name, step in steps.items()}
    for name, ms in times.items():
        print(f"  {name:<22} {ms:6.1f} ms")
    total = times["total (HTML + text)"]
    print(f"  target < 50 ms: {'ok' if total < 50 else 'MISSED'}")
    compare(source, times["mjml-python compile"], runs)


if __name__ == "__main__":
    main()
