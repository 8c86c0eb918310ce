"""check --links: broken internal links and anchors are found with their page; external links
are checked against a local server, and skipped cleanly when nothing can be reached."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import generate
from briefing.editor.linkcheck import check_site
from conftest import ROOT, build_to, edit


def run_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *args], capture_output=True, text=True)


def add_to_page(site, page, html):
    path = site / page
    text = path.read_text()
    path.write_text(text.replace("</main>", html + "\n</main>", 1))
    return text[:text.index("</main>")].count("\n") + 1   # the line the added links are on


@pytest.fixture
def site(mini_site, tmp_path):
    """A copy of the mini build, safe to break."""
    copy = tmp_path / "site"
    shutil.copytree(mini_site, copy)
    return copy


class Handler(BaseHTTPRequestHandler):
    """/ok: 200; /gone: 404; /no-head: 405 to HEAD, 200 to GET; /slow: answers after 2 s."""

    def answer(self):
        if self.path == "/slow":
            time.sleep(2)
        status = {"/ok": 200, "/no-head": 405 if self.command == "HEAD" else 200, "/slow": 200}.get(self.path, 404)
        self.server.seen.append((self.command, self.path))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.seen = []
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_good_build_has_no_broken_links(mini_site):
    report = check_site(mini_site)
    assert report.broken == []
    assert report.pages >= 15 and report.internal > 300


def test_broken_links_and_anchors_are_reported_with_their_page_and_line(site):
    line = add_to_page(site, "briefs/the-offensive/index.html",
                       '<a href="../../actors/nobody/">x</a> <a href="../../actors/hts/#no-such-id">y</a> '
                       '<a href="../diplomacy/#main">fine</a> <img src="../../assets/missing.png" alt="">'
                       '<a href="../../map/#date=2024-11-30&amp;view=aleppo">the map as of a day</a>')
    (site / "sources/sohr/index.html").unlink()
    report = check_site(site)
    found = {(b.page, b.link): (b.line, b.reason) for b in report.broken}
    page = "briefs/the-offensive/index.html"
    assert found[(page, "../../actors/nobody/")] == (line, "no page or file at /actors/nobody/")
    assert found[(page, "../../actors/hts/#no-such-id")] == (line, "no element with id 'no-such-id' on /actors/hts/")
    assert found[(page, "../../assets/missing.png")][1] == "no page or file at /assets/missing.png"
    assert (page, "../diplomacy/#main") not in found
    assert (page, "../../map/#date=2024-11-30&view=aleppo") not in found   # a state the map reads, not an id
    # Every page that links to the removed page says so, the sitemap included.
    pages_citing = {b.page for b in report.broken if b.reason == "no page or file at /sources/sohr/"}
    assert {"briefs/the-offensive/index.html", "sources/index.html", "sitemap.xml"} <= pages_citing
    assert str(report.broken[0]).startswith(f"{report.broken[0].page}:{report.broken[0].line}: broken link '")


def test_links_that_leave_a_sub_path_site_are_broken(content, tmp_path):
    site = tmp_path / "sub"
    build_to(content, site, base_url="https://example.org/briefing/")
    assert check_site(site).broken == []
    add_to_page(site, "about/index.html", '<a href="/actors/">root-relative</a>')
    [broken] = check_site(site).broken
    assert broken.link == "/actors/" and "outside the site" in broken.reason


def test_external_links_head_then_get(site, web):
    base = f"http://127.0.0.1:{web.server_port}"
    line = add_to_page(site, "about/index.html",
                       f'<a href="{base}/ok">a</a> <a href="{base}/gone">b</a> <a href="{base}/no-head">c</a> '
                       f'<a href="{base}/slow">d</a>')
    add_to_page(site, "actors/hts/index.html", f'<a href="{base}/gone#part">again</a>')
    report = check_site(site, external=True, timeout=0.5)
    found = {(b.page, b.link): b.reason for b in report.broken if b.link.startswith(base)}
    assert found == {("about/index.html", f"{base}/gone"): "HTTP 404 Not Found",
                     ("actors/hts/index.html", f"{base}/gone#part"): "HTTP 404 Not Found",
                     ("about/index.html", f"{base}/slow"): "timed out"}
    assert all(b.line == line for b in report.broken if b.page == "about/index.html")
    assert ("HEAD", "/no-head") in web.seen and ("GET", "/no-head") in web.seen
    assert ("GET", "/ok") not in web.seen                      # HEAD was enough
    assert web.seen.count(("HEAD", "/gone")) == 1              # each address once, however often linked
    assert report.external >= 4


def test_a_dead_local_server_is_broken_even_when_offline(site, offline):
    add_to_page(site, "about/index.html", f'<a href="http://127.0.0.1:{closed_port()}/x">local</a>')
    report = check_site(site, external=True, timeout=0.5)
    assert [b.reason for b in report.broken] == ["connection refused"]
    assert "not checked" in report.external_skipped  # the remote ones (creativecommons.org...)


@pytest.fixture
def offline(monkeypatch):
    """No network, as on this machine: every name but localhost fails to resolve."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_without_network_external_links_are_skipped_with_a_message(site, offline, capsys):
    add_to_page(site, "about/index.html", '<a href="https://www.example.org/report">remote</a>')
    report = check_site(site, external=True, timeout=0.5)
    assert report.broken == []
    assert report.external_skipped.startswith("no external host could be reached (host name not found)")
    assert generate.main(["check", "--out", str(site), "--external", "--timeout", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "External links not checked: no external host could be reached" in out and "No broken links." in out


def test_cli_builds_and_reports_broken_links(content):
    edit(content / "briefs" / "the-offensive.md", "Fighters entered [[aleppo]]",
         "Fighters entered [[aleppo]] ([map](../../places/aleppo/#no-such-part))")
    result = run_cli("check", "--links", "--content", str(content))
    assert result.returncode == 1
    assert "briefs/the-offensive/index.html:" in result.stderr
    assert "broken link '../../places/aleppo/#no-such-part': no element with id 'no-such-part' on /places/aleppo/" \
        in result.stderr
    assert "1 broken link." in result.stdout


def test_a_link_by_path_to_no_page_fails_the_build_it_checks(content):
    """The build itself finds a link in a body to no page (render/renderer.py), at its line in
    the brief: check --links reports that content error and checks no output."""
    edit(content / "briefs" / "the-offensive.md", "Fighters entered [[aleppo]]",
         "Fighters entered [[aleppo]] ([map](../../no-such-section/#aleppo))")
    result = run_cli("check", "--links", "--content", str(content))
    assert result.returncode == 1
    assert ("content/briefs/the-offensive.md:23: error: link '../../no-such-section/#aleppo' leads to no page "
            "or file of the site") in result.stderr


def test_cli_in_process(content, tmp_path, capsys):
    assert generate.main(["check", "--links", "--content", str(content)]) == 0
    assert "No broken links." in capsys.readouterr().out
    assert generate.main(["check", "--out", str(tmp_path)]) == 2
    assert "is not a built site" in capsys.readouterr().err
    edit(content / "actors.yaml", "kind: state", "kind: nation")
    assert generate.main(["check", "--links", "--content", str(content)]) == 1   # content errors come first
    assert "'nation' is not a known kind" in capsys.readouterr().err
