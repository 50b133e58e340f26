"""The digest of a plugin's own source and of the versions of the libraries it renders with.

Part of the keys under which an incremental rebuild takes a generated file (a feed, a calendar) from the previous
output: other code may render other bytes. Computed once per process and package.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

_KNOWN: dict[tuple, str] = {}


def package_digest(package: str | Path, *distributions: str) -> str:
    """SHA-256 of every ``.py`` file in the folder ``package`` (by name and bytes) and of the installed versions of
    ``distributions``."""
    known = _KNOWN.get((str(package), distributions))
    if known is None:
        digest = hashlib.sha256()
        for path in sorted(Path(package).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        for name in distributions:
            digest.update(f"{name} {metadata.version(name)}".encode())
        known = _KNOWN[str(package), distributions] = digest.hexdigest()
    return known
