"""Topics spelt in several ways: `invoke check` hints at them (exit 0), the site shows one spelling everywhere."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import lxml.html
import pytest
from rich.console import Console

from content_model.cli import run_check
from content_model.validate import check, hints
from tests.conftest import run_build

FILES = {
    "articles/a.md": "---\ntitle: Alpha\ndate: 2026-01-01\ntags: [Wärme, Netze]\n---\nText.\n",
    "articles/b.md": "---\ntitle: Beta\ndate: 2026-01-02\ntags:\n  - Netze\n  - wärme\n  - Emobilität\n---\nText.\n",
    "interviews/c.md": "---\ntitle: Gamma\ndate: 2026-01-03\nsummary: S.\ninterviewee: Anna Roth\n"
                       "tags: Waerme, E-Mobilität\nstatus: draft\n---\nText.\n",
    "articles/d.md": "---\ntitle: Delta\ndate: 2026-01-04\ntags: [Wärme]\n---\nText.\n",
}
HINTS = [
    "content/articles/b.md:6: tags[2]: Hinweis: Das Thema „wärme“ steht in content/articles/a.md:4 als „Wärme“. "
    "Die Website zeigt überall „Wärme“ – bitte eine Schreibweise verwenden.",
    "content/articles/b.md:7: tags[3]: Hinweis: Das Thema „Emobilität“ steht in content/interviews/c.md:6 als "
    "„E-Mobilität“. Die Website zeigt überall „E-Mobilität“ – bitte eine Schreibweise verwenden.",
    "content/interviews/c.md:6: tags: Hinweis: Das Thema „Waerme“ steht in content/articles/a.md:4 als „Wärme“. "
    "Die Website zeigt überall „Wärme“ – bitte eine Schreibweise verwenden.",
]


def write(content: Path, files: dict) -> Path:
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def test_check_hints_name_both_files_and_lines_and_are_no_errors(tmp_path):
    content = write(tmp_path / "content", FILES)
    entries, problems = check(content, tmp_path)
    assert problems == []
    assert [str(h) for h in hints(entries)] == HINTS
    out = io.StringIO()
    assert run_check(content, tmp_path, Console(file=out, width=400)) == 0
    printed = out.getvalue()
    assert all(hint in printed for hint in HINTS)
    assert "Keine Fehler: 4 Dateien geprüft; 3 Hinweis(e) – sie halten den Build nicht auf." in printed


def test_errors_still_fail_with_hints_beside_them(tmp_path):
    content = write(tmp_path / "content", {**FILES, "articles/e.md": "---\ntitle: E\n---\n"})
    out = io.StringIO()
    assert run_check(content, tmp_path, Console(file=out, width=400)) == 1
    assert HINTS[0] in out.getvalue() and "content/articles/e.md:1: date: Pflichtangabe fehlt." in out.getvalue()


@pytest.mark.parametrize("names,chosen", [
    ({"Wärme": 1, "wärme": 1}, "Wärme"),  # tie: capitals
    ({"Waerme": 1, "Wärme": 1}, "Wärme"),  # tie: umlauts
    ({"Waerme": 2, "Wärme": 1}, "Waerme"),  # the most used spelling wins
    ({"E-Mobilität": 1, "Emobilität": 1, "E Mobilität": 1}, "E Mobilität"),  # tie: alphabet (space < hyphen)
])
def test_spelling_is_the_most_used_and_ties_are_deterministic(tmp_path, names, chosen):
    files, number = {}, 0
    for name, count in names.items():
        for _ in range(count):
            number += 1
            files[f"articles/x{number}.md"] = f"---\ntitle: T{number}\ndate: 2026-01-01\ntags: ['{name}']\n---\n"
    for order in (files, dict(reversed(files.items()))):  # the order files are written in does not matter
        content = write(tmp_path / f"content-{id(order)}", order)
        entries, _ = check(content, tmp_path)
        from content_model.tagvariants import spellings

        assert spellings(entries) == {name: chosen for name in names if name != chosen}


def chips(page: Path) -> list[str]:
    return [a.text_content() for a in lxml.html.fromstring(page.read_bytes()).cssselect(".entry-tags a")]


def test_site_shows_one_spelling_and_one_topic_page(tmp_path):
    content = write(tmp_path / "content", FILES)
    out = tmp_path / "output"
    assert run_build(content, out) == 0  # hints never fail a build
    assert chips(out / "fachbeitraege/beta/index.html") == ["Netze", "Wärme", "E-Mobilität"]
    assert sorted(p.name for p in (out / "themen").iterdir() if p.is_dir()) == ["e-mobilitaet", "netze", "waerme"]
    topics = lxml.html.fromstring((out / "themen/index.html").read_bytes()).text_content()
    assert "Wärme" in topics and "wärme" not in topics and "Waerme" not in topics and "Emobilität" not in topics
    listing = lxml.html.fromstring((out / "themen/waerme/index.html").read_bytes())
    assert {"Alpha", "Beta", "Delta"} <= {a.text_content().strip() for a in listing.cssselect("h2 a, h3 a")}
    assert not (out / "feeds/themen/emobilitaet.atom.xml").exists()


def test_rebuild_follows_a_new_majority_spelling_in_unchanged_pages(tmp_path):
    """The spelling depends on other files: a page whose own file is unchanged must not be copied stale."""
    content = write(tmp_path / "content", FILES)
    out = tmp_path / "output"
    assert run_build(content, out) == 0
    assert chips(out / "fachbeitraege/alpha/index.html") == ["Wärme", "Netze"]
    write(content, {f"articles/w{i}.md": f"---\ntitle: W{i}\ndate: 2026-02-0{i}\ntags: [Waerme]\n---\n"
                    for i in range(1, 4)})
    assert run_build(content, out) == 0
    assert chips(out / "fachbeitraege/alpha/index.html") == ["Waerme", "Netze"]
    full = tmp_path / "full"
    shutil.copytree(content, full / "content")
    assert run_build(full / "content", full / "output") == 0
    assert (full / "output/fachbeitraege/alpha/index.html").read_bytes() == \
        (out / "fachbeitraege/alpha/index.html").read_bytes()
