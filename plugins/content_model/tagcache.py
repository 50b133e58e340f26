"""Each content file's topic names, kept between builds and keyed by the file's bytes and kind.

Choosing one spelling per topic (tagvariants.py) needs the topics of every file; parsing every file's front matter
on each build cost about a second at 1,000 files. The stored names carry a digest of the whole store: a damaged
store is ignored (every file is parsed again) and written anew.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

NAME = "topics.json"


def _load(path: Path) -> dict:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        files = stored["files"]
        if stored["digest"] != hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest():
            return {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return files if isinstance(files, dict) else {}


def _store(path: Path, files: dict) -> None:
    text = json.dumps({"digest": hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest(),
                       "files": files}, sort_keys=True)
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time


def topics(content_dir: Path, cache: Path, names_of) -> list[list[str]]:
    """The topic names of every content file (``names_of(entry)`` for a file parsed anew)."""
    from .checkcache import file_digest
    from .validate import check_file, content_files

    known, current, result = _load(cache / NAME), {}, []
    for path, kind in content_files(content_dir):
        relative = path.relative_to(content_dir).as_posix()
        key = f"{kind} {file_digest(str(path)).hex()}"  # the check's digest of the file, read once per build
        stored = known.get(relative)
        if isinstance(stored, list) and len(stored) == 2 and stored[0] == key and isinstance(stored[1], list):
            names = [str(name) for name in stored[1]]
        else:  # the display path is the reader's, so its check of this file is reused
            names = names_of(check_file(path, kind, f"{content_dir.name}/{relative}")[0])
        current[relative] = [key, names]
        result.append(names)
    if current != known:
        _store(cache / NAME, current)
    return result
