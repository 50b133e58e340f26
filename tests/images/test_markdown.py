"""Images in Markdown: every way an editor writes a path, figures with caption and credit, galleries, escaping."""

from __future__ import annotations

import lxml.html
import pytest
from markdown import Markdown

from tests.conftest import run_build
from tests.images.conftest import small_content

FORMS = ["images/halle.jpg", "/images/halle.jpg", "{static}/images/halle.jpg", "{filename}/images/halle.jpg",
         "../images/halle.jpg", "{static}../images/halle.jpg"]
BODY = "\n\n".join(f"![Form {i}]({form})" for i, form in enumerate(FORMS)) + """

![Alt mit "Anführung" und <b>](images/halle.jpg "Titel <script>alert(1)</script> (Foto: A & B)")

Ein Satz mit ![Inline-Bild](images/halle.jpg) im Text und ein [Link zum Foto](images/halle.jpg).

::: galerie
![Eins](images/halle.jpg "Erstes Bild")

![Zwei](images/halle.jpg)
:::

Danach.
"""


def markdown(text: str) -> str:
    return Markdown(extensions=["images.figures"], output_format="html5").convert(text)


def test_caption_and_credit_are_split():
    html = markdown('![Halle](images/a.jpg "Die Halle am Morgen (Foto: Jana Roth)")')
    assert html == ('<figure class="figure"><img alt="Halle" data-nb-image="images/a.jpg" data-nb-use="inline">'
                    '<figcaption>Die Halle am Morgen <span class="credit">Foto: Jana Roth</span></figcaption>\n'
                    '</figure>')


def test_gallery_block_becomes_a_list_of_linked_figures():
    page = lxml.html.fragment_fromstring(markdown("::: galerie\n![A](a.jpg)\n![B](b.png \"Zwei\")\n:::\n\nText"),
                                         create_parent="div")
    items = page.cssselect("ul.gallery > li.gallery__item > figure.gallery__figure")
    assert len(items) == 2
    assert [a.get("data-nb-link") for a in page.cssselect("a.gallery__link")] == ["a.jpg", "b.png"]
    assert page.cssselect("figcaption")[0].text == "Zwei" and page.xpath("string(p)") == "Text"


@pytest.fixture(scope="module")
def forms_page(tmp_path_factory, photos):
    base = tmp_path_factory.mktemp("forms")
    content = small_content(base, photos)
    article = content / "articles" / "bilder.md"
    article.write_text(article.read_text(encoding="utf-8").split("Einleitung.")[0] + BODY, encoding="utf-8")
    assert run_build(content, base / "output") == 0
    path = base / "output" / "fachbeitraege" / "bilder-im-fachbeitrag" / "index.html"
    return lxml.html.parse(str(path)).getroot().cssselect(".entry-content")[0]


def test_every_path_form_gives_the_same_picture(forms_page):
    figures = forms_page.cssselect("figure.figure img")
    assert len(figures) == len(FORMS) + 1
    first = figures[0]
    assert first.get("srcset").count("webp") == 4 and first.get("src").endswith(".jpg")
    for img in figures[1:]:
        assert (img.get("src"), img.get("srcset")) == (first.get("src"), first.get("srcset"))
    assert "{static}" not in lxml.html.tostring(forms_page, encoding="unicode")


def test_editor_text_is_escaped(forms_page):
    html = lxml.html.tostring(forms_page, encoding="unicode")
    assert "<script>" not in html and "<b>" not in html
    figure = forms_page.cssselect("figure.figure")[len(FORMS)]
    assert figure.cssselect("img")[0].get("alt") == 'Alt mit "Anführung" und <b>'
    assert figure.cssselect(".credit")[0].text == "Foto: A & B"
    assert "<script>alert(1)</script>" in figure.cssselect("figcaption")[0].text_content()


def test_inline_image_link_and_gallery_use_derivatives(forms_page):
    inline = forms_page.xpath("//p/img")[0]
    assert inline.get("srcset") and inline.get("loading") == "lazy"
    # a development build serves on any port: pictures are linked from the site's root, never via SITEURL's port
    assert inline.get("src").startswith("/images/") and all(
        part.strip().startswith("/images/") for part in inline.get("srcset").split(","))
    link = forms_page.xpath("//p/a[text()='Link zum Foto']")[0]
    assert link.get("href").endswith(".webp") and "halle-1600." in link.get("href")
    gallery = forms_page.cssselect("ul.gallery a.gallery__link")
    assert len(gallery) == 2 and all("halle-1600." in a.get("href") for a in gallery)
    assert all(a.cssselect("img")[0].get("srcset") for a in gallery)
