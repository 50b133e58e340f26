"""The preview server of `invoke livereload`: the site as built, plus the refresh and the build's error page.

The server (never the build) adds a few lines of script to every HTML page it serves: an EventSource on
``/__netzbrief/build`` that reloads the page when a newer build is announced. While the last build failed, every
page is an error page listing the build's messages (German, ``datei:zeile: feld: meldung``, escaped); the next
build that works brings the page back by itself. Output files stay exactly what `invoke build` writes.
"""

from __future__ import annotations

import functools
import html
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

from .cli import _SiteHandler

EVENTS = "/__netzbrief/build"
SCRIPT = ('<script>(function(){{var seen="{build}",events=new EventSource("{events}");'
          'events.onmessage=function(e){{if(e.data!==seen){{events.close();location.reload();}}}};}})();</script>')
PAGE = """<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Netzbrief-Vorschau</title>
<style>body{{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}
h1{{color:#a4000f}}ol{{padding-left:1.5rem}}li{{margin:.5rem 0}}code{{white-space:pre-wrap;word-break:break-word}}
.hint{{color:#555}}</style></head>
<body><main><h1>{title}</h1>{body}</main>{script}</body>
</html>
"""


class BuildState:
    """The newest preview build: a number the pages watch, and its messages if it failed."""

    def __init__(self):
        self.changed = threading.Condition()
        self.number = 0  # 0: the first build is still running
        self.errors: list[str] | None = None
        self.closed = False

    def finished(self, errors: list[str] | None) -> None:
        with self.changed:
            self.number += 1
            self.errors = errors
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.number != seen or self.closed, timeout)
            return self.number


def error_page(messages: list[str], number: int) -> bytes:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in messages)
    body = (f"<p>Die Vorschau zeigt die Seite wieder, sobald der Fehler behoben und die Datei gespeichert ist – "
            f"diese Seite lädt sich dann von selbst neu.</p><ol>{items}</ol>"
            f"<p class=\"hint\">Jede Meldung nennt Datei, Zeile und Angabe: "
            f"<code>datei:zeile: angabe: meldung</code>.</p>")
    return _page("Der Build ist fehlgeschlagen", body, number)


def _page(title: str, body: str, number: int) -> bytes:
    page = PAGE.format(title=title, body=body, script=SCRIPT.format(build=number, events=EVENTS))
    return page.encode("utf-8", "replace")  # a file name that is not UTF-8 (a lone surrogate) shows as "?"


def inject(page: bytes, number: int) -> bytes:
    """The reload script before ``</body>`` (or at the end)."""
    script = SCRIPT.format(build=number, events=EVENTS).encode()
    index = page.rfind(b"</body>")
    return page[:index] + script + page[index:] if index >= 0 else page + script


class PreviewHandler(_SiteHandler):
    state: BuildState  # set by preview_server

    def do_GET(self):  # noqa: N802 - the standard library's name
        if urlsplit(self.path).path == EVENTS:
            return self._events()
        return self._page(head=False) or super().do_GET()

    def do_HEAD(self):  # noqa: N802
        return self._page(head=True) or super().do_HEAD()

    def _page(self, head: bool) -> bool:
        """Answer a request for an HTML page (with the script, or the error page); False for anything else."""
        number, errors = self.state.number, self.state.errors
        path = urlsplit(self.path).path
        local = Path(self.translate_path(self.path))
        page = local / "index.html" if path.endswith("/") else local
        is_html = path.endswith(("/", ".html"))
        if number == 0 and is_html:
            return self._send(_page("Die Vorschau wird gebaut …", "<p>Einen Moment bitte.</p>", 0), 503, head)
        if errors is not None and is_html:
            return self._send(error_page(errors, number), 500, head)
        if is_html and page.is_file():
            return self._send(inject(page.read_bytes(), number), 200, head)
        return False

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory) / "404.html"
        if code == 404 and missing.is_file():
            return self._send(inject(missing.read_bytes(), self.state.number), 404, self.command == "HEAD")
        return super().send_error(code, message, explain)

    def _send(self, body: bytes, status: int, head: bool) -> bool:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)
        return True

    def _events(self) -> None:
        """Server-Sent Events: the build number now, then after every build (a comment keeps the line alive)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = None
        try:
            while not self.state.closed:
                number = self.state.number if seen is None else self.state.wait(seen, 15)
                self.wfile.write(f"data: {number}\n\n".encode() if number != seen else b": warten\n\n")
                self.wfile.flush()
                seen = number
        except (BrokenPipeError, ConnectionResetError):
            pass


def preview_server(directory: Path, state: BuildState, bind: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (PreviewHandler,), {"state": state})
    return http.server.ThreadingHTTPServer((bind, port), functools.partial(handler, directory=str(directory)))
