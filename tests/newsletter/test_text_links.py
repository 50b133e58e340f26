"""Pure helpers: URL-safe wrapping, HTML → text for the editorial, absolute links with campaign parameters."""

from __future__ import annotations

from newsletter.links import Linker, absolute, with_utm
from newsletter.text import html_to_text, tidy, wrap

BASE = "https://netzbrief.example.org"
UTM = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "2026-11"}


def test_wrap_keeps_lines_short():
    text = wrap("Wort " * 60, 78)
    assert max(map(len, text.split("\n"))) <= 78 and text.split() == ["Wort"] * 60


def test_wrap_indents_continuation_lines():
    text = wrap("Wann: " + "lang " * 30, 40, "      ", "")
    lines = text.split("\n")
    assert lines[0].startswith("Wann:") and all(line.startswith("      ") for line in lines[1:])


def test_editorial_links_stand_alone_on_their_own_lines():
    url = "https://example.org/" + "sehr-lang/" * 12 + "?a=1&b=2"
    text = html_to_text(f'<p>Ein Absatz mit <a href="{url}">einem Link</a> und noch viel mehr Text, damit er umbricht '
                        f'und umbricht und umbricht.</p><p>Zweiter <a href="#anker">Anker</a>.</p>')
    lines = text.split("\n")
    assert url in lines and all(len(line) <= 78 for line in lines if line != url)
    assert "#anker" not in text


def test_editorial_structure_lists_breaks_mailto_and_comments():
    html = ('<!-- Editorial hier --><p>Erster<br>\nZweiter</p><ul><li>eins</li><li>zwei<ol><li>a</li></ol></li></ul>'
            '<h2>Titel</h2><p>Schreiben Sie <a href="mailto:a@example.org?subject=Hallo">uns</a>.</p>')
    assert html_to_text(html) == ("Erster\nZweiter\n\n- eins\n- zwei\n  1. a\n\nTitel\n-----\n\n"
                                  "Schreiben Sie uns (a@example.org).")


def test_empty_editorial():
    assert html_to_text("") == "" and html_to_text("<!-- nur ein Kommentar -->") == ""


def test_tidy():
    assert tidy("a  \n\n\n\nb\n\n") == "a\n\nb\n"


def test_absolute():
    assert absolute("interviews/x/", BASE) == f"{BASE}/interviews/x/"
    assert absolute("/images/a.png", BASE + "/sub") == f"{BASE}/images/a.png"
    assert absolute("https://other.example/x", BASE) == "https://other.example/x"
    assert absolute("mailto:a@b.de", BASE) == "mailto:a@b.de"


def test_utm_appended_before_fragment_and_not_duplicated():
    url = with_utm(f"{BASE}/x/?page=2&utm_source=alt#teil", UTM)
    assert url == f"{BASE}/x/?page=2&utm_source=newsletter&utm_medium=email&utm_campaign=2026-11#teil"


def test_linker_tags_only_site_links():
    linker = Linker(BASE, UTM)
    assert linker.url("fachbeitraege/x/") == f"{BASE}/fachbeitraege/x/?" + "utm_source=newsletter&utm_medium=email" \
                                                                          "&utm_campaign=2026-11"
    assert linker.url("https://anmeldung.example.org/x") == "https://anmeldung.example.org/x"
    assert linker.url("images/a.png", utm=False) == f"{BASE}/images/a.png"


def test_linker_resolves_intersite_links_in_html():
    linker = Linker(BASE, UTM, {"pages/datenschutz.md": "datenschutz/"})
    html = linker.html('<a href="{filename}/pages/datenschutz.md#abschnitt">D</a> <img src="{static}/images/a.png">'
                       ' <a href="https://example.org/?a=1&amp;b=2">E</a>')
    assert (f'href="{BASE}/datenschutz/?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=2026-11#abschnitt"'
            in html)
    assert f'src="{BASE}/images/a.png"' in html
    assert 'href="https://example.org/?a=1&amp;b=2"' in html
