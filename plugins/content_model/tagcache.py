"""Each content file's topic names, kept between builds and keyed by the file's bytes and kind.

Choosing one spelling per topic (tagvariants.py) needs the topics of every file; parsing every file's front matter
on each build cost about a second at 1,000 files. The stored names carry a digest of their JSON text as stored (the
text is dumped once and hashed as it is, not dumped again to be checked): a damaged store is ignored (every file is
parsed again) and written anew.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

NAME = "topics.json"


HEAD = '{"digest": "'  # the store: HEAD, 64 hex digits, MIDDLE, the files' JSON, "}"
MIDDLE = '", "files": '


def _load(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        digest, files_text = text[len(HEAD):len(HEAD) + 64], text[len(HEAD) + 64 + len(MIDDLE):-1]
        if not (text.startswith(HEAD) and text[len(HEAD) + 64:].startswith(MIDDLE) and text.endswith("}")) or \
                digest != hashlib.sha256(files_text.encode()).hexdigest():
            return {}
        files = json.loads(files_text)
    except (OSError, ValueError):
        return {}
    return files if isinstance(files, dict) else {}


def _store(path: Path, files: dict) -> None:
    files_text = json.dumps(files, sort_keys=True)
    text = f"{HEAD}{hashlib.sha256(files_text.encode()).hexdigest()}{MIDDLE}{files_text}}}"
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time


def topics(content_dir: Path, cache: Path, names_of) -> list[list[str]]:
    """The topic names of every content file (``names_of(entry)`` for a file parsed anew)."""
    from .checkcache import file_digest, relative
    from .validate import check_file, content_files

    known, current, result = _load(cache / NAME), {}, []
    top = str(content_dir)
    for path, kind in content_files(content_dir):
        name = str(path)
        relative_path = relative(name, top).replace(os.sep, "/")
        key = f"{kind} {file_digest(name).hex()}"  # the check's digest of the file, read once per build
        stored = known.get(relative_path)
        if isinstance(stored, list) and len(stored) == 2 and stored[0] == key and isinstance(stored[1], list):
            names = [str(name) for name in stored[1]]
        else:  # the display path is the reader's, so its check of this file is reused
            names = names_of(check_file(path, kind, f"{content_dir.name}/{relative_path}")[0])
        current[relative_path] = [key, names]
        result.append(names)
    if current != known:
        _store(cache / NAME, current)
    return result
