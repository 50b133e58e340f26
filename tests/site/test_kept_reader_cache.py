"""A process that builds again (``invoke livereload``) keeps its reader caches between builds instead of loading
them from their files (keptcache.py): the kept entries give a cold build's bytes, a build leaves the values it
read as the build before left them (else a kept entry would carry the last build's changes into the next one; the
event state that ``events.state.annotate`` writes into each event in every build is the same each time), and a
cache file written by another process since is loaded again."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_build

ARTICLES = "ArticlesGenerator-Readers"


def files(out) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def entries() -> dict:
    """Each kept entry pickled, by cache file and content file."""
    from content_model.keptcache import KEPT

    return {(cache.rsplit("/", 1)[-1], name): pickle.dumps(entry) for cache, (_, kept) in KEPT.items()
            for name, entry in kept.items()}


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """The reader cache files Pelican unpickles from now on."""
    from pelican import cache

    names, real = [], cache.pickle.load

    def load(handle, *args, **kwargs):
        names.append(getattr(handle, "name", "?").rsplit("/", 1)[-1])
        return real(handle, *args, **kwargs)

    monkeypatch.setattr(cache.pickle, "load", load)
    return names


def edit(content, relative: str) -> None:
    path = content / relative
    path.write_text(path.read_text(encoding="utf-8") + "\nEin Nachtrag.\n", encoding="utf-8")


def test_a_build_leaves_the_values_it_read_as_it_read_them(content_copy, tmp_path):
    """The sample site has every kind of item (programmes with agenda and speakers, interviews, reports)."""
    out = tmp_path / "site" / "output"
    assert run_build(content_copy, out) == 0
    before = entries()
    assert any(name.endswith(".md") for _, name in before) and len(before) > 10
    edit(content_copy, "articles/" + sorted(p.name for p in (content_copy / "articles").glob("*.md"))[0])
    assert run_build(content_copy, out) == 0  # takes the kept entries, and makes its items of them
    after = entries()
    changed = [key for key, value in before.items() if after.get(key) != value]
    assert len(changed) == 1 and changed[0][1].endswith(".md"), changed  # the edited file, read anew


def test_a_rebuild_in_one_process_takes_the_kept_entries(content_copy, tmp_path, loads):
    out = tmp_path / "site" / "output"
    assert run_build(content_copy, out) == 0
    assert ARTICLES not in loads  # a first build has no cache to load
    edit(content_copy, "interviews/" + sorted(p.name for p in (content_copy / "interviews").glob("*.md"))[0])
    assert run_build(content_copy, out) == 0
    assert ARTICLES not in loads, loads
    cold = tmp_path / "cold" / "output"
    shutil.copytree(content_copy, tmp_path / "cold-content")
    assert run_build(tmp_path / "cold-content", cold) == 0
    assert files(out) == files(cold)


BUILD_ELSEWHERE = """
import sys
sys.path[:0] = [{root!r}, {plugins!r}]
from tests.conftest import run_build
from pathlib import Path
sys.exit(run_build(Path({content!r}), Path({out!r})))
"""


def test_a_cache_another_process_wrote_is_loaded(content_copy, tmp_path, loads, monkeypatch):
    """``invoke build`` beside the preview shares its reader cache: the preview's next build loads what it wrote
    (and reads no file that build read)."""
    from content_model import reader

    out = tmp_path / "site" / "output"
    assert run_build(content_copy, out) == 0
    edit(content_copy, "articles/" + sorted(p.name for p in (content_copy / "articles").glob("*.md"))[-1])
    script = BUILD_ELSEWHERE.format(root=str(ROOT), plugins=str(ROOT / "plugins"), content=str(content_copy),
                                    out=str(out))
    assert subprocess.run([sys.executable, "-c", script], cwd=ROOT).returncode == 0
    read, real = [], reader.NetzbriefReader._read

    def counted(self, source_path, *args):
        read.append(str(source_path))
        return real(self, source_path, *args)

    monkeypatch.setattr(reader.NetzbriefReader, "_read", counted)
    assert run_build(content_copy, out) == 0
    assert ARTICLES in loads and read == []
