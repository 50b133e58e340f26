"""The endpoint behind a Lambda Function URL: apig-wsgi with real payload 2.0 events, who counts as a client, and
the packaged zip running its handler with nothing but the zip and the standard library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from delivery.subscriptions import consent
from delivery.subscriptions.aws_lambda import make_handler
from tests.subscriptions.web.lambdaevents import LambdaContext, function_url_event
from tests.subscriptions.web.webhelpers import SECRET, SITEURL, confirm_link, read_mails, token_of

FORM = {"email": "lambda@example.org", "einwilligung": "ja", "formular": consent.CURRENT_HASH}


def call(handler, event) -> dict:
    """The Lambda response; header names lower-cased (payload 2.0 headers are case-insensitive)."""
    response = handler(event, LambdaContext())
    response["headers"] = {name.lower(): value for name, value in response.get("headers", {}).items()}
    return response


@pytest.mark.parametrize("base64_body", [True, False])
def test_sign_up_confirm_and_one_click_through_function_url_events(app, outbox, base64_body):
    handler = make_handler(app)
    response = call(handler, function_url_event("POST", "/abo/anmelden", form=FORM, base64_body=base64_body))
    assert response["statusCode"] == 303
    assert response["headers"]["location"] == SITEURL + "/newsletter/anmeldung/pruefen/"
    token = token_of(confirm_link(read_mails(outbox)[0]))

    page = call(handler, function_url_event("GET", "/abo/bestaetigen", query={"token": token}))
    assert page["statusCode"] == 200 and page["isBase64Encoded"] is False
    assert page["headers"]["content-type"] == "text/html; charset=utf-8" and token in page["body"]
    assert app.store.get("lambda@example.org").state == "pending"

    done = call(handler, function_url_event("POST", "/abo/bestaetigen", form={"token": token},
                                             base64_body=base64_body))
    assert done["statusCode"] == 303 and app.store.get("lambda@example.org").state == "confirmed"

    from delivery.mail.tokens import make_token

    unsubscribe = make_token("lambda@example.org", "2026-11", SECRET.encode())
    gone = call(handler, function_url_event("POST", "/abmelden/", query={"token": unsubscribe},
                                            form="List-Unsubscribe=One-Click", base64_body=base64_body))
    assert gone["statusCode"] == 200 and app.store.get("lambda@example.org").state == "unsubscribed"


def test_client_is_the_source_ip_and_x_forwarded_for_is_ignored(make_app, make_settings):
    handler = make_handler(make_app(make_settings(SUBSCRIPTIONS_CLIENT_LIMIT="1/minute")))
    codes = [call(handler, function_url_event("POST", "/abo/anmelden", form=dict(FORM, email=f"x{n}@example.org"),
                                              headers={"x-forwarded-for": f"192.0.2.{n}"}))["statusCode"]
             for n in range(3)]
    assert codes == [303, 429, 429]  # a chosen X-Forwarded-For does not make a new client
    other = function_url_event("POST", "/abo/anmelden", form=FORM, source_ip="198.51.100.4")
    assert call(handler, other)["statusCode"] == 303


def test_behind_cloudfront_the_viewer_counts_only_with_the_origin_secret(make_app, make_settings, monkeypatch):
    monkeypatch.setenv("NETZBRIEF_SUBSCRIPTIONS_ORIGIN_SECRET", "cf-origin-secret-0123456789")
    handler = make_handler(make_app(make_settings(SUBSCRIPTIONS_CLIENT_LIMIT="1/minute",
                                                  SUBSCRIPTIONS_CLIENT_IP="cloudfront")))
    edge = "130.176.0.10"  # a CloudFront server: the sourceIp of everything CloudFront forwards

    def via_cloudfront(viewer: str, n: int, secret: str | None) -> int:
        headers = {"cloudfront-viewer-address": viewer}
        if secret:
            headers["x-netzbrief-origin"] = secret
        event = function_url_event("POST", "/abo/anmelden", form=dict(FORM, email=f"cf{n}@example.org"),
                                   source_ip=edge, headers=headers)
        return call(handler, event)["statusCode"]

    ok = "cf-origin-secret-0123456789"
    assert [via_cloudfront(f"203.0.113.{n}:5{n}123", n, ok) for n in range(3)] == [303, 303, 303]
    assert via_cloudfront("203.0.113.0:61000", 4, ok) == 429  # the same reader again
    assert via_cloudfront("2001:db8:7:7::1:443", 5, ok) == 303
    forged = [via_cloudfront(f"192.0.2.{n}:1000", 10 + n, "wrong") for n in range(2)]
    assert forged == [303, 429]  # without the secret the header is ignored: the client is the edge address


@pytest.fixture(scope="module")
def package_zip(sample_site, tmp_path_factory):
    from content_model.build import load_settings as pelican_settings
    from delivery.subscriptions.package import build_package
    from tests.conftest import ROOT

    conf = pelican_settings(ROOT / "pelicanconf.py", {"OUTPUT_PATH": str(sample_site)})
    target = tmp_path_factory.mktemp("lambda") / "netzbrief-abo.zip"
    return build_package(ROOT, conf, sample_site, target, deps="venv")


def test_package_contents(package_zip, sample_site, tmp_path):
    from content_model.build import load_settings as pelican_settings
    from delivery.subscriptions.package import build_package
    from tests.conftest import ROOT

    with zipfile.ZipFile(package_zip) as archive:
        names = set(archive.namelist())
        settings = json.loads(archive.read("settings.json"))
        everything = b"".join(archive.read(name) for name in names)
    assert {"delivery/subscriptions/aws_lambda.py", "delivery/mail/message.py", "abo/vorlagen/bestaetigen.jinja",
            "werkzeug/__init__.py", "apig_wsgi/__init__.py", "itsdangerous/__init__.py",
            "cryptography/__init__.py", "jinja2/__init__.py", "rich/__init__.py"} <= names
    assert not [n for n in names if n.endswith(".pyc") or n.startswith(("tests/", "plugins/", "content/", "boto"))]
    assert settings["SITEURL"] == SITEURL and settings["SUBSCRIPTIONS_TEMPLATES"] == "abo/vorlagen"
    assert not [key for key in settings if not key.startswith(("MAILING_", "SUBSCRIPTIONS_", "SITE"))]
    assert SECRET.encode() not in everything and b"NETZBRIEF_UNSUBSCRIBE_SECRET=" not in everything
    conf = pelican_settings(ROOT / "pelicanconf.py", {"OUTPUT_PATH": str(sample_site)})
    again = build_package(ROOT, conf, sample_site, tmp_path / "again.zip", deps="venv")
    assert again.read_bytes() == package_zip.read_bytes()  # reproducible


def test_packaged_handler_runs_with_only_the_zip(package_zip, tmp_path):
    """Unpacked like /var/task and run by a Python without site-packages: nothing may come from this venv."""
    task = tmp_path / "task"
    with zipfile.ZipFile(package_zip) as archive:
        archive.extractall(task)
    events = [function_url_event("POST", "/abo/anmelden", form=dict(FORM, email="zip@example.org")),
              function_url_event("GET", "/abo/bestaetigen", query={"token": "kaputt"})]
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(task)!r})\n"
        "from delivery.subscriptions.aws_lambda import handler\n"
        "events = json.loads(sys.stdin.read())\n"
        "print(json.dumps([handler(e, None) for e in events]))\n"
        "site = [m for m in sys.modules.values() if 'site-packages' in (getattr(m, '__file__', '') or '')]\n"
        "assert not site, site\n"
    )
    env = {"NETZBRIEF_UNSUBSCRIBE_SECRET": SECRET, "NETZBRIEF_MAILING_OUTBOX_DIR": str(tmp_path / "outbox"),
           "NETZBRIEF_MAILING_SUBSCRIBERS_DB": str(tmp_path / "subscribers.sqlite"), "PATH": os.environ["PATH"]}
    done = subprocess.run([sys.executable, "-I", "-S", "-c", script], input=json.dumps(events), env=env,
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    signup, bad = json.loads(done.stdout.splitlines()[-1])
    assert signup["statusCode"] == 303 and bad["statusCode"] == 400 and "abo-page" in bad["body"]
    assert len(read_mails(tmp_path / "outbox" / "anmeldung")) == 1


@pytest.mark.parametrize("path,query", [
    ("/abo/bestaetigen", "token=ä"),  # rawQueryString is passed on as it came: not what WSGI promises
    ("/abo/bestaetigen", "token=€"),
    ("/abmelden/", "token=€"),
    ("/abo/anmelden", "x=€"),
    ("/abo/best€tigen", ""),
], ids=["latin-1-query", "wide-query", "unsubscribe-query", "signup-query", "wide-path"])
def test_raw_non_ascii_in_path_or_query_is_a_plain_400(app, outbox, path, query):
    event = function_url_event("POST", path, form=FORM)
    event["rawQueryString"], event["rawPath"], event["requestContext"]["http"]["path"] = query, path, path
    response = call(make_handler(app), event)
    assert response["statusCode"] in (400, 404) and response["headers"]["content-type"].startswith("text/plain")
    assert app.store.get("lambda@example.org") is None and read_mails(outbox) == []
