"""Editor and operator tasks (invoke). Thin: each parses its arguments and calls one function.

    invoke check | build | serve | livereload | new KIND "Titel" | publish | newsletter.<task> | subscribers.<task>
    | subscriptions.<task>
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
    """Liefert output/ und den Anmelde-Endpunkt unter http://127.0.0.1:8000 aus (jeder andere Port geht auch:
    --port 8080); Bestätigungs-E-Mails landen in outbox/anmeldung/."""
    from delivery.subscriptions.cli import serve as run_serve

    _exit(run_serve(DEV, bind, int(port)))


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
            "yes": "Löschen ohne Rückfrage bestätigen",
            "force": "auch mehr als PUBLISH_MAX_DELETES bzw. PUBLISH_MAX_DELETE_SHARE löschen",
            "workers": "parallele Uploads (Standard PUBLISH_WORKERS)", "skip_build": "output/ nicht neu bauen",
            "break_lock": "Sperre einer anderen Veröffentlichung übernehmen (nur wenn sie sicher abbrach)"})
def publish(c, dry_run=False, yes=False, force=False, workers=None, skip_build=False, break_lock=False):
    """Baut mit publishconf.py und gleicht den S3-Bucket mit output/ ab (nur Geändertes, Löschen zuletzt)."""
    from content_model.build import build as run_build, load_settings
    from delivery.publish import run_publish

    if not skip_build:
        _exit(run_build(PROD))
    settings = load_settings(PROD)
    _exit(run_publish(PROD.parent / settings["OUTPUT_PATH"], settings, dry_run=dry_run, yes=yes, force=force,
                      workers=int(workers) if workers else None, break_lock=break_lock))


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


def _mail_settings(production: bool) -> tuple[dict, Path, Path]:
    """The settings, the project folder (the settings file's folder: relative mail paths are anchored there, never
    to the current directory) and the artifacts folder."""
    from content_model.build import load_settings

    conf = PROD if production else DEV
    settings = load_settings(conf)
    return settings, conf.parent, conf.parent / settings["NEWSLETTER_ARTIFACTS_PATH"]


@task(name="send", iterable=["test"], positional=["issue"],
      help={"issue": "Ausgabe, z. B. 2026-11, oder latest für die neueste gebaute",
            "test": "nur an diese Testadresse(n), ohne Versandprotokoll (mehrfach möglich)",
            "dry_run": "nur zählen, nichts senden", "yes": "ohne Rückfrage senden",
            "resume": "einen unterbrochenen Versand fortsetzen", "workers": "parallele Verbindungen",
            "production": "Einstellungen aus publishconf.py (echter Versanddienst)",
            "new_ledger": "das Versandprotokoll fehlt zu Recht (erster echter Versand damit): neu anlegen"})
def newsletter_send(c, issue, test=None, dry_run=False, yes=False, resume=False, workers=None,
                    production=False, new_ledger=False):
    """Versendet eine gebaute Ausgabe genau einmal an alle Abonnenten (Standard: lokaler Postausgang outbox/)."""
    from delivery.mail import send_issue

    settings, root, artifacts = _mail_settings(production)
    _exit(send_issue(issue, settings, artifacts_dir=artifacts, root=root, test_addresses=test or None,
                     dry_run=dry_run, yes=yes, resume=resume, workers=int(workers) if workers else None,
                     new_ledger=new_ledger))


@task(name="resume", help={"issue": "Ausgabe, z. B. 2026-11",
                           "yes": "ohne Rückfrage (auch: wer nicht mehr in der Liste steht, wird übersprungen)",
                           "production": "Einstellungen aus publishconf.py"})
def newsletter_resume(c, issue, yes=False, production=False):
    """Setzt einen unterbrochenen Versand fort: nur wer die Ausgabe noch nicht hat, bekommt sie."""
    from delivery.mail import send_issue

    settings, root, artifacts = _mail_settings(production)
    _exit(send_issue(issue, settings, artifacts_dir=artifacts, root=root, yes=yes, resume=True))


@task(name="resend", iterable=["to"], help={"issue": "Ausgabe, z. B. 2026-11", "to": "Adresse (mehrfach möglich)",
                                            "yes": "ohne Rückfrage", "production": "Einstellungen aus publishconf.py"})
def newsletter_resend(c, issue, to, yes=False, production=False):
    """Schickt einer Adresse dieselbe Ausgabe noch einmal – der einzige Weg zu einem zweiten Exemplar."""
    from delivery.mail import resend

    settings, root, artifacts = _mail_settings(production)
    _exit(resend(issue, settings, to=to, artifacts_dir=artifacts, root=root, yes=yes))


PRODUCTION = "Einstellungen aus publishconf.py (Produktion: SES-Kontaktliste)"


def _store_args(production: bool) -> dict:
    settings, root, _artifacts = _mail_settings(production)
    return {"conf": settings, "root": root}


@task(name="import", help={"file": "CSV-Datei mit den Spalten email, name, salutation (UTF-8, , oder ;)",
                           "source": "Herkunft der Liste und der Einwilligung, wird bei jeder Zeile vermerkt",
                           "production": PRODUCTION})
def subscribers_import(c, file, source="", production=False):
    """Übernimmt eine bestehende Liste als bestätigte Abonnenten; ungültige Zeilen nennt es mit Zeilennummer."""
    from delivery.subscriptions.commands import import_list

    _exit(import_list(file, source=source, **_store_args(production)))


@task(name="export", help={"email": "Adresse der Person, die Auskunft verlangt", "output": "in diese Datei statt "
                           "auf die Standardausgabe", "production": PRODUCTION})
def subscribers_export(c, email, output=None, production=False):
    """Auskunft nach Art. 15 DSGVO: alles, was über eine Person gespeichert ist, als JSON."""
    from delivery.subscriptions.exports import export_person

    _exit(export_person(email, **_store_args(production), output=output))


@task(name="export-list", help={"output": "in diese Datei statt auf die Standardausgabe", "production": PRODUCTION})
def subscribers_export_list(c, output=None, production=False):
    """Die ganze Liste (alle Status, mit Einwilligungsnachweis) als CSV."""
    from delivery.subscriptions.exports import export_list

    _exit(export_list(**_store_args(production), output=output))


@task(name="forget", help={"email": "zu löschende Adresse", "yes": "ohne Rückfrage löschen",
                           "production": PRODUCTION})
def subscribers_forget(c, email, yes=False, production=False):
    """Löschung nach Art. 17 DSGVO: entfernt die Person; ein Import kann sie danach nicht wieder hinzufügen."""
    from delivery.subscriptions.commands import forget

    _exit(forget(email, **_store_args(production), yes=yes))


@task(name="purge", help={"days": "Frist in Tagen (Standard 30, wie auf der Newsletter-Seite zugesagt)",
                          "production": PRODUCTION})
def subscribers_purge(c, days=30, production=False):
    """Löscht unbestätigte Anmeldungen nach 30 Tagen und vor drei Jahren Abgemeldete (täglich laufen lassen)."""
    from delivery.subscriptions.commands import purge

    _exit(purge(**_store_args(production), days=int(days)))


@task(name="list", help={"entries": "jede Adresse einzeln zeigen", "production": PRODUCTION})
def subscribers_list(c, entries=False, production=False):
    """Zeigt, wie viele Abonnenten in welchem Status sind (mit --entries jede Adresse)."""
    from delivery.subscriptions.commands import show

    _exit(show(**_store_args(production), entries=entries))


@task(name="serve", help={"port": "Port (Standard 8000)", "bind": "Adresse (Standard 127.0.0.1)",
                          "no_site": "nur den Endpunkt, ohne die Website aus output/"})
def subscriptions_serve(c, port=8000, bind="127.0.0.1", no_site=False):
    """Website und Anmelde-Endpunkt zusammen unter http://127.0.0.1:8000; E-Mails landen in outbox/anmeldung/."""
    from delivery.subscriptions.cli import serve as run_serve

    _exit(run_serve(DEV, bind, int(port), site=not no_site))


@task(name="package", help={"output": "Ziel (Standard build/lambda/netzbrief-abo.zip)",
                            "deps": "pip (Lambda-Plattform, Standard) oder venv (diese Umgebung)",
                            "arch": "x86_64 (Standard) oder arm64", "wheels": "Ordner mit Wheels (offline)",
                            "skip_build": "output/ nicht neu bauen"})
def subscriptions_package(c, output="build/lambda/netzbrief-abo.zip", deps="pip", arch="x86_64", wheels=None,
                          skip_build=False):
    """Baut das Lambda-Paket des Anmelde-Endpunkts aus publishconf.py (ohne Geheimnisse)."""
    from delivery.subscriptions.cli import package as run_package

    target = Path(output) if Path(output).is_absolute() else ROOT / output
    _exit(run_package(PROD, target, deps=deps, architecture=arch, wheels=Path(wheels) if wheels else None,
                      build=not skip_build))


newsletter = Collection("newsletter", newsletter_new, newsletter_preview, newsletter_send, newsletter_resume,
                        newsletter_resend)
subscribers = Collection("subscribers", subscribers_import, subscribers_export, subscribers_export_list,
                         subscribers_forget, subscribers_purge, subscribers_list)
subscriptions = Collection("subscriptions", subscriptions_serve, subscriptions_package)
ns = Collection(check, build, serve, livereload, new, publish, newsletter, subscribers, subscriptions)
