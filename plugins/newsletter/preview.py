"""`invoke newsletter.preview ISSUE|latest`: the e-mail as a reader would get it, with links into a preview build.

The preview build (drafts included, like `invoke livereload`) goes to ``.cache/preview`` with every absolute link
naming ``http://127.0.0.1:PORT``; the e-mail gets a sample salutation and a sample unsubscribe link (the preview's
newsletter page) in place of the per-recipient placeholders, and is written as ``vorschau.html`` / ``vorschau.txt``
next to the artifacts. Then the preview build is served on that port until Ctrl+C, so every link in it works.
"""

from __future__ import annotations

import html
import webbrowser
from pathlib import Path

from rich.console import Console

from .settings import DEFAULTS, newsletter_settings
from .view import SALUTATION, UNSUBSCRIBE_URL


def issue_stem(folder: Path, issue: str) -> str | None:
    """``2026-11``, ``content/newsletter/2026-11.md`` or ``latest`` (the newest file: names sort by date)."""
    if issue == "latest":
        stems = sorted(path.stem for path in folder.glob("*.md"))
        return stems[-1] if stems else None
    stem = Path(issue).stem
    return stem if (folder / f"{stem}.md").is_file() else None


def fill(folder: Path, salutation: str, unsubscribe: str) -> tuple[Path, Path]:
    """``vorschau.html`` / ``vorschau.txt``: the placeholders replaced as the mailing layer does (escaped in HTML)."""
    written = []
    for source, escape in (("email.html", html.escape), ("email.txt", str)):
        text = (folder / source).read_text(encoding="utf-8")
        text = text.replace(SALUTATION, escape(salutation)).replace(UNSUBSCRIBE_URL, escape(unsubscribe))
        target = folder / source.replace("email", "vorschau")
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written[0], written[1]


def preview_issue(root: Path | str, issue: str, *, port: int = 8000, open_browser: bool = True, serve: bool = True,
                  console: Console | None = None) -> int:
    """Build the preview, write the filled-in e-mail, open it and serve the preview build (see the module)."""
    from content_model.build import build, load_settings
    from content_model.cli import serve_until_stopped, server

    console = console or Console(stderr=True, soft_wrap=True)
    root = Path(root)
    folder = Path(load_settings(root / "pelicanconf.py")["PATH"]) / DEFAULTS["CONTENT_DIR"]
    stem = issue_stem(folder, issue)
    if stem is None:
        known = ", ".join(sorted(path.stem for path in folder.glob("*.md"))) or "keine"
        console.print(f"Keine Ausgabe „{Path(issue).stem}“ in {folder}. Vorhanden: {known}.", markup=False,
                      highlight=False)
        return 1
    output, artifacts = root / ".cache" / "preview", root / ".cache" / "preview-newsletter"
    httpd = None
    if serve:
        try:
            httpd = server(output, "127.0.0.1", port)  # bound first: port 0 picks a free one
            port = httpd.server_address[1]
        except OSError:
            console.print(f"Port {port} ist belegt: die Links zeigen trotzdem dorthin (läuft `invoke livereload "
                          f"--port {port}`, ist es dieselbe Vorschau). Sonst `--port` wählen.", highlight=False)
    url = f"http://127.0.0.1:{port}"
    overrides = {"CONTENT_SHOW_DRAFTS": True, "OUTPUT_PATH": str(output), "NEWSLETTER_ARTIFACTS_PATH": str(artifacts),
                 "SITEURL": url, "NEWSLETTER_SITEURL": url}
    code = build(root / "pelicanconf.py", overrides=overrides, console=console)
    if code or not (artifacts / stem / "email.html").is_file():
        console.print(f"Die Ausgabe „{stem}“ ließ sich nicht erzeugen (siehe oben).", markup=False, highlight=False)
        if httpd is not None:
            httpd.server_close()
        return code or 1
    options = newsletter_settings(load_settings(root / "pelicanconf.py", overrides))
    salutation, unsubscribe = options["PREVIEW_SALUTATION"], f"{url}/{options['SUBSCRIBE_URL']}"
    page, text = fill(artifacts / stem, salutation, unsubscribe)
    console.print(f"E-Mail (HTML): {page}\nE-Mail (Text): {text}\nMit Beispiel-Anrede „{salutation}“ und "
                  f"Beispiel-Abmeldelink {unsubscribe}; die Links führen in die Vorschau unter {url}/.",
                  markup=False, highlight=False)
    if open_browser:
        webbrowser.open(page.as_uri())
    if httpd is not None:
        serve_until_stopped(httpd, f"Vorschau unter [bold]{url}/[/bold]")
    return 0
