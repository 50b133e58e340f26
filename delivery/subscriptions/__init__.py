"""Subscribers: the store interface with its `sqlite` and `ses` implementations, and the operator's commands.

The endpoint (sign-up, confirm, unsubscribe, SES events) codes against `Store`; the newsletter audience comes
from `Store.audience()`. See docs/subscriptions.md.
"""

from .model import STATES, Consent, ImportReport, Subscriber

_FROM_STORE = ("Store", "StoreError", "open_store")


def __getattr__(name: str):
    """The store (and the mail package it uses) loads on first use: the site build needs only ``consent`` and
    ``paths`` from here, and is spared importing it."""
    if name in _FROM_STORE:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["STATES", "Consent", "ImportReport", "Store", "StoreError", "Subscriber", "open_store"]
