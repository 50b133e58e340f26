"""Running the Nu HTML Checker (vnu) so that a checker which did not check can never pass.

vnu writes its JSON report to stderr (after anything the JVM prints there, such as "Picked up JAVA_TOOL_OPTIONS"),
exits 0 without errors and 1 with errors, and silently skips files it cannot find. With ``--verbose`` it names
every file it checked on stdout. A crash, a kill, a missing jar, an unreadable report, a skipped file or an exit
code that disagrees with the report is a ``NuCheckerFailed``, never an empty list of errors.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path


class NuCheckerFailed(AssertionError):
    """The checker did not produce a trustworthy report."""


def _report(stderr: str) -> dict:
    start = stderr.find('{"')
    if start < 0:
        raise NuCheckerFailed(f"no JSON report from the Nu HTML Checker; stderr: {stderr[-2000:]!r}")
    try:
        report, _end = json.JSONDecoder().raw_decode(stderr, start)
    except ValueError as exc:
        raise NuCheckerFailed(f"unreadable report from the Nu HTML Checker ({exc}): {stderr[-2000:]!r}") from None
    if not isinstance(report, dict) or not isinstance(report.get("messages"), list):
        raise NuCheckerFailed(f"report without a list of messages: {stderr[-2000:]!r}")
    return report


def nu_errors(command: list[str], files: list[Path], *, base: Path | None = None, env: dict | None = None,
              timeout: float = 300) -> list[str]:
    """``path:line: message`` for every error in ``files`` (paths relative to ``base``); raises NuCheckerFailed."""
    files = [Path(f) for f in files]
    if not files:
        raise NuCheckerFailed("no files to check")
    result = subprocess.run([*command, "--verbose", *map(str, files)], capture_output=True, text=True,
                            timeout=timeout, env=env)
    if result.returncode not in (0, 1):
        raise NuCheckerFailed(f"the Nu HTML Checker exited with {result.returncode}; stderr: "
                              f"{result.stderr[-2000:]!r}")
    report = _report(result.stderr)
    checked = {line.strip() for line in result.stdout.splitlines()}
    skipped = [str(f) for f in files if str(f) not in checked]
    if skipped:
        raise NuCheckerFailed(f"{len(skipped)} file(s) not checked: {skipped[:5]}")
    errors = []
    for message in report["messages"]:
        if message.get("type") in ("error", "non-document-error"):
            where = message.get("url", "").removeprefix("file:")
            if base is not None:
                where = where.split(str(base), 1)[-1].lstrip("/")
            errors.append(f"{where}:{message.get('lastLine', '?')}: {message.get('message', message)}")
    if (result.returncode == 1) != bool(errors):
        raise NuCheckerFailed(f"exit code {result.returncode} does not match the report ({len(errors)} errors)")
    return errors
