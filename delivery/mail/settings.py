"""`MAILING_*` settings: defaults, merged with the Pelican settings, overridden by `NETZBRIEF_MAILING_*`.

Secrets never live here: the unsubscribe secret comes from `NETZBRIEF_UNSUBSCRIBE_SECRET`, the SMTP password
from `NETZBRIEF_SMTP_PASSWORD`, AWS credentials from the usual AWS chain.

Relative paths (ledger, outbox, subscriber list, CA file; from the settings or the environment) are relative to
the project folder, the folder of the settings file, never to the current directory: exactly once must not depend
on where a command is started.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import MailingError

PREFIX = "MAILING_"
ENV_PREFIX = "NETZBRIEF_"

# name -> (default, type); type converts values coming from the environment
DEFAULTS: dict[str, tuple[Any, type]] = {
    "MAILING_PROVIDER": ("outbox", str),  # "outbox" | "smtp" | "ses"
    "MAILING_ENV": ("development", str),  # names the ledger file
    "MAILING_FROM_NAME": ("Netzbrief", str),
    "MAILING_FROM_ADDRESS": ("newsletter@netzbrief.example", str),
    "MAILING_REPLY_TO": ("redaktion@netzbrief.example", str),
    "MAILING_LIST_ID": ("Netzbrief <netzbrief.netzbrief.example>", str),
    "MAILING_UNSUBSCRIBE_URL": ("https://netzbrief.example/abmelden?token={token}", str),
    "MAILING_UNSUBSCRIBE_MAILTO": ("abmelden@netzbrief.example", str),
    "MAILING_MESSAGE_ID_DOMAIN": (None, str),  # None: the domain of MAILING_FROM_ADDRESS
    "MAILING_SUBSCRIBERS_CSV": (None, str),  # no longer read: set, it stops a send (invoke subscribers.import)
    "MAILING_SUBSCRIBERS_STORE": (None, str),  # "sqlite" | "ses"; None: ses for the ses provider, else sqlite
    "MAILING_SUBSCRIBERS_DB": ("var/subscribers-{env}.sqlite", str),  # the sqlite store, relative to the project
    "MAILING_OUTBOX_DIR": ("outbox", str),
    "MAILING_LEDGER": ("var/ledger-{env}.sqlite", str),
    "MAILING_WORKERS": (4, int),
    "MAILING_RATE": (None, float),  # messages per second; None: unlimited (ses: the account quota)
    "MAILING_RETRIES": (6, int),  # attempts per recipient and run on temporary errors
    "MAILING_BACKOFF": (1.0, float),  # first retry delay in seconds, doubled per attempt
    "MAILING_BACKOFF_MAX": (60.0, float),
    "MAILING_SMTP_HOST": ("localhost", str),
    "MAILING_SMTP_PORT": (587, int),
    "MAILING_SMTP_SECURITY": ("starttls", str),  # "starttls" | "tls" | "none"
    "MAILING_SMTP_USER": (None, str),
    "MAILING_SMTP_VERIFY": (True, bool),  # verify the server certificate
    "MAILING_SMTP_CA_FILE": (None, str),
    "MAILING_SMTP_TIMEOUT": (30.0, float),
    "MAILING_SES_REGION": ("eu-central-1", str),
    "MAILING_SES_ENDPOINT_URL": (None, str),
    "MAILING_SES_CONTACT_LIST": ("netzbrief", str),
    "MAILING_SES_TOPIC": ("newsletter", str),
    "MAILING_SES_CONFIGURATION_SET": (None, str),
}

PATHS = ("MAILING_LEDGER", "MAILING_SUBSCRIBERS_DB", "MAILING_OUTBOX_DIR", "MAILING_SUBSCRIBERS_CSV",
         "MAILING_SMTP_CA_FILE")
PROJECT = Path(__file__).resolve().parents[2]  # the folder of pelicanconf.py, when no other root is given
PROVIDERS = ("outbox", "smtp", "ses")
SECURITY = ("starttls", "tls", "none")


def _convert(name: str, raw: str, kind: type) -> Any:
    if not raw.strip() or (kind is not str and raw.strip().lower() in ("none", "null")):
        return None  # "none" stays a string for str settings (MAILING_SMTP_SECURITY=none)
    if kind is bool:
        value = raw.strip().lower()
        if value in ("1", "true", "yes", "on"):
            return True
        if value in ("0", "false", "no", "off"):
            return False
        raise MailingError(f"{ENV_PREFIX}{name}: expected true/false, got {raw!r}")
    try:
        return kind(raw)
    except ValueError:
        raise MailingError(f"{ENV_PREFIX}{name}: expected {kind.__name__}, got {raw!r}") from None


def anchored(path: str | os.PathLike, root: str | os.PathLike | None = None) -> Path:
    """`path` if absolute, else below the project folder `root` (default: the folder holding `delivery/`)."""
    return Path(root or PROJECT) / Path(path).expanduser()


def load_settings(conf: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None,
                  root: str | os.PathLike | None = None) -> dict:
    """Defaults, then the `MAILING_*` keys of `conf` (Pelican settings), then `NETZBRIEF_MAILING_*`; relative
    paths anchored to `root`, the project folder (the folder of the settings file)."""
    environ = os.environ if environ is None else environ
    conf = conf or {}
    unknown = sorted(k for k in conf if k.startswith(PREFIX) and k not in DEFAULTS)
    if unknown:
        raise MailingError(f"unknown setting(s): {', '.join(unknown)}")
    settings = {name: conf.get(name, default) for name, (default, _) in DEFAULTS.items()}
    for name, (_, kind) in DEFAULTS.items():
        if ENV_PREFIX + name in environ:
            settings[name] = _convert(name, environ[ENV_PREFIX + name], kind)
    _check(settings)
    for name in ("MAILING_LEDGER", "MAILING_SUBSCRIBERS_DB"):
        if settings[name]:
            settings[name] = settings[name].replace("{env}", settings["MAILING_ENV"])
    settings["PROJECT_ROOT"] = str(Path(root or PROJECT))  # the subscriber store anchors its files here too
    for name in PATHS:
        if settings[name]:
            settings[name] = str(anchored(settings[name], root))
    if not settings["MAILING_MESSAGE_ID_DOMAIN"]:
        settings["MAILING_MESSAGE_ID_DOMAIN"] = settings["MAILING_FROM_ADDRESS"].rpartition("@")[2]
    return settings


def _check(s: dict) -> None:
    if s["MAILING_PROVIDER"] not in PROVIDERS:
        raise MailingError(f"MAILING_PROVIDER must be one of {', '.join(PROVIDERS)}, not {s['MAILING_PROVIDER']!r}")
    if s["MAILING_SMTP_SECURITY"] not in SECURITY:
        raise MailingError(f"MAILING_SMTP_SECURITY must be one of {', '.join(SECURITY)}")
    if int(s["MAILING_WORKERS"]) < 1 or int(s["MAILING_RETRIES"]) < 1:
        raise MailingError("MAILING_WORKERS and MAILING_RETRIES must be at least 1")
    if s["MAILING_RATE"] is not None and float(s["MAILING_RATE"]) <= 0:
        raise MailingError("MAILING_RATE must be positive (or None for no limit)")
    if "@" not in (s["MAILING_FROM_ADDRESS"] or ""):
        raise MailingError("MAILING_FROM_ADDRESS must be an e-mail address")
