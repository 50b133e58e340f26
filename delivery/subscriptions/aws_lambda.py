"""The AWS Lambda entry point: `delivery.subscriptions.aws_lambda.handler` behind a Function URL.

apig-wsgi turns the Function URL event (payload format 2.0: rawPath, rawQueryString, headers, cookies, a body
that may be base64, requestContext.http.sourceIp) into a WSGI request and the response back into
{statusCode, headers, body}. The app is built once per instance, from `settings.json` in the package (written by
`invoke subscriptions.package` from publishconf.py: no secrets) and the environment (NETZBRIEF_* settings,
NETZBRIEF_UNSUBSCRIBE_SECRET, NETZBRIEF_SUBSCRIPTIONS_ORIGIN_SECRET). Page templates: `abo/vorlagen/` in the zip.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from apig_wsgi import make_lambda_handler

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # /var/task in the unpacked zip
SETTINGS_FILE = "settings.json"

_lock = threading.Lock()
_handler = None


def build_app(root: Path = PACKAGE_ROOT, environ=None):
    from .app import SubscriptionApp
    from .config import load_settings

    conf = json.loads((root / SETTINGS_FILE).read_text(encoding="utf-8"))
    settings = load_settings(conf, environ, root=root)
    return SubscriptionApp(settings, sitename=conf.get("SITENAME") or "Netzbrief")


def make_handler(app):
    """apig-wsgi's adapter; text responses stay text (base64 only for binary content types)."""
    return make_lambda_handler(app)


def handler(event, context):
    global _handler
    if _handler is None:
        with _lock:
            if _handler is None:
                logging.getLogger("netzbrief.subscriptions").setLevel(logging.INFO)
                _handler = make_handler(build_app())
    return _handler(event, context)
