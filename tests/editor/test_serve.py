"""generate.py serve: rebuilds on change, signals the reload, shows errors over the last good build."""
from __future__ import annotations

import http.client
import io
import json
import shutil
import time

import pytest

from briefing.build import BuildOptions
import generate
from briefing.editor.devserver import LiveState, inject_live_script, load_headers
from briefing.editor.serve import Rebuilder
from briefing.errors import CacheFolderError, OutputFolderError, SearchIndexError
from conftest import ROOT, line_of
from serving import edit, server  # noqa: F401  (server: a fixture)

TITLE = "<h1>The offensive</h1>"


def test_edit_is_rebuilt_served_and_reload_signalled(server, content, tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    shutil.copy(ROOT / "netlify.toml", content.parent)          # the site folder's own (serve runs there)
    srv = server(process=True, env={"TMPDIR": str(temp)})
    [site] = temp.glob("briefing-serve-*/site")                 # the preview is built here
    status, headers, page = srv.get("briefs/the-offensive/")
    assert status == 200 and TITLE in page
    assert '<script src="/__briefing__/live.js" data-generation="1" defer></script>' in page
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]  # the site's own policy, from netlify.toml
    stream = srv.events()
    assert stream.next() == ("hello", {"generation": 1, "errors": [], "version": 1})

    edit(content / "briefs" / "the-offensive.md", "title: The offensive", "title: The offensive widens")
    name, data = stream.next()
    assert (name, data["generation"], data["errors"]) == ("reload", 2, [])
    status, _, page = srv.get("briefs/the-offensive/")
    assert "<h1>The offensive widens</h1>" in page and 'data-generation="2"' in page
    srv.wait_for(r"built \d+ pages in [\d.]+ s after .*the-offensive\.md changed")
    # The reload script is added to responses only; the build on disk is what `build` writes.
    on_disk = (site / "briefs/the-offensive/index.html").read_text()
    assert "<h1>The offensive widens</h1>" in on_disk and "__briefing__" not in on_disk
    assert (site / ".briefing-build").is_file()                 # written by write_site, as always
    status, headers, script = srv.get("__briefing__/live.js")
    assert status == 200 and "EventSource" in script and headers["Content-Type"].startswith("text/javascript")
    stream.close()
    srv.stop()
    assert srv.proc.returncode == 0 and list(temp.iterdir()) == []   # the temporary build is gone


def test_content_error_is_reported_while_the_last_good_build_is_served(server, content):
    srv = server()
    stream = srv.events()
    assert stream.next()[0] == "hello"
    edit(content / "actors.yaml", "kind: state", "kind: nation")
    name, data = stream.next()
    assert name == "error" and data["generation"] == 1
    [error] = data["errors"]
    assert error["file"].endswith("actors.yaml")
    assert error["line"] == line_of(content / "actors.yaml", "kind: nation")
    assert "'nation' is not a known kind" in error["message"]
    srv.wait_for(r"actors\.yaml:\d+: error: 'nation' is not a known kind")   # the terminal says the same
    srv.wait_for(r"1 error; still serving the last good build")
    status, _, page = srv.get("briefs/the-offensive/")
    assert status == 200 and TITLE in page and 'data-generation="1"' in page
    assert json.loads(srv.get("__briefing__/state")[2])["errors"] == data["errors"]
    # A page opened now learns of the error at once, from the first event.
    late = srv.events()
    assert late.next() == ("hello", {"generation": 1, "errors": data["errors"], "version": 2})

    edit(content / "actors.yaml", "kind: nation", "kind: state")
    name, data = stream.next()
    assert (name, data["generation"], data["errors"]) == ("reload", 2, [])
    stream.close()
    late.close()


def test_only_real_changes_to_watched_files_rebuild_and_bursts_build_once(server, content):
    srv = server()
    stream = srv.events()
    stream.next()
    brief = content / "briefs" / "the-offensive.md"
    (content / "notes.txt").write_text("not content")           # not a watched file type
    brief.write_bytes(brief.read_bytes())                       # saved, but not changed
    (content / "briefs" / ".the-offensive.md.swp").write_text("editor swap file")
    time.sleep(0.4)                                             # longer than the burst window
    for number in range(5):                                     # one burst: five saves at once
        edit(brief, "title: The offensive" + " again" * number, "title: The offensive" + " again" * (number + 1))
    name, data = stream.next()
    assert (name, data["generation"]) == ("reload", 2)
    assert "The offensive again again again again again" in srv.get("briefs/the-offensive/")[2]
    time.sleep(0.4)
    assert json.loads(srv.get("__briefing__/state")[2])["generation"] == 2
    stream.close()


def test_first_build_failing_serves_a_page_that_shows_the_errors(server, content):
    edit(content / "briefs" / "the-offensive.md", "[[saraqib]]", "[[saraquib]]")
    srv = server()
    status, headers, page = srv.get("briefs/the-offensive/")
    assert status == 503 and "/__briefing__/live.js" in page and 'data-generation="0"' in page
    stream = srv.events()
    name, data = stream.next()
    assert name == "hello" and "[[saraquib]] links to an unknown id" in data["errors"][0]["message"]
    assert data["errors"][0]["hint"] == "did you mean 'saraqib'?"
    edit(content / "briefs" / "the-offensive.md", "[[saraquib]]", "[[saraqib]]")
    assert stream.next()[0] == "reload"
    assert srv.get("briefs/the-offensive/")[0] == 200
    stream.close()


def test_serves_like_a_static_host_and_only_to_its_own_address(server):
    srv = server()
    status, _, page = srv.get("no/such/page/")
    assert status == 404 and "Page not found" in page and "/__briefing__/live.js" in page
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    conn.request("GET", "/briefs")
    response = conn.getresponse()
    assert response.status == 301 and response.getheader("Location") == "/briefs/"
    conn.close()
    assert srv.get("search/")[0] == 404               # no search index unless --search: rebuilds stay fast
    assert srv.get("feed.xml")[2].startswith("<?xml")  # not HTML: nothing added
    assert "__briefing__" not in srv.get("feed.xml")[2]
    # A page on another site that points its own name at 127.0.0.1 (DNS rebinding) gets nothing.
    assert srv.get("", headers={"Host": f"attacker.example:{srv.port}"})[0] == 421


def test_port_in_use_is_a_clear_error(server, content, capsys):
    srv = server()
    assert generate.main(["serve", "--port", str(srv.port), "--content", str(content)]) == 2
    assert f"cannot serve on 127.0.0.1:{srv.port}" in capsys.readouterr().err


def test_out_folder_that_is_not_a_build_is_refused(content, tmp_path, capsys):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    assert generate.main(["serve", "--port", "0", "--content", str(content), "--out", str(precious)]) == 2
    assert "refusing to replace" in capsys.readouterr().err
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_live_script_goes_in_the_head():
    page = b"<!doctype html><html><head><title>x</title></head><body><p>&lt;/head&gt;</p></body></html>"
    injected = inject_live_script(page, 7)
    assert injected.index(b'src="/__briefing__/live.js" data-generation="7"') < injected.index(b"</head>")
    assert injected.count(b"live.js") == 1
    assert inject_live_script(b"<p>fragment</p>", 1).endswith(b"defer></script>\n")


def test_which_changes_are_watched(content, tmp_path):
    rebuilder = Rebuilder(BuildOptions(content_dir=content, out_dir=tmp_path / "out"), LiveState())
    assert rebuilder.is_watched(str(content / "briefs" / "new.md"))
    assert rebuilder.is_watched(str(content / "places.yaml"))
    assert rebuilder.is_watched(str(ROOT / "templates" / "brief.html"))
    assert rebuilder.is_watched(str(ROOT / "static" / "style.css"))
    assert not rebuilder.is_watched(str(content / "notes.txt"))
    assert not rebuilder.is_watched(str(content / "briefs" / ".new.md.swp"))
    assert not rebuilder.is_watched(str(content / "briefs" / "new.md~"))
    assert not rebuilder.is_watched(str(tmp_path / "out" / "index.html"))
    assert not rebuilder.is_watched(str(ROOT / "briefing" / "editor" / "serve.py"))


def test_an_unusable_output_folder_stops_only_the_first_build(content, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    state = LiveState()
    rebuilder = Rebuilder(BuildOptions(content_dir=content, out_dir=precious), state, out=io.StringIO(),
                          err=io.StringIO())
    with pytest.raises(OutputFolderError):
        rebuilder.rebuild(first=True)
    assert rebuilder.rebuild() is False          # later: shown on the page, the server keeps going
    assert "refusing to replace" in state.snapshot()["errors"][0]["message"]
    assert (precious / "thesis.txt").read_text() == "years of work"


@pytest.mark.parametrize("error, file, hint", [
    (SearchIndexError("Pagefind failed to index the site: boom"), "", "or serve without --search"),
    (OutputFolderError("'out' is a link; not replacing it"), "OUT", ""),
    (CacheFolderError("the cache folder 'c' is inside the output folder 'out'"), "", ""),
])
def test_each_error_of_ours_shows_on_the_page_and_in_the_terminal(monkeypatch, tmp_path, error, file, hint):
    def fails(options):
        raise error
    monkeypatch.setattr("briefing.editor.serve.build", fails)
    state, err = LiveState(), io.StringIO()
    rebuilder = Rebuilder(BuildOptions(out_dir=tmp_path / "out"), state, out=io.StringIO(), err=err)
    assert rebuilder.rebuild() is False
    where = str((tmp_path / "out").resolve()) if file == "OUT" else file
    assert state.snapshot()["errors"] == [{"file": where, "line": 0, "message": str(error), "hint": hint}]
    assert err.getvalue().startswith(f"error: {error}\n")


def test_headers_follow_netlify_rules():
    from briefing.editor.devserver import netlify_pattern
    assert netlify_pattern("/*").match("/briefs/x/") and netlify_pattern("/assets/*").match("/assets/a.css")
    assert not netlify_pattern("/assets/*").match("/briefs/")
    assert netlify_pattern("/actors/:id/").match("/actors/hts/") and not netlify_pattern("/actors/:id/").match("/actors/a/b/")


def test_without_a_netlify_toml_the_preview_sends_the_policy_the_project_deploys_with(tmp_path):
    from briefing.editor.devserver import FALLBACK_HEADERS
    deployed = dict(load_headers(ROOT / "netlify.toml"))["/*"]
    fallback = dict(load_headers(tmp_path / "netlify.toml"))["/*"]   # no such file
    assert fallback is FALLBACK_HEADERS
    assert fallback["Content-Security-Policy"] == deployed["Content-Security-Policy"]
