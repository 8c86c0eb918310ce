#!/usr/bin/env python3
"""Screenshots of built pages at phone and desktop widths, light and dark, for looking at changes.

    python scripts/screenshots.py [--site site] [--out shots] [PATH ...]

PATHs are site paths such as '' (home), 'briefs/the-offensive/' or 'map/#date=2024-11-30'.
--element SELECTOR shoots one element of each page instead, any disclosure around or at it opened
(`--element "details.cite"`: a brief's or the map's "Cite this" block).
--dir rtl --lang ar serves each page with those on its <html> (in place of the built ones), to see
how the one stylesheet lays out a right-to-left page before there are Arabic pages to shoot.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import re
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"phone": (390, 844), "desktop": (1440, 900)}


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def with_html_attributes(page, attributes: dict) -> None:
    """Serve every page with these attributes on its <html> (replacing any of the same name), as if
    built so: the page's scripts and styles see them from the start."""
    def rewrite(route):
        if route.request.resource_type != "document":
            return route.continue_()
        response = route.fetch()
        def tag(match):
            kept = re.sub(r'\s(%s)="[^"]*"' % "|".join(attributes), "", match.group(1))
            return "<html" + kept + "".join(f' {k}="{v}"' for k, v in attributes.items()) + ">"
        body = re.sub(r"<html([^>]*)>", tag, response.text(), count=1)
        route.fulfill(response=response, body=body)
    page.route("**/*", rewrite)


def draw_figures(page) -> None:
    """plotly draws a figure when the reader turns to it: ask each figure for it, wait until it is drawn."""
    for index in range(page.locator("figure[data-figure-src]").count()):
        figure = page.locator("figure[data-figure-src]").nth(index)
        # a figure in a closed disclosure (an actor's two-step network) draws once opened: open it
        figure.evaluate("el => { for (let d = el.closest('details'); d; d = d.parentElement.closest('details')) "
                        "d.open = true; }")
        figure.scroll_into_view_if_needed()
        figure.evaluate("el => el.dispatchEvent(new CustomEvent('figure:activate', { bubbles: true }))")
        figure.locator("xpath=self::*[@data-state='drawn' or @data-state='failed']").wait_for(timeout=20000)
    page.wait_for_timeout(300)
    page.evaluate("window.scrollTo(0, 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", default="site")
    parser.add_argument("--out", default="shots")
    parser.add_argument("--schemes", default="light,dark")
    parser.add_argument("--full", action="store_true", help="whole page, not only the first screen")
    parser.add_argument("--phone-width", type=int, default=WIDTHS["phone"][0],
                        help="the phone's width in px (320: the narrowest the site is made for)")
    parser.add_argument("--desktop-width", type=int, default=WIDTHS["desktop"][0], help="the desktop's width in px")
    parser.add_argument("--dir", choices=("ltr", "rtl"), help="serve every page with this dir on <html>")
    parser.add_argument("--lang", help="serve every page with this lang on <html> (ar: the Arabic type)")
    parser.add_argument("--first-view", action="store_true",
                        help="figures as the page first shows them (drawn at build time), not drawn by plotly")
    parser.add_argument("--element", help="a CSS selector: shoot the first element it matches, opened")
    parser.add_argument("paths", nargs="*", default=[""])
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(Path(args.site))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in args.paths:
            widths = {"phone": (args.phone_width, WIDTHS["phone"][1]),
                      "desktop": (args.desktop_width, WIDTHS["desktop"][1])}
            forced = {k: v for k, v in (("dir", args.dir), ("lang", args.lang)) if v}
            for label, (width, height) in widths.items():
                for scheme in args.schemes.split(","):
                    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
                    if forced:
                        with_html_attributes(page, forced)
                    page.goto(base + path, wait_until="networkidle")
                    if not args.first_view:
                        draw_figures(page)
                    name = (path.strip("/").replace("/", "_").replace("#", "_") or "home") + f"-{label}-{scheme}" \
                        + "".join(f"-{v}" for v in forced.values()) \
                        + ("-first" if args.first_view else "") + ("-element" if args.element else "") + ".png"
                    if args.element:
                        element = page.locator(args.element).first
                        element.evaluate("el => { for (let d = el.closest('details'); d; d = d.parentElement.closest('details')) "
                                         "d.open = true; }")
                        element.scroll_into_view_if_needed()
                        page.wait_for_timeout(200)
                        element.screenshot(path=str(out / name))
                    else:
                        page.screenshot(path=str(out / name), full_page=args.full)
                    page.close()
                    print(out / name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
