"""Subscribers: the store interface with its `sqlite` and `ses` implementations, and the operator's commands.

The endpoint (sign-up, confirm, unsubscribe, SES events) codes against `Store`; the newsletter audience comes
from `Store.audience()`. See docs/subscriptions.md.
"""

from .model import STATES, Consent, ImportReport, Subscriber
from .store import Store, StoreError, open_store

__all__ = ["STATES", "Consent", "ImportReport", "Store", "StoreError", "Subscriber", "open_store"]
