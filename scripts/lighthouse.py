#!/usr/bin/env python3
"""Lighthouse over the main kinds of page, served with netlify.toml's headers; prints the four scores.

    python scripts/lighthouse.py [--site DIR] [--preset mobile|desktop] [PATH ...]

Installs Lighthouse 12.8.2 (the last release that runs on Node 20) into .cache/lighthouse on first
use and drives Debian's Chromium. Without --site it builds content/ into a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from briefing.build import BuildOptions, build  # noqa: E402
from http_server import serve_site  # noqa: E402

LIGHTHOUSE_VERSION = "12.8.2"
PREFIX = ROOT / ".cache" / "lighthouse"
CLI = PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = ["", "briefs/the-offensive/", "actors/hts/", "places/aleppo/", "map/", "network/",
         "chronology/", "claims/"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync --no-first-run"


def ensure_lighthouse() -> None:
    if not CLI.is_file():
        print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {PREFIX} ...", file=sys.stderr)
        subprocess.run(["npm", "install", "--prefix", str(PREFIX), "--no-audit", "--no-fund",
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True, stdout=subprocess.DEVNULL)


METRICS = (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
           ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"), ("SI", "speed-index"))


def run_lighthouse(url: str, preset: str, report: Path) -> dict:
    command = ["node", str(CLI), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    for attempt in range(3):  # on a loaded machine Lighthouse sometimes misses the trace (NO_NAVSTART)
        if subprocess.run(command, env=env, timeout=300, stderr=subprocess.DEVNULL).returncode == 0:
            break
    else:
        raise RuntimeError(f"Lighthouse failed three times on {url}")
    data = json.loads(report.read_text())
    scores = {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    scores["metrics"] = ", ".join(f"{name} {data['audits'][audit]['displayValue']}" for name, audit in METRICS
                                  if data["audits"].get(audit, {}).get("displayValue"))
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an existing build (default: build content/ now)")
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--metrics", action="store_true", help="also print the timings behind the performance score")
    parser.add_argument("paths", nargs="*", help="site paths (default: one page of each kind)")
    args = parser.parse_args()
    ensure_lighthouse()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(BuildOptions(content_dir=ROOT / "content", out_dir=site))
        paths = args.paths or [p for p in PAGES if (site / p / "index.html").is_file()]
        print(f"{'page':32} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        with serve_site(site) as base:
            for path in paths:
                scores = run_lighthouse(base + path, args.preset, Path(tmp) / "report.json")
                print(f"{'/' + path:32} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES), flush=True)
                if args.metrics:
                    print(f"{'':32} {scores['metrics']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
