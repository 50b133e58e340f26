"""The search worker (plugins/site_search/worker.py) never outlives its build's staging folder: a build killed
after asking for the bundle must not have its worker write into a folder the next build has retired."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

# A short-lived build stand-in: starts a child that makes the worker's request to die with its parent, waits
# until the request is made, prints the child's pid and exits.
PARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(__import__("os").getpid())],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
assert child.stdout.readline().strip() == "ready"
print(child.pid, flush=True)
"""
CHILD = f"""
import sys, time
sys.path.insert(0, {str(ROOT / "plugins")!r})
from content_model.lifeline import end_with_parent
end_with_parent(int(sys.argv[1]))
print("ready", flush=True)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_worker_ends_when_its_build_dies():
    parent = subprocess.run([sys.executable, "-c", PARENT, CHILD], capture_output=True, text=True, timeout=60)
    assert parent.returncode == 0, parent.stderr
    child = int(parent.stdout.strip())
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    still = alive(child)
    if still:
        os.kill(child, 9)
    assert not still, "the worker kept running after its build was gone"


def test_the_worker_does_not_make_a_missing_output_folder(tmp_path):
    from site_search.service import PagefindError
    from site_search.worker import Bundler

    output = tmp_path / "output.building-1"
    job = {"output": str(output), "cache": str(tmp_path / "cache"), "bundle": "pagefind", "language": "de",
           "part_pages": 500, "exclude": []}
    bundler = Bundler(job)
    bundler.records_dir.mkdir(parents=True)
    with pytest.raises(PagefindError, match="Ausgabeordner fehlt"):
        bundler.run()
    assert not output.exists()
