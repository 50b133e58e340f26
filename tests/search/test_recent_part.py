"""The part of recent pages (plugins/site_search, ``SEARCH_RECENT_DAYS``): pages published in the last days before
the build date form the first part of the index, so an edit to one of them makes Pagefind index a few pages, not
a full part. The split follows the content and the build date only: every build equals a fresh one."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from tests.conftest import BUILD_DATE, run_build
from tests.search.test_search_cache import FIXTURE, files, last_run


def since(date: str, days: int = 60) -> str:
    from site_search.settings import DEFAULTS

    assert DEFAULTS["RECENT_DAYS"] == days
    return (dt.date.fromisoformat(date) - dt.timedelta(days=days)).isoformat()


def published(content: Path) -> dict[str, str]:
    """Source file → its date, as the front matter says (every fixture item is published and indexed)."""
    dates = {}
    for path in sorted(content.rglob("*.md")):
        match = re.search(r"^date: (\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8"), re.M)
        if match:
            dates[path.relative_to(content).as_posix()] = match.group(1)
    return dates


def page_counts(out: Path) -> list[int]:
    parts = json.loads((out / "pagefind/parts.json").read_text(encoding="utf-8"))
    return [json.loads((out / "pagefind" / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
            ["languages"]["de"]["page_count"] for folder in ("", *parts)]


def test_split_puts_recent_pages_first_and_hashes_the_others():
    from site_search.worker import split

    entries = [(f"/a/{n}/", "c", None, "d", f"2026-{1 + n % 12:02d}-01") for n in range(40)]
    recent = [entry for entry in entries if entry[4] >= "2026-10-01"]
    parts = split(entries, 10, "2026-10-01")
    assert parts[0] == recent
    older = sorted(set(entries) - set(recent))
    assert len(parts) == 1 + -(-len(older) // 10) and sorted(e for part in parts[1:] for e in part) == older
    assert split(entries, 10, "") == split(entries, 10)  # no date: hashed as before, all of them
    assert split(entries, 10, "2027-01-01") == split(entries, 10)  # nothing recent: no empty part for it
    assert split(recent, 10, "2026-10-01") == [recent]  # only recent pages: one part
    assert split([], 10, "2026-10-01") == [[]]


def test_the_first_part_holds_the_pages_of_the_last_sixty_days(fixture_site):
    dates = published(FIXTURE).values()
    recent = sum(date >= since(BUILD_DATE) for date in dates)
    assert 0 < recent < len(dates)
    assert page_counts(fixture_site) == [recent, len(dates) - recent]


def test_an_edit_to_a_recent_page_indexes_its_small_part_only(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    assert run_build(content, out) == 0
    older = {p.name: p.stat().st_ino for p in (out / "pagefind/teil-1").rglob("*") if p.is_file()}
    page = content / "interviews" / "gespraech.md"
    assert published(content)["interviews/gespraech.md"] >= since(BUILD_DATE)
    page.write_text(page.read_text(encoding="utf-8") + "\nNachtrag: Die Stadtwerke planen weiter.\n",
                    encoding="utf-8")
    assert run_build(content, out) == 0
    assert last_run() == {"pages": 8, "parts": 2, "indexed": 1}
    assert {p.name: p.stat().st_ino for p in (out / "pagefind/teil-1").rglob("*") if p.is_file()} == older
    fresh = tmp_path / "fresh" / "output"
    assert run_build(content, fresh) == 0
    assert files(out) == files(fresh)


def test_a_page_that_grows_old_leaves_the_recent_part_and_the_output_equals_a_fresh_build(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    assert run_build(content, out) == 0
    later = "2026-12-10"
    leaving = [name for name, date in published(content).items() if since(BUILD_DATE) <= date < since(later)]
    assert leaving, "the later date must move a page out of the recent part"
    before = page_counts(out)
    assert run_build(content, out, date=later) == 0
    assert page_counts(out) == [before[0] - len(leaving), before[1] + len(leaving)]
    fresh = tmp_path / "fresh" / "output"
    assert run_build(content, fresh, date=later) == 0
    assert files(out) == files(fresh)
