"""`invoke newsletter.new` (scaffold_issue) and `invoke newsletter.preview ISSUE` (preview_issue)."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import urllib.request
from html import unescape
from pathlib import Path

from content_model.cli import run_check, server
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_preview_builds_drafts_fills_placeholders_and_links_into_the_preview(tmp_path, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    root = _project(tmp_path)
    with (root / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('NEWSLETTER_PREVIEW_SALUTATION = "Hallo <Team> & Co,"\n')
    port = free_port()
    assert preview_issue(root, "2026-10", port=port, serve=False) == 0  # a draft issue: previews show it
    folder = root / ".cache" / "preview-newsletter" / "2026-10"
    page, text = folder / "vorschau.html", folder / "vorschau.txt"
    assert opened == [page.as_uri()]
    assert str(page) in capsys.readouterr().err
    assert not (root / "output").exists() and not (root / "build").exists()
    body, plain = page.read_text(encoding="utf-8"), text.read_text(encoding="utf-8")
    assert "%%" not in body and "%%" not in plain
    assert "Hallo &lt;Team&gt; &amp; Co," in body and "Hallo <Team> & Co," in plain  # escaped in HTML only
    base = f"http://127.0.0.1:{port}/"
    assert f'href="{base}newsletter/"' in body and f"{base}newsletter/" in plain  # the sample unsubscribe link
    assert "%%UNSUBSCRIBE_URL%%" in (folder / "email.html").read_text(encoding="utf-8")  # artifacts untouched

    # Every link to the site leads into the preview build, and the preview server answers each of them.
    links = {unescape(href) for href in re.findall(r'href="([^"]+)"', body) if "://127.0.0.1" in href}
    assert links and all(link.startswith(base) for link in links), links
    httpd = server(root / ".cache" / "preview", "127.0.0.1", port)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        for link in links:
            assert urllib.request.urlopen(link).status == 200, link
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_preview_latest_and_unknown_issue(tmp_path, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    root = _project(tmp_path)
    assert preview_issue(root, "content/newsletter/2030-01.md", serve=False) == 1  # checked before building
    assert "Keine Ausgabe „2030-01“" in capsys.readouterr().err and opened == []
    (root / "content/newsletter/2026-12.md").unlink()  # (it has nothing to show yet)
    assert preview_issue(root, "latest", port=free_port(), serve=False) == 0
    assert opened == [(root / ".cache/preview-newsletter/2026-11/vorschau.html").as_uri()]  # the newest file
