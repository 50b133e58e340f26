"""The content check in a process of its own, beside the build (build.py): it parses every changed file and runs
the checks across files on the second core while Pelican reads and writes on the first.

The build swaps its output in only after the check has passed: content with problems still builds nothing, and
the problems are what is shown (Pelican's own errors about the same files would be the less clear words).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .lifeline import end_with_parent

PLUGINS = Path(__file__).resolve().parent.parent
BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); from content_model.checkrun import main; "
        "sys.exit(main(sys.argv[2:]))")


class CheckRun:
    """One check of ``content_dir`` (paths in messages relative to ``root``; unchanged files' results from the
    store in ``cache``, keyed with ``code``)."""

    def __init__(self, content_dir: Path, root: Path, cache: Path, code: str):
        job = {"content": str(content_dir), "root": str(root), "cache": str(cache), "code": code,
               "parent": os.getpid()}
        self._process = subprocess.Popen([sys.executable, "-c", BOOT, str(PLUGINS), json.dumps(job)],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True)

    def result(self) -> tuple[list[str], list[str]]:
        """``(problems, hints)`` as the lines to print; raises RuntimeError when the check itself failed."""
        stdout, stderr = self._process.communicate()
        try:
            found = json.loads(stdout)
            return [str(line) for line in found["problems"]], [str(line) for line in found["hints"]]
        except (ValueError, KeyError, TypeError):
            detail = stderr.strip().splitlines()[-1] if stderr.strip() else f"Exit-Code {self._process.returncode}"
            raise RuntimeError(f"Die Prüfung der Inhalte ist abgebrochen: {detail}") from None

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()


class CheckedHere:
    """The same check in this process, for when nothing else is to be done meanwhile (a first build)."""

    def __init__(self, content_dir: Path, root: Path, cache: Path, code: str):
        self._found = run_check(content_dir, root, cache, code)

    def result(self) -> tuple[list[str], list[str]]:
        return self._found

    def stop(self) -> None:
        pass


def run_check(content_dir: Path, root: Path, cache: Path, code: str) -> tuple[list[str], list[str]]:
    from .validate import check, hints

    entries, problems = check(content_dir, root, store=cache, salt=code)
    return [str(problem) for problem in problems], [str(hint) for hint in hints(entries)]


def main(argv: list[str]) -> int:
    job = json.loads(argv[0])
    end_with_parent(int(job["parent"]))
    problems, hints = run_check(Path(job["content"]), Path(job["root"]), Path(job["cache"]), job["code"])
    print(json.dumps({"problems": problems, "hints": hints}))
    return 0
