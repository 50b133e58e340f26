"""The sending engine: workers with their own provider connection, a shared token bucket, retries, the ledger.

Per recipient a worker composes the message, marks the row `sending` (committed), calls the provider, then
commits `sent`, `failed` or `deferred`. A worker holds at most one `sending` row at a time, so a crash leaves
at most one ambiguous row per worker (see docs/mailing.md). The main thread feeds the workers from the
ledger in small batches through a bounded queue, so memory does not grow with the number of recipients.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .errors import DeliveryError, FatalError, PermanentError, TransientError
from .message import Composer, Outgoing, Recipient
from .providers import Connection, Provider
from .ratelimit import TokenBucket, backoff


@dataclass
class RetryPolicy:
    attempts: int = 6
    base: float = 1.0
    cap: float = 60.0

    @classmethod
    def from_settings(cls, s: dict) -> RetryPolicy:
        return cls(int(s["MAILING_RETRIES"]), float(s["MAILING_BACKOFF"]), float(s["MAILING_BACKOFF_MAX"]))


@dataclass
class Outcome:
    counts: dict[str, int] = field(default_factory=lambda: {"sent": 0, "failed": 0, "deferred": 0})
    fatal: str | None = None
    interrupted: bool = False


def attempt(conn: Connection, out: Outgoing, bucket: TokenBucket, policy: RetryPolicy, stop: threading.Event):
    """Deliver one message with retries: ("sent", provider id) | ("failed" | "deferred" | "stopped", reason).

    Raises FatalError; a temporary connection error that outlasts the retries is fatal too (server gone).
    """
    for number in range(1, policy.attempts + 1):
        bucket.acquire()
        try:
            return "sent", conn.send(out)
        except PermanentError as exc:
            return "failed", str(exc)
        except TransientError as exc:
            if number == policy.attempts:
                if exc.connection:
                    raise FatalError(f"the provider stays unreachable: {exc}") from None
                return "deferred", f"temporary: {exc}"
            if stop.wait(backoff(number, policy.base, policy.cap)):
                return "stopped", str(exc)
    return "deferred", "no attempts configured"


def deliver(ledger, issue: str, rows: Iterable, composer: Composer, provider: Provider, *, workers: int,
            bucket: TokenBucket, policy: RetryPolicy, on_done: Callable[[str], None] = lambda state: None) -> Outcome:
    outcome, lock = Outcome(), threading.Lock()
    stop, fed = threading.Event(), threading.Event()
    jobs: queue.Queue = queue.Queue(maxsize=workers * 4)

    def work() -> None:
        conn = None
        try:
            conn = provider.connect()
            while not stop.is_set():
                try:
                    row = jobs.get(timeout=0.1)
                except queue.Empty:
                    if fed.is_set():
                        return
                    continue
                out = composer.compose(Recipient(row["email"], row["name"], row["salutation"]))
                key = row["key"]
                if not ledger.claim(issue, key, out.message_id):
                    continue
                try:
                    state, detail = attempt(conn, out, bucket, policy, stop)
                except BaseException:
                    ledger.finish(issue, key, "pending", reason="run stopped")  # nothing was accepted
                    raise
                if state == "stopped":
                    ledger.finish(issue, key, "pending", reason=detail)
                    continue
                ledger.finish(issue, key, state, **({"provider_id": detail} if state == "sent" else {"reason": detail}))
                with lock:
                    outcome.counts[state] += 1
                on_done(state)
        except BaseException as exc:  # FatalError, or a bug: stop everyone, keep the rows for a resume
            with lock:
                outcome.fatal = outcome.fatal or (str(exc) if isinstance(exc, FatalError | DeliveryError)
                                                  else f"{type(exc).__name__}: {exc}")
            stop.set()
        finally:
            if conn is not None:
                conn.close()

    threads = [threading.Thread(target=work, name=f"mail-worker-{n}", daemon=True) for n in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for row in rows:
            while not stop.is_set():
                try:
                    jobs.put(row, timeout=0.1)
                    break
                except queue.Full:
                    pass
            if stop.is_set():
                break
    except KeyboardInterrupt:
        outcome.interrupted = True
        stop.set()
    fed.set()
    while any(thread.is_alive() for thread in threads):
        try:
            for thread in threads:
                thread.join()
        except KeyboardInterrupt:  # a second Ctrl-C: workers still finish their current message
            outcome.interrupted = True
            stop.set()
    return outcome
