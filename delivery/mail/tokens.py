"""Signed unsubscribe tokens and deterministic Message-IDs.

A token is `<payload>.<mac>`, both base64url without padding: the payload is `email|issue`, the mac the first
16 bytes of HMAC-SHA256 over it with the secret from `NETZBRIEF_UNSUBSCRIBE_SECRET`. The unsubscribe endpoint
calls `verify_token` and gets the address back, or None for anything forged, truncated or altered.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from urllib.parse import quote

from .errors import MailingError

SECRET_ENV = "NETZBRIEF_UNSUBSCRIBE_SECRET"
DEVELOPMENT_SECRET = "netzbrief-development-secret-do-not-use-in-production"


@dataclass(frozen=True)
class Unsubscribe:
    email: str
    issue: str


def get_secret(provider: str, environ=None, warn=print) -> bytes:
    """The secret from the environment; the outbox provider falls back to a fixed development secret."""
    value = (os.environ if environ is None else environ).get(SECRET_ENV, "")
    if value:
        if len(value) < 16:
            raise MailingError(f"{SECRET_ENV} is too short: use at least 16 random characters")
        return value.encode()
    if provider == "outbox":
        warn(f"warning: {SECRET_ENV} is not set; the outbox uses a fixed development secret")
        return DEVELOPMENT_SECRET.encode()
    raise MailingError(f"{SECRET_ENV} is not set: the {provider} provider needs it to sign unsubscribe links")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, b"unsubscribe:" + payload, hashlib.sha256).digest()[:16]


def make_token(email: str, issue: str, secret: bytes) -> str:
    payload = f"{email.lower()}|{issue}".encode()
    return f"{_b64(payload)}.{_b64(_mac(secret, payload))}"


def verify_token(token: str, secret: bytes | str | None = None) -> Unsubscribe | None:
    """The subscriber a token was issued for, or None if it is not genuine."""
    if secret is None:
        secret = os.environ.get(SECRET_ENV, "")
        if not secret:
            raise MailingError(f"{SECRET_ENV} is not set")
    if isinstance(secret, str):
        secret = secret.encode()
    try:
        payload_text, mac_text = token.split(".")
        payload, mac = _unb64(payload_text), _unb64(mac_text)
        email, issue = payload.decode().rsplit("|", 1)
    except (ValueError, AttributeError, binascii.Error, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(mac, _mac(secret, payload)) or "@" not in email:
        return None
    return Unsubscribe(email=email, issue=issue)


def unsubscribe_url(template: str, token: str) -> str:
    if "{token}" in template:
        return template.replace("{token}", token)
    return f"{template}{'&' if '?' in template else '?'}token={token}"


def unsubscribe_mailto(address: str, token: str) -> str:
    return f"mailto:{address}?subject={quote('unsubscribe ' + token)}"


def message_id(issue: str, email: str, domain: str, secret: bytes, suffix: str = "") -> str:
    """`<issue.digest@domain>`: the same for every attempt, so receivers that dedupe drop a repeated attempt."""
    digest = hmac.new(secret, f"message-id:{issue}\n{email.lower()}".encode(), hashlib.sha256).hexdigest()[:24]
    return f"<{issue}.{digest}{suffix}@{domain}>"
