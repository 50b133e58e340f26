"""The provider interface: the audience (from the subscriber store) and one connection per worker that delivers
a message."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from ..message import Outgoing, Recipient
from ..subscribers import Reject


class Connection(ABC):
    """Used by one worker thread at a time. `send` returns the provider's message id or raises one of
    TransientError, PermanentError, FatalError (errors.py)."""

    @abstractmethod
    def send(self, out: Outgoing) -> str: ...

    def close(self) -> None:  # noqa: B027 - optional
        pass


class Provider(ABC):
    name = "base"
    source = "subscriber"  # how the subscriber source numbers its rows in reports

    def __init__(self, settings: dict, issue: str, warn=print):
        self.settings = settings
        self.issue = issue
        self.warn = warn
        self.from_address = settings["MAILING_FROM_ADDRESS"]
        self.test = False  # set for `--test` sends (the outbox puts them in a subfolder)

    def subscribers(self) -> Iterator[tuple[int, Recipient | Reject]]:
        """The confirmed subscribers of the subscriber store (delivery/subscriptions: sqlite for outbox and smtp,
        the SES contact list for ses)."""
        from delivery.subscriptions.audience import recipients

        return recipients(self.settings, warn=self.warn)

    def describe_source(self) -> str:
        from delivery.subscriptions.audience import describe

        return describe(self.settings)

    def sent_before(self) -> str:
        """Evidence that this issue went out before (for a send that finds no ledger), or ''."""
        return ""

    def check(self) -> None:
        """Fail early (FatalError / MailingError) if we cannot send at all, e.g. refused login."""
        self.connect().close()

    def rate(self) -> float | None:
        """Messages per second for the whole run; None for no limit."""
        rate = self.settings["MAILING_RATE"]
        return float(rate) if rate else None

    @abstractmethod
    def connect(self) -> Connection: ...
