"""The build's content check, skipped when nothing it reads has changed since it last passed.

The check reads the content folder (Markdown, images, symlinks), the settings file beside it and our code. Its
key names all of them: the bytes of every Markdown file, size and modification time of every other file, the
target of every symlink, the settings file's bytes, the code fingerprint, and the folders (they appear in the
messages). Only a check without problems is stored, with its hints (printed again); a stored result that is
damaged or from other inputs is never used.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

NAME = "check.json"
# The SHA-256 of every Markdown file, by absolute path, as the last check_key read it: the build's later readers
# (Pelican's reader cache, the page keys) take the digest from here instead of reading and hashing the file again.
DIGESTS: dict[str, bytes] = {}
STATS: dict[str, tuple[int, int]] = {}  # size and modification time of each file in DIGESTS, taken before its hash


def relative(path: str, top: str) -> str:
    """``os.path.relpath(path, top)`` for a path a walk of ``top`` made (``top`` + separator + the rest): a slice
    instead of two absolute paths and their comparison (relpath costs about 10 µs; walks of the output take it
    tens of thousands of times)."""
    if path.startswith(top) and path[len(top):len(top) + 1] == os.sep:
        return path[len(top) + 1:]
    return os.path.relpath(path, top)


def _stat(path: str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def identity(stat: os.stat_result) -> list[int]:
    """What changes whenever a file is written, replaced or touched: its inode, size, modification and change time
    (the change time is the clock's at each change, and cannot be set back by hand)."""
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


# The SHA-256 of the bytes this build's content came from, by absolute path: set when the reader parses a file
# (frontmatter.Document.sha256) or takes it from the reader cache (the stamp that matched). Keys computed later
# (pages, calendars, the reader cache's own stamp) then name what the build read, even if the file changed since.
USED: dict[str, bytes] = {}


def file_digest(path: str) -> bytes:
    """The SHA-256 of the file at absolute ``path``: of the bytes the build's content came from (``USED``), else
    as the build's check_key read it while the file's size and time are those it had then, else read now (an
    editor saved during the build: what Pelican read is paired with the digest of what it read, never with the one
    the check saw)."""
    used = USED.get(path)
    if used is not None:
        return used
    known = DIGESTS.get(path)
    if known is not None and unchanged_since_key(path, known):
        return known
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def unchanged_since_key(path: str, digest: bytes) -> bool:
    """Whether the file at ``path`` still holds the bytes with ``digest`` as far as this build can tell without
    reading it: check_key hashed them, and its size and time are those it had then."""
    try:
        return DIGESTS.get(path) == digest and _stat(path) == STATS.get(path)
    except OSError:
        return False


def forget() -> None:
    """The digests hold for one build: the next check_key (or a later build in this process) reads anew."""
    DIGESTS.clear()
    STATS.clear()
    USED.clear()


def changed_since_check() -> list[str]:
    """The Markdown files whose size or time differs from when the build's check_key hashed them."""
    changed = []
    for path, stat in STATS.items():
        try:
            if _stat(path) != stat:
                changed.append(path)
        except OSError:
            changed.append(path)
    return changed


def check_key(content_dir: Path, root: Path, code: str, store=None) -> str:
    """``store``: a ``digeststore.DigestStore`` whose kept digests are taken for unchanged files (saved here)."""
    digest = hashlib.sha256(json.dumps([str(content_dir), str(root), code]).encode())
    forget()
    for settings in ("pelicanconf.py", "publishconf.py"):
        path = root / settings
        digest.update(settings.encode() + (path.read_bytes() if path.is_file() else b"-"))
    for folder, dirs, names in sorted(os.walk(content_dir)):
        dirs.sort()
        for name in sorted(dirs + names):
            path = os.path.join(folder, name)
            digest.update(b"\0" + relative(path, str(content_dir)).encode(errors="surrogateescape") + b"\0")
            if os.path.islink(path):
                digest.update(b"link " + os.readlink(path).encode(errors="surrogateescape"))
            elif name.endswith(".md") and os.path.isfile(path):
                stat = os.stat(path)
                STATS[path] = stat.st_size, stat.st_mtime_ns
                kept = store.digest(path, stat) if store is not None else None
                if kept is None:
                    with open(path, "rb") as handle:
                        kept = hashlib.file_digest(handle, "sha256").digest()
                    if store is not None:
                        store.remember(path, stat, kept)
                DIGESTS[path] = kept
                digest.update(kept)
            elif os.path.isfile(path):
                stat = os.stat(path)
                digest.update(f"{stat.st_size} {stat.st_mtime_ns}".encode())
    if store is not None:
        store.save()
    return digest.hexdigest()


SEALED_HEAD = '{"digest": "'  # a sealed file: SEALED_HEAD, 64 hex digits, SEALED_MIDDLE, the result's JSON, "}"
SEALED_MIDDLE = '", "result": '


def read_sealed(path: Path) -> dict | None:
    """The dict ``write_sealed`` stored at ``path``, or None (missing, damaged, not what was written). The digest is
    of the result's JSON text as stored, so it is checked by hashing that text, not by writing the result again."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    start = len(SEALED_HEAD) + 64
    body = text[start + len(SEALED_MIDDLE):-1]
    if not (text.startswith(SEALED_HEAD) and text.startswith(SEALED_MIDDLE, start) and text.endswith("}")) or \
            text[len(SEALED_HEAD):start] != hashlib.sha256(body.encode()).hexdigest():
        return None
    try:
        result = json.loads(body)
    except ValueError:
        return None
    return result if isinstance(result, dict) else None


def write_sealed(path: Path, result: dict) -> None:
    """Store ``result`` at ``path`` atomically, with the SHA-256 of its JSON text in front of it (the text is written
    once); a cache that cannot be written only costs time."""
    body = json.dumps(result, sort_keys=True)
    text = f"{SEALED_HEAD}{hashlib.sha256(body.encode()).hexdigest()}{SEALED_MIDDLE}{body}}}"
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def load_passed(cache: Path, key: str) -> list[str] | None:
    """The hints of the passed check with ``key``, or None (not stored, damaged, other inputs)."""
    result = read_sealed(cache / NAME)
    if result is None or result.get("key") != key:
        return None
    hints = result.get("hints")
    return hints if isinstance(hints, list) and all(isinstance(h, str) for h in hints) else None


def store_passed(cache: Path, key: str, hints: list[str]) -> None:
    write_sealed(cache / NAME, {"key": key, "hints": hints})
