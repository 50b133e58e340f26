"""Lambda Function URL events (payload format 2.0) as AWS sends them, for the adapter tests."""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, urlencode

URL_ID = "a1b2c3d4e5f6g7h8i9j0klmnopqrstuv"
HOST = f"{URL_ID}.lambda-url.eu-central-1.on.aws"


def function_url_event(method: str, path: str, *, query: dict | None = None, form: dict | str | None = None,
                       source_ip: str = "203.0.113.7", headers: dict | None = None, base64_body: bool = True) -> dict:
    raw_query = urlencode(query or {})
    all_headers = {
        "host": HOST, "x-forwarded-proto": "https", "x-forwarded-port": "443", "x-forwarded-for": source_ip,
        "x-amzn-tls-version": "TLSv1.3", "x-amzn-tls-cipher-suite": "TLS_AES_128_GCM_SHA256",
        "x-amzn-trace-id": "Root=1-6741a9c0-0123456789abcdef01234567", "accept-language": "de-DE,de;q=0.9",
        "accept": "text/html,application/xhtml+xml", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131",
    }
    event = {
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": raw_query,
        "headers": all_headers,
        "requestContext": {
            "accountId": "anonymous", "apiId": URL_ID, "domainName": HOST, "domainPrefix": URL_ID,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": source_ip,
                     "userAgent": all_headers["user-agent"]},
            "requestId": "0b7c2f1e-5d7a-4c4e-9d3f-1a2b3c4d5e6f", "routeKey": "$default", "stage": "$default",
            "time": "23/Nov/2026:10:00:00 +0000", "timeEpoch": 1795428000000,
        },
        "isBase64Encoded": False,
    }
    if query:
        event["queryStringParameters"] = dict(parse_qsl(raw_query))
    if form is not None:
        body = form if isinstance(form, str) else urlencode(form)
        all_headers["content-type"] = "application/x-www-form-urlencoded"
        all_headers["content-length"] = str(len(body.encode()))
        if base64_body:
            event["body"], event["isBase64Encoded"] = base64.b64encode(body.encode()).decode(), True
        else:
            event["body"] = body
    all_headers.update(headers or {})
    return event


class LambdaContext:
    function_name = "netzbrief-abo"
    memory_limit_in_mb = 256
    aws_request_id = "0b7c2f1e-5d7a-4c4e-9d3f-1a2b3c4d5e6f"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 10_000
