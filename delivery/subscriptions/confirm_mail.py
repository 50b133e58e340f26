"""The confirmation mail of the double opt-in, built like every Netzbrief mail (delivery.mail.message:
multipart/alternative, quoted-printable UTF-8, headers rendered by the standard library) and sent through the
configured provider (outbox locally, smtp, ses).

It names no one: the name typed into the form is not repeated in the mail, so the form cannot be used to send
someone else a text of one's choosing. It carries no List-Unsubscribe (it is not a newsletter) and is marked
`Auto-Submitted: auto-generated` (RFC 3834) so that auto-responders stay quiet.
"""

from __future__ import annotations

import queue
import uuid
from email.headerregistry import Address
from email.utils import formatdate

from jinja2 import Environment

from delivery.mail.errors import DeliveryError, MailingError
from delivery.mail.message import PART, SMTP_POLICY, Outgoing, Recipient, quoted_printable, render_headers
from delivery.mail.providers import get_provider

ISSUE = "anmeldung"  # the outbox folder (outbox/anmeldung/) and the SES message tag
SUBJECT = "Bitte bestätigen Sie Ihre Anmeldung zum Rundbrief"
_ENV = Environment(autoescape=True, keep_trailing_newline=True)
TEXT = _ENV.from_string("""\
Guten Tag,

diese E-Mail-Adresse wurde auf {{ site }} für den Rundbrief „{{ sitename }}“ angemeldet.
Bitte bestätigen Sie die Anmeldung mit einem Klick auf diesen Link:

{{ link }}

Der Link ist {{ days }} Tage gültig. Erst mit Ihrer Bestätigung erhalten Sie den Rundbrief.

Sie haben sich nicht angemeldet? Dann ignorieren Sie diese E-Mail einfach: Ohne Bestätigung
schicken wir Ihnen nichts, und wir löschen die Adresse nach spätestens 30 Tagen.

--
{{ sender }}
{{ site }}
""")
HTML = _ENV.from_string("""\
<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="margin:0;padding:24px;background:#f2f6f6;font-family:Arial,Helvetica,sans-serif;color:#1b2427">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-top:6px solid #0a5561">
<p style="margin:0 0 16px;font-size:16px;line-height:1.5">Guten Tag,</p>
<p style="margin:0 0 16px;font-size:16px;line-height:1.5">diese E-Mail-Adresse wurde auf {{ site }} für den
Rundbrief „{{ sitename }}“ angemeldet. Bitte bestätigen Sie die Anmeldung:</p>
<p style="margin:0 0 24px"><a href="{{ link }}" style="display:inline-block;padding:12px 20px;background:#0a5561;
color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px">Anmeldung bestätigen</a></p>
<p style="margin:0 0 16px;font-size:14px;line-height:1.5">Falls der Knopf nicht funktioniert, öffnen Sie diesen
Link: <a href="{{ link }}" style="color:#0a5561;word-break:break-all">{{ link }}</a></p>
<p style="margin:0 0 16px;font-size:14px;line-height:1.5">Der Link ist {{ days }} Tage gültig. Sie haben sich
nicht angemeldet? Dann ignorieren Sie diese E-Mail einfach: Ohne Bestätigung schicken wir Ihnen nichts, und wir
löschen die Adresse nach spätestens 30 Tagen.</p>
<p style="margin:24px 0 0;font-size:13px;color:#4b585d">{{ sender }} · {{ site }}</p>
</div></body></html>
""")


class MailUnavailable(Exception):
    """The confirmation mail could not be handed to the provider (the reader gets a 503 page)."""


class ConfirmationMailer:
    """Builds and sends confirmation mails; connections are reused across requests (one per thread at a time)."""

    def __init__(self, settings: dict, *, sitename: str, warn=print):
        self.settings = settings
        self.provider = get_provider(settings, ISSUE, warn=warn)
        self.site = settings["SITEURL"]
        self.sitename = sitename
        self.days = int(settings["SUBSCRIPTIONS_TOKEN_DAYS"])
        self.domain = settings["MAILING_MESSAGE_ID_DOMAIN"]
        self.head = render_headers(
            Subject=SUBJECT, From=Address(settings["MAILING_FROM_NAME"], addr_spec=settings["MAILING_FROM_ADDRESS"]),
            Reply_To=settings["MAILING_REPLY_TO"], Auto_Submitted="auto-generated")
        self.idle: queue.SimpleQueue = queue.SimpleQueue()

    def compose(self, email: str, link: str) -> Outgoing:
        values = {"link": link, "site": self.site, "sitename": self.sitename, "days": self.days,
                  "sender": self.settings["MAILING_FROM_NAME"], "subject": SUBJECT}
        boundary = b"=_netzbrief_" + uuid.uuid4().hex.encode()
        msgid = f"<anmeldung.{uuid.uuid4().hex}@{self.domain}>"
        to = SMTP_POLICY.header_factory("To", Address(addr_spec=email))
        data = b"".join((
            self.head, SMTP_POLICY.fold_binary("To", to),
            f"Date: {formatdate(localtime=True)}\r\nMessage-ID: {msgid}\r\n".encode(),
            b'MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary="%s"\r\n\r\n' % boundary,
            b"--%s\r\n" % boundary, PART % b"plain", quoted_printable(TEXT.render(**values)),
            b"\r\n--%s\r\n" % boundary, PART % b"html", quoted_printable(HTML.render(**values)),
            b"\r\n--%s--\r\n" % boundary,
        ))
        return Outgoing(recipient=Recipient(email), message_id=msgid, data=data)

    def send(self, email: str, link: str) -> str:
        out = self.compose(email, link)
        for attempt in (1, 2):  # a pooled connection may have been dropped by the server: one fresh try
            try:
                conn = self.idle.get_nowait()
            except queue.Empty:
                conn = self.provider.connect()
            try:
                result = conn.send(out)
            except (DeliveryError, MailingError, OSError) as exc:
                conn.close()
                if attempt == 2 or not getattr(exc, "connection", False):
                    raise MailUnavailable(str(exc)) from None
                continue
            self.idle.put(conn)
            return result
        raise AssertionError("unreachable")

    def close(self) -> None:
        while True:
            try:
                self.idle.get_nowait().close()
            except queue.Empty:
                return

