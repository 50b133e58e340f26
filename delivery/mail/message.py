"""Building one recipient's message: multipart/alternative, list headers (RFC 2369, 2919, 8058), no tracking.

Speed matters (thousands of messages, several workers sharing one GIL), so the parts that are the same for
every recipient are rendered once per issue and the per-recipient parts are cheap:
- headers are rendered by the standard library with `email.policy.SMTP` (RFC 2047 encoding, folding, CRLF):
  the fixed ones (Subject, From, Reply-To, List-Id, List-Unsubscribe-Post) once, `To` per recipient;
- List-Unsubscribe is written pre-folded at its commas: the stock folder would turn a long URL into RFC 2047
  encoded words, which breaks one-click unsubscribe;
- the two bodies are quoted-printable (binascii, C speed), separated by a boundary starting with "=_", which
  cannot occur in quoted-printable text.
"""

from __future__ import annotations

import binascii
import hashlib
import html
import uuid
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

from .artifacts import SALUTATION, UNSUBSCRIBE, Issue
from .tokens import make_token, message_id, unsubscribe_mailto, unsubscribe_url

SMTP_POLICY = policy.SMTP
PART = b'Content-Type: text/%s; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    salutation: str = ""


@dataclass(frozen=True)
class Outgoing:
    recipient: Recipient
    message_id: str
    data: bytes  # the complete message, CRLF line ends


def quoted_printable(text: str) -> bytes:
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    if not lines.endswith("\n"):
        lines += "\n"
    return binascii.b2a_qp(lines.replace("\n", "\r\n").encode("utf-8"), istext=True)


def render_headers(**headers) -> bytes:
    """Headers rendered by the standard library (policy.SMTP); names with '_' for '-'."""
    msg = EmailMessage(policy=SMTP_POLICY)
    for name, value in headers.items():
        if value:
            msg[name.replace("_", "-")] = value
    return msg.as_bytes(policy=SMTP_POLICY).rstrip(b"\r\n") + b"\r\n"


class Composer:
    """Everything that is the same for all recipients of one send, prepared once."""

    def __init__(self, issue: Issue, secret: bytes, settings: dict):
        self.issue, self.secret = issue, secret
        self.url_template = settings["MAILING_UNSUBSCRIBE_URL"]
        self.mailto = settings["MAILING_UNSUBSCRIBE_MAILTO"]
        self.domain = settings["MAILING_MESSAGE_ID_DOMAIN"]
        fixed = {"From": Address(settings["MAILING_FROM_NAME"], addr_spec=settings["MAILING_FROM_ADDRESS"]),
                 "Reply_To": settings["MAILING_REPLY_TO"], "List_Id": settings["MAILING_LIST_ID"],
                 "List_Unsubscribe_Post": "List-Unsubscribe=One-Click"}
        self.head = {False: render_headers(Subject=issue.subject, **fixed),
                     True: render_headers(Subject=f"[TEST] {issue.subject}", **fixed)}
        self.to_header = SMTP_POLICY.header_factory["to"]  # the registry makes a new class on every lookup
        self.boundary = b"=_netzbrief_" + hashlib.sha256(issue.digest.encode()).hexdigest()[:24].encode()

    @classmethod
    def from_settings(cls, issue: Issue, settings: dict, secret: bytes) -> Composer:
        return cls(issue, secret, settings)

    def compose(self, recipient: Recipient, *, suffix: str = "", test: bool = False) -> Outgoing:
        """`suffix` makes a distinct Message-ID for a deliberate resend; `test` marks a test send."""
        issue = self.issue
        token = make_token(recipient.email, issue.issue, self.secret)
        url = unsubscribe_url(self.url_template, token)
        salutation = recipient.salutation or issue.default_salutation
        text = issue.text.replace(UNSUBSCRIBE, url).replace(SALUTATION, salutation)
        body = issue.html.replace(UNSUBSCRIBE, html.escape(url)).replace(SALUTATION, html.escape(salutation))
        if test:
            msgid = f"<test.{uuid.uuid4().hex}@{self.domain}>"
        else:
            msgid = message_id(issue.issue, recipient.email, self.domain, self.secret, suffix)
        links = f"<{url}>" + (f",\r\n <{unsubscribe_mailto(self.mailto, token)}>" if self.mailto else "")
        to = self.to_header("To", Address(recipient.name, addr_spec=recipient.email))
        data = b"".join((
            self.head[test],
            SMTP_POLICY.fold_binary("To", to),
            f"Date: {formatdate(localtime=True)}\r\nMessage-ID: {msgid}\r\nList-Unsubscribe: {links}\r\n".encode(),
            b'MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary="%s"\r\n\r\n' % self.boundary,
            b"--%s\r\n" % self.boundary, PART % b"plain", quoted_printable(text),
            b"\r\n--%s\r\n" % self.boundary, PART % b"html", quoted_printable(body),
            b"\r\n--%s--\r\n" % self.boundary,
        ))
        return Outgoing(recipient=recipient, message_id=msgid, data=data)
