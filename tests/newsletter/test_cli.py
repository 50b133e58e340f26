"""`invoke newsletter.new` (scaffold_issue) and `invoke newsletter.preview ISSUE` (preview_issue)."""

from __future__ import annotations

import shutil
from pathlib import Path

from content_model.cli import run_check
from newsletter.cli import preview_issue, scaffold_issue
from tests.newsletter.content import article, event, fixture_content, issue

ROOT = Path(__file__).resolve().parents[2]


def test_scaffold_writes_a_valid_draft_and_prints_its_selection(tmp_path, capsys):
    content = tmp_path / "content"
    article(content, "schon-verschickt", "2026-09-01")
    issue(content, "2026-09", "2026-09-15")
    article(content, "neu", "2026-10-01", title="Ein neuer Beitrag")
    article(content, "ohne-rundbrief", "2026-10-02", newsletter=False)
    event(content, "bald", "2026-10-01", "2026-12-01", title="Bald")
    event(content, "spaeter", "2026-11-01", "2027-06-01", title="Später")
    assert scaffold_issue(content) == 0  # BUILD_DATE 2026-11-23 (pinned by tests/conftest.py)
    printed = capsys.readouterr().err
    assert "2026-11.md" in printed and "Ein neuer Beitrag (neu)" in printed and "Bald (bald)" in printed
    assert "Später (spaeter)" in printed and "ohne-rundbrief" not in printed
    text = (content / "newsletter" / "2026-11.md").read_text(encoding="utf-8")
    assert 'title: "Rundbrief November 2026"' in text and "date: 2026-11-23" in text and "status: draft" in text
    assert "#   Fachbeiträge: neu" in text and "#   Termine: bald" in text and "#   - spaeter" in text
    assert run_check(content, tmp_path) == 0


def test_scaffold_picks_a_free_name(tmp_path, capsys):
    content = tmp_path / "content"
    article(content, "neu", "2026-11-01")
    assert scaffold_issue(content, "2026-11-23") == 0
    assert scaffold_issue(content, "2026-11-23") == 0
    assert scaffold_issue(content, "2026-11-23") == 1
    assert sorted(p.name for p in (content / "newsletter").iterdir()) == ["2026-11-23.md", "2026-11.md"]
    assert 'title: "Rundbrief 23. November 2026"' in (content / "newsletter" / "2026-11-23.md").read_text()
    assert "#   Fachbeiträge: neu" in (content / "newsletter" / "2026-11-23.md").read_text()  # drafts do not count
    assert "gibt es schon eine Ausgabe" in capsys.readouterr().err
    assert run_check(content, tmp_path) == 0


def _project(tmp_path: Path) -> Path:
    """A project folder: this repository's plugins and theme, a settings copy, the fixture content."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("plugins", "theme"):
        (root / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    with (root / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nSEARCH_INDEX = False  # test copy: no Pagefind\n")
    fixture_content(root / "content")
    return root


def test_preview_builds_drafts_and_opens_the_email(tmp_path, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    root = _project(tmp_path)
    assert preview_issue(root, "2026-10") == 0  # a draft issue: previews show it
    path = root / ".cache" / "preview-newsletter" / "2026-10" / "email.html"
    assert opened == [path.as_uri()] and path.is_file()
    assert str(path) in capsys.readouterr().err
    assert not (root / "output").exists() and not (root / "build").exists()
    assert preview_issue(root, "content/newsletter/2030-01.md") == 1  # checked before building
    assert "Keine Ausgabe „2030-01“" in capsys.readouterr().err and len(opened) == 1
