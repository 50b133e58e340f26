"""A real SMTP server on 127.0.0.1 for tests and the bench: aiosmtpd with a recording handler.

The handler can misbehave on purpose: answer 451 to the first N RCPTs per recipient, drop the connection on
the first N DATA commands, reject given recipients with 550, or call a hook per accepted message (the crash
tests kill the sending process from there). TLS certificates are generated on the fly with `cryptography`.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Recorder:
    """Stores what the server accepted; thread-safe reads for the tests."""

    temp_fail_rcpt: int = 0  # answer 451 to the first N RCPT attempts of every recipient
    drop_data: int = 0  # close the connection without answer on the first N DATA commands
    reject: set = field(default_factory=set)  # recipients answered with 550 at RCPT
    on_data: object = None  # hook(number, envelope) -> bool: called for each DATA; False discards the message
    messages: list = field(default_factory=list)
    rcpt_attempts: Counter = field(default_factory=Counter)
    data_commands: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpt_attempts[address.lower()] += 1
            attempt = self.rcpt_attempts[address.lower()]
        if address.lower() in self.reject:
            return "550 5.1.1 No such user here"
        if attempt <= self.temp_fail_rcpt:
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
            number = self.data_commands
        if number <= self.drop_data:
            server.transport.close()
            return "421 4.3.0 closing"  # never reaches the client: the connection is gone
        if self.on_data and not self.on_data(number, envelope):
            return "451 4.3.0 Message discarded"  # the hook dropped it (the client is usually dead by now)
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 Ok: queued as %d" % number

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def parsed(self):
        with self.lock:
            items = list(self.messages)
        return [(rcpts, message_from_bytes(data, policy=policy.default)) for _, rcpts, data in items]

    def per_recipient(self) -> Counter:
        with self.lock:
            return Counter(rcpt.lower() for _, rcpts, _ in self.messages for rcpt in rcpts)


class Authenticator:
    def __init__(self, user: str, password: str):
        self.user, self.password = user.encode(), password.encode()
        self.attempts = 0

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.attempts += 1
        ok = getattr(auth_data, "login", None) == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)


def make_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1/localhost; the cert file doubles as the CA file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return certfile, keyfile


def server_context(certfile: Path, keyfile: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    return context


def start(handler: Recorder, *, starttls: ssl.SSLContext | None = None, implicit_tls: ssl.SSLContext | None = None,
          authenticator: Authenticator | None = None) -> Controller:
    kwargs = {}
    if starttls:
        kwargs.update(tls_context=starttls, require_starttls=True)
    if authenticator:
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(starttls))
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), ssl_context=implicit_tls,
                            **kwargs)
    controller.start()
    return controller
