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

The limit is a moving window in memory (the `limits` package): per process, so on Lambda per warm instance;
cap the instances with reserved concurrency (docs/subscriptions.md). The per-address limit is in the store.
"""

from __future__ import annotations

import hmac
import ipaddress
import os

from limits import parse_many, storage, strategies

ORIGIN_SECRET_ENV = "NETZBRIEF_SUBSCRIPTIONS_ORIGIN_SECRET"
ORIGIN_HEADER = "HTTP_X_NETZBRIEF_ORIGIN"
VIEWER_HEADER = "HTTP_CLOUDFRONT_VIEWER_ADDRESS"


def parse_limit(text: str):
    return parse_many(text)


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
    """`allow(key)` counts one sign-up for the client and says whether it is within the limit."""

    def __init__(self, limit: str):
        self.items = parse_many(limit)
        self.limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())

    def allow(self, key: str) -> bool:
        if not all(self.limiter.test(item, "signup", key) for item in self.items):
            return False
        return all([self.limiter.hit(item, "signup", key) for item in self.items])
