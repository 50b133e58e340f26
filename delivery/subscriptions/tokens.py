"""Signed confirmation tokens for the double opt-in (itsdangerous), bound to their purpose.

A token carries the address and the time it was issued, signed with the same secret as the unsubscribe tokens
of `delivery.mail.tokens` (`NETZBRIEF_UNSUBSCRIBE_SECRET`; the outbox's development secret locally), and is
valid for 7 days. The purpose is part of the key derivation (itsdangerous' salt), and the two formats differ
(three dot-separated parts here, two there), so a confirm token never unsubscribes anyone and an unsubscribe
token never confirms anyone. `now` can be passed in, so tests pin time.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

PURPOSE = "netzbrief-subscription-confirm"
MAX_AGE_DAYS = 7


@dataclass(frozen=True)
class Confirmation:
    email: str
    issued_at: datetime


class TokenError(Exception):
    """A token that cannot be used; `expired` tells an old genuine token from a forged or damaged one."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


class _ClockSigner(TimestampSigner):
    """TimestampSigner whose clock is the serializer's (itsdangerous reads time.time() otherwise)."""

    def __init__(self, *args, clock=time.time, **kwargs):
        super().__init__(*args, **kwargs)
        self.clock = clock

    def get_timestamp(self) -> int:
        return int(self.clock())


def _serializer(secret: bytes, now: datetime | None) -> URLSafeTimedSerializer:
    clock = (lambda: now.timestamp()) if now is not None else time.time
    return URLSafeTimedSerializer(secret, salt=PURPOSE, signer=_ClockSigner,
                                  signer_kwargs={"clock": clock, "digest_method": hashlib.sha256})


def make_confirm_token(email: str, secret: bytes, *, now: datetime | None = None) -> str:
    return _serializer(secret, now).dumps({"e": email.lower()})


def verify_confirm_token(token: str, secret: bytes, *, now: datetime | None = None,
                         max_age_days: int = MAX_AGE_DAYS) -> Confirmation:
    """The address a genuine, unexpired confirm token was issued for; raises TokenError otherwise."""
    if not isinstance(token, str) or not token or len(token) > 1000:
        raise TokenError("no token")
    try:
        payload, issued = _serializer(secret, now).loads(token, max_age=max_age_days * 86400, return_timestamp=True)
    except SignatureExpired:
        raise TokenError("expired", expired=True) from None
    except BadSignature:
        raise TokenError("forged, damaged or for another purpose") from None
    email = payload.get("e") if isinstance(payload, dict) else None
    if not isinstance(email, str) or "@" not in email:
        raise TokenError("no address in the token")
    return Confirmation(email=email, issued_at=issued.astimezone(timezone.utc))
