"""Per-file results of the content check kept between builds, so a rebuild after one edit parses one file.

A file's result (its parsed entry, its problems, and what other checks attach to the entry, such as the images and
links found in its body) depends on the file alone: it is keyed by the file's bytes, kind, path, the path shown in
messages, and the code fingerprint. Checks across files (slugs, uids, links, images) always run. The store is one
pickle with the SHA-256 of its bytes in front; a damaged store is ignored and written anew.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

NAME = "checked.pickle"
DIGEST = 32


def file_key(path: Path, kind: str, display: str, salt: str) -> str:
    with open(path, "rb") as handle:
        content = hashlib.file_digest(handle, "sha256").hexdigest()
    return "\0".join([content, kind, str(path), display, salt])


def load(store: Path) -> dict:
    try:
        data = (store / NAME).read_bytes()
        if hashlib.sha256(data[DIGEST:]).digest() != data[:DIGEST]:
            return {}
        results = pickle.loads(data[DIGEST:])
    except Exception:  # noqa: BLE001 - missing or unreadable: check every file
        return {}
    return results if isinstance(results, dict) else {}


def save(store: Path, results: dict) -> None:
    path = store / NAME
    temporary = path.with_name(f"{NAME}.tmp-{os.getpid()}")
    try:
        data = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
        store.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(hashlib.sha256(data).digest() + data)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time
