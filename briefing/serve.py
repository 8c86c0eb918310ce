"""`generate.py serve`: build, serve on 127.0.0.1, rebuild on change, reload the open page.

The site is built by the ordinary pipeline (build.build), so write.write_site puts each
build in place in one atomic swap: the server always serves one whole build, and a failed
build leaves the last good one served. Only the dev server adds the reload script, and only
to the HTML responses it sends; the files on disk are exactly what `build` writes.

The script is a file (/__briefing__/live.js) that listens to Server-Sent Events from the
same origin (/__briefing__/events), so it runs under the site's own Content-Security-Policy
(script-src 'self', no inline script), which the server sends as netlify.toml sets it.
"""
from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import tomllib
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from .build import PROJECT_ROOT, BuildOptions, build
from .load import file_label
from .model import ContentErrors
from .write import OutputFolderError

LIVE_PREFIX = "/__briefing__/"
LIVE_FILES = {"live.js": "text/javascript; charset=utf-8", "live.css": "text/css; charset=utf-8"}
CONTENT_SUFFIXES = {".md", ".yaml", ".yml"}
KEEPALIVE_SECONDS = 15
WATCH_TIMEOUT_MS = 200   # how often an idle watcher wakes (to say it is ready, and to notice stop)
# Used when netlify.toml cannot be read: the same policy the site is deployed with.
FALLBACK_HEADERS = {"Content-Security-Policy": "default-src 'self'; script-src 'self'; object-src 'none'",
                    "X-Content-Type-Options": "nosniff"}
NOT_BUILT_PAGE = (b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                  b"<title>Not built yet</title>\n</head>\n<body>\n<main>\n"
                  b"<h1>The site has not been built yet</h1>\n"
                  b"<p>The content has errors (listed in the terminal and over this page). "
                  b"Fix them and save: this page reloads by itself.</p>\n</main>\n</body>\n</html>\n")


@dataclass
class ServeOptions:
    content_dir: Path = Path("content")
    out_dir: Path | None = None        # None: a temporary folder, removed on exit
    port: int = 8000                   # 0 picks a free port
    drafts: bool = False
    host: str = "127.0.0.1"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    debounce_ms: int = 1600            # longest wait to group a burst of changes
    quiet_ms: int = 50                 # a burst ends after this long without a change
    headers_file: Path = PROJECT_ROOT / "netlify.toml"


# --- what the browser is told ------------------------------------------------------------------

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


def error_dict(file: str, line: int, message: str, hint: str = "") -> dict:
    return {"file": file, "line": line, "message": message, "hint": hint}


def template_error(exc: jinja2.TemplateError, templates_dir: Path) -> dict:
    """A template error located in its template file, from the exception or its traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error_dict(file_label(Path(exc.filename)) if exc.filename else "templates",
                          exc.lineno or 0, f"template error: {exc.message}")
    root = str(Path(templates_dir).resolve())
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(root)]
    where = frames[-1] if frames else None
    return error_dict(file_label(Path(where.filename)) if where else "templates",
                      where.lineno if where else 0, f"template error: {exc}")


# --- building and watching ---------------------------------------------------------------------

@dataclass
class Rebuilder:
    """Runs builds, tells LiveState and the terminal, and decides which changes need one."""
    options: BuildOptions
    state: LiveState
    out: object = sys.stdout
    err: object = sys.stderr
    debounce_ms: int = 1600
    quiet_ms: int = 50
    digests: dict = field(default_factory=dict)   # watched file -> sha256 of its bytes

    @property
    def roots(self) -> list[Path]:
        return [Path(p).resolve() for p in (self.options.content_dir, self.options.templates_dir,
                                             self.options.static_dir) if Path(p).is_dir()]

    def is_watched(self, path: str) -> bool:
        """Content files by type; any visible file under templates/ and static/."""
        p = Path(path).resolve()
        out_dir = Path(self.options.out_dir).resolve()
        if p == out_dir or out_dir in p.parents:
            return False
        for root in self.roots:
            if root not in p.parents:
                continue
            parts = p.relative_to(root).parts
            if any(part.startswith(".") for part in parts) or p.name.endswith("~"):
                return False  # editors' swap and backup files, our own temporary files
            if root == Path(self.options.content_dir).resolve():
                return p.suffix in CONTENT_SUFFIXES or self.holds_known_files(p)
            return True
        return False

    def holds_known_files(self, folder: Path) -> bool:
        """A folder moved or removed as a whole is reported as itself, not as its files."""
        prefix = str(folder) + os.sep
        return any(known.startswith(prefix) for known in self.digests)

    def digest(self, path: Path) -> str | None:
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        except OSError:
            return None

    def remember_all(self) -> None:
        for root in self.roots:
            for path in root.rglob("*"):
                if path.is_file() and self.is_watched(str(path)):
                    self.digests[str(path)] = self.digest(path)

    def really_changed(self, paths) -> list[str]:
        """The paths whose bytes differ from the last build's (saving unchanged text is no change)."""
        changed = []
        for path in sorted(set(paths)):
            if Path(path).is_dir() or self.holds_known_files(Path(path)):
                self.forget_folder(Path(path))
                changed.append(path)
                continue
            now = self.digest(Path(path))
            if self.digests.get(path) != now:  # a file made and removed within a burst is no change
                changed.append(path)
            self.digests[path] = now
        return changed

    def forget_folder(self, folder: Path) -> None:
        prefix = str(folder) + os.sep
        for known in [k for k in self.digests if k.startswith(prefix)]:
            del self.digests[known]
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and self.is_watched(str(path)):
                    self.digests[str(path)] = self.digest(path)

    def rebuild(self, reason: str = "") -> bool:
        try:
            result = build(self.options)
        except ContentErrors as exc:
            self.report([error_dict(e.file, e.line, e.message, e.hint) for e in exc.errors],
                        [str(e) for e in exc.errors])
            return False
        except jinja2.TemplateError as exc:
            error = template_error(exc, self.options.templates_dir)
            self.report([error], [f"{error['file']}:{error['line']}: error: {error['message']}"])
            return False
        except OutputFolderError:
            raise
        except Exception as exc:  # a bug must not stop the server: show it, keep the last good build
            traceback.print_exc(file=self.err)
            error = error_dict("", 0, f"the build failed: {type(exc).__name__}: {exc}",
                               "this is a bug in the generator, not in your content; the traceback is in the terminal")
            self.report([error], [error["message"]])
            return False
        self.state.succeeded()
        what = f" after {reason}" if reason else ""
        print(f"[{time.strftime('%H:%M:%S')}] built {result.pages} pages in {result.seconds:.2f} s{what}",
              file=self.out, flush=True)
        return True

    def report(self, errors: list[dict], lines: list[str]) -> None:
        self.state.failed(errors)
        for line in lines:
            print(line, file=self.err)
        served = "still serving the last good build" if self.state.generation else "nothing built yet"
        count = len(errors)
        print(f"[{time.strftime('%H:%M:%S')}] {count} error{'s' if count != 1 else ''}; {served} "
              f"(the page shows the errors too).", file=self.err, flush=True)

    def watch(self, stop: threading.Event, on_ready=lambda: None) -> None:
        """Rebuild on each burst of real changes until stop is set. on_ready runs once the
        watcher is live; changes made before that (during the first build) are found by a sweep."""
        import watchfiles  # only serve needs it; importing it here keeps `build` light

        base_filter = watchfiles.DefaultFilter()

        def wanted(change, path: str) -> bool:
            return base_filter(change, path) and self.is_watched(path)

        ready = False
        # yield_on_timeout: the first (possibly empty) batch says the watcher is live.
        for batch in watchfiles.watch(*self.roots, watch_filter=wanted, debounce=self.debounce_ms,
                                      step=self.quiet_ms, stop_event=stop, raise_interrupt=False,
                                      rust_timeout=WATCH_TIMEOUT_MS, yield_on_timeout=True):
            paths = [path for _, path in batch]
            if not ready:
                ready = True
                on_ready()
                paths += self.all_paths()
            changed = self.really_changed(paths)
            if not changed:
                continue
            names = ", ".join(display(Path(p)) for p in changed[:3])
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            self.rebuild(f"{names}{more} changed")

    def all_paths(self) -> list[str]:
        """Every watched file now, and every one known before (to notice removals)."""
        now = [str(p) for root in self.roots for p in root.rglob("*") if p.is_file() and self.is_watched(str(p))]
        return now + list(self.digests)


# --- serving -----------------------------------------------------------------------------------

def display(path: Path) -> str:
    """A path as short as it can be said: relative to here when inside, else absolute."""
    label = file_label(Path(path))
    return str(Path(path).resolve()) if label.startswith("..") else label


def load_headers(path: Path) -> list[tuple[str, dict]]:
    """The [[headers]] rules of netlify.toml, so the dev server sends what production sends."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return [("/*", FALLBACK_HEADERS)]
    rules = [(rule.get("for", ""), rule.get("values", {})) for rule in data.get("headers", [])
             if isinstance(rule, dict)]
    return rules or [("/*", FALLBACK_HEADERS)]


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
        merged = {}
        for pattern, values in self.server.header_rules:
            if fnmatch.fnmatchcase(path, pattern):
                merged.update(values)
        return [(k, str(v)) for k, v in merged.items() if k.lower() != "cache-control"]

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


# --- the command -------------------------------------------------------------------------------

def serve(options: ServeOptions, stop: threading.Event | None = None, out=sys.stdout, err=sys.stderr) -> None:
    """Build, serve and rebuild until stop is set (or Ctrl-C). Raises OSError if the port is taken,
    OutputFolderError if --out is a folder this generator may not replace."""
    temp_root = None
    if options.out_dir is None:
        temp_root = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
        site_dir = temp_root / "site"
    else:
        site_dir = Path(os.path.abspath(options.out_dir))
    stop = stop or threading.Event()
    state = LiveState()
    server, serving = None, False
    try:
        server = DevServer((options.host, options.port), site_dir, state, load_headers(options.headers_file))
        build_options = BuildOptions(content_dir=Path(options.content_dir), out_dir=site_dir,
                                     base_url=server.url, drafts=options.drafts,
                                     templates_dir=Path(options.templates_dir),
                                     static_dir=Path(options.static_dir))
        rebuilder = Rebuilder(build_options, state, out, err, options.debounce_ms, options.quiet_ms)
        rebuilder.remember_all()
        rebuilder.rebuild()
        threading.Thread(target=server.serve_forever, args=(0.1,), name="briefing-serve", daemon=True).start()
        serving = True
        watched = ", ".join(display(r) for r in rebuilder.roots)
        drafts = " with drafts" if options.drafts else ""

        def announce():
            print(f"Serving {display(Path(options.content_dir))}{drafts} at {server.url} "
                  f"(watching {watched}; Ctrl-C to stop)", file=out, flush=True)
        with stop_on_sigterm(stop):
            rebuilder.watch(stop, announce)
    except KeyboardInterrupt:
        pass
    finally:
        state.close()
        if serving:
            server.shutdown()
        if server is not None:
            server.server_close()
        if temp_root is not None:
            shutil.rmtree(temp_root, ignore_errors=True)


class stop_on_sigterm:
    """In the main thread, turn SIGTERM into a clean stop (the temporary folder is removed)."""

    def __init__(self, stop: threading.Event):
        self.stop, self.previous = stop, None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, lambda *_: self.stop.set())
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
