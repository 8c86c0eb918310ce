"""The HTTP side of `generate.py serve`: one build folder, served as a static host would, plus
the live-reload script and the events it listens to.

Only HTML responses get the script (a <script src> to /__briefing__/live.js, never inline), and
only on the way out: the files on disk stay exactly as `build` wrote them. The events are
Server-Sent Events from the same origin, so the site's own Content-Security-Policy, which
this server sends as netlify.toml sets it, allows both.
"""
from __future__ import annotations

import functools
import json
import re
import threading
import tomllib
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

LIVE_PREFIX = "/__briefing__/"
LIVE_FILES = {"live.js": "text/javascript; charset=utf-8", "live.css": "text/css; charset=utf-8"}
KEEPALIVE_SECONDS = 15
# Used when the site has no netlify.toml (an installed `briefing` run in a new site's folder):
# the policy the project's own netlify.toml deploys with (tests/test_serve.py holds them equal),
# so a preview shows what the published site will, plotly's inline styles and search included.
FALLBACK_HEADERS = {"Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
                    "frame-ancestors 'none'",
                    "X-Content-Type-Options": "nosniff"}
NOT_BUILT_PAGE = (b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                  b"<title>Not built yet</title>\n</head>\n<body>\n<main>\n"
                  b"<h1>The site has not been built yet</h1>\n"
                  b"<p>The content has errors (listed in the terminal and over this page). "
                  b"Fix them and save: this page reloads by itself.</p>\n</main>\n</body>\n</html>\n")


class LiveState:
    """The outcome of the latest build, shared by the watcher and every event stream."""

    def __init__(self):
        self._cond = threading.Condition()
        self.generation = 0      # successful builds so far; pages carry the one they came from
        self.errors: list[dict] = []
        self.version = 0         # bumps on every build outcome, to wake the event streams
        self.closed = False

    def snapshot(self) -> dict:
        with self._cond:
            return {"generation": self.generation, "errors": list(self.errors), "version": self.version}

    def succeeded(self) -> None:
        with self._cond:
            self.generation += 1
            self.errors = []
            self.version += 1
            self._cond.notify_all()

    def failed(self, errors: list[dict]) -> None:
        with self._cond:
            self.errors = errors
            self.version += 1
            self._cond.notify_all()

    def wait_change(self, version: int, timeout: float) -> dict | None:
        """The state once its version differs from `version` (or after timeout); None once closed."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self.version != version, timeout)
            if self.closed:
                return None
        return self.snapshot()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def load_headers(path: Path) -> list[tuple[str, dict]]:
    """The [[headers]] rules of netlify.toml, so the dev server sends what production sends."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return [("/*", FALLBACK_HEADERS)]
    rules = [(rule.get("for", ""), rule.get("values", {})) for rule in data.get("headers", [])
             if isinstance(rule, dict)]
    return rules or [("/*", FALLBACK_HEADERS)]


@functools.lru_cache(maxsize=64)
def netlify_pattern(path: str) -> re.Pattern:
    """A netlify.toml `for` path as a regular expression: `*` anything, `:name` one segment."""
    parts = [".*" if piece == "*" else "[^/]+" if piece.startswith(":") else re.escape(piece)
             for piece in re.split(r"(\*|:[A-Za-z_]\w*)", path)]
    return re.compile("".join(parts) + r"\Z")


def inject_live_script(html: bytes, generation: int) -> bytes:
    tag = f'<script src="{LIVE_PREFIX}live.js" data-generation="{generation}" defer></script>\n'.encode()
    lower = html.lower()
    at = lower.find(b"</head>")
    if at < 0:
        at = lower.rfind(b"</body>")
    if at < 0:
        at = len(html)
    return html[:at] + tag + html[at:]


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, site_dir: Path, state: LiveState, header_rules):
        self.site_dir, self.state, self.header_rules = Path(site_dir), state, header_rules
        super().__init__(address, functools.partial(DevRequestHandler, directory=str(site_dir)))

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"


class DevRequestHandler(SimpleHTTPRequestHandler):
    server: DevServer
    live_dir = Path(__file__).resolve().parent

    def log_message(self, format, *args):  # the terminal is for builds, not for every request
        pass

    def do_GET(self):
        self.respond(head=False)

    def do_HEAD(self):
        self.respond(head=True)

    def respond(self, head: bool) -> None:
        if not self.host_allowed():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Unknown Host")
            return
        path = urlsplit(self.path).path
        try:
            if path.startswith(LIVE_PREFIX):
                self.send_live(path[len(LIVE_PREFIX):], head)
            else:
                self.send_site(path, head)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def host_allowed(self) -> bool:
        """Only our own address: a page elsewhere cannot reach this server by DNS rebinding."""
        host = self.headers.get("Host")
        port = self.server.server_address[1]
        return host is None or host in (f"127.0.0.1:{port}", f"localhost:{port}")

    def send_bytes(self, status: int, data: bytes, content_type: str, head: bool, extra=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def site_headers(self, path: str) -> list[tuple[str, str]]:
        """Netlify's rules: every matching block applies; a header set twice gets both values."""
        merged: dict[str, str] = {}
        for pattern, values in self.server.header_rules:
            if netlify_pattern(pattern).match(path):
                for name, value in values.items():
                    merged[name] = f"{merged[name]}, {value}" if name in merged else str(value)
        return [(k, v) for k, v in merged.items() if k.lower() != "cache-control"]  # dev: never cache

    def send_site(self, path: str, head: bool) -> None:
        site = self.server.site_dir
        headers = self.site_headers(path)
        if not site.is_dir():
            generation = self.server.state.snapshot()["generation"]
            self.send_bytes(503, inject_live_script(NOT_BUILT_PAGE, generation), "text/html; charset=utf-8",
                            head, headers)
            return
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                query = urlsplit(self.path).query
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/" + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            local = local / "index.html"
        status = 200
        if not local.is_file():
            status, local = 404, site / "404.html"
        # Read the generation before the file: a build swapped in between can only make the
        # page newer than its generation says, which costs one extra reload, never a missed one.
        generation = self.server.state.snapshot()["generation"]
        try:
            data = local.read_bytes()
        except OSError:
            self.send_bytes(404, b"Not found\n", "text/plain; charset=utf-8", head, headers)
            return
        content_type = self.guess_type(str(local))
        if local.suffix == ".html":
            data = inject_live_script(data, generation)
            content_type = "text/html; charset=utf-8"
        self.send_bytes(status, data, content_type, head, headers)

    def send_live(self, name: str, head: bool) -> None:
        if name in LIVE_FILES:
            data = (self.live_dir / name).read_bytes()
            self.send_bytes(200, data, LIVE_FILES[name], head, self.site_headers("/" + name))
        elif name == "state":
            self.send_bytes(200, json.dumps(self.server.state.snapshot()).encode(),
                            "application/json", head)
        elif name == "events" and not head:
            self.send_events()
        else:
            self.send_bytes(404, b"Not found\n", "text/plain; charset=utf-8", head)

    def send_events(self) -> None:
        """Server-Sent Events: 'hello' with the state now, then 'reload' or 'error' after each build."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.server.state
        snapshot = state.snapshot()
        self.write_event("hello", snapshot, retry_ms=1000)
        version = snapshot["version"]
        while True:
            snapshot = state.wait_change(version, KEEPALIVE_SECONDS)
            if snapshot is None:
                return
            if snapshot["version"] == version:
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
                continue
            version = snapshot["version"]
            self.write_event("error" if snapshot["errors"] else "reload", snapshot)

    def write_event(self, name: str, data: dict, retry_ms: int | None = None) -> None:
        text = (f"retry: {retry_ms}\n" if retry_ms else "") + f"event: {name}\ndata: {json.dumps(data)}\n\n"
        self.wfile.write(text.encode("utf-8"))
        self.wfile.flush()
