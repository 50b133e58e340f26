"""Files are read and published only from inside content/: symlinks and links that leave it are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build
from content_model.validate import check

ARTICLE = "---\ntitle: Ein Beitrag\ndate: 2026-01-01\n---\nText.\n"
SECRET = "GEHEIM-a8f3c1"  # the marker of the file outside content/


@pytest.fixture
def site(tmp_path) -> Path:
    """``tmp/site/content`` with one article and one image; ``tmp/outside/`` holds a secret file and folder."""
    content = tmp_path / "site" / "content"
    (content / "articles").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (content / "images" / "bild.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "folder" / "secret.svg").write_text(SECRET, encoding="utf-8")
    (outside / "secret.md").write_text(f"---\ntitle: Von draußen\ndate: 2026-01-01\n---\n{SECRET}\n",
                                       encoding="utf-8")
    return content


def problems_of(content: Path) -> list[str]:
    return [str(p) for p in check(content, content.parent)[1]]


def leaked(tmp_path: Path) -> list[Path]:
    """Files anywhere below ``tmp_path`` except the originals in outside/ that carry the secret."""
    found = []
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.relative_to(tmp_path).parts[0] != "outside":
            if SECRET.encode() in path.read_bytes():
                found.append(path)
    return found


LINKS = [  # (link inside content/, target relative to tmp_path, field)
    ("images/passwd", "outside/secret.txt", "Datei"),
    ("articles/b.md", "outside/secret.md", "Datei"),
    ("images/extern", "outside/folder", "Ordner"),
]


@pytest.mark.parametrize("link,target,field", LINKS, ids=[link for link, _, _ in LINKS])
def test_check_refuses_a_symlink_out_of_content(site, tmp_path, link, target, field):
    os.symlink(tmp_path / target, site / link)
    problems = problems_of(site)
    expected = f"content/{link}:1: {field}: "
    assert [p for p in problems if p.startswith(expected) and f"„{os.path.realpath(tmp_path / target)}“" in p
            and "außerhalb von content/" in p], problems


def test_check_refuses_a_dangling_symlink_and_a_linked_folder_inside_content(site):
    os.symlink(site / "images" / "gibt-es-nicht.svg", site / "images" / "kaputt.svg")
    os.symlink(site / "articles", site / "images" / "ordner")
    problems = problems_of(site)
    assert any(p.startswith("content/images/kaputt.svg:1: Datei: ") and "gibt es nicht" in p for p in problems)
    assert any(p.startswith("content/images/ordner:1: Ordner: ") for p in problems), problems


def test_a_symlink_to_a_file_inside_content_is_allowed_and_published(site, tmp_path):
    os.symlink("bild.svg", site / "images" / "auch-bild.svg")
    assert problems_of(site) == []
    out = tmp_path / "site" / "output"
    assert run_build(site, out) == 0
    assert (out / "images" / "auch-bild.svg").read_bytes() == (site / "images" / "bild.svg").read_bytes()


@pytest.mark.parametrize("link,target,field", LINKS, ids=[link for link, _, _ in LINKS])
def test_build_refuses_a_symlink_out_and_publishes_nothing(site, tmp_path, link, target, field):
    out = tmp_path / "site" / "output"
    assert run_build(site, out) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    os.symlink(tmp_path / target, site / link)
    assert run_build(site, out) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert leaked(tmp_path) == []


@pytest.mark.parametrize("link,target,field", LINKS, ids=[link for link, _, _ in LINKS])
def test_the_build_itself_refuses_a_symlink_out_even_without_the_check(site, tmp_path, link, target, field):
    """The guard inside the build (not only `invoke check`): Pelican follows symlinks when it reads and copies."""
    from content_model.build import build

    os.symlink(tmp_path / target, site / link)
    out = tmp_path / "site" / "output"
    code = build(ROOT / "pelicanconf.py", check_first=False,
                 overrides={"PATH": str(site), "OUTPUT_PATH": str(out), "CACHE_PATH": str(tmp_path / "cache"),
                            "NEWSLETTER_ARTIFACTS_PATH": str(tmp_path / "newsletter")})
    assert code == 1
    assert not out.exists()
    assert leaked(tmp_path) == []


STATIC_LINKS = ["{static}../../../outside/secret.txt", "{static}/../../outside/secret.txt",
                "{attach}../../../outside/secret.txt", "{filename}../../../outside/secret.md"]


@pytest.mark.parametrize("link", STATIC_LINKS)
def test_check_refuses_a_link_out_of_content(site, link):
    (site / "articles" / "a.md").write_text(ARTICLE + f"\nSiehe [hier]({link}).\n", encoding="utf-8")
    assert problems_of(site) == [f"content/articles/a.md:7: Text: Der Verweis „{link}“ führt aus dem Ordner "
                                 f"content/ hinaus. Verlinkt werden können nur Dateien in content/."]


@pytest.mark.parametrize("link", STATIC_LINKS[:3])
def test_pelican_never_copies_a_linked_file_from_outside_content(site, tmp_path, link):
    """Without our guard Pelican copies ``{static}../x`` to ``output/../x``: outside the output folder."""
    from content_model.build import build

    (site / "articles" / "a.md").write_text(ARTICLE + f"\nSiehe [hier]({link}).\n", encoding="utf-8")
    out = tmp_path / "site" / "build" / "output"  # output/../../outside/ would be site/outside/
    code = build(ROOT / "pelicanconf.py", check_first=False,
                 overrides={"PATH": str(site), "OUTPUT_PATH": str(out), "CACHE_PATH": str(tmp_path / "cache"),
                            "NEWSLETTER_ARTIFACTS_PATH": str(tmp_path / "newsletter")})
    assert leaked(tmp_path) == []
    assert not (tmp_path / "site" / "outside").exists()
    assert code == 1
