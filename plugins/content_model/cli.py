"""Functions behind `invoke check`, `invoke serve` and `invoke livereload`."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from rich.console import Console

from .validate import check, hints


def run_check(content_dir: Path, root: Path, console: Console | None = None) -> int:
    console = console or Console(stderr=True, soft_wrap=True)
    entries, problems = check(content_dir, root)
    found = hints(entries)
    for problem in sorted(problems + found, key=lambda p: (p.path, p.line, p.field)):
        console.print(str(problem), style="yellow" if problem.warning else None, markup=False, highlight=False)
    notes = f"; {len(found)} Hinweis(e) – sie halten den Build nicht auf" if found else ""
    if problems:
        console.print(f"[red]{len(problems)} Problem(e) in {len({p.path for p in problems})} Datei(en)[/red]{notes}.")
        return 1
    console.print(f"[green]{'Keine Fehler' if found else 'Alles in Ordnung'}:[/green] {len(entries)} Dateien "
                  f"geprüft{notes}.")
    return 0


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with clean URLs (``/a/`` → ``/a/index.html``) and the site's own 404.html for misses."""

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def server(directory: Path, bind: str, port: int) -> http.server.ThreadingHTTPServer:
    """A local server for ``directory``; port 0 picks a free one."""
    handler = functools.partial(_SiteHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer((bind, port), handler)


def serve(directory: Path, bind: str = "127.0.0.1", port: int = 8000) -> None:
    if not (directory / "index.html").exists():
        raise SystemExit(f"{directory} enthält keine Website – bitte zuerst `invoke build` ausführen.")
    serve_until_stopped(server(directory, bind, port), f"Website unter [bold]http://{bind}:{port}/[/bold]")


def serve_until_stopped(httpd: http.server.HTTPServer, announcement: str) -> None:
    """Announce the server (German, on stderr) and serve until Ctrl+C."""
    Console(stderr=True, soft_wrap=True).print(f"{announcement} – Beenden mit Strg+C.")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


def livereload(root: Path, settings_file: Path, port: int = 8000) -> None:
    """Preview with drafts in .cache/preview, rebuilt on every change; the browser page refreshes itself."""
    from .livereload import run

    run(root, settings_file, port)
