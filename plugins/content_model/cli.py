"""Functions behind `invoke check`, `invoke serve` and `invoke livereload`."""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from rich.console import Console

from .validate import check


def run_check(content_dir: Path, root: Path, console: Console | None = None) -> int:
    console = console or Console(stderr=True, soft_wrap=True)
    entries, problems = check(content_dir, root)
    for problem in problems:
        console.print(str(problem), markup=False, highlight=False)
    if problems:
        console.print(f"[red]{len(problems)} Problem(e) in {len({p.path for p in problems})} Datei(en).[/red]")
        return 1
    console.print(f"[green]Alles in Ordnung:[/green] {len(entries)} Dateien geprüft.")
    return 0


def _server(directory: Path, bind: str, port: int):
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    handler = functools.partial(ComplexHTTPRequestHandler, directory=str(directory))
    return RootedHTTPServer(str(directory), (bind, port), handler)


def serve(directory: Path, bind: str = "127.0.0.1", port: int = 8000) -> None:
    if not (directory / "index.html").exists():
        raise SystemExit(f"{directory} enthält keine Website – bitte zuerst `invoke build` ausführen.")
    server = _server(directory, bind, port)
    Console(stderr=True, soft_wrap=True).print(f"Website unter [bold]http://{bind}:{port}/[/bold] – Beenden mit Strg+C.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def livereload(root: Path, settings_file: Path, port: int = 8000) -> None:
    """Build a preview with drafts into .cache/preview, serve it, and rebuild whenever a source changes."""
    from watchfiles import watch

    from .build import build

    preview = root / ".cache" / "preview"
    overrides = {"CONTENT_SHOW_DRAFTS": True, "OUTPUT_PATH": str(preview),
                 "NEWSLETTER_ARTIFACTS_PATH": str(root / ".cache" / "preview-newsletter")}
    console = Console(stderr=True, soft_wrap=True)
    build(settings_file, overrides=overrides, console=console)
    preview.mkdir(parents=True, exist_ok=True)
    server = _server(preview, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    console.print(f"Vorschau mit Entwürfen unter [bold]http://127.0.0.1:{port}/[/bold] – Beenden mit Strg+C.")
    try:
        for _changes in watch(*(root / d for d in ("content", "theme", "plugins")), settings_file):
            build(settings_file, overrides=overrides, console=console)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
