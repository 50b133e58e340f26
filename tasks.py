"""Editor and operator tasks (invoke). Thin: each parses its arguments and calls one function.

    invoke check | build | serve | livereload | new KIND "Titel" | publish | newsletter.<task>
"""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

DEV = ROOT / "pelicanconf.py"
PROD = ROOT / "publishconf.py"


def _overrides(date: str | None) -> dict:
    return {"BUILD_DATE": date} if date else {}


def _exit(code: int) -> None:
    if code:
        raise Exit(code=code)


@task(help={"content": "Inhaltsordner (Standard: content)"})
def check(c, content="content"):
    """Prüft alle Inhalte und listet jedes Problem als Datei:Zeile: Feld: Meldung."""
    from content_model.cli import run_check

    _exit(run_check(ROOT / content, ROOT))


@task(help={"date": "Build-Datum JJJJ-MM-TT (Standard: heute)", "production": "mit publishconf.py bauen"})
def build(c, date=None, production=False):
    """Prüft die Inhalte und baut Website und Newsletter; bei Fehlern bleibt output/ unverändert."""
    from content_model.build import build as run_build

    _exit(run_build(PROD if production else DEV, overrides=_overrides(date)))


@task(help={"port": "Port (Standard 8000)", "bind": "Adresse (Standard 127.0.0.1)"})
def serve(c, port=8000, bind="127.0.0.1"):
    """Liefert output/ unter http://127.0.0.1:8000 aus (jeder andere Port geht auch: --port 8080)."""
    from content_model.cli import serve as run_serve

    run_serve(ROOT / "output", bind, int(port))


@task(help={"port": "Port (Standard 8000)"})
def livereload(c, port=8000):
    """Vorschau mit Entwürfen: baut bei jeder gespeicherten Änderung neu, die Seite im Browser lädt sich selbst neu
    und zeigt Fehler des Builds an."""
    from content_model.cli import livereload as run_livereload

    run_livereload(ROOT, DEV, int(port))


@task(help={"kind": "interview, report, announcement oder article", "title": "Titel des Beitrags",
            "date": "Datum JJJJ-MM-TT (Standard: heute)", "content": "Inhaltsordner (Standard: content)"})
def new(c, kind, title, date=None, content="content"):
    """Legt eine gültige Vorlage mit deutschem Kurznamen an: invoke new article "Titel"."""
    from content_model.skeleton import create

    _exit(create(ROOT / content, kind, title, date))


@task(help={"dry_run": "nur den Plan zeigen, nichts hochladen oder löschen",
            "yes": "Löschen ohne Rückfrage bestätigen", "force": "auch mehr als PUBLISH_MAX_DELETES löschen",
            "workers": "parallele Uploads (Standard PUBLISH_WORKERS)", "skip_build": "output/ nicht neu bauen"})
def publish(c, dry_run=False, yes=False, force=False, workers=None, skip_build=False):
    """Baut mit publishconf.py und gleicht den S3-Bucket mit output/ ab (nur Geändertes, Löschen zuletzt)."""
    from content_model.build import build as run_build, load_settings
    from delivery.publish import run_publish

    if not skip_build:
        _exit(run_build(PROD))
    settings = load_settings(PROD)
    _exit(run_publish(Path(settings["OUTPUT_PATH"]), settings, dry_run=dry_run, yes=yes, force=force,
                      workers=int(workers) if workers else None))


@task(name="new", help={"date": "Datum JJJJ-MM-TT (Standard: heute)", "content": "Inhaltsordner"})
def newsletter_new(c, date=None, content="content"):
    """Legt die nächste Rundbrief-Ausgabe als Entwurf an und zeigt, welche Beiträge sie bekäme."""
    from newsletter.cli import scaffold_issue

    _exit(scaffold_issue(ROOT / content, date))


@task(name="preview", help={"issue": "Ausgabe, z. B. 2026-11, oder latest für die neueste",
                            "port": "Port der Vorschau, auf die die Links zeigen (Standard 8000)"})
def newsletter_preview(c, issue, port=8000):
    """Baut eine Vorschau (mit Entwürfen), öffnet die E-Mail mit Beispiel-Anrede und -Abmeldelink im Browser und
    liefert die Vorschau aus, in die ihre Links führen."""
    from newsletter.cli import preview_issue

    _exit(preview_issue(ROOT, issue, port=int(port)))


def _mail_settings(production: bool) -> dict:
    from content_model.build import load_settings

    return load_settings(PROD if production else DEV)


@task(name="send", iterable=["test"], positional=["issue"],
      help={"issue": "Ausgabe, z. B. 2026-11, oder latest für die neueste gebaute",
            "test": "nur an diese Testadresse(n), ohne Versandprotokoll (mehrfach möglich)",
            "dry_run": "nur zählen, nichts senden", "yes": "ohne Rückfrage senden",
            "resume": "einen unterbrochenen Versand fortsetzen", "workers": "parallele Verbindungen",
            "production": "Einstellungen aus publishconf.py (echter Versanddienst)"})
def newsletter_send(c, issue, test=None, dry_run=False, yes=False, resume=False, workers=None,
                    production=False):
    """Versendet eine gebaute Ausgabe genau einmal an alle Abonnenten (Standard: lokaler Postausgang outbox/)."""
    from delivery.mail import send_issue
    from delivery.mail.artifacts import latest_issue

    settings = _mail_settings(production)
    artifacts = settings["NEWSLETTER_ARTIFACTS_PATH"]
    issue = latest_issue(artifacts) if issue == "latest" else issue
    _exit(send_issue(issue, settings, artifacts_dir=artifacts, test_addresses=test or None,
                     dry_run=dry_run, yes=yes, resume=resume, workers=int(workers) if workers else None))


@task(name="resume", help={"issue": "Ausgabe, z. B. 2026-11", "yes": "ohne Rückfrage",
                           "production": "Einstellungen aus publishconf.py"})
def newsletter_resume(c, issue, yes=False, production=False):
    """Setzt einen unterbrochenen Versand fort: nur wer die Ausgabe noch nicht hat, bekommt sie."""
    from delivery.mail import send_issue

    settings = _mail_settings(production)
    _exit(send_issue(issue, settings, artifacts_dir=settings["NEWSLETTER_ARTIFACTS_PATH"], yes=yes, resume=True))


@task(name="resend", iterable=["to"], help={"issue": "Ausgabe, z. B. 2026-11", "to": "Adresse (mehrfach möglich)",
                                            "yes": "ohne Rückfrage", "production": "Einstellungen aus publishconf.py"})
def newsletter_resend(c, issue, to, yes=False, production=False):
    """Schickt einer Adresse dieselbe Ausgabe noch einmal – der einzige Weg zu einem zweiten Exemplar."""
    from delivery.mail import resend

    settings = _mail_settings(production)
    _exit(resend(issue, settings, to=to, artifacts_dir=settings["NEWSLETTER_ARTIFACTS_PATH"], yes=yes))


newsletter = Collection("newsletter", newsletter_new, newsletter_preview, newsletter_send, newsletter_resume,
                        newsletter_resend)
ns = Collection(check, build, serve, livereload, new, publish, newsletter)
