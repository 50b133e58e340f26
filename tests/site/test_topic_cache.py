"""The topics of each file are kept between builds (content_model/tagcache.py): an edited file counts with its new
topics, and a damaged store never changes the spelling the site shows."""

from __future__ import annotations

import pytest

from tests.conftest import run_build
from tests.site.test_incremental import files
from tests.site.test_tag_variants import FILES, chips, write

ALPHA = "fachbeitraege/alpha/index.html"


def test_an_edited_file_counts_with_its_new_topics(tmp_path):
    content = write(tmp_path / "content", FILES)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    assert chips(out / ALPHA) == ["Wärme", "Netze"]
    write(content, {"articles/d.md": FILES["articles/d.md"].replace("[Wärme]", "[wärme]")})  # wärme: 2, Wärme: 1
    assert run_build(content, out) == 0
    assert chips(out / ALPHA) == ["wärme", "Netze"]


DAMAGE = {
    "other names": lambda text: text.replace('"W\\u00e4rme"', '"Waerme"'),  # still JSON: only the digest notices
    "truncated": lambda text: text[: len(text) // 2],
    "not a store": lambda text: '{"digest": 1, "files": []}',
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_topic_store_gives_the_output_of_a_build_without_it(tmp_path, damage):
    content = write(tmp_path / "content", FILES)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    store = out.parent / "cache" / "topics.json"
    store.write_text(DAMAGE[damage](store.read_text("utf-8")), encoding="utf-8")
    assert run_build(content, out) == 0
    assert chips(out / ALPHA) == ["Wärme", "Netze"]
    fresh = tmp_path / "fresh" / "output"
    assert run_build(content, fresh) == 0
    assert files(out) == files(fresh)
