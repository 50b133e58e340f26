"""A link Pelican resolves against other content may open and close with either delimiter (``{filename|x.md``:
its INTRASITE_LINK_REGEX is ``[{|](?P<what>.*?)[|}]``). Unseen as such, the page and its feeds were keyed by the
item's own digest and taken from the previous output after the linked item moved."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_build
from tests.newsletter.content import FAST
from tests.site.test_incremental import edit
from tests.site.test_incremental_listings import twelve


def linked_then_moved(content: Path, out: Path) -> None:
    """n01 (alone on the topic „Solo“) links n12 as ``{filename|n12.md``; then n12's title, and so its URL,
    changes."""
    paths = twelve(content)
    edit(paths[11], "slug: n12\n", "")  # n12's title decides its URL
    edit(paths[0], "- Netze\n", "- Netze\n- Solo\n")  # the topic feed „Solo“ holds n01 only, not n12
    edit(paths[0], "Ein Absatz Text.", "Ein Absatz Text, siehe [n12]({filename|n12.md).")
    assert run_build(content, out, **FAST) == 0
    assert "fachbeitraege/nachricht-12/" in (out / "feeds/themen/solo.atom.xml").read_text("utf-8")  # resolved
    edit(paths[11], "title: Nachricht 12", "title: Zwölfte Nachricht")
    assert run_build(content, out, **FAST) == 0


def test_a_feed_follows_a_mixed_delimiter_link_to_a_moved_item(tmp_path):
    out = tmp_path / "site" / "output"
    linked_then_moved(tmp_path / "content", out)
    for name in ("solo.atom.xml", "solo.rss.xml"):
        text = (out / "feeds/themen" / name).read_text("utf-8")
        assert "fachbeitraege/nachricht-12/" not in text, f"{name} was taken from the previous output"
        assert "fachbeitraege/zwoelfte-nachricht/" in text


def test_a_page_follows_a_mixed_delimiter_link_to_a_moved_item(tmp_path):
    out = tmp_path / "site" / "output"
    linked_then_moved(tmp_path / "content", out)
    page = (out / "fachbeitraege/n01/index.html").read_text("utf-8")
    assert "nachricht-12/" not in page, "n01's page was taken from the previous output"
    assert "zwoelfte-nachricht/" in page
