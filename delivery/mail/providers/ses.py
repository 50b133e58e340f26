"""The SES provider: Amazon SES v2 through boto3; the audience is the `ses` subscriber store (the contact list
and topic, with name and salutation from the contacts' attributes: delivery/subscriptions/ses_store.py).

Messages go out as raw MIME (`Content.Raw`) with our own list headers; no `ListManagementOptions`, or SES would
add a second List-Unsubscribe. The rate is the account's `SendQuota.MaxSendRate` (GetAccount), capped by
MAILING_RATE; if GetAccount is unavailable, MAILING_RATE, else 1/s (the sandbox rate). botocore's own retries
are off: the sender retries and records.
"""

from __future__ import annotations

import threading

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, HTTPClientError, NoCredentialsError

from ..errors import FatalError, MailingError, PermanentError, TransientError
from ..message import Outgoing
from .base import Connection, Provider

THROTTLED = {"TooManyRequestsException", "Throttling", "ThrottlingException", "RequestThrottled"}
FATAL = {"AccountSuspendedException", "SendingPausedException", "MailFromDomainNotVerifiedException",
         "NotFoundException", "LimitExceededException", "AccessDeniedException", "UnrecognizedClientException",
         "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredTokenException", "IncompleteSignature"}


class SesProvider(Provider):
    name = "ses"

    def __init__(self, settings: dict, issue: str, warn=print):
        super().__init__(settings, issue, warn)
        self.config_set = settings["MAILING_SES_CONFIGURATION_SET"]
        self.tags = [{"Name": "issue", "Value": issue}]
        self._session, self._lock, self._rate = boto3.session.Session(), threading.Lock(), None
        self.client = self._client()

    def _client(self):
        """A client (own connection pool) per worker; one session, so the service model is loaded once."""
        config = Config(retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=30)
        with self._lock:  # creating clients from one session is not thread-safe; using them is
            return self._session.client(
                "sesv2", region_name=self.settings["MAILING_SES_REGION"],
                endpoint_url=self.settings["MAILING_SES_ENDPOINT_URL"] or None, config=config,
            )

    def rate(self) -> float | None:
        if self._rate is None:
            self._rate = self._quota_rate()
        return self._rate

    def _quota_rate(self) -> float:
        configured = super().rate()
        try:
            quota = float(self.client.get_account()["SendQuota"]["MaxSendRate"])
        except (ClientError, KeyError, TypeError) as exc:
            if configured is None:
                self.warn(f"note: SES GetAccount unavailable ({str(exc)[:80]}); sending at 1 message/s")
            return configured or 1.0
        except NoCredentialsError:
            raise FatalError("no AWS credentials for SES (environment, ~/.aws or instance role)") from None
        except BotoCoreError as exc:
            raise MailingError(f"cannot reach SES: {exc}") from None
        return min(quota, configured) if configured else quota

    def check(self) -> None:
        self.rate()

    def connect(self) -> Connection:
        return SesConnection(self, self._client())


class SesConnection(Connection):
    def __init__(self, provider: SesProvider, client):
        self.p, self.client = provider, client

    def send(self, out: Outgoing) -> str:
        p = self.p
        extra = {"ConfigurationSetName": p.config_set} if p.config_set else {}
        try:
            reply = self.client.send_email(
                FromEmailAddress=p.from_address, Destination={"ToAddresses": [out.recipient.email]},
                Content={"Raw": {"Data": out.data}}, EmailTags=p.tags, **extra,
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            text = f"{code or status}: {exc.response.get('Error', {}).get('Message', '')}"
            if code in THROTTLED or status == 429 or status >= 500:
                raise TransientError(text) from None
            if code in FATAL or status in (401, 403):
                raise FatalError(f"SES refuses us: {text}") from None
            raise PermanentError(text) from None
        except NoCredentialsError:
            raise FatalError("no AWS credentials for SES") from None
        except (ConnectionError, HTTPClientError) as exc:
            raise TransientError(f"connection: {exc}", connection=True) from None
        return reply["MessageId"]
