"""Production builds (publishconf.py) keep absolute URLs everywhere; only development builds link relatively."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from tests.conftest import ROOT, run_build

PUBLIC = "https://netzbrief.kv-mitte.example.org/"
OWN = ("./", "../", "/")  # what a relative or root-relative link to the site starts with


def test_every_link_to_the_site_is_absolute_in_a_production_build(tmp_path, monkeypatch):
    monkeypatch.delenv("NETZBRIEF_SITEURL", raising=False)
    out = tmp_path / "output"
    assert run_build(ROOT / "tests/feeds/content", out, settings="publishconf.py", SEARCH_INDEX=False) == 0
    relative, absolute = [], 0
    for path in sorted(out.rglob("*.html")):
        doc = lxml.html.fromstring(path.read_bytes())
        # Everything the theme and plugins write; links editors wrote in the text stay as they wrote them.
        outside_text = "[not(ancestor::*[contains(@class, 'entry-content')])]"
        for value in doc.xpath(" | ".join(f"//{tag}{outside_text}/@{attribute}" for tag, attribute in
                                          (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                                           ("form", "action")))):
            if value.startswith(OWN) or not (":" in value or value.startswith("#")):
                relative.append(f"{path.relative_to(out)}: {value}")
            absolute += value.startswith(PUBLIC)
    assert relative == []
    assert absolute > 100
    for page in (out / "404.html", out / "abonnieren/index.html"):
        html = page.read_text(encoding="utf-8")
        assert f'href="{PUBLIC}suche/"' in html or f'action="{PUBLIC}suche/"' in html
    assert "__netzbrief" not in Path(out / "index.html").read_text(encoding="utf-8")
