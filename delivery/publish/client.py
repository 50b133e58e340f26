"""botocore session and S3 client, and one-line messages for the errors a publish can meet."""
from __future__ import annotations

import threading

import botocore.session
from botocore.config import Config
from botocore.exceptions import (BotoCoreError, ClientError, ConnectionError as BotoConnectionError,
                                 HTTPClientError, NoCredentialsError, PartialCredentialsError, ProfileNotFound)

DENIED = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken",
          "AllAccessDisabled", "403", "Forbidden", "AccountProblem"}


class PublishError(Exception):
    """An error with a message fit for the terminal."""


_shared = {"loader": None, "lock": threading.Lock()}


def session(settings) -> botocore.session.Session:
    """A session with credentials from the standard AWS chain. The loader of service models is shared between
    sessions, so repeated publishes in one process do not parse the models again."""
    sess = botocore.session.Session(profile=settings.profile or None)
    with _shared["lock"]:
        if _shared["loader"] is None:
            _shared["loader"] = sess.get_component("data_loader")
        else:
            sess.register_component("data_loader", _shared["loader"])
    if settings.region:
        sess.set_config_variable("region", settings.region)
    if sess.get_credentials() is None:
        raise NoCredentialsError()
    return sess


def s3_client(sess, settings):
    config = Config(
        retries={"mode": "adaptive", "max_attempts": settings.max_attempts},
        max_pool_connections=max(10, settings.workers * 2),
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        # We send Content-MD5 ourselves; no CRC trailers, which some S3-compatible stores reject.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        s3={"addressing_style": settings.addressing_style},
    )
    return sess.create_client("s3", endpoint_url=settings.endpoint_url or None, config=config)


def endpoint_of(client) -> str:
    try:
        return client.meta.endpoint_url
    except AttributeError:  # pragma: no cover
        return "?"


def describe(exc: BaseException, settings, endpoint: str = "") -> str:
    """One line saying what went wrong, for any error of boto3 or botocore."""
    bucket = settings.bucket
    if isinstance(exc, PublishError):
        return str(exc)
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return ("no AWS credentials found: use the standard AWS chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY, SSO, or an instance/task role)")
    if isinstance(exc, ProfileNotFound):
        return f"AWS profile not found: {exc.kwargs.get('profile')!r} (PUBLISH_PROFILE or AWS_PROFILE)"
    if isinstance(exc, (BotoConnectionError, HTTPClientError)):
        return f"cannot reach the S3 endpoint {endpoint or settings.endpoint_url or 'of AWS'}: {exc}"
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "?"))
        operation = getattr(exc, "operation_name", "?")
        if code in ("NoSuchBucket",) or (code in ("404", "NotFound") and operation in ("HeadBucket",
                                                                                       "ListObjectsV2")):
            return f"bucket {bucket!r} does not exist (at {endpoint or 'AWS'})"
        if code in DENIED:
            return (f"access denied to bucket {bucket!r} ({code} in {operation}): check the credentials and "
                    "the bucket policy")
        return f"S3 error {code} in {operation}: {error.get('Message') or exc}"
    if isinstance(exc, BotoCoreError):
        return f"S3 client error: {exc}"
    return f"{type(exc).__name__}: {exc}"
