"""The check's key takes a Markdown file's digest from the last build while the file is provably unchanged (same
inode, size, modification and change time), and hashes it again otherwise (content_model/digeststore.py): the key
is always the one that reading every file gives."""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from content_model.checkcache import check_key, forget, read_sealed
from content_model.digeststore import MARGIN_NS, NAME, DigestStore

TEXT = "---\ntitle: Beitrag {n}\ndate: 2026-03-0{n}\n---\nText {n}.\n"


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The files hashed from now on (by name)."""
    names, real = [], hashlib.file_digest

    def file_digest(handle, *args, **kwargs):
        names.append(handle.name.rsplit("/", 1)[-1])
        return real(handle, *args, **kwargs)

    monkeypatch.setattr(hashlib, "file_digest", file_digest)
    return names


def key(content, cache=None) -> str:
    try:
        return check_key(content, content.parent, "code", DigestStore(cache) if cache else None)
    finally:
        forget()


def write(content, n: int, text: str | None = None) -> None:
    (content / "articles").mkdir(parents=True, exist_ok=True)
    (content / "articles" / f"b{n}.md").write_text(text or TEXT.format(n=n), encoding="utf-8")


def kept(cache) -> list[str]:
    return sorted(path.rsplit("/", 1)[-1] for path in read_sealed(cache / NAME) or {})


def test_only_files_changed_since_the_last_key_are_hashed(tmp_path, hashed):
    content, cache = tmp_path / "content", tmp_path / "cache"
    for n in (1, 2, 3):
        write(content, n)
    time.sleep(MARGIN_NS / 1e9 + 0.2)  # older than the margin: kept
    first = key(content, cache)
    assert sorted(hashed) == ["b1.md", "b2.md", "b3.md"] and kept(cache) == ["b1.md", "b2.md", "b3.md"]
    hashed.clear()
    write(content, 2, TEXT.format(n=2).replace("Text", "Neuer Text"))
    second = key(content, cache)
    assert hashed == ["b2.md"]
    assert second != first and second == key(content)  # the key of reading every file
    assert kept(cache) == ["b1.md", "b3.md"]  # b2 changed just now: hashed again next time


def test_a_file_changed_within_the_margin_is_hashed_again(tmp_path, hashed):
    """File times are coarse: a file written in the same tick as its hash may keep all its times. Such a file
    is never kept, so a second write of the same size right after the key is still seen."""
    content, cache = tmp_path / "content", tmp_path / "cache"
    write(content, 1)
    first = key(content, cache)
    assert kept(cache) == []
    write(content, 1, TEXT.format(n=1).replace("Text", "Test"))  # same size
    hashed.clear()
    assert key(content, cache) == key(content) != first
    assert hashed.count("b1.md") == 2  # by the key with the store, and by the one without


@pytest.mark.parametrize("damage", ["digest", "json", "seal"])
def test_a_damaged_store_is_ignored(tmp_path, hashed, damage):
    content, cache = tmp_path / "content", tmp_path / "cache"
    for n in (1, 2):
        write(content, n)
    time.sleep(MARGIN_NS / 1e9 + 0.2)
    expected = key(content, cache)
    stored = json.loads((cache / NAME).read_text(encoding="utf-8"))
    if damage == "digest":  # another file's digest for b1, the seal left as it was
        entries = stored["result"]
        one, two = sorted(entries)
        entries[one][1] = entries[two][1]
        (cache / NAME).write_text(json.dumps(stored), encoding="utf-8")
    elif damage == "json":
        (cache / NAME).write_text("{kaputt", encoding="utf-8")
    else:
        (cache / NAME).write_text(json.dumps({**stored, "digest": "0" * 64}), encoding="utf-8")
    hashed.clear()
    assert key(content, cache) == expected
    assert sorted(hashed) == ["b1.md", "b2.md"]
