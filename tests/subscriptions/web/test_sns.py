"""The SNS endpoint for SES events: signatures (versions 1 and 2) with a certificate the test made, the exact
host rule for SigningCertURL and SubscribeURL, permanent bounces and complaints suppress, nothing else does."""

from __future__ import annotations

import json

import pytest

from delivery.subscriptions import consent
from delivery.subscriptions.sns import CertStore, SnsError, check_url, string_to_sign
from tests.subscriptions.web.webhelpers import (CERT_URL, REGION, TOPIC, SigningCert, bounce, complaint,
                                                notification)


@pytest.fixture(scope="module")
def signer() -> SigningCert:
    return SigningCert()


class Fetcher:
    """The certificate fetcher the endpoint would use over HTTPS; records every URL it is asked for."""

    def __init__(self, certs: dict[str, bytes]):
        self.certs, self.asked = certs, []

    def __call__(self, url: str) -> bytes:
        self.asked.append(url)
        return self.certs[url]


@pytest.fixture
def sns(make_app, make_settings, signer, clock):
    fetcher = Fetcher({CERT_URL: signer.pem})
    confirmed: list[str] = []
    app = make_app(make_settings(), certs=CertStore(REGION, fetch=fetcher), sns_get=confirmed.append)
    for address in ("hart@example.org", "beschwerde@example.org", "voll@example.org"):
        app.store.request(address, form_hash=consent.CURRENT_HASH, now=clock())
        app.store.confirm(address, now=clock())
    from werkzeug.test import Client

    return app, Client(app), fetcher, confirmed


def post(client, message: dict):
    return client.post("/abo/ses-ereignisse", data=json.dumps(message), content_type="text/plain; charset=UTF-8",
                       headers={"x-amz-sns-message-type": message.get("Type", "")})


def test_string_to_sign_order_with_and_without_subject():
    message = {"Type": "Notification", "MessageId": "m-1", "TopicArn": TOPIC, "Message": "a\nb",
               "Timestamp": "2026-11-23T09:59:58.123Z", "Subject": "Betreff", "UnsubscribeURL": "x"}
    expected = (f"Message\na\nb\nMessageId\nm-1\nSubject\nBetreff\nTimestamp\n2026-11-23T09:59:58.123Z\n"
                f"TopicArn\n{TOPIC}\nType\nNotification\n")
    assert string_to_sign(message) == expected.encode()
    del message["Subject"]
    assert string_to_sign(message) == expected.replace("Subject\nBetreff\n", "").encode()
    confirmation = {"Type": "SubscriptionConfirmation", "MessageId": "m-2", "Token": "t", "TopicArn": TOPIC,
                    "Message": "m", "SubscribeURL": "https://s", "Timestamp": "ts"}
    assert string_to_sign(confirmation) == (f"Message\nm\nMessageId\nm-2\nSubscribeURL\nhttps://s\nTimestamp\nts\n"
                                            f"Token\nt\nTopicArn\n{TOPIC}\nType\nSubscriptionConfirmation\n").encode()


@pytest.mark.parametrize("version", ["1", "2"])
def test_permanent_bounce_suppresses_with_the_reason(sns, signer, version):
    app, client, fetcher, _ = sns
    response = post(client, signer.sign(notification(bounce("hart@example.org")), version))
    assert response.status_code == 200
    sub = app.store.get("hart@example.org")
    assert sub.state == "suppressed" and sub.reason.startswith("bounce: General; smtp; 550 5.1.1 user unknown")
    assert fetcher.asked == [CERT_URL]


def test_certificate_is_fetched_once(sns, signer):
    app, client, fetcher, _ = sns
    for address in ("hart@example.org", "voll@example.org"):
        assert post(client, signer.sign(notification(bounce(address)))).status_code == 200
    assert fetcher.asked == [CERT_URL]


def test_complaint_suppresses(sns, signer):
    app, client, _, _ = sns
    assert post(client, signer.sign(notification(complaint("beschwerde@example.org"), subject="x"))).status_code == 200
    sub = app.store.get("beschwerde@example.org")
    assert sub.state == "suppressed" and sub.reason == "complaint: abuse"


@pytest.mark.parametrize("kind", ["Transient", "Undetermined"])
def test_transient_bounce_changes_nothing(sns, signer, kind):
    app, client, _, _ = sns
    assert post(client, signer.sign(notification(bounce("voll@example.org", kind, "MailboxFull")))).status_code == 200
    assert app.store.get("voll@example.org").state == "confirmed"


def test_event_publishing_format_is_understood(sns, signer):
    app, client, _, _ = sns
    event = bounce("hart@example.org")
    event["eventType"] = event.pop("notificationType")
    assert post(client, signer.sign(notification(event))).status_code == 200
    assert app.store.get("hart@example.org").state == "suppressed"


def test_delivery_and_unknown_addresses_are_ignored(sns, signer):
    app, client, _, _ = sns
    delivery = {"notificationType": "Delivery", "delivery": {"recipients": ["voll@example.org"]}}
    assert post(client, signer.sign(notification(delivery))).status_code == 200
    assert post(client, signer.sign(notification(bounce("fremd@example.org")))).status_code == 200
    assert app.store.get("voll@example.org").state == "confirmed" and app.store.get("fremd@example.org") is None


def _tamper_message(m):
    m["Message"] = json.dumps(bounce("voll@example.org"))


def _tamper_signature(m):
    m["Signature"] = m["Signature"][:10] + ("A" if m["Signature"][10] != "A" else "B") + m["Signature"][11:]


@pytest.mark.parametrize("tamper", [
    _tamper_message,  # signed for another address
    _tamper_signature,
    lambda m: m.pop("Signature"),  # unsigned
    lambda m: m.update(Signature=""),
    lambda m: m.update(Signature="kein base64!"),
    lambda m: m.update(SignatureVersion="3"),
    lambda m: m.update(Type="Notification2"),
    lambda m: m.update(Timestamp="2026-11-23T10:00:00.000Z"),
    lambda m: m.update(Subject="dazugefügt"),  # a field added after signing is signed too
], ids=["message", "signature", "unsigned", "empty", "not-base64", "version", "type", "timestamp", "subject"])
def test_forged_or_unsigned_messages_get_403_and_change_nothing(sns, signer, tamper):
    app, client, _, _ = sns
    message = signer.sign(notification(bounce("hart@example.org")))
    tamper(message)
    assert post(client, message).status_code == 403
    assert app.store.get("hart@example.org").state == "confirmed"
    assert app.store.get("voll@example.org").state == "confirmed"


def test_signature_by_another_key_at_the_right_url_is_refused(sns):
    app, client, _, _ = sns
    impostor = SigningCert()  # signs with its own key; the endpoint checks against the certificate at CERT_URL
    assert post(client, impostor.sign(notification(bounce("hart@example.org")))).status_code == 403
    assert app.store.get("hart@example.org").state == "confirmed"


FOREIGN = [
    f"https://sns.{REGION}.amazonaws.com.evil.example/cert.pem",
    f"https://evil.example/sns.{REGION}.amazonaws.com/cert.pem",
    f"https://sns.{REGION}.amazonaws.com@evil.example/cert.pem",
    f"https://user@sns.{REGION}.amazonaws.com/cert.pem",
    f"https://sns.{REGION}.amazonaws.com:8443/cert.pem",
    f"http://sns.{REGION}.amazonaws.com/cert.pem",
    "https://sns.us-east-1.amazonaws.com/cert.pem",  # a genuine SNS host of another region
    f"https://xsns.{REGION}.amazonaws.com/cert.pem",
    f"https://sns.{REGION}.amazonaws.com./cert.pem",
    f"https://sns.{REGION}.amazonaws.com/cert.txt",
    f"https://SNS.{REGION}.amazonaws.com.evil.example/cert.pem",
]


@pytest.mark.parametrize("url", FOREIGN)
def test_foreign_certificate_host_is_refused_before_anything_is_fetched(sns, signer, url):
    app, client, fetcher, _ = sns
    fetcher.certs[url] = signer.pem  # even if that host served the right certificate
    message = signer.sign(dict(notification(bounce("hart@example.org")), SigningCertURL=url))
    assert post(client, message).status_code == 403
    assert fetcher.asked == [] and app.store.get("hart@example.org").state == "confirmed"


def test_host_rule_also_runs_for_preloaded_certificates(signer):
    certs = CertStore(REGION, fetch=lambda url: pytest.fail(f"fetched {url}"))
    certs.preload(FOREIGN[0], signer.pem)
    with pytest.raises(SnsError):
        certs.certificate(FOREIGN[0])


def test_china_regions_use_their_domain():
    assert check_url("https://sns.cn-north-1.amazonaws.com.cn/c.pem", "cn-north-1")
    with pytest.raises(SnsError):
        check_url("https://sns.cn-north-1.amazonaws.com/c.pem", "cn-north-1")


def confirmation(subscribe_url: str) -> dict:
    return {"Type": "SubscriptionConfirmation", "MessageId": "c-1", "Token": "2336412f37fb687f5d51e6e2425",
            "TopicArn": TOPIC, "Message": f"You have chosen to subscribe to the topic {TOPIC}.",
            "SubscribeURL": subscribe_url, "Timestamp": "2026-11-23T09:58:00.000Z"}


def test_subscription_confirmation_visits_the_subscribe_url(sns, signer):
    _, client, _, confirmed = sns
    url = f"https://sns.{REGION}.amazonaws.com/?Action=ConfirmSubscription&TopicArn={TOPIC}&Token=2336412f"
    assert post(client, signer.sign(confirmation(url), "1")).status_code == 200
    assert confirmed == [url]


def test_subscription_confirmation_with_a_foreign_subscribe_url_is_refused(sns, signer):
    _, client, _, confirmed = sns
    url = "https://evil.example/?Action=ConfirmSubscription"
    assert post(client, signer.sign(confirmation(url))).status_code == 403
    assert confirmed == []


def test_unsigned_subscription_confirmation_is_not_followed(sns, signer):
    _, client, _, confirmed = sns
    message = confirmation(f"https://sns.{REGION}.amazonaws.com/?Action=ConfirmSubscription")
    assert post(client, message).status_code == 403 and confirmed == []


def test_only_configured_topics(make_app, make_settings, signer, clock):
    from werkzeug.test import Client

    app = make_app(make_settings(SUBSCRIPTIONS_SNS_TOPICS=f"{TOPIC}-andere"),
                   certs=CertStore(REGION, fetch=Fetcher({CERT_URL: signer.pem})))
    app.store.request("hart@example.org", form_hash=consent.CURRENT_HASH, now=clock())
    assert post(Client(app), signer.sign(notification(bounce("hart@example.org")))).status_code == 403
    assert app.store.get("hart@example.org").state == "pending"


def test_expired_signing_certificate_is_refused(make_app, make_settings, clock):
    from werkzeug.test import Client

    old = SigningCert(valid_days=1)  # valid for a day, a month before the pinned clock
    app = make_app(make_settings(), certs=CertStore(REGION, fetch=Fetcher({CERT_URL: old.pem})))
    assert post(Client(app), old.sign(notification(bounce("hart@example.org")))).status_code == 403


def test_not_json_is_a_bad_request(sns):
    _, client, _, _ = sns
    assert client.post("/abo/ses-ereignisse", data="kein json").status_code == 400


HOSTILE_BODIES = [
    b"[" * 100_000,  # nesting deeper than the JSON decoder's recursion limit
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    json.dumps({"Type": [], "SignatureVersion": "2"}).encode(),  # not a string: cannot be looked up
    json.dumps({"Type": {"x": 1}, "SignatureVersion": "1"}).encode(),
    b'{"Type":"Notification","SignatureVersion":"2","Message":"\\ud800","MessageId":"m","Timestamp":"t",'
    b'"TopicArn":"a","Signature":"QUFB","SigningCertURL":"https://sns.eu-central-1.amazonaws.com/c.pem"}',
]


@pytest.mark.parametrize("body", HOSTILE_BODIES, ids=["deep-array", "deep-object", "type-list", "type-object",
                                                      "lone-surrogate"])
def test_hostile_bodies_get_a_plain_4xx_and_fetch_nothing(sns, body):
    app, client, fetcher, confirmed = sns
    response = client.post("/abo/ses-ereignisse", data=body, content_type="text/plain; charset=UTF-8")
    assert response.status_code in (400, 403), response.status_code
    assert response.content_type == "text/plain; charset=utf-8"
    assert fetcher.asked == [] and confirmed == [] and app.store.get("hart@example.org").state == "confirmed"


@pytest.mark.parametrize("event", [
    {"notificationType": "Bounce", "bounce": ["Permanent"]},
    {"notificationType": "Complaint", "complaint": "abuse"},
    {"notificationType": "Bounce", "bounce": {"bounceType": "Permanent", "bouncedRecipients": "hart@example.org"}},
    {"notificationType": "Complaint", "complaint": {"complainedRecipients": [None, "beschwerde@example.org", 7]}},
], ids=["bounce-list", "complaint-text", "recipients-text", "recipients-not-objects"])
def test_signed_event_of_an_odd_shape_changes_nothing_and_is_not_retried(sns, signer, event):
    app, client, _, _ = sns
    assert post(client, signer.sign(notification(event))).status_code == 200  # a 500 would make SNS retry
    assert {app.store.get(a).state for a in ("hart@example.org", "beschwerde@example.org")} == {"confirmed"}


def test_odd_entries_next_to_a_genuine_recipient_do_not_stop_its_suppression(sns, signer):
    app, client, _, _ = sns
    event = complaint("beschwerde@example.org")
    event["complaint"]["complainedRecipients"][:0] = [None, ["hart@example.org"]]
    assert post(client, signer.sign(notification(event))).status_code == 200
    assert app.store.get("beschwerde@example.org").state == "suppressed"
    assert app.store.get("hart@example.org").state == "confirmed"
