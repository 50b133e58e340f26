"""Incremental rebuilds, one dependency at a time: each edit below changes a page whose own source is unchanged.

After every edit the rebuild must equal a fresh full build byte for byte, and it must still reuse the pages the
edit cannot reach (so the comparison is not passed by rendering everything).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT, run_build
from tests.newsletter.content import FAST, article, event
from tests.site.test_incremental import edit, files, reused

DATES = ["2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05", "2026-05-05"]


def five_articles(content: Path) -> list[Path]:
    """a1 … a5, oldest first, with explicit slugs: a title edit never moves a page."""
    return [article(content, f"a{n}", date, title=f"Beitrag Nummer {n}") for n, date in enumerate(DATES, 1)]


def assert_equals_full_build(tmp_path: Path, content: Path, incremental: Path, name: str, **overrides) -> None:
    full = tmp_path / f"full-{name}" / "output"
    assert run_build(content, full, **FAST, **overrides) == 0
    first, second = files(incremental), files(full)
    assert first.keys() == second.keys()
    assert [page for page in first if first[page] != second[page]] == []


def test_neighbour_title_change_with_explicit_slug(tmp_path):
    content = tmp_path / "content"
    paths = five_articles(content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out, **FAST) == 0
    edit(paths[2], "title: Beitrag Nummer 3", "title: Beitrag Nummer drei")  # a3: same slug, same URL
    assert run_build(content, out, **FAST) == 0
    assert reused(out) == 2  # a1 and a5; a2 and a4 show a3's title in their previous/next links
    page = (out / "fachbeitraege" / "a2" / "index.html").read_text(encoding="utf-8")
    assert "Beitrag Nummer drei" in page
    assert_equals_full_build(tmp_path, content, out, "title")


def test_page_linking_with_filename_follows_its_target(tmp_path):
    content = tmp_path / "content"
    paths = five_articles(content)
    # a1 links to a5 (not a neighbour); a5 has no explicit slug, so its title decides its URL.
    edit(paths[0], "\n---\n", "\n---\n\nMehr dazu im [letzten Beitrag]({filename}a5.md).\n")
    edit(paths[4], "slug: a5\n", "")
    out = tmp_path / "site" / "output"
    assert run_build(content, out, **FAST) == 0
    assert 'fachbeitraege/beitrag-nummer-5/"' in (out / "fachbeitraege/a1/index.html").read_text("utf-8")
    edit(paths[4], "title: Beitrag Nummer 5", "title: Der fünfte Beitrag")  # a5 moves
    assert run_build(content, out, **FAST) == 0
    assert reused(out) == 2  # a2, a3; a1 links to a5, a4 shows it as its neighbour, a5 itself changed
    page = (out / "fachbeitraege/a1/index.html").read_text(encoding="utf-8")
    assert 'fachbeitraege/der-fuenfte-beitrag/"' in page and "beitrag-nummer-5" not in page
    assert_equals_full_build(tmp_path, content, out, "link")


def copy_project(target: Path) -> Path:
    """The project as a user has it (settings, theme, plugins, content), so the build uses its own cache path."""
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "pelicanconf.py", target / "pelicanconf.py")
    for folder in ("theme", "plugins", "content"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return target / "pelicanconf.py"


def test_template_change_is_never_served_from_the_previous_output(tmp_path):
    """No CACHE_PATH override: build.py derives the cache (and the page keys) from the code fingerprint."""
    from content_model.build import build

    settings = copy_project(tmp_path / "project")
    project = settings.parent
    overrides = {"NEWSLETTER_ARTIFACTS_PATH": str(project / "build" / "newsletter"), **FAST}
    assert build(settings, overrides=overrides) == 0
    assert build(settings, overrides=overrides, skip_unchanged=False) == 0  # the page keys, not the skip
    assert reused(project / "output") >= 8  # the unchanged rebuild copies the article and interview pages
    assert list((project / ".cache" / "pelican").iterdir()), "the cache lives in the project, keyed by code"
    old_css = {p.name for p in (project / "output/theme/css").glob("site.*.css")}
    edit(project / "theme/static/css/site.css", "\n", "\n/* neu */\n")  # a new fingerprint in every page
    assert build(settings, overrides=overrides) == 0
    pages = [p.read_text("utf-8") for p in (project / "output").rglob("*.html")]
    assert not [page for page in pages if any(name in page for name in old_css)], "a page kept the old CSS"
    edit(project / "theme/templates/partials/article_footer.html", "Vorheriger Beitrag", "Älterer Beitrag")
    assert build(settings, overrides=overrides) == 0
    rebuilt = files(project / "output")
    shutil.rmtree(project / "output")
    shutil.rmtree(project / ".cache")
    assert build(settings, overrides=overrides) == 0
    full = files(project / "output")
    assert rebuilt.keys() == full.keys()
    assert [page for page in rebuilt if rebuilt[page] != full[page]] == []
    assert any("Älterer Beitrag".encode() in data for data in full.values())


def test_plugin_change_is_never_served_from_the_reader_cache(tmp_path):
    """Read content is cached under the code fingerprint: a plugin that renders differently (here the interview
    markup) must not meet the HTML its old version left in the cache."""
    import os
    import subprocess
    import sys

    settings = copy_project(tmp_path / "project")
    project = settings.parent
    overrides = {"NEWSLETTER_ARTIFACTS_PATH": str(project / "build" / "newsletter"), **FAST}
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from content_model.build import build; "
              "sys.exit(build(sys.argv[2], overrides=eval(sys.argv[3])))")

    def build_in_own_process() -> int:  # plugin code is imported once per process: each build gets a fresh one
        command = [sys.executable, "-c", script, str(project / "plugins"), str(settings), repr(overrides)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # delivery/ from the checkout, the plugins from the copy
        return subprocess.run(command, cwd=project, env=env, capture_output=True, timeout=300).returncode

    assert build_in_own_process() == 0
    edit(project / "plugins/interviews/qa.py", '{"class": "interview"}', '{"class": "interview gespraech"}')
    assert build_in_own_process() == 0
    rebuilt = files(project / "output")
    assert any(b'class="interview gespraech"' in data for data in rebuilt.values()), "the new plugin code is used"
    assert not [page for page, data in rebuilt.items() if b'<dl class="interview">' in data]


def test_announcement_page_follows_a_new_report(tmp_path):
    """An event page names its report: the announcement's page follows a new report."""
    content = tmp_path / "content"
    for slug, date, start in (("treffen", "2026-01-05", "2026-10-01"), ("forum", "2026-03-05", "2027-02-01"),
                              ("tagung", "2026-05-05", "2027-03-01")):
        event(content, slug, date, f"{start} 09:00", title=slug.title())
    out = tmp_path / "site" / "output"
    assert run_build(content, out, **FAST) == 0
    event(content, "bericht", "2026-10-05", "2026-10-01", kind="report", report_of="treffen", title="Bericht")
    assert run_build(content, out, **FAST) == 0
    assert "veranstaltungen/bericht/" in (out / "veranstaltungen/treffen/index.html").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "report")


def test_event_pages_follow_their_series_and_the_build_date_and_are_reused_otherwise(tmp_path):
    content = tmp_path / "content"
    paths = [event(content, slug, date, f"{start} 09:00", title=slug.title(), event={"series": "Netzdialog"})
             for slug, date, start in (("erster", "2026-01-05", "2026-12-01"), ("zweiter", "2026-02-05",
                                                                                 "2027-01-01"))]
    event(content, "einzeln", "2026-01-20", "2027-02-01 09:00", title="Einzeln")  # between them: the neighbour
    out = tmp_path / "site" / "output"
    assert run_build(content, out, **FAST) == 0
    assert run_build(content, out, **FAST) == 0
    assert reused(out) == 3  # nothing changed: every event page is reused
    edit(paths[1], "title: Zweiter", "title: Zweiter Netzdialog")  # named on the first one's page
    assert run_build(content, out, **FAST) == 0
    assert "Zweiter Netzdialog" in (out / "veranstaltungen/erster/index.html").read_text("utf-8")
    assert reused(out) < 3
    assert_equals_full_build(tmp_path, content, out, "series")
    assert run_build(content, out, date="2026-12-02", **FAST) == 0  # the first one is over now
    assert "vergangen" in (out / "veranstaltungen/zweiter/index.html").read_text("utf-8")  # beside „Erster“
    assert_equals_full_build(tmp_path, content, out, "later", date="2026-12-02")


def test_every_member_of_a_long_series_counts_on_each_event_page(tmp_path):
    """An event page names every other event of its series: each counts (``keys._series``), not only the first,
    and each member's digest is made once per build."""
    content = tmp_path / "content"
    paths = [event(content, slug, f"2026-0{n}-05", f"2027-0{n}-01 09:00", title=slug.title(),
                   event={"series": "Netzdialog"})
             for n, slug in enumerate(("erster", "zweiter", "dritter", "vierter"), start=1)]
    out = tmp_path / "site" / "output"
    assert run_build(content, out, **FAST) == 0
    edit(paths[3], "title: Vierter", "title: Vierter Netzdialog")  # the last one the first page names
    assert run_build(content, out, **FAST) == 0
    assert "Vierter Netzdialog" in (out / "veranstaltungen/erster/index.html").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "long-series")
