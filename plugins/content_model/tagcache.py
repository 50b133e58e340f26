"""Each content file's topic names, kept between builds and keyed by the file's bytes and kind.

Choosing one spelling per topic (tagvariants.py) needs the topics of every file; parsing every file's front matter
on each build cost about a second at 1,000 files. The store is sealed (``checkcache.write_sealed``: the digest of
the names' JSON text as stored): a damaged store is ignored (every file is parsed again) and written anew.
"""

from __future__ import annotations

import os
from pathlib import Path

NAME = "topics.json"


def topics(content_dir: Path, cache: Path, names_of) -> list[list[str]]:
    """The topic names of every content file (``names_of(entry)`` for a file parsed anew)."""
    from .checkcache import file_digest, read_sealed, relative, write_sealed
    from .validate import check_file, content_files

    known, current, result = read_sealed(cache / NAME) or {}, {}, []
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
        write_sealed(cache / NAME, current)
    return result
