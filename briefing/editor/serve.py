"""`generate.py serve`: build, serve on 127.0.0.1, rebuild on change, reload the open page.

The site is built by the ordinary pipeline (build.build), so write.write_site puts each
build in place in one atomic swap: the server (devserver.py) always serves one whole build,
and a failed build leaves the last good one served while the page shows the errors.
Only changes that matter rebuild: watched file types, real changes of their bytes, one
build per burst of saves.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path


from briefing import resources
from briefing.build import BuildOptions, build, templates_path
from briefing.editor.devserver import DevServer, LiveState, load_headers
from briefing.content.load import file_label
from briefing.errors import BriefingError, ContentErrors, OutputFolderError, SearchIndexError, TemplateError

CONTENT_SUFFIXES = {".md", ".yaml", ".yml"}
WATCH_TIMEOUT_MS = 200   # how often an idle watcher wakes (to say it is ready, and to notice stop)


@dataclass
class ServeOptions:
    content_dir: Path = Path("content")
    out_dir: Path | None = None        # None: a temporary folder, removed on exit
    port: int = 8000                   # 0 picks a free port
    drafts: bool = False
    search: bool = False               # the Pagefind index roughly doubles a rebuild's time
    host: str = "127.0.0.1"
    templates_dir: Path | None = None  # the site's own; None: templates/ here, if any (BuildOptions)
    static_dir: Path = field(default_factory=resources.static_dir)
    debounce_ms: int = 1600            # longest wait to group a burst of changes
    quiet_ms: int = 50                 # a burst ends after this long without a change
    headers_file: Path = Path("netlify.toml")   # the site's (here); without one, devserver.FALLBACK_HEADERS


# --- errors, as the page shows them ------------------------------------------------------------

def error_dict(file: str, line: int, message: str, hint: str = "") -> dict:
    return {"file": file, "line": line, "message": message, "hint": hint}


def other_error(exc: BriefingError, out_dir: Path) -> dict:
    """Any error of ours but content errors, as the page shows it: where, if it is the output
    folder, and what to do, if serve can say."""
    where = display(out_dir) if isinstance(exc, OutputFolderError) else ""
    hint = "or serve without --search" if isinstance(exc, SearchIndexError) else ""
    return error_dict(where, 0, str(exc), hint)


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
        folders = [self.options.content_dir, *templates_path(self.options), self.options.static_dir]
        return list(dict.fromkeys(Path(p).resolve() for p in folders if Path(p).is_dir()))

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

    def rebuild(self, reason: str = "", first: bool = False) -> bool:
        """One build; its outcome goes to the page and the terminal. Only the first build lets an
        unusable output folder stop the server (later, the page says so instead)."""
        try:
            result = build(self.options)
        except ContentErrors as exc:
            self.report([error_dict(e.file, e.line, e.message, e.hint) for e in exc.errors],
                        [str(e) for e in exc.errors])
            return False
        except TemplateError as exc:
            self.report([error_dict(exc.file, exc.line, f"template error: {exc.message}")], [str(exc)])
            return False
        except BriefingError as exc:   # not the content, not a bug: the output folder, the search index...
            if first and isinstance(exc, OutputFolderError):
                raise   # an --out that is not ours stops serve before it starts
            self.report([other_error(exc, Path(self.options.out_dir))], [f"error: {exc}"])
            return False
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


# --- paths, as the terminal shows them ---------------------------------------------------------

def display(path: Path) -> str:
    """A path as short as it can be said: relative to here when inside, else absolute."""
    label = file_label(Path(path))
    return str(Path(path).resolve()) if label.startswith("..") else label


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
                                     base_url=server.url, drafts=options.drafts, search=options.search,
                                     templates_dir=options.templates_dir,
                                     static_dir=Path(options.static_dir))
        rebuilder = Rebuilder(build_options, state, out, err, options.debounce_ms, options.quiet_ms)
        rebuilder.remember_all()
        rebuilder.rebuild(first=True)
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
