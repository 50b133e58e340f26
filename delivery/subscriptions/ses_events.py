"""SES bounce and complaint notifications arriving through SNS: who gets suppressed, and why.

`SnsEndpoint` answers the POSTs of SNS (route /abo/ses-ereignisse): nothing happens unless the message is
genuine (sns.verify) and, if SUBSCRIPTIONS_SNS_TOPICS is set, from one of those topics; a subscription
confirmation is followed (SubscribeURL under the same host rule), a notification is applied to the store.

Both SES notification formats are understood: identity notifications (`notificationType`) and configuration-set
event publishing (`eventType`). Permanent bounces and complaints suppress every named recipient with the reason;
transient and undetermined bounces change nothing (SES retries, and a full mailbox is no reason to drop
anyone); deliveries and other events are ignored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from datetime import datetime

from .sns import CertStore, SnsError, check_url, verify

log = logging.getLogger("netzbrief.subscriptions")
REASON_MAX = 300


def suppressions(message_text: str) -> Iterator[tuple[str, str]]:
    """(address, reason) for every recipient the SES notification in an SNS `Message` says to suppress."""
    try:
        event = json.loads(message_text)
    except (TypeError, ValueError, RecursionError):
        return
    if not isinstance(event, dict):
        return
    kind = event.get("notificationType") or event.get("eventType")
    if kind == "Bounce":
        bounce = _part(event.get("bounce"))
        if bounce.get("bounceType") != "Permanent":
            return
        for recipient in _recipients(bounce.get("bouncedRecipients")):
            detail = " ".join(str(recipient.get("diagnosticCode") or "").split())
            reason = f"bounce: {bounce.get('bounceSubType') or 'General'}" + (f"; {detail}" if detail else "")
            yield recipient.get("emailAddress"), reason[:REASON_MAX]
    elif kind == "Complaint":
        complaint = _part(event.get("complaint"))
        feedback = complaint.get("complaintFeedbackType") or complaint.get("complaintSubType") or ""
        for recipient in _recipients(complaint.get("complainedRecipients")):
            yield recipient.get("emailAddress"), ("complaint" + (f": {feedback}" if feedback else ""))[:REASON_MAX]


def _part(value) -> dict:
    """A part of the event that should be an object; anything else counts as empty."""
    return value if isinstance(value, dict) else {}


def _recipients(value) -> list[dict]:
    """The recipient objects of a list; anything else in it (or instead of it) is skipped."""
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def apply(message_text: str, store, now: datetime) -> int:
    """Suppress the addresses; returns how many entries of the store changed (unknown addresses are skipped)."""
    changed = 0
    for address, reason in suppressions(message_text):
        if not isinstance(address, str) or "@" not in address:
            continue
        try:
            changed += bool(store.suppress(address, now=now, reason=reason))
        except ValueError:  # not an address we could have stored
            continue
    if changed:
        log.info("SES event: %d subscriber(s) suppressed", changed)
    return changed


class SnsEndpoint:
    def __init__(self, settings: dict, store, certs: CertStore, get: Callable[[str], bytes],
                 clock: Callable[[], datetime]):
        self.region = settings["SUBSCRIPTIONS_SNS_REGION"]
        self.topics = settings["SUBSCRIPTIONS_SNS_TOPICS"]
        self.store, self.certs, self.get, self.clock = store, certs, get, clock

    def __call__(self, body: bytes) -> tuple[int, str]:
        """(HTTP status, short German text) for one POST body."""
        try:
            message = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the decoder goes
            return 400, "Keine SNS-Nachricht."
        try:
            verify(message, self.certs, self.clock())
            if self.topics and message.get("TopicArn") not in self.topics:
                raise SnsError(f"topic {message.get('TopicArn')!r} is not configured")
            if message["Type"] == "SubscriptionConfirmation":
                self.get(check_url(message.get("SubscribeURL"), self.region, "SubscribeURL"))
                log.info("SNS subscription confirmed for %s", message.get("TopicArn"))
            elif message["Type"] == "Notification":
                apply(message.get("Message"), self.store, self.clock())
        except SnsError as exc:
            log.warning("SNS message refused: %s", exc)
            return 403, "Abgelehnt."
        except OSError as exc:
            log.error("SNS subscription could not be confirmed: %s", exc)
            return 502, "Bestätigung fehlgeschlagen."
        return 200, "OK"
