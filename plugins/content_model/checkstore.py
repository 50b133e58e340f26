"""Per-file results of the content check kept between builds, so a rebuild after one edit parses one file.

A file's result (its parsed entry, its problems, and what other checks attach to the entry, such as the images and
links found in its body) depends on the file alone. The body itself is not kept: the checks across files read only
what was found in it (``links.links_in``, ``images.checks.found_in``), and the body is most of the store's size. A
result is keyed by the file's bytes, kind, path, the path shown in messages, and the code fingerprint. Checks across
files (slugs, uids, links, images) always run. The store is one pickle with the SHA-256 of its bytes in front; a
damaged store is ignored and written anew.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import pickle
from pathlib import Path

from .checkcache import file_digest
from .links import links_in

NAME = "checked.pickle"
DIGEST = 32


def file_key(path: Path, kind: str, display: str, salt: str) -> str:
    content = file_digest(str(path)).hex()
    return "\0".join([content, kind, str(path), display, salt])


def load(store: Path) -> dict:
    try:
        data = (store / NAME).read_bytes()
        body = memoryview(data)[DIGEST:]  # no copy of the store (tens of MB at thousands of files)
        if hashlib.sha256(body).digest() != data[:DIGEST]:
            return {}
        results = pickle.loads(body)
    except Exception:  # noqa: BLE001 - missing or unreadable: check every file
        return {}
    return results if isinstance(results, dict) else {}


def save(store: Path, results: dict) -> None:
    path = store / NAME
    temporary = path.with_name(f"{NAME}.tmp-{os.getpid()}")
    try:
        data = pickle.dumps({key: _without_body(*result) for key, result in results.items()},
                            protocol=pickle.HIGHEST_PROTOCOL)
        store.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:  # digest and data written one after the other: no joined copy
            handle.write(hashlib.sha256(data).digest())
            handle.write(data)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time


def _without_body(entry, problems) -> tuple:
    """A copy of the result to store: the entry without its body, with the links found in it."""
    if entry.doc is None or entry.doc.body is None:
        return entry, problems
    links_in(entry)
    stored = copy.copy(entry)  # keeps what checks attached (images_found, links_found)
    stored.doc = dataclasses.replace(entry.doc, body=None)
    return stored, problems
