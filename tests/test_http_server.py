"""The test server serves a site as Netlify would: its headers, index files, 404 page, nothing outside."""
import urllib.error
import urllib.request

import pytest

from http_server import headers_for, load_header_rules, pattern_of, serve_site


def fetch(url):
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read(), response.url
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read(), url


@pytest.mark.parametrize("pattern,path,matches", [
    ("/*", "/", True), ("/*", "/actors/hts/", True), ("/assets/*", "/assets/style.1.css", True),
    ("/assets/*", "/actors/", False), ("/assets/*", "/x/assets/a", False),
    ("/data/:file", "/data/events.csv", True), ("/data/:file", "/data/a/b", False), ("/feed.xml", "/feed.xml", True),
])
def test_netlify_patterns(pattern, path, matches):
    assert bool(pattern_of(pattern).match(path)) is matches


def test_header_rules_come_from_netlify_toml_and_combine(tmp_path):
    toml = tmp_path / "netlify.toml"
    toml.write_text('[[headers]]\n  for = "/*"\n  [headers.values]\n    X-A = "1"\n    X-B = "b"\n'
                    '[[headers]]\n  for = "/assets/*"\n  [headers.values]\n    X-A = "2"\n')
    rules = load_header_rules(toml)
    assert headers_for("/assets/x.css", rules) == {"X-A": "1, 2", "X-B": "b"}
    assert headers_for("/page/", rules) == {"X-A": "1", "X-B": "b"}
    assert "Content-Security-Policy" in headers_for("/", load_header_rules())


def test_serves_pages_headers_redirects_and_404(mini_site, tmp_path):
    with serve_site(mini_site) as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/")
        status, headers, body, _ = fetch(base + "actors/hts/")
        assert status == 200 and b"Hayat Tahrir al-Sham" in body
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        css = next((mini_site / "assets").glob("style.*.css")).name
        status, headers, _, _ = fetch(base + "assets/" + css)
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"]
        status, _, _, final = fetch(base + "actors/hts")
        assert status == 200 and final == base + "actors/hts/"
        for missing in ("no/such/page/", "actors/nobody", "../../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd"):
            status, headers, body, _ = fetch(base + missing)
            assert status == 404 and body == (mini_site / "404.html").read_bytes(), missing
            assert "Content-Security-Policy" in headers
    with serve_site(mini_site, netlify_toml=None, extra_headers={"X-Test": "1"}) as base:
        _, headers, _, _ = fetch(base)
        assert "Content-Security-Policy" not in headers and headers["X-Test"] == "1"


def test_two_servers_at_once_get_different_ports(mini_site):
    with serve_site(mini_site) as first, serve_site(mini_site) as second:
        assert first != second
        assert fetch(first)[0] == fetch(second)[0] == 200
