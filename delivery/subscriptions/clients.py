"""Who is asking: the client address of a request, and the per-client limit on sign-ups.

"Client" is one IP address (IPv6: one /64 network, what one household or server usually has). Where it comes
from depends on how the endpoint is reached (SUBSCRIPTIONS_CLIENT_IP):

- "remote" (default): the WSGI REMOTE_ADDR. Locally that is the socket's peer; on a Lambda Function URL,
  apig-wsgi sets it from `requestContext.http.sourceIp`, the address AWS saw. X-Forwarded-For is never read:
  a Function URL passes on only the left-most value, which the caller chooses.
- "cloudfront": the endpoint sits behind CloudFront (the site's own origin). Then sourceIp is a CloudFront
  server, and the reader's address is the `CloudFront-Viewer-Address` header ("ip:port"), which CloudFront
  sets (origin request policy with that header). It is trusted only if the request also carries the secret
  origin header `X-Netzbrief-Origin` = NETZBRIEF_SUBSCRIPTIONS_ORIGIN_SECRET that CloudFront adds; a request
  straight to the Function URL lacks it and falls back to its sourceIp.

The limit is a moving window in memory, per process (on Lambda: per warm instance; cap the instances with
reserved concurrency, docs/subscriptions.md). The per-address limit is in the store. (The `limits` package's
memory storage starts a timer thread every 10 ms while it holds entries; a log of hit times per client is all
this needs.)
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import threading
import time
from collections import deque

ORIGIN_SECRET_ENV = "NETZBRIEF_SUBSCRIPTIONS_ORIGIN_SECRET"
ORIGIN_HEADER = "HTTP_X_NETZBRIEF_ORIGIN"
VIEWER_HEADER = "HTTP_CLOUDFRONT_VIEWER_ADDRESS"


UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RULE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*$")


def parse_limit(text: str) -> list[tuple[int, float]]:
    """"5/minute;20/hour" (also "10/5 minutes") -> [(5, 60), (20, 3600)]; ValueError if it is not that."""
    rules = []
    for part in (text or "").split(";"):
        match = RULE.match(part)
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"not a rate: {part!r}")
        rules.append((int(match.group(1)), int(match.group(2) or 1) * UNITS[match.group(3)]))
    return rules


def _network(address: str) -> str | None:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _viewer(value: str) -> str:
    """CloudFront-Viewer-Address is "ip:port" (IPv6 without brackets): drop the port."""
    host, _, port = value.strip().rpartition(":")
    return host if host and port.isdigit() else value


class ClientKeys:
    def __init__(self, mode: str = "remote", environ=None):
        self.mode = mode
        self.secret = (os.environ if environ is None else environ).get(ORIGIN_SECRET_ENV, "")

    def __call__(self, environ: dict) -> str:
        remote = environ.get("REMOTE_ADDR") or ""
        if self.mode == "cloudfront" and self.secret and environ.get(VIEWER_HEADER):
            if hmac.compare_digest(environ.get(ORIGIN_HEADER, "").encode(), self.secret.encode()):
                viewer = _network(_viewer(environ[VIEWER_HEADER]))
                if viewer:
                    return viewer
        return _network(remote) or "unknown"


class ClientLimit:
    """`allow(key)` counts one sign-up for the client if it is within every rule (refused ones do not count)."""

    PRUNE_EVERY = 1000

    def __init__(self, limit: str, clock=time.monotonic):
        self.rules = parse_limit(limit)
        self.longest = max(seconds for _, seconds in self.rules)
        self.clock = clock
        self.hits: dict[str, deque] = {}
        self.lock = threading.Lock()
        self.calls = 0

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self.lock:
            self.calls += 1
            if self.calls % self.PRUNE_EVERY == 0:
                self._prune(now)
            hits = self.hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.longest:
                hits.popleft()
            for count, seconds in self.rules:
                if sum(1 for at in hits if at > now - seconds) >= count:
                    return False
            hits.append(now)
            return True

    def _prune(self, now: float) -> None:
        """Forget clients whose last sign-up is older than the longest window (memory stays bounded)."""
        for key in [k for k, hits in self.hits.items() if not hits or hits[-1] <= now - self.longest]:
            del self.hits[key]
