"""Carry out a plan: uploads stage by stage (parallel within a stage), then deletes."""
from __future__ import annotations

import base64
import hashlib
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from .scan import MD5_META


def _b64md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def _upload_multipart(client, bucket, lf, args, chunksize) -> str:
    upload_id = client.create_multipart_upload(Bucket=bucket, Key=lf.key, **args)["UploadId"]
    try:
        parts = []
        for number, offset in enumerate(range(0, lf.size, chunksize), start=1):
            data = lf.read(offset, chunksize)
            response = client.upload_part(Bucket=bucket, Key=lf.key, UploadId=upload_id, PartNumber=number,
                                          Body=data, ContentMD5=_b64md5(data))
            parts.append({"PartNumber": number, "ETag": response["ETag"]})
        response = client.complete_multipart_upload(Bucket=bucket, Key=lf.key, UploadId=upload_id,
                                                    MultipartUpload={"Parts": parts})
        return response["ETag"].strip('"')
    except BaseException:
        try:
            client.abort_multipart_upload(Bucket=bucket, Key=lf.key, UploadId=upload_id)
        except Exception:  # the original error matters more
            pass
        raise


def upload(client, bucket: str, lf, settings) -> str:
    """Upload one file with its headers and our MD5 metadata; no ACL. Returns the new ETag."""
    args = dict(lf.headers.put_args(), Metadata={MD5_META: lf.md5})
    if lf.size > settings.multipart_threshold:
        return _upload_multipart(client, bucket, lf, args, max(settings.multipart_chunksize, 5 * 1024 * 1024))
    body = lf.body()
    if hashlib.md5(body).hexdigest() != lf.md5:
        raise RuntimeError(f"{lf.rel} changed on disk during the publish")
    response = client.put_object(Bucket=bucket, Key=lf.key, Body=body, ContentMD5=_b64md5(body), **args)
    return response["ETag"].strip('"')


@dataclass
class Outcome:
    uploaded: dict = field(default_factory=dict)  # key -> ETag
    failed: list = field(default_factory=list)  # (key, exception)
    deleted: list = field(default_factory=list)
    stopped_at_stage: int | None = None


def upload_stages(client, plan, local, settings, pool: ThreadPoolExecutor, progress) -> Outcome:
    """Upload stage after stage; a stage with a failure stops the run before the next stage starts, so no page
    goes up whose assets failed."""
    outcome = Outcome()
    for stage in plan.stages():
        futures = {pool.submit(upload, client, settings.bucket, local[a.key], settings): a for a in stage}
        for future in as_completed(futures):
            action = futures[future]
            try:
                outcome.uploaded[action.key] = future.result()
                progress.advance(action.size)
            except Exception as exc:  # noqa: BLE001 - reported per file, then the run stops
                outcome.failed.append((action.key, exc))
                progress.advance(0)
        if outcome.failed:
            outcome.stopped_at_stage = stage[0].stage
            break
    return outcome


def delete(client, bucket: str, keys: list[str], progress, outcome: Outcome) -> None:
    for start in range(0, len(keys), 1000):
        batch = keys[start:start + 1000]
        response = client.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch],
                                                                "Quiet": True})
        errors = {e["Key"]: e for e in response.get("Errors", [])}
        for key in batch:
            if key in errors:
                outcome.failed.append((key, RuntimeError(f"{errors[key].get('Code')}: "
                                                         f"{errors[key].get('Message')}")))
            else:
                outcome.deleted.append(key)
            progress.advance(0)
