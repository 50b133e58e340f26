"""The SMTP provider: any relay or own MTA; STARTTLS, implicit TLS or plain; AUTH; one connection per worker.

Each message is one MAIL/RCPT/DATA transaction on the worker's connection (TCP_NODELAY: the small commands
must not wait for Nagle). A dropped connection is reopened on the next attempt. Classification: 4xx and
connection errors are temporary; 5xx for RCPT or DATA is permanent for the recipient; refused login, TLS
verification failures and 5xx for the connection or MAIL FROM stop the run (FatalError).
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl

from ..errors import FatalError, MailingError, PermanentError, TransientError
from ..message import Outgoing
from .base import Connection, Provider

PASSWORD_ENV = "NETZBRIEF_SMTP_PASSWORD"


class SmtpProvider(Provider):
    name = "smtp"

    def __init__(self, settings: dict, issue: str, warn=print):
        super().__init__(settings, issue, warn)
        self.host, self.port = settings["MAILING_SMTP_HOST"], int(settings["MAILING_SMTP_PORT"])
        self.security = settings["MAILING_SMTP_SECURITY"]
        self.user = settings["MAILING_SMTP_USER"]
        self.password = os.environ.get(PASSWORD_ENV, "")
        if self.user and not self.password:
            raise MailingError(f"MAILING_SMTP_USER is set but {PASSWORD_ENV} is empty")
        self.timeout = float(settings["MAILING_SMTP_TIMEOUT"])
        self.context = ssl.create_default_context(cafile=settings["MAILING_SMTP_CA_FILE"] or None)
        if not settings["MAILING_SMTP_VERIFY"]:
            self.context.check_hostname = False
            self.context.verify_mode = ssl.CERT_NONE

    def connect(self) -> Connection:
        return SmtpConnection(self)

    def check(self) -> None:
        conn = SmtpConnection(self)
        try:
            conn.open()
        except TransientError as exc:
            raise MailingError(f"cannot connect to the SMTP server {self.host}:{self.port}: {exc}") from None
        finally:
            conn.close()


class SmtpConnection(Connection):
    def __init__(self, provider: SmtpProvider):
        self.p = provider
        self.smtp: smtplib.SMTP | None = None

    def open(self) -> smtplib.SMTP:
        p = self.p
        try:
            if p.security == "tls":
                smtp = smtplib.SMTP_SSL(p.host, p.port, timeout=p.timeout, context=p.context)
            else:
                smtp = smtplib.SMTP(p.host, p.port, timeout=p.timeout)
            self.smtp = smtp
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            smtp.ehlo()
            if p.security == "starttls":
                smtp.starttls(context=p.context)
                smtp.ehlo()
            if p.user:
                smtp.login(p.user, p.password)
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise FatalError(f"the SMTP server refused the login of {p.user!r}: {_reply(exc)}") from None
        except smtplib.SMTPNotSupportedError as exc:
            self.close()
            raise FatalError(f"the SMTP server {p.host}:{p.port} does not support {exc}") from None
        except BaseException as exc:
            self.close()
            raise _classify(exc, "connect") from None
        return smtp

    def send(self, out: Outgoing) -> str:
        smtp = self.smtp or self.open()
        try:
            code, reply = smtp.mail(self.p.from_address)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, self.p.from_address)
            code, reply = smtp.rcpt(out.recipient.email)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({out.recipient.email: (code, reply)})
            code, reply = smtp.data(out.data)
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
            return reply.decode("utf-8", "replace")[:200]
        except BaseException as exc:
            error = _classify(exc, "send")
            if isinstance(error, TransientError) and error.connection:
                self.close()
            else:
                self._reset()
            raise error from None

    def _reset(self) -> None:
        try:
            self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self) -> None:
        smtp, self.smtp = self.smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
    return f"{exc.smtp_code} {' '.join(text.split())}"


def _classify(exc: BaseException, stage: str) -> Exception:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        exc = smtplib.SMTPResponseException(*next(iter(exc.recipients.values())))
    if isinstance(exc, ssl.SSLCertVerificationError):
        return FatalError(f"TLS certificate of the SMTP server not trusted: {exc.verify_message}")
    if isinstance(exc, smtplib.SMTPResponseException):  # before OSError: SMTPException subclasses it
        reply = _reply(exc)
        if exc.smtp_code == 421 or (400 <= exc.smtp_code < 500 and stage == "connect"):
            return TransientError(reply, connection=True)
        if 400 <= exc.smtp_code < 500:
            return TransientError(reply)
        if stage == "connect" or isinstance(exc, smtplib.SMTPSenderRefused) or exc.smtp_code == 530:
            return FatalError(f"the SMTP server refuses us: {reply}")
        return PermanentError(reply)
    if isinstance(exc, OSError):  # SMTPServerDisconnected, refused, reset, timeout, TLS errors
        return TransientError(f"connection: {exc or type(exc).__name__}", connection=True)
    if isinstance(exc, Exception):
        return exc
    raise exc  # KeyboardInterrupt, SystemExit
