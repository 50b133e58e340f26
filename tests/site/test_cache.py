"""A damaged reader cache (a build killed while writing it) never fails a later build."""

from __future__ import annotations

import gzip
import logging
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build, settled

FILES = {
    "articles/erster.md": "---\ntitle: Erster Beitrag\ndate: 2026-01-01\ntags: [Netze]\n---\nText eins.\n",
    "articles/zweiter.md": "---\ntitle: Zweiter Beitrag\ndate: 2026-01-02\n---\nText zwei.\n",
    "pages/ueber-uns.md": "---\ntitle: Über uns\ndate: 2026-01-01\n---\nWir.\n",
}


def make_content(base: Path) -> Path:
    for relative, text in FILES.items():
        path = base / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return base / "content"


def files(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def clean_build(tmp_path: Path, content: Path) -> dict:
    out = tmp_path / "fresh" / "output"
    assert run_build(content, out) == 0
    return files(out)


def caches(cache: Path) -> list[Path]:
    found = sorted(cache.glob("*Generator-Readers"))
    assert [p.name for p in found] == ["ArticlesGenerator-Readers", "PagesGenerator-Readers"]
    return found


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "corrupt": lambda data: data[:20] + bytes(b ^ 0x5A for b in data[20:60]) + data[60:],
    "empty": lambda data: b"",
    "not-pickle": lambda data: b"kein pickle" * 50,
    "gzip": lambda data: gzip.compress(data),  # e.g. from a build with GZIP_CACHE on
    # Still a valid pickle, with other text in it: only the digest notices (the cache is not compressed).
    "one-letter": lambda data: data.replace("Text eins".encode(), "Text einZ".encode()),
}


def load(path: Path):
    return pickle.loads(path.read_bytes())


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_cache_is_discarded_with_a_warning(tmp_path, caplog, damage):
    content = make_content(tmp_path)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    for path in caches(out.parent / "cache"):
        path.write_bytes(DAMAGE[damage](path.read_bytes()))
    with caplog.at_level(logging.WARNING):
        assert run_build(content, out) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("ArticlesGenerator-Readers" in w and "beschädigt" in w for w in warnings), warnings
    assert files(out) == clean_build(tmp_path, content)
    for path in caches(out.parent / "cache"):  # written anew, whole
        assert load(path)


KILLED_WHILE_WRITING = """
import os, pickle, signal, sys
from pathlib import Path
from tests.conftest import run_build

original, build = pickle.dump, os.getpid()

def dump(obj, file, *args, **kwargs):
    if "Readers" not in str(getattr(file, "name", "")):
        return original(obj, file, *args, **kwargs)
    data = pickle.dumps(obj, *args, **kwargs)
    file.write(data[: len(data) // 2])
    file.flush()
    # a real kill, halfway through writing the reader cache: of the build, and of its copy that writes the cache
    os.kill(build, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)

pickle.dump = dump
sys.exit(run_build(Path(sys.argv[1]), Path(sys.argv[2])))
"""


def test_build_killed_while_writing_the_cache_does_not_break_the_next_build(tmp_path):
    content = make_content(tmp_path)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    (content / "articles" / "zweiter.md").write_text(FILES["articles/zweiter.md"].replace("zwei", "drei"),
                                                     encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_WRITING, str(content), str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    for path in caches(out.parent / "cache"):  # written atomically: the kill left the previous cache whole
        assert load(path)
    assert run_build(content, out) == 0
    assert files(out) == clean_build(tmp_path, content)
    leftovers = [name for name in settled(out.parent) if ".building-" in name or ".old-" in name]
    assert leftovers == [], "the killed build's staging folders are cleaned up"
    assert not list((out.parent / "cache").glob("*.tmp-*")), "and so is its half-written cache"


def test_the_reader_cache_is_written_only_when_a_file_was_read_anew(tmp_path):
    content = make_content(tmp_path)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    articles = caches(out.parent / "cache")[0]
    written = articles.stat().st_mtime_ns, articles.stat().st_ino
    assert run_build(content, out) == 0
    assert (articles.stat().st_mtime_ns, articles.stat().st_ino) == written  # nothing changed: not rewritten
    (content / "articles" / "zweiter.md").write_text(FILES["articles/zweiter.md"].replace("zwei", "drei"),
                                                     encoding="utf-8")
    assert run_build(content, out) == 0
    assert articles.stat().st_ino != written[1]  # replaced by a new file holding the new text
    assert any("Text drei" in str(value) for value in load(articles).values())
    assert files(out) == clean_build(tmp_path, content)


def test_reader_cache_entries_count_by_the_digest_the_check_read_and_only_during_that_build(tmp_path):
    import hashlib

    from content_model.checkcache import file_digest

    content = make_content(tmp_path)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    second = (content / "articles" / "zweiter.md").resolve()
    stamps = {path: entry[0] for path, entry in load(caches(out.parent / "cache")[0]).items()}
    # The file's SHA-256 (not hashed a second way), then the settings' (the topics in an entry carry them).
    assert stamps[str(second)][:32] == hashlib.sha256(second.read_bytes()).digest()
    assert len(stamps[str(second)]) == 64
    second.write_text(FILES["articles/zweiter.md"].replace("zwei", "drei"), encoding="utf-8")
    # After the build, a file's digest is its current one (this process builds again, e.g. the live preview).
    assert file_digest(str(second)) == hashlib.sha256(second.read_bytes()).digest()
    assert run_build(content, out) == 0
    assert "Text drei" in (out / "fachbeitraege" / "zweiter-beitrag" / "index.html").read_text("utf-8")


def test_a_build_reads_each_markdown_file_for_a_hash_once(tmp_path, monkeypatch):
    """Pelican hashes every file with MD5 for its reader cache and again for its generators' (even with caching
    done by the readers); the build gives both the check's SHA-256 instead."""
    import hashlib

    content = make_content(tmp_path)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    hashed, real = [], hashlib.md5
    monkeypatch.setattr(hashlib, "md5", lambda *args, **kwargs: hashed.append(args) or real(*args, **kwargs))
    (content / "articles" / "zweiter.md").write_text(FILES["articles/zweiter.md"].replace("zwei", "drei"),
                                                     encoding="utf-8")
    assert run_build(content, out) == 0
    assert hashed == []
    assert files(out) == clean_build(tmp_path, content)


def test_a_dead_process_not_yet_reaped_counts_as_dead():
    """The temporary file of a killed cache writer is removed by the next build even while the writer is a
    zombie (its parent, the killed build, has not reaped it yet)."""
    import os
    import time

    from content_model.cache import process_alive

    child = os.fork()
    if child == 0:
        os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while process_alive(child) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not process_alive(child)
        assert os.waitpid(child, os.WNOHANG)[0] == child  # it was a zombie until now
    finally:
        try:
            os.waitpid(child, 0)
        except ChildProcessError:
            pass
    assert process_alive(os.getpid())


def test_only_a_rebuild_writes_the_reader_cache_in_a_forked_copy(tmp_path, monkeypatch):
    """A first build writes it itself: a forked copy would add to its peak memory."""
    import os

    import content_model.cache as cache_module

    forks, real = [], os.fork
    monkeypatch.setattr(cache_module.os, "fork", lambda: forks.append(1) or real())
    content = make_content(tmp_path)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    assert forks == []
    (content / "articles" / "zweiter.md").write_text(FILES["articles/zweiter.md"].replace("zwei", "drei"),
                                                     encoding="utf-8")
    assert run_build(content, out) == 0
    assert forks == [1]
    assert any("Text drei" in str(value) for path in caches(out.parent / "cache") for value in load(path).values())


def test_a_changed_setting_is_not_met_by_topics_read_with_the_old_one(tmp_path):
    """A cached entry's topics carry the settings they were read with: after a new TAG_URL the rebuild linked the
    topics at their old address (and wrote their pages there) until the cache was deleted."""
    from tests.newsletter.content import FAST
    from tests.site.test_incremental_keys import assert_equals_full_build
    from tests.site.test_incremental_listings import twelve

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    twelve(content)
    assert run_build(content, out, **FAST) == 0
    moved = {"TAG_URL": "stichwort/{slug}/", "TAG_SAVE_AS": "stichwort/{slug}/index.html"}
    assert run_build(content, out, **FAST, **moved) == 0
    assert (out / "stichwort/netze/index.html").is_file() and not (out / "themen/netze").exists()
    assert_equals_full_build(tmp_path, content, out, "stichwort", **moved)
