"""The build's content check is skipped only when nothing it reads changed since it last passed.

Each test builds once (the check passes and is stored), changes one input of the check, and builds again: the
check must run again and find what the change broke. `checks` counts the real check's runs (it is not replaced).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_build
from tests.newsletter.content import FAST, article, png, write


@pytest.fixture
def checks(monkeypatch) -> list:
    import content_model.build as build_module

    runs = []  # a first build checks in its own process, a rebuild in a process beside it (build._Gate)
    for name in ("CheckedHere", "CheckRun"):
        real = getattr(build_module, name)
        monkeypatch.setattr(build_module, name,
                            lambda *args, real=real, **kwargs: runs.append(args) or real(*args, **kwargs))
    return runs


def site(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    article(content, "a", "2026-01-05", tags=["Wärme"], image="images/bild.png", image_alt="Ein Bild")
    article(content, "b", "2026-02-05", tags=["wärme"])
    article(content, "c", "2026-03-05", tags=["Wärme"], title="Mit Link")
    (content / "articles/c.md").write_text((content / "articles/c.md").read_text("utf-8")
                                           + "\nSiehe [Beitrag b](/fachbeitraege/b/).\n", encoding="utf-8")
    (content / "images").mkdir()
    (content / "images/bild.png").write_bytes(png())
    return content, tmp_path / "site" / "output"


def test_an_unchanged_site_is_not_checked_again_and_its_hints_are_shown_again(tmp_path, checks, capsys):
    content, out = site(tmp_path)
    assert run_build(content, out, **FAST) == 0
    first = capsys.readouterr().err
    assert "Hinweis: Das Thema „wärme“" in first
    assert run_build(content, out, **FAST) == 0
    assert len(checks) == 1
    assert "Hinweis: Das Thema „wärme“" in capsys.readouterr().err


def test_the_store_keeps_what_was_found_in_bodies_not_the_bodies(tmp_path, checks, capsys):
    """A {filename} link to a file that is then deleted is still reported from the store (c unchanged, not
    parsed again), though the store holds no body."""
    content, out = site(tmp_path)
    text = (content / "articles/c.md").read_text("utf-8") + "\nDazu [das Bild]({static}/images/bild.png).\n"
    (content / "articles/c.md").write_text(text, encoding="utf-8")
    assert run_build(content, out, **FAST) == 0
    assert b"Dazu [das Bild]" not in (out.parent / "cache" / "checked.pickle").read_bytes()
    (content / "images/bild.png").unlink()
    capsys.readouterr()
    assert run_build(content, out, **FAST) == 1
    assert "c.md:" in (err := capsys.readouterr().err) and "„{static}/images/bild.png“ zeigt auf keine" in err, err


def test_an_edit_in_another_file_breaks_a_link_of_an_unchanged_file(tmp_path, checks, capsys):
    content, out = site(tmp_path)
    assert run_build(content, out, **FAST) == 0
    moved = (content / "articles/b.md").read_text("utf-8").replace("slug: b", "slug: d")
    (content / "articles/b.md").write_text(moved, encoding="utf-8")
    assert run_build(content, out, **FAST) == 1
    assert len(checks) == 2
    assert "Der Link „/fachbeitraege/b/“ führt zu keiner Seite" in capsys.readouterr().err


def test_a_changed_image_is_checked_again(tmp_path, checks, capsys):
    content, out = site(tmp_path)
    assert run_build(content, out, **FAST) == 0
    (content / "images/bild.png").write_bytes(png(width=200, height=100))  # too small now
    assert run_build(content, out, **FAST) == 1
    assert "nur 200 Pixel breit" in capsys.readouterr().err


def test_a_deleted_image_is_checked_again(tmp_path, checks, capsys):
    content, out = site(tmp_path)
    assert run_build(content, out, **FAST) == 0
    (content / "images/bild.png").unlink()
    assert run_build(content, out, **FAST) == 1
    assert "bild.png" in capsys.readouterr().err


DAMAGE = {
    "empty": lambda text: "",
    "no result": lambda text: "{}",
    "other key": lambda text: '{"digest": "0", "result": {"key": "x", "hints": []}}',
    "binary": lambda text: "\x00",
    "hints changed": lambda text: text.replace("Hinweis", "Hinwies"),  # still JSON, same key, digest now wrong
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_stored_check_runs_the_check(tmp_path, checks, capsys, damage):
    content, out = site(tmp_path)
    assert run_build(content, out, **FAST) == 0
    stored = out.parent / "cache" / "check.json"
    stored.write_text(DAMAGE[damage](stored.read_text("utf-8")), encoding="utf-8")
    assert run_build(content, out, **FAST) == 0
    assert len(checks) == 2
    assert "Hinweis: Das Thema „wärme“" in capsys.readouterr().err


def test_a_stored_check_is_not_used_for_other_content(tmp_path, checks, capsys):
    content, out = site(tmp_path)
    assert run_build(content, out, **FAST) == 0
    other = tmp_path / "other"
    shutil.copytree(content, other)
    write(other, "articles/kaputt.md", {"title": "Kaputt"})  # no date
    assert run_build(other, out, **FAST) == 1
    assert "kaputt.md" in capsys.readouterr().err


def test_an_edited_file_is_checked_anew_not_taken_from_the_store(tmp_path, checks, capsys):
    content, out = site(tmp_path)
    assert run_build(content, out, **FAST) == 0
    path = content / "articles/b.md"
    path.write_text(path.read_text("utf-8").replace("date: '2026-02-05'\n", "").replace("date: 2026-02-05\n", ""),
                    encoding="utf-8")
    assert run_build(content, out, **FAST) == 1
    assert "articles/b.md" in capsys.readouterr().err


def test_a_damaged_store_of_file_results_is_not_used(tmp_path, checks, capsys):
    """The stored entry of an unchanged file, altered but still a valid pickle: only the store's digest notices."""
    content, out = site(tmp_path)
    assert run_build(content, out, **FAST) == 0
    (out.parent / "cache" / "check.json").unlink()  # so the check runs, with the store of file results
    store = out.parent / "cache" / "checked.pickle"
    data = store.read_bytes()
    assert data.count(b"/fachbeitraege/b/") == 1  # the link found in c's body (the body itself is not stored)
    assert b"Siehe [Beitrag b]" not in data
    store.write_bytes(data.replace(b"/fachbeitraege/b/", b"/fachbeitraege/q/"))
    assert run_build(content, out, **FAST) == 0, capsys.readouterr().err
    assert len(checks) == 2
