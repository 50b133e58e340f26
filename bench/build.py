"""Build speed: our full build against bare Pelican 4.12 with its default theme, on the same Markdown.

    .venv/bin/python bench/build.py [--articles 1000] [--repeat 1]

Prints wall times and two ratios:
  full   = our full build (checks, all plugins, feeds, calendar, search index, newsletter) / bare Pelican
  edit   = our rebuild after one edited file / our full build
Each build runs in its own process, one after the other, on the same generated content.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAGS = ["Wärmewende", "Netze", "Digitalisierung", "Fachkräfte", "Wasserstoff", "Wärmeplanung", "Glasfaser",
        "IT-Sicherheit", "Kundenservice", "Mobilität", "Wasser", "Recht & Regulierung"]
WORDS = ("Netz Wärme Quartier Leitung Anschluss Planung Kommune Versorger Strom Gas Wasser Speicher Pumpe "
         "Förderung Satzung Bürger Rat Projekt Ausbau Betrieb Kosten Tarif Zähler Daten Sicherheit").split()


def body(rng: random.Random, paragraphs: int = 8) -> str:
    parts = []
    for index in range(paragraphs):
        if index in (2, 5):
            parts.append(f"## Abschnitt {index}")
        sentence = lambda: " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
        parts.append(" ".join(sentence() for _ in range(5)))
        if index == 3:
            parts.append("\n".join(f"- {rng.choice(WORDS)} und {rng.choice(WORDS)}" for _ in range(4)))
    return "\n\n".join(parts) + "\n"


def generate(target: Path, count: int) -> None:
    """Write the same articles twice: with our YAML front matter, and with Pelican's native metadata."""
    rng = random.Random(42)
    ours, bare = target / "ours" / "articles", target / "bare" / "articles"
    ours.mkdir(parents=True)
    bare.mkdir(parents=True)
    for number in range(count):
        title = f"Fachbeitrag {number}: {rng.choice(WORDS)} und {rng.choice(WORDS)}"
        date = f"{2020 + number % 6}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        tags = rng.sample(TAGS, 2)
        summary = f"Worum es in Beitrag {number} geht."
        text = body(rng)
        (ours / f"beitrag-{number}.md").write_text(textwrap.dedent(f"""\
            ---
            title: "{title}"
            date: {date}
            summary: "{summary}"
            tags: [{", ".join(tags)}]
            authors: [Redaktion]
            ---
            """) + text, encoding="utf-8")
        (bare / f"beitrag-{number}.md").write_text(
            f"Title: {title}\nDate: {date}\nSummary: {summary}\nTags: {', '.join(tags)}\nAuthors: Redaktion\n"
            f"Category: Fachbeiträge\nSlug: beitrag-{number}\n\n" + text, encoding="utf-8")


OURS = """
import sys
sys.path.insert(0, {plugins!r})
from content_model.build import build
sys.exit(build({settings!r}, overrides={{"PATH": {content!r}, "OUTPUT_PATH": {output!r}, "CACHE_PATH": {cache!r},
    "NEWSLETTER_ARTIFACTS_PATH": {newsletter!r}, "BUILD_DATE": "2026-11-23"}}))
"""


def run(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"failed: {' '.join(command[:3])} …\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def ours(work: Path, content: Path, output: Path, cache: Path) -> float:
    code = OURS.format(plugins=str(ROOT / "plugins"), settings=str(ROOT / "pelicanconf.py"), content=str(content),
                       output=str(output), cache=str(cache), newsletter=str(work / "newsletter"))
    return run([sys.executable, "-c", code])


def bare(content: Path, output: Path) -> float:
    settings = content.parent / "bare_settings.py"
    settings.write_text('SITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "Europe/Berlin"\nDEFAULT_LANG = "de"\n'
                        'DEFAULT_PAGINATION = 10\nLOAD_CONTENT_CACHE = False\n', encoding="utf-8")
    return run([sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings), "-q"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netzbrief-bench-") as tmp:
        work = Path(tmp)
        generate(work, args.articles)
        full, plain, edit = [], [], []
        for attempt in range(args.repeat):
            cache = work / f"cache-{attempt}"
            plain.append(bare(work / "bare", work / f"bare-out-{attempt}"))
            full.append(ours(work, work / "ours", work / f"out-{attempt}", cache))
            edited = work / "ours" / "articles" / "beitrag-7.md"
            edited.write_text(edited.read_text(encoding="utf-8") + f"\nNachtrag {attempt}.\n", encoding="utf-8")
            edit.append(ours(work, work / "ours", work / f"out-{attempt}", cache))
            shutil.rmtree(cache, ignore_errors=True)
        full_s, plain_s, edit_s = min(full), min(plain), min(edit)
        print(f"articles: {args.articles}")
        print(f"bare Pelican 4.12, default theme: {plain_s:6.2f} s")
        print(f"Netzbrief full build:            {full_s:6.2f} s   ratio full/bare = {full_s / plain_s:.2f} "
              f"(target ≤ 1.3)")
        print(f"Netzbrief rebuild, 1 file edited: {edit_s:6.2f} s   ratio edit/full = {edit_s / full_s:.2f} "
              f"(target ≤ 0.5)")


if __name__ == "__main__":
    main()
