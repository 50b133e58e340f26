"""A build killed while its content check runs beside it (content_model/checkrun.py) must take the check with it,
as the search worker goes with its build (content_model/lifeline.py, shared): an orphaned check keeps
a core busy and writes the check store while the next build runs its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, run_build
from tests.site.test_validation import write
from tests.site.test_validation_gate import FAST, GOOD

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.conftest import run_build
run_build(Path(sys.argv[2]), Path(sys.argv[3]), SEARCH_INDEX=False)
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"content_model.checkrun" in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_rebuild_leaves_no_check_process_behind(tmp_path):
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, "articles/a.md", GOOD)
    assert run_build(content, out, **FAST) == 0
    os.mkfifo(content / "articles" / "b.md")  # stands in for a slow check: reading it waits for a writer
    build = subprocess.Popen([sys.executable, "-c", CHILD, str(ROOT), str(content), str(out)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checks: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not checks and time.monotonic() < deadline:
            checks = _children(build.pid)
            time.sleep(0.1)
        assert checks, "the rebuild should run its check in a process of its own"
        time.sleep(3)  # the check has started and waits on the file
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in checks) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in checks), "the check outlived the build that started it"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        for pid in checks:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
