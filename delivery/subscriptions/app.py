"""The subscription endpoint: one WSGI application (Werkzeug), the same locally and on AWS Lambda.

Routes (below SUBSCRIPTIONS_ENDPOINT_URL; see paths.py and docs/subscriptions.md):
  POST /abo/anmelden             sign-up form -> confirmation mail -> 303 to "please check your mail"
  GET  /abo/bestaetigen?token=   one-button page; POST with the token confirms -> 303 to "confirmed"
  GET  <unsubscribe path>?token= one-button page; POST unsubscribes (RFC 8058 one-click: 200, else 303)
  POST /abo/ses-ereignisse       SNS: subscription confirmation, SES bounces and complaints

A GET never changes anything. Sign-up answers the same for new, pending, confirmed and suppressed addresses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from delivery.mail.errors import MailingError
from delivery.mail.tokens import get_secret, verify_token

from . import paths, signup
from .clients import ClientKeys, ClientLimit
from .confirm_mail import ConfirmationMailer, MailUnavailable
from .pages import Pages, plain
from .ses_events import SnsEndpoint
from .sns import CertStore, https_get
from .store import Store, StoreError, open_store
from .tokens import TokenError, verify_confirm_token

log = logging.getLogger("netzbrief.subscriptions")
FORM_LIMIT = 32 * 1024
SNS_LIMIT = 512 * 1024  # SNS messages are at most 256 KB, plus the envelope


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def readable(environ) -> bool:
    """PATH_INFO and QUERY_STRING as WSGI promises them: UTF-8 bytes as latin-1 characters. apig-wsgi passes a
    Function URL's rawQueryString on as it came, where any character can stand (Werkzeug would raise on it)."""
    try:
        environ.get("PATH_INFO", "").encode("latin-1")
        environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return False
    return True


class SubscriptionApp:
    def __init__(self, settings: dict, *, store: Store | None = None, certs: CertStore | None = None,
                 sns_get: Callable[[str], bytes] | None = None, clock: Callable[[], datetime] = utcnow,
                 sitename: str = "Netzbrief", warn=log.warning):
        self.s = settings
        self.pages = Pages(settings["SUBSCRIPTIONS_TEMPLATES"])
        self.store = store or open_store(settings)
        self.secret = get_secret(settings["MAILING_PROVIDER"], warn=warn)
        self.mailer = ConfirmationMailer(settings, sitename=sitename, warn=warn)
        self.client_key = ClientKeys(settings["SUBSCRIPTIONS_CLIENT_IP"])
        if settings["SUBSCRIPTIONS_CLIENT_IP"] == "cloudfront" and not self.client_key.secret:
            warn("SUBSCRIPTIONS_CLIENT_IP is 'cloudfront' but NETZBRIEF_SUBSCRIPTIONS_ORIGIN_SECRET is not set: "
                 "every reader counts as the CloudFront server that forwarded the request")
        self.client_limit = ClientLimit(settings["SUBSCRIPTIONS_CLIENT_LIMIT"])
        self.clock = clock
        self.sns = SnsEndpoint(settings, self.store, certs or CertStore(settings["SUBSCRIPTIONS_SNS_REGION"]),
                               sns_get or https_get, clock)
        self.endpoint = settings["SUBSCRIPTIONS_ENDPOINT_URL"]
        self.unsubscribe_path = paths.unsubscribe_route(settings["MAILING_UNSUBSCRIBE_URL"])
        both = ("GET", "HEAD", "POST")
        self.routes = {paths.SIGNUP: ("signup", both), paths.CONFIRM: ("confirm", both),  # path without a final /
                       self.unsubscribe_path: ("unsubscribe", both), paths.SES_EVENTS: ("ses_events", ("POST",))}

    def handles(self, path: str) -> bool:
        """True if `path` is one of the endpoint's routes (the local server sends everything else to the site)."""
        return path.rstrip("/") in self.routes

    def site(self, page: str) -> Response:
        return redirect(paths.page_url(self.s["SITEURL"], page), 303)

    def __call__(self, environ, start_response):
        if not readable(environ):
            return plain("Fehlerhafte Anfrage.", 400)(environ, start_response)
        request = Request(environ)
        try:
            name, methods = self.routes.get(request.path.rstrip("/"), (None, ()))
            if name is None:
                raise NotFound()
            if request.method not in methods:
                raise MethodNotAllowed(valid_methods=list(methods))
            request.max_content_length = SNS_LIMIT if name == "ses_events" else FORM_LIMIT
            request.max_form_memory_size = FORM_LIMIT
            response = getattr(self, "on_" + name)(request)
        except NotFound:
            response = plain("Nicht gefunden.", 404)
        except MethodNotAllowed as exc:
            response = plain("Diese Adresse nimmt nur Formulare an.", 405)
            response.headers["Allow"] = ", ".join(exc.valid_methods or [])
        except RequestEntityTooLarge:
            response = plain("Anfrage zu groß.", 413)
        except HTTPException as exc:
            response = plain("Fehlerhafte Anfrage.", exc.code or 400)
        except (StoreError, MailUnavailable, MailingError) as exc:
            log.error("subscriptions: %s: %s", type(exc).__name__, exc)
            response = self.pages.render(paths.UNAVAILABLE_PAGE, 503)
            response.headers["Retry-After"] = "300"
        return response(environ, start_response)

    # --- sign-up ---------------------------------------------------------------------------------------------
    def on_signup(self, request: Request) -> Response:
        if request.method != "POST":  # someone opened the form's address: show them the form
            return redirect(paths.page_url(self.s["SITEURL"], self.s["SUBSCRIPTIONS_FORM_PAGE"])
                            + "#" + paths.FORM_ANCHOR, 303)
        if not self.client_limit.allow(self.client_key(request.environ)):
            log.warning("sign-up refused: client limit %s reached", self.s["SUBSCRIPTIONS_CLIENT_LIMIT"])
            response = self.pages.render(paths.TOO_MANY_PAGE, 429)
            response.headers["Retry-After"] = "3600"
            return response
        form = signup.read_form(request.form)
        if form.trap:
            log.info("sign-up ignored: honeypot field filled")
            return self.site(paths.CHECK_MAIL)  # the same answer a person gets; nothing stored, nothing sent
        if form.errors:
            return self.pages.render(paths.FORM_PAGE, 400, form=form.values, errors=form.errors)
        now = self.clock()
        subscriber = self.store.request(form.email, name=form.name, salutation=form.salutation,
                                        form_hash=form.form_hash, now=now)
        if subscriber.state == "suppressed":
            return self.site(paths.CHECK_MAIL)  # bounced or complained: never mail again, answer as always
        if not self.store.note_confirmation_mail(form.email, now=now,
                                                 limit=int(self.s["SUBSCRIPTIONS_ADDRESS_LIMIT"])):
            log.info("sign-up: per-address limit reached, no mail")
            return self.site(paths.CHECK_MAIL)
        link = signup.confirm_link(self.endpoint, form.email, self.secret, now)
        self.mailer.send(form.email, link)
        return self.site(paths.CHECK_MAIL)

    # --- confirmation ----------------------------------------------------------------------------------------
    def on_confirm(self, request: Request) -> Response:
        token = (request.form.get("token") if request.method == "POST" else None) or request.args.get("token", "")
        try:
            confirmation = verify_confirm_token(token, self.secret, now=self.clock(),
                                                max_age_days=int(self.s["SUBSCRIPTIONS_TOKEN_DAYS"]))
        except TokenError as exc:
            return self.pages.render(paths.TOKEN_ERROR_PAGE, 410 if exc.expired else 400, expired=exc.expired,
                                     unsubscribe=False)
        if request.method != "POST":
            return self.pages.render(paths.CONFIRM_PAGE, email=confirmation.email, token=token,
                                     action=self.endpoint + paths.CONFIRM)
        if self.store.confirm(confirmation.email, now=self.clock()) is None:
            return self.site(paths.ERROR)  # no longer pending: purged, unsubscribed or suppressed meanwhile
        return self.site(paths.CONFIRMED)

    # --- unsubscribe -----------------------------------------------------------------------------------------
    def on_unsubscribe(self, request: Request) -> Response:
        one_click = request.method == "POST" and request.form.get("List-Unsubscribe") == "One-Click"
        token = (request.form.get("token") if request.method == "POST" else None) or request.args.get("token", "")
        found = verify_token(token, self.secret) if token else None
        if found is None:
            if one_click:
                return plain("Ungültiger Abmeldelink.", 400)
            return self.pages.render(paths.TOKEN_ERROR_PAGE, 400, expired=False, unsubscribe=True)
        if request.method != "POST":
            return self.pages.render(paths.UNSUBSCRIBE_PAGE, email=found.email, token=token,
                                     action=self.endpoint + self.unsubscribe_path + "/")
        how = "one-click" if one_click else "link"
        self.store.unsubscribe(found.email, now=self.clock(), reason=f"{how} ({found.issue})")
        return plain("Abgemeldet.", 200) if one_click else self.site(paths.UNSUBSCRIBED)

    # --- SES events through SNS ------------------------------------------------------------------------------
    def on_ses_events(self, request: Request) -> Response:
        status, text = self.sns(request.get_data(cache=False))
        return plain(text, status)

    def close(self) -> None:
        self.mailer.close()
        self.store.close()
