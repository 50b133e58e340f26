"""``validate.content_files`` walks the content folders with ``os.walk`` and sorts strings; it must list what
``sorted(folder.rglob("*.md"))`` lists, in the same order (the topic cache and the check rely on that order)."""

from __future__ import annotations

from pathlib import Path

NAMES = ["articles/a.md", "articles/a-b/c.md", "articles/a/b.md", "articles/a b.md", "articles/.versteckt.md",
         "articles/.ordner/x.md", "articles/B.md", "articles/b.MD", "articles/x.md/y.md", "articles/ä/ü.md",
         "articles/2026/03/tief.md", "articles/notiz.txt", "interviews/z.md", "events/e.md", "pages/p.md"]


def rglob_files(content_dir: Path):
    from content_model.schema import FOLDER_KINDS

    for folder, kind in FOLDER_KINDS.items():
        for path in sorted((content_dir / folder).rglob("*.md")):
            yield path, kind


def test_the_walk_lists_what_rglob_lists_in_its_order(tmp_path):
    from content_model.validate import content_files

    content = tmp_path / "content"
    for name in NAMES:
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (content / "articles" / "verweis").symlink_to(content / "interviews")  # listed by neither: not entered
    (content / "articles" / "ordner.md").symlink_to(content / "interviews")  # a folder so named: listed
    (content / "articles" / "kaputt.md").symlink_to(content / "fehlt.md")  # a broken link: listed
    expected = list(rglob_files(content))
    assert len(expected) == 16
    assert list(content_files(content)) == expected
