"""Speed of `invoke check` (it runs before every build) against the least any YAML front matter tool does.

    .venv/bin/python bench/check.py [--articles 1000] [--repeat 5]

Both run in this process on the same generated articles (bench/build.py's generator; a sixth of them have
"Recht & Regulierung" as a tag, so their front matter is scanned for YAML anchors first):
  baseline = read every file and parse its front matter with libyaml (yaml.CSafeLoader)
  check    = content_model.validate.check: every rule, symlinks, links, cross-file checks
Prints the fastest of ``--repeat`` runs and the ratio check/baseline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import generate  # noqa: E402 - bench/build.py
from content_model import validate  # noqa: E402


def baseline(content: Path) -> None:
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        yaml.load(text.split("\n---\n", 1)[0].removeprefix("---\n"), Loader=yaml.CSafeLoader)


def ours(content: Path) -> None:
    validate._CHECKED.clear()  # the memo would make every run after the first free
    _entries, problems = validate.check(content)
    if problems:
        sys.exit(f"unexpected problems: {problems[:3]}")


def fastest(function, content: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(content)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the fastest counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netzbrief-bench-") as tmp:
        generate(Path(tmp), args.articles)
        content = Path(tmp) / "ours"
        base = fastest(baseline, content, args.repeat)
        check = fastest(ours, content, args.repeat)
        print(f"articles: {args.articles}")
        print(f"read + libyaml front matter: {base:6.3f} s")
        print(f"invoke check:                {check:6.3f} s   ratio check/baseline = {check / base:.2f}")


if __name__ == "__main__":
    main()
