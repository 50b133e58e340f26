"""Amazon SNS messages to an HTTPS endpoint: signature verification (SignatureVersion 1 and 2) and the host rule.

The string to sign is "Name\\nValue\\n" for each signed field, in byte order of the names (AWS, "Verifying the
signatures of Amazon SNS messages"): Notification: Message, MessageId, Subject (only if present), Timestamp,
TopicArn, Type; SubscriptionConfirmation and UnsubscribeConfirmation: Message, MessageId, SubscribeURL,
Timestamp, Token, TopicArn, Type. The signature is RSA PKCS#1 v1.5 with SHA1 (version 1) or SHA256 (version 2)
under the key of the X.509 certificate at SigningCertURL.

SigningCertURL (and SubscribeURL) must be https on exactly `sns.<region>.amazonaws.com` of the configured
region (`.amazonaws.com.cn` for cn-* regions): no other host, port, user info or look-alike. Certificates are
fetched once per URL and kept; the fetcher is injectable (tests pre-fill the store, there is no network), and
the host rule runs on the URL before any fetch or cache hit.
"""

from __future__ import annotations

import base64
import binascii
import threading
import urllib.request
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SIGNED = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
    "UnsubscribeConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
}
OPTIONAL = {"Subject"}
HASHES = {"1": hashes.SHA1, "2": hashes.SHA256}
MAX_CERT_BYTES = 64 * 1024
CACHE_SIZE = 32


class SnsError(Exception):
    """Not a genuine SNS message for us: answer 403 and change nothing."""


def sns_host(region: str) -> str:
    return f"sns.{region}.amazonaws.com" + (".cn" if region.startswith("cn-") else "")


def check_url(url: object, region: str, what: str = "SigningCertURL") -> str:
    """The URL if it is https on exactly the SNS host of `region`; raises SnsError otherwise."""
    if not isinstance(url, str) or not url:
        raise SnsError(f"{what} missing")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise SnsError(f"{what} is not a URL") from None
    if parts.scheme != "https" or parts.username is not None or parts.password is not None:
        raise SnsError(f"{what} must be plain https")
    if (parts.hostname or "") != sns_host(region) or parts.netloc.lower() not in (sns_host(region),
                                                                                    sns_host(region) + ":443"):
        raise SnsError(f"{what} is not on {sns_host(region)}")
    if port not in (None, 443):
        raise SnsError(f"{what} uses another port")
    return url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the host rule holds for the URL we checked, not for wherever it points


def https_get(url: str, limit: int = MAX_CERT_BYTES + 1) -> bytes:
    """GET over https (server certificate verified), no redirects; used only for URLs check_url accepted."""
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(url, timeout=5) as response:
        return response.read(limit)


class CertStore:
    """SNS signing certificates by URL. `fetch(url) -> PEM bytes`; `preload(url, pem)` for tests."""

    def __init__(self, region: str, fetch: Callable[[str], bytes] | None = None):
        self.region = region
        self.fetch = fetch or https_get
        self._cache: dict[str, x509.Certificate] = {}
        self._lock = threading.Lock()

    def preload(self, url: str, pem: bytes) -> None:
        with self._lock:
            self._cache[url] = x509.load_pem_x509_certificate(pem)

    def certificate(self, url: str, now: datetime | None = None) -> x509.Certificate:
        check_url(url, self.region)
        if not urlsplit(url).path.endswith(".pem"):
            raise SnsError("SigningCertURL is not a certificate (.pem)")
        with self._lock:
            cert = self._cache.get(url)
        if cert is None:
            try:
                pem = self.fetch(url)
                if len(pem) > MAX_CERT_BYTES:
                    raise ValueError("too large")
                cert = x509.load_pem_x509_certificate(pem)
            except (OSError, ValueError) as exc:
                raise SnsError(f"cannot load the signing certificate: {exc}") from None
            with self._lock:
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.clear()
                self._cache[url] = cert
        now = now or datetime.now(timezone.utc)
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise SnsError("the signing certificate is not valid now")
        return cert


def string_to_sign(message: dict) -> bytes:
    kind = message.get("Type")
    fields = SIGNED.get(kind) if isinstance(kind, str) else None
    if fields is None:
        raise SnsError(f"unknown message type {str(kind)[:40]!r}")
    lines = []
    for name in fields:
        value = message.get(name)
        if value is None and name in OPTIONAL:
            continue
        if not isinstance(value, str):
            raise SnsError(f"{name} missing")
        lines.append(f"{name}\n{value}\n")
    try:
        return "".join(lines).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (JSON "\\ud800"): SNS never signs that
        raise SnsError("a signed field is not valid Unicode") from None


def verify(message: dict, certs: CertStore, now: datetime | None = None) -> None:
    """Raises SnsError unless `message` (the parsed JSON body) carries a valid SNS signature."""
    if not isinstance(message, dict):
        raise SnsError("not an SNS message")
    algorithm = HASHES.get(str(message.get("SignatureVersion")))
    if algorithm is None:
        raise SnsError(f"unsupported SignatureVersion {message.get('SignatureVersion')!r}")
    data = string_to_sign(message)
    try:
        signature = base64.b64decode(message.get("Signature") or "", validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise SnsError("Signature is not base64") from None
    if not signature:
        raise SnsError("unsigned message")
    key = certs.certificate(message.get("SigningCertURL"), now).public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SnsError("the signing certificate has no RSA key")
    try:
        key.verify(signature, data, padding.PKCS1v15(), algorithm())
    except InvalidSignature:
        raise SnsError("bad signature") from None
