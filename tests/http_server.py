"""A small static server for tests that serves a built site the way Netlify would.

    from http_server import serve_site

    with serve_site(site_dir) as base_url:          # e.g. 'http://127.0.0.1:41237/'
        page.goto(base_url + "actors/hts/")

What it does, so browser tests see what readers will:
- Binds 127.0.0.1 on a free port (port 0) and serves from a daemon thread: no fixed
  ports, so tests can run in parallel (pytest -n).
- Applies the `[[headers]]` blocks of netlify.toml whose `for` pattern matches the
  request path, Netlify-style: `/*` matches everything, `/assets/*` everything under
  /assets/, `:name` one path segment. A header set by several matching blocks gets
  their values joined with ", ". So the Content-Security-Policy the browser enforces
  in tests is the one the site is published with.
- `/folder/` serves `/folder/index.html`; `/folder` redirects to `/folder/` (301).
- A missing path serves the site's 404.html with status 404.
- Never serves anything outside the site folder.
- Compresses text (HTML, CSS, JS, JSON, XML, SVG) with gzip when the browser asks, as Netlify
  does, so transfer sizes measured in the browser are the ones readers pay.

Options: `netlify_toml=` another file (or None for no headers), `extra_headers=` a dict
added to every response (e.g. to try a stricter policy).
"""
from __future__ import annotations

import gzip
import mimetypes
import re
import sys
import threading
import tomllib
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
NETLIFY_TOML = ROOT / "netlify.toml"

# Explicit types for what a site holds: with X-Content-Type-Options: nosniff a wrong type breaks
# a script or style sheet, and mimetypes' answers differ between machines.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp",
    ".ico": "image/x-icon", ".woff2": "font/woff2", ".wasm": "application/wasm",
    ".graphml": "application/xml; charset=utf-8", ".geojson": "application/geo+json",
}


def load_header_rules(netlify_toml: Path | None = NETLIFY_TOML) -> list[tuple[re.Pattern, dict]]:
    """netlify.toml's [[headers]] as (compiled `for` pattern, {name: value}), in file order."""
    if netlify_toml is None:
        return []
    with open(netlify_toml, "rb") as handle:
        config = tomllib.load(handle)
    return [(pattern_of(block["for"]), dict(block.get("values", {}))) for block in config.get("headers", [])]


def pattern_of(netlify_path: str) -> re.Pattern:
    """A Netlify `for` path as a regular expression over the request path."""
    parts = []
    for piece in re.split(r"(\*|:[A-Za-z_]\w*)", netlify_path):
        if piece == "*":
            parts.append(".*")
        elif piece.startswith(":"):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts) + r"\Z")


def headers_for(path: str, rules) -> dict:
    """Every header whose rule matches path; repeated names get their values joined."""
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if pattern.match(path):
            for name, value in values.items():
                headers[name] = f"{headers[name]}, {value}" if name in headers else str(value)
    return headers


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def compressible(kind: str) -> bool:
    return kind.startswith(("text/", "application/json", "application/xml", "image/svg", "application/geo",
                            "application/wasm"))


class _SiteHandler(BaseHTTPRequestHandler):
    site: Path
    rules: list
    extra: dict

    def do_GET(self):
        self._serve(send_body=True)

    def do_HEAD(self):
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path) or "/"
        target = self._file_for(path)
        if target is None and not path.endswith("/") and self._inside(self.site / path.lstrip("/")) \
                and (self.site / path.lstrip("/")).is_dir():
            self._respond(301, b"", "text/plain", path, {"Location": path + "/"}, send_body)
            return
        status = 200
        if target is None:
            status, target = 404, self.site / "404.html"
        data = target.read_bytes() if target.is_file() else b"Not found"
        kind = content_type(target) if target.is_file() else "text/plain; charset=utf-8"
        self._respond(status, data, kind, path, {}, send_body)

    def _respond(self, status, data, kind, path, extra, send_body):
        if "gzip" in self.headers.get("Accept-Encoding", "") and compressible(kind) and len(data) > 256:
            data = gzip.compress(data, compresslevel=6, mtime=0)
            extra = {**extra, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in {**headers_for(path, self.rules), **self.extra, **extra}.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _inside(self, candidate: Path) -> bool:
        return candidate.resolve().is_relative_to(self.site)

    def _file_for(self, path: str) -> Path | None:
        candidate = self.site / path.lstrip("/")
        if path.endswith("/"):
            candidate = candidate / "index.html"
        if not self._inside(candidate) or not candidate.is_file():
            return None
        return candidate

    def log_message(self, format, *args):  # keep test output quiet
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closes a connection mid-response (a page left while loading) is no error."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve_site(folder: Path, netlify_toml: Path | None = NETLIFY_TOML, extra_headers: dict | None = None):
    """Serve folder on 127.0.0.1 at a free port; yields the base URL, ending in '/'."""
    handler = type("SiteHandler", (_SiteHandler,), {
        "site": Path(folder).resolve(), "rules": load_header_rules(netlify_toml),
        "extra": dict(extra_headers or {})})
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="serve_site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
