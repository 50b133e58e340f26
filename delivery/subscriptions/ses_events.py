"""SES bounce and complaint notifications arriving through SNS: who gets suppressed, and why.

Both SES notification formats are understood: identity notifications (`notificationType`) and configuration-set
event publishing (`eventType`). Permanent bounces and complaints suppress every named recipient with the reason;
transient and undetermined bounces change nothing (SES retries, and a full mailbox is no reason to drop
anyone); deliveries and other events are ignored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime

log = logging.getLogger("netzbrief.subscriptions")
REASON_MAX = 300


def suppressions(message_text: str) -> Iterator[tuple[str, str]]:
    """(address, reason) for every recipient the SES notification in an SNS `Message` says to suppress."""
    try:
        event = json.loads(message_text)
    except (TypeError, ValueError):
        return
    if not isinstance(event, dict):
        return
    kind = event.get("notificationType") or event.get("eventType")
    if kind == "Bounce":
        bounce = event.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return
        for recipient in bounce.get("bouncedRecipients") or []:
            detail = " ".join(str(recipient.get("diagnosticCode") or "").split())
            reason = f"bounce: {bounce.get('bounceSubType') or 'General'}" + (f"; {detail}" if detail else "")
            yield recipient.get("emailAddress"), reason[:REASON_MAX]
    elif kind == "Complaint":
        complaint = event.get("complaint") or {}
        feedback = complaint.get("complaintFeedbackType") or complaint.get("complaintSubType") or ""
        for recipient in complaint.get("complainedRecipients") or []:
            yield recipient.get("emailAddress"), ("complaint" + (f": {feedback}" if feedback else ""))[:REASON_MAX]


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
