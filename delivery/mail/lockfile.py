"""An exclusive lock file: one sending process per ledger (a second concurrent send would duplicate every
message in flight). The kernel releases the lock when the holder exits or is killed."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from .errors import MailingError


@contextmanager
def exclusive(path: str | Path, what: str):
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise MailingError(f"another send is running on {what} (lock file {path})") from None
    try:
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")  # for whoever wonders who holds it
        handle.flush()
        yield
    finally:
        handle.close()
