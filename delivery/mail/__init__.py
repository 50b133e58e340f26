"""Sending the newsletter: providers (outbox, smtp, ses), subscribers, the delivery ledger and the sender.

Entry points for the invoke tasks: `send_issue` and `resend`. `verify_token` checks unsubscribe tokens.
See docs/mailing.md.
"""

from .commands import resend, send_issue
from .tokens import verify_token

__all__ = ["resend", "send_issue", "verify_token"]
