"""Mailing providers, chosen by MAILING_PROVIDER: outbox (default, .eml files), smtp, ses (Amazon SES v2)."""

from __future__ import annotations

from .base import Connection, Provider


def get_provider(settings: dict, issue: str, warn=print) -> Provider:
    name = settings["MAILING_PROVIDER"]
    if name == "smtp":
        from .smtp import SmtpProvider as cls
    elif name == "ses":
        from .ses import SesProvider as cls  # imports boto3 only when used
    else:
        from .outbox import OutboxProvider as cls
    return cls(settings, issue, warn=warn)


__all__ = ["Connection", "Provider", "get_provider"]
