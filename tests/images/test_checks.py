"""`invoke check` for images and links: each problem with file, line and its German message."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image

from content_model.validate import check
from tests.conftest import ROOT

HEAD = "---\ntitle: Bilder und Links\ndate: 2026-10-01\n---\n"  # the body starts on line 5
OK_ARTICLE = "---\ntitle: Ziel des Links\ndate: 2026-09-01\n---\nText.\n"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (root / "articles").mkdir()
    Image.new("RGB", (1200, 800), (200, 120, 40)).save(root / "images" / "gut.jpg")
    Image.new("RGB", (320, 200), (200, 120, 40)).save(root / "images" / "klein.jpg")
    (root / "articles" / "ziel-des-links.md").write_text(OK_ARTICLE, encoding="utf-8")
    return root


def problems(content, body: str) -> list[str]:
    (content / "articles" / "a.md").write_text(HEAD + body, encoding="utf-8")
    return [str(p) for p in check(content, content.parent)[1]]


CASES = [
    ("Text.\n\n![Halle](images/fehlt.jpg)\n",
     "content/articles/a.md:7: Text: Bilddatei „images/fehlt.jpg“ nicht gefunden (erwartet unter "
     "content/images/fehlt.jpg)."),
    ("![](images/gut.jpg)\n",
     "content/articles/a.md:5: Text: Zum Bild „images/gut.jpg“ fehlt der Alternativtext: bitte in die eckigen "
     "Klammern schreiben, was darauf zu sehen ist"),
    ("Eins\n\nZwei ![Klein](images/klein.jpg)\n",
     "content/articles/a.md:7: Text: Das Bild „images/klein.jpg“ ist nur 320 Pixel breit; für eine scharfe "
     "Darstellung braucht es mindestens 480 Pixel."),
    ("Siehe [den Beitrag](/fachbeitraege/ziel-des-link/).\n",
     "content/articles/a.md:5: Text: Der Link „/fachbeitraege/ziel-des-link/“ führt zu keiner Seite dieser "
     "Website – meinten Sie „/fachbeitraege/ziel-des-links/“?"),
    ("\n[weiter](../gibt-es-nicht/)\n",
     "content/articles/a.md:6: Text: Der Link „../gibt-es-nicht/“ führt zu keiner Seite dieser Website."),
    ("[weiter](ziel-des-links.md)\n",
     "content/articles/a.md:5: Text: Der Link „ziel-des-links.md“ führt zu keiner Seite dieser Website. Verweise "
     "auf andere Beiträge bitte so schreiben: [Text]({filename}/articles/datei.md)."),
    ("[weiter]({filename}/articles/nicht-da.md)\n",
     "content/articles/a.md:5: Text: Der Verweis „{filename}/articles/nicht-da.md“ zeigt auf keine vorhandene Datei."),
    ("::: galerie\n![Gut](images/gut.jpg)\n",
     "content/articles/a.md:5: Text: Die Galerie wird nicht mit einer Zeile „:::“ abgeschlossen."),
    ("![Foto](images/urlaub.heic)\n",
     "content/articles/a.md:5: Text: Bilddatei „images/urlaub.heic“ nicht gefunden"),
    ("![Weg](../../geheim.jpg)\n",
     "content/articles/a.md:5: Text: Das Bild „../../geheim.jpg“ liegt außerhalb von content/"),
    # Markdown takes a path with spaces as it is, bare or in <>: the check has to see it too
    ("Text\n![Halle](images/fehlt mit leer.jpg)\n",
     "content/articles/a.md:6: Text: Bilddatei „images/fehlt mit leer.jpg“ nicht gefunden"),
    ("![Halle](<images/auch fehlt.jpg> \"Die Halle (Foto: Jana Roth)\")\n",
     "content/articles/a.md:5: Text: Bilddatei „images/auch fehlt.jpg“ nicht gefunden"),
    ("![](images/Sommer fest/gut.jpg \"Titel\")\n",
     "content/articles/a.md:5: Text: Zum Bild „images/Sommer fest/gut.jpg“ fehlt der Alternativtext"),
]


@pytest.mark.parametrize("body, expected", CASES)
def test_each_problem_has_file_line_and_german_message(content, body, expected):
    found = problems(content, body)
    assert any(p.startswith(expected) for p in found), "\n".join(found)


def test_original_over_15_mb(content):
    (content / "images" / "riesig.jpg").write_bytes((content / "images" / "gut.jpg").read_bytes() + b"\0" * 16 * 2**20)
    assert problems(content, "Text\n![Riesig](images/riesig.jpg)\n") == [
        "content/articles/a.md:6: Text: Die Bilddatei „images/riesig.jpg“ ist 16,0 MB groß, erlaubt sind höchstens "
        "15 MB – bitte kleiner exportieren (etwa 4000 Pixel breit, JPEG-Qualität 85)."]


def test_unknown_format_and_small_lead_image(content):
    (content / "images" / "urlaub.heic").write_bytes(b"\0" * 64)
    (content / "articles" / "b.md").write_text(HEAD.replace("---\n", "---\nimage: images/klein.jpg\n"
                                                            "image_alt: Klein\n", 1), encoding="utf-8")
    found = problems(content, "![Foto](images/urlaub.heic)\n")
    assert "content/articles/a.md:5: Text: „images/urlaub.heic“: Das Format .heic kann die Website nicht zeigen – " \
           "bitte als JPEG oder PNG speichern." in found
    assert any(p.startswith("content/articles/b.md:2: image: Das Bild „images/klein.jpg“ ist nur 320 Pixel breit")
               for p in found), found


def test_good_images_and_links_pass(content):
    body = ("![Gut](images/gut.jpg \"Unterschrift (Foto: Jana Roth)\")\n\n"
            "[a](/fachbeitraege/ziel-des-links/) [b](../ziel-des-links/) [c]({filename}ziel-des-links.md) "
            "[d](images/gut.jpg) [e](/themen/) [f](https://example.org/x) [g](#oben) `[h](/nicht/da/)`\n\n"
            "::: galerie\n![Eins](images/gut.jpg)\n![Zwei](/images/gut.jpg)\n:::\n\n"
            "```\n![](images/fehlt.jpg)\n```\n")
    assert problems(content, body) == []


def test_invoke_check_exits_1_and_names_the_problem(content):
    (content / "articles" / "a.md").write_text(HEAD + "![](images/gut.jpg)\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "a.md:5: Text: Zum Bild „images/gut.jpg“ fehlt der Alternativtext" in result.stderr


@pytest.mark.parametrize("value, expected", [
    ("2, 0.3", "content/articles/b.md:4: image_focus: „2, 0.3“: beide Zahlen des Bildfokus müssen zwischen 0 und 1 "
               "liegen."),
    ("oben", "content/articles/b.md:4: image_focus: „oben“ ist kein Bildfokus: zwei Zahlen zwischen 0 und 1"),
])
def test_image_focus_is_checked(content, value, expected):
    (content / "articles" / "b.md").write_text(HEAD.replace("---\n", f"---\nimage: images/gut.jpg\nimage_alt: Gut\n"
                                                            f"image_focus: {value}\n", 1), encoding="utf-8")
    found = problems(content, "Text.\n")
    assert any(p.startswith(expected) for p in found), found


def _png_claiming(path, width: int, height: int) -> None:
    """A small PNG whose header claims ``width`` × ``height`` (the decompression-bomb shape)."""
    import struct
    import zlib

    Image.new("L", (600, 400)).save(path)
    data = bytearray(path.read_bytes())
    chunk = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29], data[29:33] = chunk, struct.pack(">I", zlib.crc32(chunk))
    path.write_bytes(bytes(data))


def test_an_image_too_large_to_decode_is_refused_before_the_build(content):
    _png_claiming(content / "images" / "bombe.png", 60_000, 60_000)
    assert problems(content, "Text\n\n![Bombe](images/bombe.png)\n") == [
        "content/articles/a.md:7: Text: Das Bild „images/bombe.png“ hat 60000 × 60000 Pixel (3600 Megapixel); "
        "verarbeiten können wir höchstens 178 Megapixel – bitte kleiner exportieren (etwa 4000 Pixel breit)."]


def test_a_large_but_decodable_image_passes(content):
    _png_claiming(content / "images" / "gross.png", 12_000, 9_000)  # 108 MP: big, but the decoder takes it
    assert problems(content, "Text\n\n![Groß](images/gross.png)\n") == []
