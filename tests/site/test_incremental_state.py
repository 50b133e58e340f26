"""Incremental rebuilds and what they keep between builds: the templates a page uses, and the page keys file.

A template edit re-renders exactly the pages whose templates (with everything they extend, include or import)
changed; a damaged page keys file costs reuse, never correctness.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build
from tests.newsletter.content import FAST
from tests.site.test_incremental import edit, files, reused
from tests.site.test_incremental_keys import assert_equals_full_build, five_articles


def test_a_template_edit_renders_only_the_pages_that_use_it(tmp_path):
    content, theme = tmp_path / "content", tmp_path / "theme"
    five_articles(content)
    shutil.copytree(ROOT / "theme", theme)
    out = tmp_path / "site" / "output"
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    edit(theme / "templates/tag.html", "zu diesem Thema", "zu diesem Schwerpunkt")  # article pages do not use it
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    assert reused(out) == 5
    edit(theme / "templates/partials/article_footer.html", "Vorheriger Beitrag", "Älterer Beitrag")  # included
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    assert reused(out) == 0
    assert "Älterer Beitrag" in (out / "fachbeitraege/a3/index.html").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "template", THEME=str(theme))


def state_file(out: Path) -> Path:
    found = list((out.parent / "cache").glob("pages-*.json"))
    assert len(found) == 1, found
    return found[0]


DAMAGE = {
    "truncated": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "a list": lambda text: "[1, 2, 3]",
    "binary": lambda text: "\udcff\x00kaputt",
    "keys of other pages": lambda text: text.replace("fachbeitraege/a2", "fachbeitraege/a3", 1)
                                           .replace("fachbeitraege/a4", "fachbeitraege/a2", 1),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_page_keys_file_gives_the_output_of_a_build_without_it(tmp_path, damage):
    content = tmp_path / "content"
    paths = five_articles(content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out, **FAST) == 0
    edit(paths[1], "title: Beitrag Nummer 2", "title: Beitrag Nummer zwei")  # a1, a2 and a3 change
    state = state_file(out)
    state.write_bytes(DAMAGE[damage](state.read_text("utf-8")).encode("utf-8", "surrogateescape"))
    assert run_build(content, out, **FAST) == 0
    assert reused(out) <= 2  # at most a4 and a5, whose keys are intact
    assert_equals_full_build(tmp_path, content, out, "damaged")


def test_a_reused_page_shares_the_previous_file_and_writing_it_again_leaves_the_previous_output_alone(tmp_path):
    from incremental.writer import ReusingWriter

    previous, output = tmp_path / "previous", tmp_path / "output"
    page = previous / "fachbeitraege" / "a1" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>vorher</p>", encoding="utf-8")
    output.mkdir()
    writer = ReusingWriter(str(output), settings={"INCREMENTAL_PREVIOUS_OUTPUT": str(previous),
                                                  "THEME": str(ROOT / "theme")})
    name = "fachbeitraege/a1/index.html"
    assert not writer._copy_previous(name)  # no record of the file as its build left it: not taken
    writer.stamps = {name: (page.stat().st_size, page.stat().st_mtime_ns)}
    assert writer._copy_previous(name)
    assert (output / name).stat().st_ino == page.stat().st_ino  # no bytes copied
    with writer._open_w(str(output / name), "utf-8") as handle:  # as Pelican writes a page
        handle.write("<p>neu</p>")
    assert page.read_text(encoding="utf-8") == "<p>vorher</p>"
    assert (output / name).read_text(encoding="utf-8") == "<p>neu</p>"
