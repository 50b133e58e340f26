"""`invoke livereload`: build a preview with drafts, serve it (devserver.py), rebuild on every saved change."""

from __future__ import annotations

import threading
from pathlib import Path

from rich.console import Console
from rich.text import Text

from .build import build
from .devserver import BuildState, preview_server


class _Recorder(Console):
    """The build's console: prints as usual and keeps every printed line (the error page lists them)."""

    def __init__(self, **options):
        super().__init__(**options)
        self.lines: list[str] = []

    def print(self, *objects, **options):
        for item in objects:
            if isinstance(item, str):
                text = item if options.get("markup") is False else Text.from_markup(item).plain
                self.lines.extend(line for line in text.splitlines() if line.strip())
        super().print(*objects, **options)


class Preview:
    """The preview build in ``root/.cache/preview`` and its server; ``content`` and ``overrides`` for tests."""

    def __init__(self, root: Path, settings_file: Path, port: int = 8000, *, content: Path | None = None,
                 overrides: dict | None = None, console: Console | None = None):
        self.root, self.settings_file = Path(root), Path(settings_file)
        self.output = self.root / ".cache" / "preview"
        self.output.mkdir(parents=True, exist_ok=True)
        self.state = BuildState()
        self.httpd = preview_server(self.output, self.state, "127.0.0.1", port)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.content = Path(content) if content else self.root / "content"
        # Absolute URLs (feeds, calendars, JSON-LD) name this server; pages link relatively anyway.
        self.overrides = {"CONTENT_SHOW_DRAFTS": True, "OUTPUT_PATH": str(self.output), "SITEURL": self.url,
                          "NEWSLETTER_ARTIFACTS_PATH": str(self.root / ".cache" / "preview-newsletter"),
                          **({"PATH": str(self.content)} if content else {}), **(overrides or {})}
        self.console = _Recorder(stderr=True, soft_wrap=True) if console is None else console
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def rebuild(self) -> int:
        lines = getattr(self.console, "lines", [])
        lines.clear()
        try:
            code = build(self.settings_file, overrides=self.overrides, console=self.console)
        except Exception as exc:  # noqa: BLE001 - a broken settings file or plugin: show it, keep serving
            code = 1
            self.console.print(f"Fehler: {type(exc).__name__}: {exc}", markup=False, highlight=False)
        failed = list(lines) or ["Der Build ist fehlgeschlagen (Einzelheiten im Terminal)."]
        self.state.finished(failed if code else None)
        return code

    def watched(self) -> list[Path]:
        folders = [self.content, self.root / "theme", self.root / "plugins", self.settings_file]
        return [path for path in folders if path.exists()]

    def watch(self, stop: threading.Event | None = None) -> None:
        """Rebuild after every change until ``stop`` is set (or Ctrl+C)."""
        from watchfiles import watch

        while not (stop and stop.is_set()):
            try:
                for _changes in watch(*self.watched(), stop_event=stop):
                    self.rebuild()
                return
            except RuntimeError as exc:  # the watcher cannot name a path (a file name that is not UTF-8): it
                # stops; the build names the file, and watching starts again, so the next save is seen
                self.console.print(f"Hinweis: Änderung an einer Datei, deren Name sich nicht lesen lässt ({exc}).",
                                   markup=False, highlight=False)
                self.rebuild()

    def close(self) -> None:
        self.state.close()
        self.httpd.shutdown()
        self.httpd.server_close()


def run(root: Path, settings_file: Path, port: int = 8000) -> None:
    try:
        preview = Preview(root, settings_file, port)
    except OSError:
        raise SystemExit(f"Port {port} ist schon belegt (läuft die Vorschau schon?) – bitte einen anderen wählen, "
                         f"z. B. `invoke livereload --port {port + 1}`.") from None
    preview.console.print(f"Vorschau mit Entwürfen unter [bold]{preview.url}/[/bold] – die Seite im Browser lädt "
                          f"nach jedem Build neu. Beenden mit Strg+C.")
    try:
        preview.rebuild()
        preview.watch()
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
