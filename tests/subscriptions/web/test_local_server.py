"""`invoke subscriptions.serve` / `make run`: the built site and the endpoint in one local server, over real HTTP."""

from __future__ import annotations

import http.client
import threading
import urllib.parse

import pytest

from delivery.subscriptions import consent
from tests.conftest import ROOT
from tests.subscriptions.web.webhelpers import read_mails


@pytest.fixture
def served(sample_site, tmp_path):
    """The app `invoke subscriptions.serve` builds from pelicanconf.py, on a free port."""
    from delivery.subscriptions.cli import make_site_app
    from delivery.subscriptions.local import make_local_server

    overrides = {"OUTPUT_PATH": str(sample_site), "MAILING_OUTBOX_DIR": str(tmp_path / "outbox"),
                 "MAILING_SUBSCRIBERS_DB": str(tmp_path / "subscribers.sqlite")}
    app, endpoint = make_site_app(ROOT / "pelicanconf.py", overrides=overrides)
    server = make_local_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port, endpoint, tmp_path / "outbox" / "anmeldung"
    server.shutdown()
    server.server_close()
    endpoint.close()


def request(port: int, method: str, path: str, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def test_site_with_clean_urls_and_its_404(served, sample_site):
    port = served[0]
    status, headers, body = request(port, "GET", "/newsletter/")
    assert status == 200 and b'action="../abo/anmelden"' in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, headers, _ = request(port, "GET", "/newsletter?x=1")
    assert status == 301 and headers["Location"].endswith("/newsletter/?x=1")
    status, _, body = request(port, "GET", "/gibt-es-nicht/")
    assert status == 404 and body == (sample_site / "404.html").read_bytes()
    for path in ("/../pelicanconf.py", "/%2e%2e/pelicanconf.py", "/theme/../../pelicanconf.py"):
        assert request(port, "GET", path)[0] == 404
    assert request(port, "POST", "/newsletter/", "x=1")[0] == 405


def test_endpoint_routes_on_the_same_port(served):
    port, endpoint, outbox = served
    form = urllib.parse.urlencode({"email": "lokal@example.org", "einwilligung": "ja",
                                   "formular": consent.CURRENT_HASH})
    status, headers, _ = request(port, "POST", "/abo/anmelden", form)
    assert status == 303 and headers["Location"] == "http://127.0.0.1:8000/newsletter/anmeldung/pruefen/"
    assert len(read_mails(outbox)) == 1
    assert request(port, "GET", "/abmelden/?token=kaputt")[0] == 400
    assert endpoint.store.get("lokal@example.org").state == "pending"


def test_files_outside_the_output_are_not_served(tmp_path):
    from delivery.subscriptions.local import StaticSite
    from werkzeug.test import Client

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>Start</p>")
    (tmp_path / "geheim.txt").write_text("geheim")
    (site / "link.txt").symlink_to(tmp_path / "geheim.txt")
    client = Client(StaticSite(site))
    assert client.get("/").status_code == 200
    assert client.get("/link.txt").status_code == 404


@pytest.mark.parametrize("path", ["/index.html%00.css", "/%00", "/newsletter%00/", "/" + "a" * 300,
                                  "/newsletter/" + "ä" * 200 + "/"],
                         ids=["nul-in-name", "only-nul", "nul-in-folder", "name-too-long", "utf8-name-too-long"])
def test_paths_the_file_system_refuses_get_the_404_page(served, sample_site, path):
    status, _, body = request(served[0], "GET", urllib.parse.quote(path, safe="/%"))
    assert status == 404 and body == (sample_site / "404.html").read_bytes()


@pytest.mark.parametrize("value", ["bytes=99999999-", "bytes=-0", "bytes=5-2"])
def test_a_range_beyond_the_file_is_416_not_a_server_error(served, value):
    conn = http.client.HTTPConnection("127.0.0.1", served[0], timeout=30)
    conn.request("GET", "/index.html", headers={"Range": value})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status in (200, 416), response.status  # an unsatisfiable range may also get the whole file


def test_a_symlink_loop_in_the_output_is_a_404(tmp_path):
    from delivery.subscriptions.local import StaticSite
    from werkzeug.test import Client

    site = tmp_path / "site"
    site.mkdir()
    (site / "a").symlink_to(site / "b")
    (site / "b").symlink_to(site / "a")
    client = Client(StaticSite(site))
    assert [client.get(path).status_code for path in ("/a", "/a/", "/b/x.html")] == [404, 404, 404]
