"""CloudFront invalidation after a publish, against moto's CloudFront on loopback (S3 stays SeaweedFS)."""
from __future__ import annotations

import uuid

import boto3
import pytest

from tests.publish.helpers import run, settings_for, site_files, write_site


@pytest.fixture(scope="module")
def moto_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def distribution(moto_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", moto_endpoint)
    cf = boto3.client("cloudfront", endpoint_url=moto_endpoint)
    origin = {"Id": "s3", "DomainName": "netzbrief.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    config = {"CallerReference": uuid.uuid4().hex, "Comment": "", "Enabled": True,
              "Origins": {"Quantity": 1, "Items": [origin]},
              "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "redirect-to-https",
                                       "MinTTL": 0, "TrustedSigners": {"Enabled": False, "Quantity": 0},
                                       "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}}
    return cf, cf.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


def invalidated(cf, dist) -> list[list[str]]:
    items = cf.list_invalidations(DistributionId=dist)["InvalidationList"].get("Items", [])
    batches = [cf.get_invalidation(DistributionId=dist, Id=i["Id"])["Invalidation"]["InvalidationBatch"]
               for i in items]
    return sorted(sorted(b["Paths"].get("Items", [])) for b in batches)


def test_only_changed_paths_are_invalidated(tmp_path, s3, bucket, distribution):
    cf, dist = distribution
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(s3.meta.endpoint_url, bucket, cloudfront_distribution_id=dist, cloudfront_max_paths=10)
    assert run(root, settings).exit_code == 0
    assert invalidated(cf, dist) == [["/*"]]  # everything is new: more paths than the limit
    write_site(root, site_files(texts={"artikel-6": "Kurz."}))
    summary = run(root, settings)
    assert summary.exit_code == 0 and "CloudFront invalidation" in summary.output
    second = [batch for batch in invalidated(cf, dist) if batch != ["/*"]]
    assert second == [["/", "/archives.html", "/artikel-6.html", "/feeds/all.atom.xml", "/feeds/all.rss.xml",
                       "/feeds/wasser.atom.xml", "/index.html", "/index2.html", "/tag/wasser.html"]]
    assert run(root, settings).uploaded == 0
    assert len(invalidated(cf, dist)) == 2  # nothing changed, nothing invalidated


def test_no_distribution_no_cloudfront_call(tmp_path, s3, bucket, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", "http://127.0.0.1:9")  # would fail if called
    root = write_site(tmp_path / "output", site_files())
    summary = run(root, settings_for(s3.meta.endpoint_url, bucket))
    assert summary.exit_code == 0 and "CloudFront" not in summary.output


def test_a_failed_invalidation_is_reported(tmp_path, s3, bucket, moto_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", moto_endpoint)
    root = write_site(tmp_path / "output", site_files())
    summary = run(root, settings_for(s3.meta.endpoint_url, bucket, cloudfront_distribution_id="ENOSUCHDIST"))
    assert summary.exit_code == 1 and "published, but the CloudFront invalidation failed" in summary.output
    assert summary.uploaded == len(site_files())
