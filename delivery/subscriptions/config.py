"""Settings of the subscription endpoint: `SUBSCRIPTIONS_*` defaults, merged with the Pelican settings (or the
settings.json inside the Lambda zip), overridden by `NETZBRIEF_SUBSCRIPTIONS_*`; plus the MAILING_* settings of
delivery.mail (provider, sender, unsubscribe URL, store) and SITEURL.

Relative paths are anchored to PROJECT_ROOT (the settings file's folder; the unpacked zip on Lambda), never to
the current folder. Secrets never live here (see docs/subscriptions.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from delivery.mail.errors import MailingError
from delivery.mail.settings import load_settings as load_mail_settings

from . import paths
from .store import ROOT

PREFIX = "SUBSCRIPTIONS_"
ENV_PREFIX = "NETZBRIEF_"
CLIENT_IP_MODES = ("remote", "cloudfront")

DEFAULTS: dict[str, tuple[Any, type]] = {
    "SUBSCRIPTIONS_ENDPOINT_URL": (None, str),  # where the routes are; None: SITEURL
    "SUBSCRIPTIONS_FORM_PAGE": ("newsletter/", str),  # the page with the form (plugins/subscriptions)
    "SUBSCRIPTIONS_PRIVACY_PAGE": ("datenschutz/", str),
    "SUBSCRIPTIONS_TEMPLATES": (None, str),  # the endpoint's pages; None: <OUTPUT_PATH>/abo/vorlagen
    "SUBSCRIPTIONS_CLIENT_LIMIT": ("5/minute;20/hour", str),  # sign-ups per client: "N/second|minute|hour|day;…"
    "SUBSCRIPTIONS_ADDRESS_LIMIT": (3, int),  # confirmation mails per address within 24 hours
    "SUBSCRIPTIONS_CLIENT_IP": ("remote", str),  # "remote" | "cloudfront" (see clients.py)
    "SUBSCRIPTIONS_SNS_REGION": (None, str),  # region of the SNS topic; None: MAILING_SES_REGION
    "SUBSCRIPTIONS_SNS_TOPICS": ("", str),  # comma-separated topic ARNs accepted; empty: any in the region
    "SUBSCRIPTIONS_TOKEN_DAYS": (7, int),  # how long a confirmation link works
}


def load_settings(conf: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None, *,
                  root: str | Path | None = None) -> dict:
    """Everything the endpoint needs, checked. `conf`: Pelican settings (or settings.json); `root`: the folder
    relative paths are anchored to (default: PROJECT_ROOT in conf, else this project's folder)."""
    environ = os.environ if environ is None else environ
    conf = dict(conf or {})
    settings = load_mail_settings({k: v for k, v in conf.items() if k.startswith("MAILING_")}, environ)
    for name, (default, kind) in DEFAULTS.items():
        settings[name] = conf.get(name, default)
        if ENV_PREFIX + name in environ:
            settings[name] = _convert(name, environ[ENV_PREFIX + name], kind)
    root = Path(root or conf.get("PROJECT_ROOT") or ROOT)
    settings["PROJECT_ROOT"] = str(root)
    settings["SITEURL"] = (environ.get("NETZBRIEF_SITEURL") or conf.get("SITEURL") or "").rstrip("/")
    if not settings["SITEURL"].startswith(("http://", "https://")):
        raise MailingError("SITEURL must be an absolute http(s) URL: the endpoint redirects to the site's pages")
    settings["SUBSCRIPTIONS_ENDPOINT_URL"] = (settings["SUBSCRIPTIONS_ENDPOINT_URL"] or settings["SITEURL"]).rstrip("/")
    templates = settings["SUBSCRIPTIONS_TEMPLATES"] or str(Path(conf.get("OUTPUT_PATH") or "output")
                                                          / paths.TEMPLATE_DIR)
    settings["SUBSCRIPTIONS_TEMPLATES"] = str(_anchor(root, templates))
    for name in ("MAILING_OUTBOX_DIR", "MAILING_LEDGER"):
        settings[name] = str(_anchor(root, settings[name]))
    settings["SUBSCRIPTIONS_SNS_REGION"] = settings["SUBSCRIPTIONS_SNS_REGION"] or settings["MAILING_SES_REGION"]
    topics = settings["SUBSCRIPTIONS_SNS_TOPICS"]
    settings["SUBSCRIPTIONS_SNS_TOPICS"] = tuple(
        t.strip() for t in (topics.split(",") if isinstance(topics, str) else topics) if t.strip())
    _check(settings)
    return settings


def _convert(name: str, raw: str, kind: type) -> Any:
    raw = raw.strip()
    if kind is str:
        return raw or None
    try:
        return kind(raw)
    except ValueError:
        raise MailingError(f"{ENV_PREFIX}{name}: expected {kind.__name__}, got {raw!r}") from None


def _anchor(root: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else root / path


def _check(s: dict) -> None:
    if s["SUBSCRIPTIONS_CLIENT_IP"] not in CLIENT_IP_MODES:
        raise MailingError(f"SUBSCRIPTIONS_CLIENT_IP must be one of {', '.join(CLIENT_IP_MODES)}")
    if int(s["SUBSCRIPTIONS_ADDRESS_LIMIT"]) < 1 or int(s["SUBSCRIPTIONS_TOKEN_DAYS"]) < 1:
        raise MailingError("SUBSCRIPTIONS_ADDRESS_LIMIT and SUBSCRIPTIONS_TOKEN_DAYS must be at least 1")
    if not s["SUBSCRIPTIONS_ENDPOINT_URL"].startswith(("http://", "https://")):
        raise MailingError("SUBSCRIPTIONS_ENDPOINT_URL must be an absolute http(s) URL")
    try:
        paths.unsubscribe_route(s["MAILING_UNSUBSCRIBE_URL"])
    except ValueError as exc:
        raise MailingError(str(exc)) from None
    from .clients import parse_limit

    try:
        parse_limit(s["SUBSCRIPTIONS_CLIENT_LIMIT"])
    except ValueError:
        raise MailingError(f"SUBSCRIPTIONS_CLIENT_LIMIT: not a rate such as '5/minute;20/hour': "
                           f"{s['SUBSCRIPTIONS_CLIENT_LIMIT']!r}") from None
