"""Fixtures: one SeaweedFS per session, a fresh bucket per test, AWS credentials only from the environment."""
from __future__ import annotations

import sys
import uuid
from pathlib import Path

import boto3
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.publish.faultproxy import FaultProxy  # noqa: E402
from tests.servers.seaweed import ACCESS_KEY, SECRET_KEY, SeaweedS3  # noqa: E402


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory):
    server = SeaweedS3(tmp_path_factory.mktemp("seaweed")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3(seaweed):
    return boto3.client("s3", **seaweed.client_kwargs())


@pytest.fixture(autouse=True)
def aws_env(monkeypatch, tmp_path):
    """Credentials from the environment, as the standard chain reads them; no profile or endpoint leaks in."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
                 "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_CLOUDFRONT"):
        monkeypatch.delenv(name, raising=False)
    for name in list(__import__("os").environ):
        if name.startswith("NETZBRIEF_PUBLISH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def bucket(s3):
    name = "pub-" + uuid.uuid4().hex[:16]
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def proxy(seaweed):
    """A logging proxy in front of SeaweedFS, without faults unless a test sets ``proxy.faults``."""
    port = int(seaweed.endpoint.rsplit(":", 1)[1])
    with FaultProxy(port) as p:
        yield p
