"""The whole life of a subscriber, tried as a new reader would, in Chromium: open the built newsletter page, fill
in the form, submit; the confirmation mail arrives (outbox, aiosmtpd, moto's SES); open its link, confirm;
`newsletter.send` delivers the next issue to that address; the mail's List-Unsubscribe URL gets the RFC 8058
POST and answers 200; the next send skips the address. SES runs with the `ses` store, the others with SQLite.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from delivery.mail.artifacts import latest_issue
from delivery.subscriptions import consent
from tests.subscriptions.web.test_browser import Run, fill_form, problems
from tests.subscriptions.web.webhelpers import SITEURL, confirm_link, read_mails

READER = "neue.leserin@example.org"
REGULAR = "stammleser@example.org"  # subscribed before; still gets every issue
PUBLIC = "https://netzbrief.kv-mitte.example.org"


def issues(sample_site: Path, target: Path) -> tuple[str, str]:
    """The sample's newest built issue and a copy of it as the next one, with public links (smtp and ses refuse
    to mail a development build)."""
    source = sample_site.parent / "newsletter"
    first = latest_issue(source)
    following = "2099-01"
    for name in (first, following):
        shutil.copytree(source / first, target / name)
        manifest = json.loads((target / name / "manifest.json").read_text(encoding="utf-8"))
        manifest.update(issue=name, web_url=f"{PUBLIC}/newsletter/{name}/")
        (target / name / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return first, following


class Mailbox:
    """Where a provider's mails can be read back: the outbox folder, the SMTP server, or moto."""

    def __init__(self, kind: str, *, folder: Path | None = None, recorder=None, ses=None):
        self.kind, self.folder, self.recorder, self.ses = kind, folder, recorder, ses

    def messages(self, issue: str) -> list:
        """The mails of one issue ("anmeldung": confirmation mails), in the order they were sent."""
        if self.kind == "outbox":
            return read_mails(self.folder / issue)
        if self.kind == "smtp":
            found = [m for _, m in self.recorder.parsed()]
        else:
            found = [message_from_bytes(m["raw_data"].encode(), policy=policy.default) for m in self.ses.sent()]
        return [m for m in found if m["Message-ID"].startswith(f"<{issue}.")]

    def to(self, issue: str) -> list[str]:
        return sorted(m["To"].addresses[0].addr_spec.lower() for m in self.messages(issue))


@pytest.fixture(params=["outbox", "smtp", "ses"])
def world(request, tmp_path, make_settings, make_app, sample_site):
    """(endpoint app, local server URL, mailbox, settings for send_issue, artifacts folder) for one provider."""
    from delivery.subscriptions.local import SiteAndEndpoint, StaticSite, make_local_server

    extra, stop = {}, []
    if request.param == "outbox":
        mailbox = Mailbox("outbox", folder=tmp_path / "outbox")
    elif request.param == "smtp":
        from tests.servers import smtp as smtp_server

        recorder = smtp_server.Recorder()
        controller = smtp_server.start(recorder)
        stop.append(controller.stop)
        extra = {"MAILING_PROVIDER": "smtp", "MAILING_SMTP_HOST": "127.0.0.1", "MAILING_SMTP_PORT": controller.port,
                 "MAILING_SMTP_SECURITY": "none"}
        mailbox = Mailbox("smtp", recorder=recorder)
    else:
        from tests.subscriptions.conftest import LIST, TOPIC, ses_list

        ses = request.getfixturevalue("ses")
        ses.client().create_email_identity(EmailIdentity="kv-mitte.example.org")
        ses_list(ses)
        extra = {"MAILING_PROVIDER": "ses", "MAILING_SES_ENDPOINT_URL": ses.url, "MAILING_SES_REGION": "eu-central-1",
                 "MAILING_SES_CONTACT_LIST": LIST, "MAILING_SES_TOPIC": TOPIC}
        mailbox = Mailbox("ses", ses=ses)
    settings = make_settings(**extra)
    app = make_app(settings)
    server = make_local_server(SiteAndEndpoint(StaticSite(sample_site), app), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    artifacts = tmp_path / "artifacts"
    send_settings = {k: v for k, v in settings.items() if k.startswith("MAILING_")}
    send_settings.update(PROJECT_ROOT=settings["PROJECT_ROOT"], MAILING_WORKERS=2)
    yield app, f"http://127.0.0.1:{server.server_port}", mailbox, send_settings, artifacts
    server.shutdown()
    server.server_close()
    for close in stop:
        close()


def send(issue: str, settings: dict, artifacts: Path) -> None:
    """A live send; the test's first real send starts its ledger (--new-ledger), later ones must find it."""
    from delivery.mail import send_issue

    first = not Path(settings["MAILING_LEDGER"]).exists()
    assert send_issue(issue, settings, artifacts_dir=artifacts, yes=True, new_ledger=first) == 0


def test_a_reader_subscribes_receives_and_leaves(world, browser, sample_site):
    app, base, mailbox, send_settings, artifacts = world
    first, following = issues(sample_site, artifacts)
    app.store.request(REGULAR, form_hash=consent.CURRENT_HASH, now=app.clock())
    app.store.confirm(REGULAR, now=app.clock())
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    try:
        run = Run(context, SITEURL, base)
        page = run.page
        page.goto(SITEURL + "/newsletter/")
        fill_form(page, READER, name="Nele Leserin", anrede="name")
        page.wait_for_url(SITEURL + "/newsletter/anmeldung/pruefen/")

        [mail] = mailbox.messages("anmeldung")
        assert mail["To"].addresses[0].addr_spec == READER
        page.goto(confirm_link(mail))
        page.wait_for_url(SITEURL + "/newsletter/anmeldung/bestaetigt/")
        assert not problems(run), problems(run)
    finally:
        context.close()
    subscriber = app.store.get(READER)
    assert subscriber.state == "confirmed" and subscriber.salutation == "Guten Tag Nele Leserin,"

    send(first, send_settings, artifacts)
    assert mailbox.to(first) == [READER, REGULAR]
    [issue_mail] = [m for m in mailbox.messages(first) if m["To"].addresses[0].addr_spec.lower() == READER]
    assert "Guten Tag Nele Leserin," in issue_mail.get_body(("plain",)).get_content()
    assert issue_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.search(r"<(https?://[^>]+)>", str(issue_mail["List-Unsubscribe"])).group(1)
    assert url.startswith(SITEURL + "/abmelden/?token=")

    # What Gmail and Apple Mail do: POST the body of RFC 8058 to the List-Unsubscribe URL
    request = urllib.request.Request(base + url[len(SITEURL):], data=b"List-Unsubscribe=One-Click", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    assert app.store.get(READER).state == "unsubscribed"

    send(following, send_settings, artifacts)
    assert mailbox.to(following) == [REGULAR]  # the next send skips the reader who left
