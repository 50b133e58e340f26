"""A helper process that ends with the build which started it (the search worker, the beside check).

A killed build leaves its helpers behind otherwise: the search worker would write into a staging folder the next
build has retired, and a check would hold a core and write the check store while the next build checks. Linux
ends the helper when its parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere nothing is done. This module imports
nothing of Pelican: the search worker must stay light.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int | None) -> None:
    """Ask to be killed when the parent dies; exit now if ``parent`` (its pid) has died already."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    if prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0 and parent is not None and os.getppid() != parent:
        sys.exit(0)  # the build died before the request took hold
