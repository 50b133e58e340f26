"""End to end against SeaweedFS: what a publish uploads, skips and deletes, and with which headers."""
from __future__ import annotations

from urllib.parse import unquote

from delivery.publish import run_publish
from delivery.publish.order import stage_of
from tests.publish.helpers import (ARTICLES, CSS, assert_bucket_equals, bucket_state, run, settings_for,
                                   site_files, write_site)


def put_keys(proxy, bucket):
    """Object keys PUT through the proxy (single or multipart), without the manifest."""
    keys = []
    for r in proxy.requests():
        if r.method == "PUT" and "uploadId=" not in r.target:
            key = unquote(r.path.split(f"/{bucket}/", 1)[1])
            if key not in (".netzbrief-publish.json", ".netzbrief-publish.lock"):
                keys.append(key)
    return keys


def test_first_publish_uploads_all_and_an_identical_rebuild_uploads_nothing(tmp_path, s3, bucket, proxy):
    files = site_files()
    root = write_site(tmp_path / "output", files)
    settings = settings_for(proxy.url, bucket)
    first = run(root, settings)
    assert (first.exit_code, first.uploaded, first.deleted) == (0, len(files), 0)
    assert sorted(put_keys(proxy, bucket)) == sorted(files)
    assert_bucket_equals(s3, bucket, root, settings)

    write_site(root, files)  # same bytes, new files, new mtimes
    proxy.clear()
    second = run(root, settings)
    assert (second.exit_code, second.uploaded, second.deleted, second.skipped) == (0, 0, 0, len(files))
    methods = [r.method for r in proxy.requests() if not r.path.endswith("/.netzbrief-publish.lock")]
    assert "PUT" not in methods and "HEAD" not in methods and "DELETE" not in methods, methods


def test_edit_uploads_exactly_the_files_whose_bytes_changed(tmp_path, s3, bucket, proxy):
    before = site_files()
    root = write_site(tmp_path / "output", before)
    settings = settings_for(proxy.url, bucket)
    assert run(root, settings).exit_code == 0
    after = site_files(texts={"artikel-2": "Ganz neuer Text zum Netzausbau. " * 30})
    changed = sorted(rel for rel in after if after[rel] != before[rel])
    assert "artikel-2.html" in changed and "feeds/all.atom.xml" in changed and "artikel-1.html" not in changed
    write_site(root, after)
    proxy.clear()
    summary = run(root, settings)
    assert (summary.exit_code, summary.uploaded, summary.deleted) == (0, len(changed), 0)
    assert sorted(put_keys(proxy, bucket)) == changed
    assert_bucket_equals(s3, bucket, root, settings)


def test_a_same_size_edit_is_detected_with_and_without_manifest(tmp_path, s3, bucket):
    text = "Die Stadtwerke bauen das Netz aus. " * 30
    before = site_files(texts={"artikel-3": text})
    root = write_site(tmp_path / "output", before)
    settings = settings_for(s3.meta.endpoint_url, bucket)
    assert run(root, settings).exit_code == 0
    same_size = text.replace("Netz", "Rohr")
    assert len(same_size) == len(text)
    after = site_files(texts={"artikel-3": same_size})
    write_site(root, after)
    summary = run(root, settings, dry_run=True)
    assert "content differs" in summary.output and "artikel-3.html" in summary.output
    s3.delete_object(Bucket=bucket, Key=".netzbrief-publish.json")  # the ETag alone must tell too
    changed = {rel for rel in after if after[rel] != before[rel]}
    assert "artikel-3.html" in changed and all(len(after[rel]) == len(before[rel]) for rel in changed)
    summary = run(root, settings)
    assert (summary.exit_code, summary.uploaded) == (0, len(changed))
    assert_bucket_equals(s3, bucket, root, settings)


def test_removed_page_is_deleted_after_the_uploads(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket)
    assert run(root, settings).exit_code == 0
    write_site(root, site_files(articles=[a for a in ARTICLES if a != "artikel-4"]))
    proxy.clear()
    summary = run(root, settings, yes=True)
    assert (summary.exit_code, summary.deleted) == (0, 1)
    assert "artikel-4.html" not in bucket_state(s3, bucket)
    assert_bucket_equals(s3, bucket, root, settings)
    log = proxy.requests()
    deletes = [i for i, r in enumerate(log) if r.method == "POST" and "delete" in r.target]
    puts = [i for i, r in enumerate(log) if r.method == "PUT"]
    assert deletes and puts and max(puts) < min(deletes)


def test_headers_follow_the_rules(tmp_path, s3, bucket):
    root = write_site(tmp_path / "output", site_files())
    assert run(root, settings_for(s3.meta.endpoint_url, bucket)).exit_code == 0

    def head(key):
        h = s3.head_object(Bucket=bucket, Key=key)
        return h["ContentType"], h.get("CacheControl"), h.get("ContentEncoding")

    short, day, immutable = "public, max-age=300", "public, max-age=86400", "public, max-age=31536000, immutable"
    assert head("artikel-1.html") == ("text/html; charset=utf-8", short, None)
    assert head("feeds/all.atom.xml") == ("application/atom+xml; charset=utf-8", short, None)
    assert head("feeds/all.rss.xml") == ("application/rss+xml; charset=utf-8", short, None)
    assert head("sitemap.xml") == ("application/xml; charset=utf-8", short, None)
    assert head("termine/kalender.ics") == ("text/calendar; charset=utf-8", short, None)
    assert head(CSS) == ("text/css; charset=utf-8", immutable, None)
    assert head("theme/js/app.1a2b3c4d5e.js") == ("text/javascript; charset=utf-8", immutable, None)
    assert head("theme/css/print.css") == ("text/css; charset=utf-8", day, None)
    assert head("images/foto-1.jpg") == ("image/jpeg", day, None)
    assert head("pagefind/fragment/de_3a4b5c6d.pf_fragment") == ("application/octet-stream", immutable, None)
    assert head("pagefind/pagefind-entry.json") == ("application/json", short, None)


def test_gzip_is_deterministic_and_only_for_text(tmp_path, s3, bucket):
    files = site_files()
    root = write_site(tmp_path / "output", files)
    settings = settings_for(s3.meta.endpoint_url, bucket, gzip=True)
    assert run(root, settings).exit_code == 0
    state = bucket_state(s3, bucket)
    assert state["artikel-1.html"]["ContentEncoding"] == "gzip"
    assert state["feeds/all.atom.xml"]["ContentEncoding"] == "gzip"
    assert state["images/foto-1.jpg"]["ContentEncoding"] is None
    assert state["pagefind/index/de_9f8e7d6c.pf_index"]["ContentEncoding"] is None
    assert_bucket_equals(s3, bucket, root, settings)
    write_site(root, files)
    assert run(root, settings).uploaded == 0  # same input, same gzip bytes, same MD5


def test_a_rule_change_alone_reuploads_the_affected_objects(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket)
    assert run(root, settings).exit_code == 0
    changed = settings | {"PUBLISH_HEADER_RULES": [("*.css", {"Cache-Control": "no-cache"})]}
    proxy.clear()
    summary = run(root, changed)
    assert (summary.exit_code, summary.uploaded) == (0, 2)
    assert sorted(put_keys(proxy, bucket)) == sorted([CSS, "theme/css/print.css"])
    assert s3.head_object(Bucket=bucket, Key=CSS)["CacheControl"] == "no-cache"
    assert "HEAD" not in [r.method for r in proxy.requests()]  # the manifest knew the old headers

    s3.delete_object(Bucket=bucket, Key=".netzbrief-publish.json")  # without a manifest, HEAD finds out
    proxy.clear()
    summary = run(root, settings)
    assert (summary.exit_code, summary.uploaded) == (0, 2)
    assert s3.head_object(Bucket=bucket, Key=CSS)["CacheControl"] == "public, max-age=31536000, immutable"
    assert_bucket_equals(s3, bucket, root, settings)


def test_delete_cap_holds_unless_forced(tmp_path, s3, bucket):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(s3.meta.endpoint_url, bucket, max_deletes=3)
    assert run(root, settings).exit_code == 0
    write_site(root, site_files(articles=ARTICLES[:2]))
    capped = run(root, settings, yes=True)
    assert capped.exit_code == 2 and capped.deleted == 0 and "PUBLISH_MAX_DELETES=3" in capped.output
    assert "artikel-6.html" in bucket_state(s3, bucket)
    assert run_publish(root, settings, yes=True, force=True) == 0
    assert_bucket_equals(s3, bucket, root, settings)


def test_deletes_need_a_confirmation(tmp_path, s3, bucket):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(s3.meta.endpoint_url, bucket)
    assert run(root, settings).exit_code == 0
    write_site(root, site_files(articles=ARTICLES[1:]))
    refused = run(root, settings)  # no terminal under pytest, no --yes
    assert refused.exit_code == 2 and "use --yes" in refused.output
    assert "artikel-1.html" in bucket_state(s3, bucket)
    declined = run(root, settings, confirm=lambda: False)
    assert declined.exit_code == 2 and declined.deleted == 0
    accepted = run(root, settings, confirm=lambda: True)
    assert (accepted.exit_code, accepted.deleted) == (0, 1)
    assert_bucket_equals(s3, bucket, root, settings)


def test_multipart_objects_compare_equal_on_rerun(tmp_path, s3, bucket, proxy):
    big = bytes(range(256)) * (6 * 4096 + 3)  # a little over 6 MiB: two parts of 5 MiB at most
    root = write_site(tmp_path / "output", site_files(big=big))
    settings = settings_for(proxy.url, bucket, multipart_threshold=5 * 1024 * 1024,
                            multipart_chunksize=5 * 1024 * 1024)
    assert run(root, settings).exit_code == 0
    etag = s3.head_object(Bucket=bucket, Key="downloads/jahresbericht.pdf")["ETag"]
    assert etag.strip('"').endswith("-2")
    assert any("uploadId=" in r.target for r in proxy.requests())
    assert run(root, settings).uploaded == 0
    s3.delete_object(Bucket=bucket, Key=".netzbrief-publish.json")  # the MD5 metadata must tell then
    assert run(root, settings).uploaded == 0
    write_site(root, site_files(big=big[:-1] + b"!"))
    summary = run(root, settings)
    assert (summary.exit_code, summary.uploaded) == (0, 1)
    assert_bucket_equals(s3, bucket, root, settings)


def test_dry_run_prints_the_plan_and_changes_nothing(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    summary = run(root, settings_for(proxy.url, bucket), dry_run=True)
    assert summary.exit_code == 0 and summary.planned_uploads == len(site_files())
    assert "upload" in summary.output and "new" in summary.output and "index.html" in summary.output
    assert {r.method for r in proxy.requests()} <= {"GET", "HEAD"}
    assert bucket_state(s3, bucket) == {}


def test_uploads_go_in_stages_assets_first_home_page_last(tmp_path, s3, bucket, proxy):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(proxy.url, bucket, workers=8)
    assert run(root, settings).exit_code == 0
    keys = put_keys(proxy, bucket)
    state = bucket_state(s3, bucket)
    stages = [stage_of(k, state[k]["ContentType"], state[k]["CacheControl"], ["index[0-9]*.html", "tag/**",
                                                                                "archives.html"]) for k in keys]
    assert stages == sorted(stages)
    assert keys[-1] == "index.html"
    assert keys.index(CSS) < keys.index("artikel-1.html") < keys.index("tag/strom.html") < keys.index(
        "feeds/all.atom.xml") < keys.index("sitemap.xml")


def test_a_prefix_confines_the_publish(tmp_path, s3, bucket):
    s3.put_object(Bucket=bucket, Key="other/keep.txt", Body=b"not ours")
    s3.put_object(Bucket=bucket, Key="site2/keep.txt", Body=b"not ours either")
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(s3.meta.endpoint_url, bucket, prefix="/site/")
    assert run(root, settings, yes=True).exit_code == 0
    write_site(root, site_files(articles=ARTICLES[:3]))
    assert run(root, settings, yes=True).deleted == 3
    state = bucket_state(s3, bucket)
    assert "other/keep.txt" in state and "site2/keep.txt" in state and "site/index.html" in state
    assert "site/.netzbrief-publish.json" in state
    assert_bucket_equals(s3, bucket, root, settings)


def test_configuration_from_the_environment(tmp_path, s3, bucket, seaweed, monkeypatch):
    root = write_site(tmp_path / "output", site_files())
    monkeypatch.setenv("AWS_ENDPOINT_URL", seaweed.endpoint)  # boto3's own variable is honoured
    monkeypatch.setenv("NETZBRIEF_PUBLISH_BUCKET", bucket)  # over the settings
    monkeypatch.setenv("NETZBRIEF_PUBLISH_PREFIX", "env/")
    summary = run(root, {"PUBLISH_BUCKET": "not-this-one", "PUBLISH_PREFIX": "nor-this"})
    assert (summary.exit_code, summary.uploaded) == (0, len(site_files()))
    assert "env/index.html" in bucket_state(s3, bucket, "env/")


def test_an_empty_output_directory_is_refused(tmp_path, s3, bucket):
    root = write_site(tmp_path / "output", site_files())
    settings = settings_for(s3.meta.endpoint_url, bucket, max_deletes=1000)
    assert run(root, settings).exit_code == 0
    write_site(root, {})
    root.mkdir()
    summary = run(root, settings, yes=True, force=True)
    assert summary.exit_code == 1 and "output directory is empty" in summary.output
    assert len(bucket_state(s3, bucket)) == len(site_files()) + 1
