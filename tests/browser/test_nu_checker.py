"""The HTML validity check fails when the Nu HTML Checker fails: a crash, a kill, a missing jar, a skipped file.

Before, ``test_html_is_valid`` read "no output" as "no errors", so a checker that died without a word passed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.browser.nu import NuCheckerFailed, nu_errors

GOOD = ('<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Gut</title></head>'
        '<body><p>Ja.</p></body></html>')
BAD = GOOD.replace("<p>Ja.</p>", "<p><div>Nein.</p>")


@pytest.fixture
def pages(tmp_path) -> tuple[Path, Path]:
    good, bad = tmp_path / "gut.html", tmp_path / "kaputt.html"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    return good, bad


def test_valid_page_has_no_errors_and_an_invalid_one_has(vnu_command, pages, tmp_path):
    good, bad = pages
    assert nu_errors(vnu_command, [good]) == []
    errors = nu_errors(vnu_command, [good, bad], base=tmp_path)
    assert errors and all(e.startswith("kaputt.html:1: ") for e in errors), errors
    assert any("“p”" in e for e in errors)


def test_jvm_noise_before_the_report_is_tolerated(vnu_command, pages):
    env = {**os.environ, "JAVA_TOOL_OPTIONS": "-Xmx256m"}  # the JVM announces it on stderr before the JSON
    errors = nu_errors(vnu_command, list(pages), env=env)
    assert errors and all("kaputt.html:1: " in e for e in errors), errors


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


BROKEN = {
    "killed without output": python("import os, signal; os.kill(os.getpid(), signal.SIGKILL)"),
    "crashed with exit 3": python("import sys; sys.stderr.write('Exception in thread main'); sys.exit(3)"),
    "exit 1 without report": python("import sys; sys.exit(1)"),
    "exit 0 without report": python("pass"),
    "truncated report": python("import sys; sys.stderr.write('{\"messages\": [{\"type\": \"err')"),
    "report but errors exit 0": python("import sys; sys.stderr.write('{\"messages\": [{\"type\": \"error\", "
                                       "\"message\": \"x\"}]}'); print(sys.argv[-1])"),
    "report, then aborted": python("import os, sys; sys.stderr.write('{\"messages\": []}'); print(sys.argv[-1]); "
                                   "sys.stdout.flush(); sys.stderr.flush(); os.abort()"),
    "empty report but exit 1": python("import sys; sys.stderr.write('{\"messages\": []}'); print(sys.argv[-1]); "
                                      "sys.exit(1)"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_checker_that_did_not_check_fails(pages, name):
    with pytest.raises(NuCheckerFailed):
        nu_errors(BROKEN[name], [pages[0]])


def test_real_checker_broken_invocations_fail(vnu_command, pages, tmp_path):
    java, _jar_flag, jar, *options = vnu_command
    with pytest.raises(NuCheckerFailed, match="no JSON report"):
        nu_errors([java, "-jar", str(tmp_path / "fehlt.jar"), *options], [pages[0]])  # missing jar: exit 1
    with pytest.raises(NuCheckerFailed, match="no JSON report"):
        nu_errors([java, "-Xmx1k", "-jar", jar, *options], [pages[0]])  # the JVM cannot start: exit 1
    with pytest.raises(NuCheckerFailed, match="not checked"):
        nu_errors(vnu_command, [pages[0], tmp_path / "gibt-es-nicht.html"])  # vnu skips it silently
    with pytest.raises(NuCheckerFailed, match="no files"):
        nu_errors(vnu_command, [])
