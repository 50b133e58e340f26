"""Hand-made mutations: one-line bugs a developer could really write, and the tests that must notice them.

    .venv/bin/python -m tests.mutants            # all mutations, then the kill rate
    .venv/bin/python -m tests.mutants --list     # names, files and selections
    .venv/bin/python -m tests.mutants --only events-state-tomorrow --only tokens-mac-address-only

Each mutation is (name, file, exact original snippet, replacement, pytest selection). The script copies the
worktree once to a scratch folder (the real files are never edited), then for each mutation writes the mutated
file there, runs its selection, and restores the file. A failing selection kills the mutation; a passing one
lets it survive. A mutation whose snippet is no longer in the file (the code moved on) is "stale" and left out
of the rate. Before the mutations, the union of all selections runs once on the unmutated copy: a selection that
fails without a mutation would count every mutation as killed. The selections are kept small on purpose: the
whole run takes minutes. Not collected by pytest (the name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.mutations import MUTATIONS, Mutation

ROOT = Path(__file__).resolve().parent.parent
SHARED = (".venv", "node_modules")
SKIP = {".git", "output", "build", ".cache", "var", "outbox", "test-artifacts", "__pycache__", ".pytest_cache"}


def scratch_copy(target: Path) -> Path:
    """The worktree without outputs, caches and git; .venv and node_modules stay links to the shared ones."""
    def ignore(folder, names):
        top = Path(folder) == ROOT  # staging folders of builds (output.building-<pid>) sit next to output/
        return [n for n in names if n in SKIP or n.endswith(".pyc") or top and n.startswith(("output.", "build."))]
    shutil.copytree(ROOT, target, symlinks=True, ignore=lambda folder, names: [
        *ignore(folder, names), *(n for n in SHARED if Path(folder) == ROOT)])
    for name in SHARED:  # real folders in a clone, links in a worktree: either way the copy links to them
        if (ROOT / name).exists():
            (target / name).symlink_to((ROOT / name).resolve())
    return target


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run_pytest(copy: Path, selection: list[str], timeout: float) -> tuple[str, float, str]:
    """``passed``, ``failed``, ``timeout`` or ``error`` (nothing collected, usage error), the seconds taken and
    the first failing test."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no stale bytecode of a mutated file survives it
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-rfE", "-p", "no:cacheprovider", "--no-header",
               "-o", "addopts=", *selection]
    # Own process group: a timeout or Ctrl-C also ends the servers the tests started.
    process = subprocess.Popen(command, cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started, ""
    finally:
        _kill_group(process)
    took = time.monotonic() - started
    first = next((line for line in stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))), "")
    if process.returncode in (0, 1):
        return ("passed" if process.returncode == 0 else "failed"), took, first[:160]
    sys.stderr.write(stdout[-3000:] + stderr[-2000:])
    return "error", took, first


def paths_of(mutations) -> list[str]:
    """The test files and node ids of the selections, without their ``-k`` filters (a superset of each)."""
    found = []
    for m in mutations:
        words = iter(shlex.split(m.tests))
        for word in words:
            if word == "-k":
                next(words, None)
            elif not word.startswith("-"):
                found.append(word)
    return list(dict.fromkeys(found))


def mutate(copy: Path, mutation: Mutation, selection: list[str], timeout: float) -> tuple[str, float, str]:
    path = copy / mutation.file
    original = path.read_text(encoding="utf-8") if path.is_file() else ""
    count = original.count(mutation.original)
    if count != 1:
        return ("stale" if count == 0 else "ambiguous"), 0.0, ""
    path.write_text(original.replace(mutation.original, mutation.replacement), encoding="utf-8")
    try:
        outcome, took, first = run_pytest(copy, selection, timeout)
    finally:
        path.write_text(original, encoding="utf-8")
    return {"failed": "killed", "passed": "survived"}.get(outcome, outcome), took, first


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutants", description=__doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this mutation (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--select", metavar="ARGS", help="run these pytest arguments instead of each mutation's "
                                                         "own selection (e.g. the whole suite, to find gaps)")
    parser.add_argument("-v", "--verbose", action="store_true", help="name the test that killed each mutation")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run of the selections")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per selection (default 900)")
    parser.add_argument("--threshold", type=float, default=90.0, help="kill rate in %% below which the exit "
                                                                       "code is 1 (default 90)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a stop ends the running selection, too
    chosen = [m for m in MUTATIONS if not args.only or m.name in args.only]
    unknown = set(args.only or ()) - {m.name for m in MUTATIONS}
    if unknown:
        parser.error(f"unknown mutation(s): {', '.join(sorted(unknown))}")
    if args.list:
        for m in chosen:
            path = ROOT / m.file
            count = path.read_text(encoding="utf-8").count(m.original) if path.is_file() else 0
            state = {0: "stale", 1: "ok"}.get(count, "ambiguous")
            print(f"{state:9} {m.name:34} {m.file:36} {m.tests}")
        return 0
    override = shlex.split(args.select) if args.select else None
    with tempfile.TemporaryDirectory(prefix="netzbrief-mutants-") as scratch:
        copy = scratch_copy(Path(scratch) / "worktree")
        if not args.no_baseline:
            union = override or paths_of(chosen)
            print(f"baseline: {len(union)} selection(s) without mutation …", flush=True)
            outcome, took, first = run_pytest(copy, union, args.timeout * 2)
            if outcome != "passed":
                print(f"baseline {outcome} after {took:.0f} s: fix the tests first (or a selection is wrong): "
                      f"{first}")
                return 2
            print(f"baseline passed in {took:.0f} s", flush=True)
        results: dict[str, list[str]] = {}
        for number, m in enumerate(chosen, 1):
            outcome, took, first = mutate(copy, m, override or shlex.split(m.tests), args.timeout)
            results.setdefault(outcome, []).append(m.name)
            print(f"[{number:2}/{len(chosen)}] {outcome:9} {m.name:34} {took:6.1f} s  {m.file}", flush=True)
            if first and args.verbose:
                print(f"          {first}", flush=True)
    return report(results, args.threshold)


def report(results: dict[str, list[str]], threshold: float) -> int:
    """Print the names by outcome and the kill rate; 0 if the rate reaches ``threshold`` and nothing erred."""
    killed = len(results.get("killed", [])) + len(results.get("timeout", []))  # a hang is noticed, too
    survived = len(results.get("survived", []))
    for outcome in ("survived", "timeout", "stale", "ambiguous", "error"):
        if results.get(outcome):
            print(f"{outcome}: {', '.join(results[outcome])}")
    rate = 100.0 * killed / (killed + survived) if killed + survived else 0.0
    print(f"kill rate: {killed}/{killed + survived} = {rate:.1f} % "
          f"({len(results.get('stale', []))} stale, {len(results.get('error', []))} error)")
    return 0 if rate >= threshold and not results.get("error") else 1

if __name__ == "__main__":
    sys.exit(main())
