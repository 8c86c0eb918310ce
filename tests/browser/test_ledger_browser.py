"""The claims ledger with a claim's history, and a place page with one, in a real browser: no axe
violations, nothing wider than a 320 px phone, light and dark."""
import functools
import http.server
import threading

import pytest

from conftest import ROOT
from pages.test_claim_trail import ALEPPO, build_trail
from axe import axe_violations



@pytest.fixture(scope="module")
def trail_url(tmp_path_factory):
    site = build_trail(tmp_path_factory.mktemp("trail-browser"))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["claims/", "places/aleppo/", "chronology/"])
@pytest.mark.parametrize("width, scheme", [(320, "dark"), (1280, "light")])
def test_a_claim_s_history_passes_axe_and_fits(browser, trail_url, path, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.goto(trail_url + path)
    timeline = page.locator(f"#claim-{ALEPPO} ol.timeline" if path == "claims/" else
                            f"[data-event='{ALEPPO}'] ol.timeline" if path.startswith("places/") else
                            f"#event-{ALEPPO} ol.history-steps")
    assert timeline.locator("li").count() == 3 and timeline.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    violations = axe_violations(page)
    context.close()
    assert violations == [] and problems == []
