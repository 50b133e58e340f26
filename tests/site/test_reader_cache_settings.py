"""The reader cache's stamps name the settings that reach what the reader returns, not the ones that differ
between the preview and `invoke build` (its address, drafts shown) or that follow a new spelling of a topic
(``TAG_SPELLINGS``, applied after reading): with those, one such change had every file of the site read again."""

from __future__ import annotations

from tests.conftest import run_build
from tests.newsletter.content import FAST, article
from tests.site.test_incremental_listings import twelve

ONE_PROCESS = {**FAST, "SPEEDUPS_WORKERS": 1}  # every read happens in this process, where it is counted


def test_a_new_variant_spelling_reads_only_the_new_file(tmp_path, monkeypatch):
    from content_model import reader

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    twelve(content)  # twelve files on „Netze“
    read, real = [], reader.NetzbriefReader._read

    def counted(self, source_path, *args):
        read.append(str(source_path))
        return real(self, source_path, *args)

    monkeypatch.setattr(reader.NetzbriefReader, "_read", counted)
    assert run_build(content, out, **ONE_PROCESS) == 0
    assert len(read) == 12
    read.clear()
    article(content, "neu", "2026-05-01", tags=["Anderes"])  # a new topic: only the new file is read
    assert run_build(content, out, **ONE_PROCESS) == 0
    assert [path.rsplit("/", 1)[-1] for path in read] == ["neu.md"]
    read.clear()
    article(content, "klein", "2026-05-02", tags=["netze"])  # a variant of „Netze“: TAG_SPELLINGS changes
    assert run_build(content, out, **ONE_PROCESS) == 0
    assert [path.rsplit("/", 1)[-1] for path in read] == ["klein.md"]


def test_a_build_after_a_preview_build_reads_no_unchanged_file(tmp_path, monkeypatch):
    """``invoke livereload`` builds with its own SITEURL and drafts shown, into another output folder but with the
    same reader cache (CACHE_PATH is per code, not per output); neither setting changes what the reader returns.
    Each switch between preview and ``invoke build`` stamps every entry anew, so each build reads every file."""
    from content_model import reader

    content = tmp_path / "content"
    twelve(content)
    read, real = [], reader.NetzbriefReader._read

    def counted(self, source_path, *args):
        read.append(str(source_path))
        return real(self, source_path, *args)

    monkeypatch.setattr(reader.NetzbriefReader, "_read", counted)
    # one reader cache (and image cache) for both, as build.py and the images plugin make them in a project
    cache = {"CACHE_PATH": str(tmp_path / "cache"), "IMAGES_CACHE_PATH": str(tmp_path / "image-cache")}
    preview = {"SITEURL": "http://127.0.0.1:8123", "CONTENT_SHOW_DRAFTS": True, **cache}
    assert run_build(content, tmp_path / "preview" / "output", **ONE_PROCESS, **preview) == 0
    assert len(read) == 12
    read.clear()
    assert run_build(content, tmp_path / "preview" / "output", **ONE_PROCESS, **preview) == 0
    assert read == []  # the preview's own rebuild takes everything from the cache
    assert run_build(content, tmp_path / "site" / "output", **ONE_PROCESS, **cache) == 0
    assert read == [], f"{len(read)} unchanged files read again after the preview"
