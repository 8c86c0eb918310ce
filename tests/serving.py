"""What the serve tests share: `generate.py serve` run in a thread or a process, its event
stream, and edits saved the way editors' programs save them."""
from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from briefing.editor.serve import ServeOptions, serve
from conftest import ROOT


def edit(path: Path, old: str, new: str) -> None:
    """Save a change as most editors do, in one step (a temporary file renamed over the old one),
    so the watcher never sees a half-written file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    temp = path.with_name(f".{path.name}.saving")
    temp.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temp, path)


class Server:
    """`generate.py serve --port 0` in a subprocess; its terminal output is collected as it comes."""

    def __init__(self, content: Path, *args: str, env=None):
        env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "generate.py"), "serve", "--port", "0", "--content", str(content), *args],
            cwd=content.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for(r"at (http://127\.0\.0\.1:\d+/)").group(1)
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def _read(self):
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            match = re.search(pattern, line)
            if match:
                return match
        raise AssertionError(f"no line matching {pattern!r}; output so far:\n{''.join(self.output)}")

    def get(self, path: str, headers=None):
        request = urllib.request.Request(self.url + path.lstrip("/"), headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8")

    def events(self) -> "EventStream":
        return EventStream(self.port)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Lines:
    """A text stream that hands over whole lines, for serve() run in a thread."""

    def __init__(self, sink):
        self.sink, self.partial = sink, ""

    def write(self, text: str) -> None:
        self.partial += text
        while "\n" in self.partial:
            line, self.partial = self.partial.split("\n", 1)
            self.sink(line + "\n")

    def flush(self) -> None:
        pass


class ThreadServer(Server):
    """serve() in a thread of the test process: the same server, without starting Python again."""

    def __init__(self, content: Path, out: Path | None = None):
        self.lines, self.output, self.proc = queue.Queue(), [], self
        stream = Lines(lambda line: (self.output.append(line), self.lines.put(line)))
        self.stop_event = threading.Event()
        options = ServeOptions(content_dir=content, out_dir=out, port=0)
        self.thread = threading.Thread(target=serve, args=(options, self.stop_event, stream, stream), daemon=True)
        self.thread.start()
        self.url = self.wait_for(r"at (http://127\.0\.0\.1:\d+/)").group(1)
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def poll(self):
        return None if self.thread.is_alive() else 0

    def stop(self):
        self.stop_event.set()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


class EventStream:
    """Reads Server-Sent Events from /__briefing__/events."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.conn.request("GET", "/__briefing__/events")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next(self) -> tuple[str, dict]:
        name, data = None, None
        while True:
            line = self.response.readline().decode("utf-8")
            if not line:
                raise AssertionError("event stream closed")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
            elif line == "" and name:
                return name, data

    def close(self):
        self.conn.close()


@pytest.fixture
def server(content):
    """Starts serve on the test's content copy: in a thread, or with process=True as the real command."""
    running = []

    def start(*args, env=None, process=False):
        running.append(Server(content, *args, env=env) if process else ThreadServer(content))
        return running[-1]
    yield start
    for instance in running:
        instance.stop()
