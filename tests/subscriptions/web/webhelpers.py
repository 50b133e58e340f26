"""Helpers for the endpoint tests: settings in tmp_path, a pinned clock, reading confirmation mails, SNS messages
signed with a certificate the test makes itself."""

from __future__ import annotations

import base64
import datetime as dt
import re
from email import message_from_bytes, policy
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

SECRET = "test-secret-0123456789abcdef"
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
SITEURL = "http://127.0.0.1:8000"
REGION = "eu-central-1"
CERT_URL = f"https://sns.{REGION}.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem"
TOPIC = f"arn:aws:sns:{REGION}:123456789012:netzbrief-ses-ereignisse"


class Clock:
    def __init__(self, now: dt.datetime = NOW):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


def read_mails(folder: Path) -> list:
    """Parsed .eml files of a folder, oldest first."""
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns) if folder.is_dir() else []
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]


def confirm_link(message) -> str:
    """The confirmation link of a confirmation mail (the same in the text and the HTML part)."""
    text = message.get_body(("plain",)).get_content()
    links = re.findall(r"https?://\S+/abo/bestaetigen\?token=[\w.\-]+", text)
    assert len(links) == 1, text
    html = message.get_body(("html",)).get_content()
    assert f'href="{links[0]}"' in html
    return links[0]


def token_of(url: str) -> str:
    return url.split("token=", 1)[1]


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class SigningCert:
    """A CA and an SNS-like signing certificate issued by it; signs messages like SNS does."""

    def __init__(self, valid_days: int = 365):
        now = NOW - dt.timedelta(days=29)  # valid from a month before the tests' pinned clock
        ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ca = (x509.CertificateBuilder().subject_name(_name("Test CA")).issuer_name(_name("Test CA"))
              .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=valid_days))
              .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
              .sign(ca_key, hashes.SHA256()))
        cert = (x509.CertificateBuilder().subject_name(_name(f"sns.{REGION}.amazonaws.com")).issuer_name(ca.subject)
                .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=valid_days))
                .sign(ca_key, hashes.SHA256()))
        self.pem = cert.public_bytes(serialization.Encoding.PEM)

    def sign(self, message: dict, version: str = "2") -> dict:
        """Fill SignatureVersion, SigningCertURL (unless set) and Signature the way SNS does."""
        from delivery.subscriptions.sns import string_to_sign

        message = dict(message)
        message["SignatureVersion"] = version
        message.setdefault("SigningCertURL", CERT_URL)
        algorithm = hashes.SHA1() if version == "1" else hashes.SHA256()
        signature = self.key.sign(string_to_sign(message), padding.PKCS1v15(), algorithm)
        message["Signature"] = base64.b64encode(signature).decode()
        return message


def notification(event: dict, *, message_id: str = "b5a2c3d4-0000-4000-8000-000000000001",
                 subject: str | None = None) -> dict:
    import json

    message = {"Type": "Notification", "MessageId": message_id, "TopicArn": TOPIC,
               "Message": json.dumps(event), "Timestamp": "2026-11-23T09:59:58.123Z", "UnsubscribeURL":
               f"https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={TOPIC}:1"}
    if subject is not None:
        message["Subject"] = subject
    return message


def bounce(address: str, kind: str = "Permanent", sub: str = "General") -> dict:
    return {"notificationType": "Bounce", "bounce": {
        "bounceType": kind, "bounceSubType": sub, "timestamp": "2026-11-23T09:59:50.000Z",
        "bouncedRecipients": [{"emailAddress": address, "action": "failed", "status": "5.1.1",
                               "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]},
        "mail": {"destination": [address], "source": "rundbrief@kv-mitte.example.org"}}


def complaint(address: str) -> dict:
    return {"notificationType": "Complaint", "complaint": {
        "complainedRecipients": [{"emailAddress": address}], "complaintFeedbackType": "abuse",
        "timestamp": "2026-11-23T09:59:50.000Z"}, "mail": {"destination": [address]}}
