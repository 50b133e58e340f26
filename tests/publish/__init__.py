"""Tests of the S3 publisher (delivery/publish) against a local SeaweedFS."""
