"""Functions behind `invoke subscriptions.serve` and `invoke subscriptions.package` (exit codes: 0 ok, 2 error)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from delivery.mail.errors import MailingError

from .store import StoreError

console = Console(stderr=True, soft_wrap=True)


def _conf(settings_file: Path, overrides: dict | None = None) -> dict:
    from content_model.build import load_settings

    conf = load_settings(settings_file, overrides)
    conf["PROJECT_ROOT"] = str(Path(settings_file).resolve().parent)
    return conf


def make_site_app(settings_file: Path, *, site: bool = True, overrides: dict | None = None):
    """The endpoint (and the built site beside it) from a Pelican settings file: (wsgi app, endpoint app)."""
    from .app import SubscriptionApp
    from .config import load_settings
    from .local import SiteAndEndpoint, StaticSite

    conf = _conf(settings_file, overrides)
    settings = load_settings(conf, root=conf["PROJECT_ROOT"])
    endpoint = SubscriptionApp(settings, sitename=conf.get("SITENAME") or "Netzbrief",
                               warn=lambda text: console.print(f"[yellow]{escape(text)}[/]"))
    output = Path(conf["PROJECT_ROOT"]) / conf["OUTPUT_PATH"]
    if not site:
        return endpoint, endpoint
    if not (output / "index.html").is_file():
        raise MailingError(f"{output} enthält keine Website – bitte zuerst `invoke build` ausführen.")
    return SiteAndEndpoint(StaticSite(output), endpoint), endpoint


def local_siteurl(bind: str, port: int) -> str:
    """The address a local server answers on: mails and redirects of the endpoint point there, on any port."""
    host = "127.0.0.1" if bind in ("", "0.0.0.0", "::") else (f"[{bind}]" if ":" in bind else bind)
    return f"http://{host}:{port}"


def serve(settings_file: Path, bind: str = "127.0.0.1", port: int = 8000, *, site: bool = True) -> int:
    from .local import make_local_server

    try:
        app, endpoint = make_site_app(settings_file, site=site, overrides={"SITEURL": local_siteurl(bind, port)})
    except (MailingError, StoreError) as exc:
        console.print(f"[red bold]Fehler:[/] {escape(str(exc))}")
        return 2
    server = make_local_server(app, bind, port)
    s = endpoint.s
    console.print(f"{'Website und ' if site else ''}Anmelde-Endpunkt unter [bold]http://{bind}:{port}/[/bold] – "
                  f"E-Mails über {s['MAILING_PROVIDER']}"
                  + (f" nach {escape(s['MAILING_OUTBOX_DIR'])}/" if s["MAILING_PROVIDER"] == "outbox" else "")
                  + f", Abonnenten: {endpoint.store.name}. Beenden mit Strg+C.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        endpoint.close()
    return 0


def package(settings_file: Path, target: Path, *, deps: str = "pip", architecture: str = "x86_64",
            wheels: Path | None = None, build: bool = True) -> int:
    from .config import load_settings
    from .package import ARCHITECTURES, build_package

    if deps not in ("pip", "venv") or architecture not in ARCHITECTURES:
        console.print(f"[red bold]Fehler:[/] --deps pip|venv, --arch {'|'.join(ARCHITECTURES)}")
        return 2
    if build:
        from content_model.build import build as run_build

        if run_build(settings_file):
            return 1
    conf = _conf(settings_file)
    try:
        load_settings(conf, root=conf["PROJECT_ROOT"])  # the same checks the Lambda runs at its start
        with console.status("Baue das Lambda-Paket …"):
            zip_path = build_package(Path(conf["PROJECT_ROOT"]), conf, Path(conf["PROJECT_ROOT"]) / conf["OUTPUT_PATH"],
                                     target, deps=deps, architecture=architecture, wheels=wheels)
    except (MailingError, FileNotFoundError) as exc:
        console.print(f"[red bold]Fehler:[/] {escape(str(exc))}")
        return 2
    except OSError as exc:  # pip failed (no network, no wheel for the platform)
        console.print(f"[red bold]Fehler beim Holen der Abhängigkeiten:[/] {escape(str(exc))}")
        return 2
    size = zip_path.stat().st_size / 1e6
    console.print(f"Lambda-Paket: [bold]{escape(str(zip_path))}[/] ({size:.1f} MB), Handler "
                  "delivery.subscriptions.aws_lambda.handler, Laufzeit python3.11 – siehe docs/subscriptions.md")
    return 0
