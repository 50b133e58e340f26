"""Derivative names: originals whose names need quoting in a URL (spaces, quotes, commas, percent signs) get names
that stand in src and srcset as they are; two originals with the same bytes each get their own files."""

from __future__ import annotations

import re
import shutil

import lxml.html

from tests.conftest import run_build


def build_page(tmp_path, photos, files: dict) -> tuple:
    """A page showing every original of ``files`` (name below images/ → photo); returns (output, its <img>s)."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    for name, photo in files.items():
        (content / "images" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(photos / photo, content / "images" / name)
    body = "\n\n".join(f"![Foto {name}](<images/{name}>)" for name in files)
    (content / "articles" / "namen.md").write_text(f"---\ntitle: Namen\ndate: 2026-10-01\n---\nText.\n\n{body}\n",
                                                   encoding="utf-8")
    out = tmp_path / "output"
    assert run_build(content, out) == 0
    page = lxml.html.fromstring((out / "fachbeitraege" / "namen" / "index.html").read_bytes())
    images = page.xpath("//div[contains(@class, 'entry-content')]//img")
    assert len(images) == len(files)
    return out, images


def urls_of(img) -> list[str]:
    urls = [img.get("src")]
    for candidate in img.get("srcset").split(", "):
        url, descriptor = candidate.split(" ")  # exactly a URL and a width: no space inside the URL
        assert re.fullmatch(r"\d+w", descriptor), candidate
        urls.append(url)
    return urls


def test_derivative_urls_need_no_quoting(tmp_path, photos):
    files = {"Sommer fest/mit leer.jpg": "halle.jpg", "it's, 100%.jpg": "gruppe.jpg", "Foto (1)+2.jpg": "muffe.jpg"}
    out, images = build_page(tmp_path, photos, files)
    for img in images:
        for url in urls_of(img):
            assert not re.search(r"[\s,'\"<>%()+]", url), url
            assert (out / url.lstrip("/")).is_file(), url


def test_copies_of_one_photo_under_two_names_both_reach_the_output(tmp_path, photos):
    out, images = build_page(tmp_path, photos, {"halle.jpg": "halle.jpg", "halle-kopie.jpg": "halle.jpg",
                                                "ordner/halle.jpg": "halle.jpg"})
    for img in images:
        for url in urls_of(img):
            assert (out / url.lstrip("/")).is_file(), url
