"""`invoke subscriptions.serve` / `make run`: the built site and the endpoint together in one local process.

Static files come from the output folder with clean URLs (`/a/` -> `/a/index.html`, `/a` -> 301 `/a/`) and the
site's own 404 page, like `invoke serve`; the endpoint's routes go to the WSGI app. Mails go wherever
MAILING_PROVIDER says (locally the outbox), and their links point at this server (SITEURL).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from werkzeug.exceptions import HTTPException
from werkzeug.security import safe_join
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.utils import redirect, send_file
from werkzeug.wrappers import Request, Response


class StaticSite:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()

    def not_found(self, environ) -> Response:
        page = self.folder / "404.html"
        body = page.read_bytes() if page.is_file() else b"Nicht gefunden"
        return Response(body, status=404, content_type="text/html; charset=utf-8")

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            response = self.respond(request)
        except (OSError, ValueError, RuntimeError):  # NUL byte, name too long, symlink loop (RuntimeError)
            response = self.not_found(environ)
        except HTTPException as exc:  # send_file: a Range beyond the file (416)
            response = exc.get_response(environ)
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("Nur GET", status=405, headers={"Allow": "GET, HEAD"})
        joined = safe_join(str(self.folder), request.path.lstrip("/"))
        if joined is None:
            return self.not_found(request.environ)
        target = Path(joined)
        if target.is_dir():
            if not request.path.endswith("/"):
                query = request.query_string.decode("latin-1")
                return redirect(request.path + "/" + (f"?{query}" if query else ""), 301)
            target = target / "index.html"
        inside = target.resolve().is_relative_to(self.folder)
        if not inside or not target.is_file():
            return self.not_found(request.environ)
        mimetype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return send_file(target, request.environ, mimetype=mimetype, max_age=0)


class SiteAndEndpoint:
    """One WSGI app: the endpoint's routes to the endpoint, everything else to the static site."""

    def __init__(self, site: StaticSite, endpoint):
        self.site, self.endpoint = site, endpoint

    def __call__(self, environ, start_response):
        if self.endpoint.handles(environ.get("PATH_INFO", "")):
            return self.endpoint(environ, start_response)
        return self.site(environ, start_response)


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


def make_local_server(app, bind: str = "127.0.0.1", port: int = 8000, *, quiet: bool = True):
    """A threaded WSGI server for `app`; port 0 picks a free one (`server.server_port`)."""
    return make_server(bind, port, app, threaded=True, request_handler=_Quiet if quiet else None)
