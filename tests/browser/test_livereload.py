"""`invoke livereload` in Chromium: a saved edit reloads the open page, a broken file shows the build's messages
as a page, and fixing it brings the page back, all by itself. The preview's files never contain the script."""

from __future__ import annotations

import io
import threading
import urllib.request

import pytest

from content_model.devserver import EVENTS
from content_model.livereload import Preview, _Recorder
from tests.conftest import ROOT

ARTICLE = "---\ntitle: Netze im Wandel\ndate: 2026-01-05\n---\nERSTER STAND des Textes.\n"
WAIT = 60_000  # ms: a rebuild on a busy machine


@pytest.fixture
def preview(tmp_path):
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/netze.md").write_text(ARTICLE, encoding="utf-8")
    recorder = _Recorder(file=io.StringIO(), width=200)
    running = Preview(tmp_path, ROOT / "pelicanconf.py", 0, content=tmp_path / "content", console=recorder,
                      overrides={"CACHE_PATH": str(tmp_path / ".cache/pelican")})
    assert running.rebuild() == 0, recorder.file.getvalue()
    stop = threading.Event()
    watcher = threading.Thread(target=running.watch, args=(stop,), daemon=True)
    watcher.start()
    yield running
    stop.set()
    watcher.join(timeout=30)
    running.close()


def save(preview, text: str) -> None:
    (preview.content / "articles/netze.md").write_text(text, encoding="utf-8")


def test_edit_reloads_error_page_shows_and_fix_returns(browser, preview):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(preview.url + "/fachbeitraege/netze-im-wandel/", wait_until="load")
    assert "ERSTER STAND" in page.inner_text("main")
    page.evaluate("window.unchanged = true")  # gone after a reload

    save(preview, ARTICLE.replace("ERSTER STAND", "ZWEITER STAND"))
    page.wait_for_function("document.body.innerText.includes('ZWEITER STAND')", timeout=WAIT)
    assert page.evaluate("window.unchanged") is None, "the page was reloaded, not patched"

    save(preview, ARTICLE.replace("date: 2026-01-05", "date: <b>kaputt</b>"))
    page.wait_for_selector("text=Der Build ist fehlgeschlagen", timeout=WAIT)
    messages = page.locator("main ol li").all_inner_texts()
    assert any(m.endswith("content/articles/netze.md:3: date: „<b>kaputt</b>“ ist kein Datum der Form JJJJ-MM-TT "
                          "oder JJJJ-MM-TT HH:MM.") for m in messages), messages
    assert page.locator("main ol b").count() == 0, "the message is text, never markup"
    assert page.get_attribute("html", "lang") == "de"

    save(preview, ARTICLE.replace("ERSTER STAND", "DRITTER STAND"))
    page.wait_for_function("document.body.innerText.includes('DRITTER STAND')", timeout=WAIT)
    assert "Der Build ist fehlgeschlagen" not in page.inner_text("body")
    context.close()


def test_error_page_for_every_page_while_broken_and_script_never_in_the_files(preview):
    save(preview, ARTICLE.replace("title: Netze im Wandel\n", ""))
    assert preview.rebuild() == 1
    for path in ("/", "/fachbeitraege/netze-im-wandel/", "/gibt/es/nicht/"):
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(preview.url + path)
        assert failed.value.code == 500
        body = failed.value.read().decode()
        assert "Der Build ist fehlgeschlagen" in body and "netze.md:1: title: Pflichtangabe fehlt." in body
        assert EVENTS in body
    css = next((preview.output / "theme/css").glob("site.*.css")).name
    assert urllib.request.urlopen(f"{preview.url}/theme/css/{css}").status == 200  # assets still served
    written = [p for p in preview.output.rglob("*") if p.is_file() and p.suffix in (".html", ".js", ".xml")]
    assert written and not [p for p in written if EVENTS.encode() in p.read_bytes()]


def test_error_page_for_a_file_name_that_is_not_utf8_and_hostile_text(preview):
    """A file copied from an old Windows share keeps its Latin-1 name (Python sees a lone surrogate); the page still
    comes, with the name replaced where it cannot be shown, and the broken front matter's text escaped."""
    import os

    folder = os.fsencode(preview.content / "articles")
    with open(folder + b"/\xe4rger.md", "w", encoding="utf-8") as handle:
        handle.write("---\ntitle: </code><script>alert(1)</script>\ndate: <b>kaputt</b>\n---\nText\n")
    assert preview.rebuild() == 1
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(preview.url + "/")
    assert failed.value.code == 500
    body = failed.value.read().decode()
    assert "rger.md:3: date: „&lt;b&gt;kaputt&lt;/b&gt;“ ist kein Datum" in body
    assert "<script>alert" not in body and "<b>" not in body


def test_watching_goes_on_after_a_file_name_that_is_not_utf8(preview):
    """The file watcher cannot decode such a name and stopped for good: later saves were never built."""
    import os
    import time

    built, real_rebuild = threading.Semaphore(0), preview.rebuild

    def rebuild() -> int:
        code = real_rebuild()
        built.release()
        return code

    preview.rebuild = rebuild
    deadline, attempt = time.monotonic() + WAIT / 1000, 0
    while not built.acquire(timeout=2):  # a save before the new watcher thread watches goes unseen: save again
        assert time.monotonic() < deadline, "the watcher runs"
        attempt += 1
        save(preview, ARTICLE.replace("ERSTER STAND", f"BEOBACHTET {attempt}"))
    time.sleep(2)
    while built.acquire(blocking=False):  # builds of saves seen late
        pass
    bad = os.fsencode(preview.content / "articles") + b"/\xe4rger.md"
    with open(bad, "w", encoding="utf-8") as handle:
        handle.write(ARTICLE.replace("Netze im Wandel", "Aerger"))
    # The watcher sees the new file (and, unfixed, dies on its name); after the build of that change it watches
    # again. A save made before then is not seen (on a busy machine that build may take longer than a fixed wait).
    assert built.acquire(timeout=WAIT / 1000), "the change with the odd name was built"
    time.sleep(1)
    os.remove(bad)
    save(preview, ARTICLE.replace("ERSTER STAND", "NACH DEM UMBENENNEN"))
    page = preview.output / "fachbeitraege/netze-im-wandel/index.html"

    def shown() -> bool:
        try:
            return "NACH DEM UMBENENNEN" in page.read_text(encoding="utf-8")
        except FileNotFoundError:  # between the two renames of a swap
            return False

    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline and not shown():
        time.sleep(0.2)
    assert shown(), "the save after the odd name was built"
