"""Exactly once must not depend on the working directory: every relative path (ledger, outbox, subscriber list,
artifacts) is anchored to the project, the folder of the settings file; a real send that cannot find the ledger it
expects is refused. The CLI runs as a subprocess, from other folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.mail.mailhelpers import ISSUE, ROOT, SECRET, people, subscribe, write_issue

PELICANCONF = """MAILING_PROVIDER = "outbox"
MAILING_ENV = "development"
MAILING_OUTBOX_DIR = "outbox"
MAILING_LEDGER = "var/ledger-{env}.sqlite"
NEWSLETTER_ARTIFACTS_PATH = "build/newsletter"
"""
PUBLISHCONF = """import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa

MAILING_ENV = "production"
MAILING_PROVIDER = "smtp"
MAILING_SMTP_HOST = "127.0.0.1"
MAILING_SMTP_SECURITY = "none"
"""


def project(tmp_path: Path) -> Path:
    """A project folder of its own (never the repository's var/ or outbox/), with a built issue."""
    folder = tmp_path / "projekt"
    (folder / "var").mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(PELICANCONF)
    (folder / "publishconf.py").write_text(PUBLISHCONF)
    write_issue(folder / "build" / "newsletter")
    return folder


def cli(cwd: Path, *args: str, **env_extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETZBRIEF_")}
    env.update(PYTHONPATH=str(ROOT), NETZBRIEF_UNSUBSCRIBE_SECRET=SECRET, **env_extra)
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", "delivery.mail", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)


def subscribed(proj: Path, rows) -> None:
    """Confirmed subscribers in the project's production store (var/subscribers-production.sqlite)."""
    subscribe({"MAILING_SUBSCRIBERS_DB": str(proj / "var" / "subscribers-production.sqlite")}, rows)


def emls(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.eml"))


def test_a_send_from_another_folder_finds_the_same_ledger_and_sends_nothing_again(tmp_path):
    proj = project(tmp_path)
    conf, artifacts = str(proj / "pelicanconf.py"), str(proj / "build" / "newsletter")
    first = cli(proj, "--settings", conf, "--artifacts-dir", artifacts, "send", ISSUE, "--yes")
    assert first.returncode == 0, first.stdout + first.stderr
    assert len(emls(proj / "outbox" / ISSUE)) == 3  # the bundled sample list
    elsewhere = tmp_path / "anderswo"
    again = cli(elsewhere, "--settings", conf, "--artifacts-dir", artifacts, "send", ISSUE, "--yes")
    assert again.returncode == 0 and "already sent" in again.stdout, again.stdout + again.stderr
    assert emls(elsewhere) == [] and not (elsewhere / "var").exists()
    assert len(emls(proj / "outbox")) == 3
    assert str(proj / "var" / "ledger-development.sqlite") in again.stdout  # says which ledger it used


def test_relative_paths_in_settings_and_arguments_are_anchored_to_the_project(tmp_path, smtp):
    recorder, controller = smtp
    proj = project(tmp_path)
    subscribed(proj, people(4))
    elsewhere = tmp_path / "anderswo"
    (elsewhere / "build" / "newsletter").mkdir(parents=True)  # a decoy: must not be used
    done = cli(elsewhere, "--settings", str(proj / "publishconf.py"), "--artifacts-dir", "build/newsletter",
               "send", ISSUE, "--yes", "--new-ledger", NETZBRIEF_MAILING_SMTP_PORT=str(controller.port))
    assert done.returncode == 0, done.stdout + done.stderr
    assert recorder.count() == 4
    assert (proj / "var" / "ledger-production.sqlite").is_file() and not (elsewhere / "var").exists()
    relative_env = cli(elsewhere, "--settings", str(proj / "publishconf.py"), "send", ISSUE, "--yes",
                       NETZBRIEF_MAILING_SMTP_PORT=str(controller.port),
                       NETZBRIEF_MAILING_LEDGER="var/ledger-production.sqlite")  # relative in the environment too
    assert relative_env.returncode == 0 and "already sent" in relative_env.stdout, relative_env.stdout
    assert recorder.count() == 4


def test_a_real_send_without_its_ledger_needs_new_ledger(tmp_path, smtp):
    recorder, controller = smtp
    proj = project(tmp_path)
    subscribed(proj, people(3))
    args = ["--settings", str(proj / "publishconf.py"), "send", ISSUE, "--yes"]
    port = {"NETZBRIEF_MAILING_SMTP_PORT": str(controller.port)}
    ledger = proj / "var" / "ledger-production.sqlite"
    refused = cli(proj, *args, **port)
    assert refused.returncode == 2 and "--new-ledger" in refused.stdout and str(ledger) in refused.stdout
    assert recorder.count() == 0 and not ledger.exists()
    for command in (["send", ISSUE, "--resume", "--yes"], ["resend", ISSUE, "--to", "a@example.org", "--yes"],
                    ["send", ISSUE, "--dry-run"]):  # none of them creates the ledger
        cli(proj, "--settings", str(proj / "publishconf.py"), *command, **port)
        assert not ledger.exists(), command
    assert cli(proj, *args, "--new-ledger", **port).returncode == 0 and recorder.count() == 3
    ledger.rename(proj / "var" / "weg.sqlite")  # lost, e.g. a fresh CI machine: it must not send again
    lost = cli(proj, *args, **port)
    assert lost.returncode == 2 and str(ledger) in lost.stdout and recorder.count() == 3


def test_an_outbox_that_holds_the_issue_is_evidence_for_a_lost_ledger(tmp_path):
    proj = project(tmp_path)
    args = ["--settings", str(proj / "pelicanconf.py"), "send", ISSUE, "--yes"]
    assert cli(tmp_path, *args).returncode == 0
    (proj / "var" / "ledger-development.sqlite").unlink()
    refused = cli(tmp_path, *args)
    assert refused.returncode == 2 and "--new-ledger" in refused.stdout and "3" in refused.stdout
    assert len(emls(proj / "outbox")) == 3
    assert cli(tmp_path, *args, "--new-ledger").returncode == 0


def test_latest_is_found_in_the_project_and_a_missing_build_is_one_clear_error(tmp_path):
    proj = project(tmp_path)
    dry = cli(tmp_path, "--settings", str(proj / "pelicanconf.py"), "send", "latest", "--dry-run")
    assert dry.returncode == 0 and f"Issue {ISSUE}:" in dry.stdout, dry.stdout + dry.stderr
    empty = tmp_path / "leer"
    empty.mkdir()
    (empty / "pelicanconf.py").write_text(PELICANCONF)
    none = cli(tmp_path, "--settings", str(empty / "pelicanconf.py"), "send", "latest", "--dry-run")
    assert none.returncode == 2 and "no built issue" in none.stdout and "Traceback" not in none.stderr


def test_invoke_tasks_show_the_new_flags():
    invoke = str(Path(sys.executable).with_name("invoke"))
    for task, flags in (("newsletter.send", ["--new-ledger"]), ("publish", ["--break-lock", "--force"])):
        shown = subprocess.run([invoke, "--help", task], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0 and all(flag in shown.stdout for flag in flags), shown.stdout
