"""A build whose inputs equal those of the last finished build, and whose output nobody touched since, is skipped.

A build depends on its inputs and its date only (the guide's rule, kept by the equality tests), so equal inputs
give the output already there. The inputs, as one digest: the content check's key (every Markdown file's bytes,
size and modification time of the other content files, symlink targets, both settings files, the code
fingerprint), every file of the theme and plugin folders (``code_folders``), the settings as resolved (overrides
and environment included), the build date, the Python version and the installed distributions. The output
counts by a manifest of the trees a build writes: each path with its kind, size and modification time (unchanged
files keep theirs, see unchanged.py), so a file deleted, added or rewritten in ``output/`` means a real build.

Stored per output folder in the cache (``uptodate-<hash of the path>.json``) after each successful build, with
its own checksum: damaged, missing or from other inputs, it only means a real build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

from .checkcache import read_sealed, relative, write_sealed


def _plain(value):
    """Settings as JSON-able data: functions, classes and other objects by their qualified names."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return [[str(key), _plain(item)] for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))]
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(str(_plain(item)) for item in value)
    if isinstance(value, (dt.date, dt.datetime, dt.time, Path)):
        return str(value)
    kind = value if isinstance(value, type) or callable(value) else type(value)
    return f"<{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', repr(kind))}>"


def _distributions() -> list[str]:
    """The installed distributions with their versions (the names of their metadata folders)."""
    return sorted(name for folder in sys.path if os.path.isdir(folder) for name in os.listdir(folder)
                  if name.endswith((".dist-info", ".egg-info")))


def code_folders(root: Path, settings: dict) -> list[Path]:
    """The folders of code and templates a build reads besides the content: the project's theme, the theme and
    the newsletter templates the settings name, and the plugin paths."""
    named = [root / "theme", settings.get("THEME") or "theme", settings.get("NEWSLETTER_TEMPLATES_PATH") or "",
             *(settings.get("PLUGIN_PATHS") or [])]
    found = []
    for folder in named:
        path = (root / folder).resolve() if folder else None
        if path is not None and path.is_dir() and path not in found:
            found.append(path)
    return found


def inputs_key(check_key: str, settings: dict, date: dt.date, folders: list[Path]) -> str:
    """One digest of everything a build reads (see the module's text); ``folders`` are read whole."""
    digest = hashlib.sha256(json.dumps([check_key, _plain(settings), date.isoformat(), sys.version,
                                        _distributions()]).encode())
    for top in folders:
        digest.update(b"\1" + str(top).encode(errors="surrogateescape"))
        for folder, dirs, names in sorted(os.walk(top)):
            dirs[:] = sorted(name for name in dirs if name != "__pycache__")
            for name in sorted(names):
                path = os.path.join(folder, name)
                digest.update(b"\0" + relative(path, str(top)).encode(errors="surrogateescape") + b"\0")
                with open(path, "rb") as handle:
                    digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def tree_manifest(top: Path, *, settle=None, skip: frozenset = frozenset(), prune: bool = False) -> str:
    """The digest of every path below ``top`` with its kind, size and modification time ("-" if ``top`` is
    missing). Names in ``skip`` are left out at the top level. ``settle(path, stat)``, if given, is called for
    each plain file and returns the modification time to record (unchanged.previous_times sets it on the file).
    With ``prune``, a directory that is empty (or holds only empty ones) is removed instead."""
    if not top.is_dir():
        return "-"
    start = str(top)

    def walk(folder: str) -> list[bytes]:
        """The lines of ``folder``'s entries, each directory's before those below it (a directory's own line
        is made after its entries are walked: pruning one changes its time)."""
        lines: list[bytes] = []
        with os.scandir(folder) as entries:
            ordered = sorted(entries, key=lambda e: e.name)
        for entry in ordered:
            if folder == start and entry.name in skip:
                continue
            below: list[bytes] = []
            if entry.is_dir(follow_symlinks=False):
                kind, below = "d", walk(entry.path)
                if prune and not below:
                    try:
                        os.rmdir(entry.path)
                        continue
                    except OSError:
                        pass  # not empty after all: it stays, and counts
                stat = os.stat(entry.path, follow_symlinks=False)
                mtime = stat.st_mtime_ns
            else:
                stat = entry.stat(follow_symlinks=False)
                kind = "l" if entry.is_symlink() else "f"
                mtime = settle(entry.path, stat) if settle is not None and kind == "f" else stat.st_mtime_ns
            lines.append(f"{relative(entry.path, start)}\0{kind} {stat.st_size} {mtime}\n"
                         .encode(errors="surrogateescape"))
            lines.extend(below)
        return lines

    digest = hashlib.sha256()
    for line in walk(start):
        digest.update(line)
    return digest.hexdigest()


def _record_path(cache: Path, output: Path) -> Path:
    return cache / f"uptodate-{hashlib.sha256(str(output).encode()).hexdigest()[:12]}.json"


def is_up_to_date(cache: Path, output: Path, key: str, trees: list[Path]) -> bool:
    """The last build of ``output`` had inputs ``key`` and its trees are as that build left them."""
    record = read_sealed(_record_path(cache, output))
    return (record is not None and record.get("key") == key
            and record.get("trees") == {str(tree): tree_manifest(tree) for tree in trees})


def remember(cache: Path, output: Path, key: str, trees: list[Path], known: dict[str, str] | None = None) -> None:
    """Record a finished build of ``output`` (the manifests are of the final trees: ``known`` gives those the
    build made while settling its staging folders, the others are walked now); not recorded, the next build is a
    real one."""
    known = known or {}
    write_sealed(_record_path(cache, output), {"key": key, "trees": {
        str(tree): known[str(tree)] if str(tree) in known else tree_manifest(tree) for tree in trees}})
