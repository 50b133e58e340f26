"""`invoke build`: check everything, build into staging folders, and swap them in only if all went well.

Pelican by itself logs a broken file and exits 0; here any error logged during the build fails it, and the
previous ``output/`` (and newsletter artifacts) stay exactly as they were.
"""

from __future__ import annotations

import errno
import gc
import glob
import hashlib
import itertools
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console

from .cache import process_alive, saved
from .checkcache import changed_since_check, check_key, forget, load_passed, relative, store_passed
from .digeststore import DigestStore
from .folders import Folders
from .outputstamps import write_stamps
from .settings import build_date
from .unchanged import previous_times
from .uptodate import code_folders, inputs_key, is_up_to_date, remember, tree_manifest
from .checkrun import CheckedHere, CheckRun

STAGED = ("OUTPUT_PATH", "NEWSLETTER_ARTIFACTS_PATH")  # folders a build writes, swapped in together
REMOVE = "import glob, shutil, sys; [shutil.rmtree(p, ignore_errors=True) for p in glob.glob(sys.argv[1])]"
STATE_NAME = ".netzbrief-pages.json"  # plugins/incremental writes it into the output


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def code_fingerprint(root: Path) -> str:
    """Hash of plugin and theme code: a content cache from other code is never reused."""
    digest = hashlib.sha256()
    for folder in ("plugins", "theme/templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".html", ".mjml", ".txt"):
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load_settings(settings_file: str | Path, overrides: dict | None = None) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=overrides or {})


def _swap(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging`` using renames only (old trees are removed afterwards, in the background:
    a detached process deletes every ``<final>.old-*``, so one left by an interrupted build goes too)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = _unused(final)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        _remove_old(final)


def _unused(final: Path) -> Path:
    """A name for the tree ``final`` replaces that no tree still being removed has: a process that builds again
    (``invoke livereload``) may swap before the tree of its last swap is gone."""
    return next(old for number in itertools.count()
                if not os.path.lexists(old := final.with_name(f"{final.name}.old-{os.getpid()}-{number}")))


def _remove_old(final: Path) -> None:
    """Every ``<final>.old-*`` removed by a detached process (the build does not wait for it)."""
    subprocess.Popen([sys.executable, "-c", REMOVE, glob.escape(str(final)) + ".old-*"], start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _retire_dead_staging(final: Path) -> None:
    """A staging folder of a build that was killed (its process is gone) becomes an old tree and is removed."""
    retired = False
    for stale in final.parent.glob(glob.escape(final.name) + ".building-*"):
        pid = stale.name.rsplit("-", 1)[1]
        if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
            try:
                stale.rename(final.with_name(f"{final.name}.old-{pid}"))
                retired = True
            except OSError:
                pass
    if retired:
        _remove_old(final)


def _recording(settle, start: str, stamps: dict):
    """``settle`` that also notes each file's size and final time (``stamps``, by path below ``start``)."""
    def recording(path: str, stat: os.stat_result) -> int:
        mtime = settle(path, stat)
        stamps[relative(path, start).replace(os.sep, "/")] = [stat.st_size, mtime]
        return mtime

    return recording


def _keep_state(written: Path, state: Path) -> None:
    """Move the page keys out of the output (they describe it, but are not part of the site)."""
    if written.is_file():
        state.parent.mkdir(parents=True, exist_ok=True)
        os.replace(written, state)
    else:
        state.unlink(missing_ok=True)  # no keys for this output: never pair old keys with it


class _Gate:
    """The content check of one build. It is skipped when the content's inputs (``key``) are those of the last
    passed check. Else it runs in a process of its own (checkrun.py): beside a rebuild (``beside``: the second core
    checks the few changed files while the first builds), before a first build (which needs both cores, and whose
    editor should hear of a problem at once). Nothing is swapped in before ``failed()`` has said it passed; its
    hints are printed then."""

    def __init__(self, content_dir: Path, root: Path, cache: Path, code: str, key: str, console: Console,
                 check: bool = True, beside: bool = True):
        self.cache, self.key, self.console, self.beside = cache, key, console, beside
        self.passed = load_passed(cache, key) if check else []
        self.run: CheckRun | CheckedHere | None = None
        if self.passed is None and beside:
            self.run = CheckRun(content_dir, root, cache, code)
        elif self.passed is None:
            with console.status("Prüfe Inhalte …"):
                self.run = CheckedHere(content_dir, root, cache, code)
        self.told = False

    def failed(self) -> bool:
        """Wait for the check; print its problems (True) or, once, its hints (False)."""
        if self.run is not None:
            run, self.run = self.run, None
            try:
                problems, self.passed = run.result()
            except RuntimeError as exc:
                problems, self.passed = [str(exc)], None
            if problems:
                for problem in problems:
                    self.console.print(problem, markup=False, highlight=False)
                self.console.print(f"[red]{len(problems)} Problem(e) gefunden – nichts wurde gebaut, die bisherige "
                                   f"Ausgabe bleibt unverändert.[/red]")
                self.passed = None
                return True
            if not changed_since_check():  # else the check may have read newer bytes than ``key`` names
                store_passed(self.cache, self.key, self.passed)
        if self.passed is None:
            return True
        if not self.told:
            self.told = True
            for hint in self.passed:
                self.console.print(hint, style="yellow", markup=False, highlight=False)
        return False

    def stop(self) -> None:
        if self.run is not None:
            self.run.stop()


def _run_pelican(settings: dict, console: Console, folders: Folders | None) -> "_ErrorCounter":
    """Run Pelican with ``settings``; the errors it logged or raised are in the returned counter's records."""
    from pelican import Pelican

    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    try:
        with console.status("Baue Website …"):
            Pelican(settings).run()
    except Exception as exc:  # noqa: BLE001 - every failure means: keep the old output
        counter.records.append(logging.makeLogRecord({"msg": f"{type(exc).__name__}: {exc}",
                                                      "levelno": logging.ERROR}))
    finally:
        logging.getLogger().removeHandler(counter)
        if folders is not None:
            folders.wait()  # done long before, unless Pelican failed early
    return counter


def _is_a_directory(record: logging.LogRecord) -> bool:
    message = record.getMessage()
    return "IsADirectoryError" in message or os.strerror(errno.EISDIR) in message


def build(settings_file: str | Path, *, overrides: dict | None = None, console: Console | None = None,
          check_first: bool = True, skip_unchanged: bool = True) -> int:
    """Build the site; return an exit code (0 ok, 1 content problems or build errors). With ``skip_unchanged``, a
    build whose inputs and output are those of the last one ends after the check (uptodate.py)."""
    collecting = gc.isenabled()
    try:
        return _build(settings_file, overrides, console, check_first, skip_unchanged)
    finally:
        saved()  # the reader caches, written by a forked copy (cache.save_pending)
        forget()  # the files' digests hold for this build only (a later run in this process reads anew)
        if collecting:
            gc.enable()


def _build(settings_file, overrides, console, check_first, skip_unchanged) -> int:
    console = console or Console(stderr=True, soft_wrap=True)
    root = Path(settings_file).resolve().parent
    settings = load_settings(settings_file, overrides)
    started = time.monotonic()
    code = code_fingerprint(root)
    cache = Path((overrides or {}).get("CACHE_PATH") or root / ".cache" / "pelican" / code)
    content_dir = Path(settings["PATH"]).resolve()
    checked = check_key(content_dir, root, code, DigestStore(cache))
    finals = {key: Path(settings[key]).resolve() for key in STAGED if settings.get(key)}
    rebuild = finals["OUTPUT_PATH"].is_dir()
    if rebuild:
        # A rebuild keeps millions of objects until its end (items, their metadata, the reader cache), and Python's
        # cycle collector scanned them all again and again: four full passes, about 1 s, at 5,000 articles. It
        # pauses for a rebuild (which makes few new objects) and is back on after it (build()). A first build
        # keeps it: without it, the garbage of rendering every page raised its peak memory by a sixth.
        gc.disable()
    gate = _Gate(content_dir, root, cache, code, checked, console, check_first, beside=rebuild)
    try:
        if not gate.beside and gate.failed():
            return 1
        inputs = inputs_key(checked, settings, build_date(settings), code_folders(root, settings))
        if skip_unchanged and is_up_to_date(cache, finals["OUTPUT_PATH"], inputs, list(finals.values())):
            if gate.failed():
                return 1
            console.print(f"[green]Unverändert[/green] seit dem letzten Build ({time.monotonic() - started:.1f} s): "
                          f"{finals['OUTPUT_PATH']}")
            return 0
        staging = {key: path.with_name(f"{path.name}.building-{os.getpid()}") for key, path in finals.items()}
        for key, path in staging.items():
            shutil.rmtree(path, ignore_errors=True)
            _retire_dead_staging(finals[key])
        overrides = {"CACHE_PATH": str(cache), **(overrides or {})}
        # Incremental rebuilds (plugins/incremental): the previous output and the page keys of the build that wrote it.
        output = finals["OUTPUT_PATH"]
        state = Path(overrides["CACHE_PATH"]) / f"pages-{hashlib.sha256(str(output).encode()).hexdigest()[:12]}.json"
        if output.is_dir():
            overrides.update(INCREMENTAL_PREVIOUS_OUTPUT=str(output), INCREMENTAL_STATE=str(state))
        settings = load_settings(settings_file, {**overrides, **{k: str(p) for k, p in staging.items()}})
        premade = output.is_dir() and not settings.get("DELETE_OUTPUT_DIRECTORY")
        counter = _run_pelican(settings, console, Folders(output, staging["OUTPUT_PATH"]) if premade else None)
        if premade and any(_is_a_directory(record) for record in counter.records):
            # A folder of the previous output is a file now (another URL scheme, a content folder that became a
            # file): the premade folder stands in its way. Build once more without premade folders.
            for path in staging.values():
                shutil.rmtree(path, ignore_errors=True)
            counter = _run_pelican(settings, console, None)
        if gate.failed():  # its problems say more than Pelican's errors about the same files
            for path in staging.values():
                shutil.rmtree(path, ignore_errors=True)
            return 1
        if counter.records:
            for path in staging.values():
                shutil.rmtree(path, ignore_errors=True)
            for record in counter.records:
                console.print(f"Fehler: {record.getMessage()}", markup=False, highlight=False)
            console.print("[red]Der Build ist fehlgeschlagen – die bisherige Ausgabe bleibt unverändert.[/red]")
            return 1
        manifests, stamps = {}, {}
        for key, final in finals.items():
            if staging[key].exists():
                # One walk: unchanged files keep their time, folders left empty are removed (folders.py), the
                # manifest of the tree as it will be after the swap (the page keys are moved out of the output after
                # it) is recorded for the no-change skip, and each output file's size and time for the next build.
                settle = previous_times(staging[key], final)
                if key == "OUTPUT_PATH":
                    settle = _recording(settle, str(staging[key]), stamps)
                manifests[str(final)] = tree_manifest(staging[key], settle=settle,
                                                      skip=frozenset({STATE_NAME} if key == "OUTPUT_PATH" else ()),
                                                      prune=True)
                _swap(staging[key], final)
        _keep_state(output / STATE_NAME, state)
        write_stamps(state, stamps)
        if changed_since_check():
            # Saved while the build ran: the output may show the newer text, the inputs key names the older one.
            # No record, so the next build runs for real (its keys pair each file's digest with what it reads).
            console.print("[yellow]Inhalte wurden während des Builds geändert – der nächste Build prüft sie "
                          "neu.[/yellow]")
        else:
            remember(cache, output, inputs, list(finals.values()), manifests)
        console.print(f"[green]Fertig[/green] in {time.monotonic() - started:.1f} s: {finals['OUTPUT_PATH']}")
        return 0
    finally:
        gate.stop()
