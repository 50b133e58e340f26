"""Errors of the mailing layer.

`MailingError` is a clear, user-facing problem (bad settings, missing artifacts, malformed CSV, refused login):
the commands print it and exit with 2. The provider errors classify one delivery attempt.
"""


class MailingError(Exception):
    """Something the user must fix; nothing (more) is sent."""


class DeliveryError(Exception):
    """One attempt to deliver one message failed."""


class TransientError(DeliveryError):
    """Try again later (SMTP 4xx, dropped connection, throttling, 5xx from an API).

    `connection` marks errors of the connection rather than of the recipient: if those persist through all
    retries, the server is unreachable and the run stops (rows stay open for a resume) instead of deferring
    every remaining recipient one by one.
    """

    def __init__(self, message: str, *, connection: bool = False):
        super().__init__(message)
        self.connection = connection


class PermanentError(DeliveryError):
    """This recipient cannot get this message (SMTP 5xx for the recipient, SES MessageRejected)."""


class FatalError(MailingError):
    """The provider refuses us altogether (authentication, sender rejected, TLS): stop the run."""
