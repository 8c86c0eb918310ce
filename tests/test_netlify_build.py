"""Netlify's own build tool, `netlify build --offline` (the netlify-cli npm package), runs
netlify.toml on a clean clone: the build command and the cache plugin, as Netlify does.

It is skipped, with the reason, when the tool is not installed: netlify-cli is about 350 MB,
so it is not among the test's npm packages. Install it with `npm install netlify-cli@27`
(anywhere on PATH, or in this repository's node_modules) to run it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tomllib

import pytest

from conftest import ROOT


def netlify_cli() -> str | None:
    local = ROOT / "node_modules" / ".bin" / "netlify"
    return str(local) if local.exists() else shutil.which("netlify")


def test_netlify_toml_pins_a_node_that_build_plugins_run_on():
    """Netlify's build plugins need Node 22 or newer (Netlify's announcement of the end of
    Node 18 and 20 for build plugins); its unpinned default has changed over time."""
    environment = tomllib.loads((ROOT / "netlify.toml").read_text())["build"]["environment"]
    assert int(environment["NODE_VERSION"].split(".")[0]) >= 22
    assert environment["PYTHON_VERSION"] == "3.11"


def test_netlify_build_offline_on_a_clean_clone(tmp_path):
    cli = netlify_cli()
    if cli is None:
        pytest.skip("netlify-cli is not installed (npm install netlify-cli@27 to run this test)")
    if not (ROOT / "node_modules" / "netlify-plugin-cache").is_dir():
        pytest.skip("npm ci has not been run here: netlify-plugin-cache is missing")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # What `npm ci` installs, without reinstalling it: Netlify loads the plugin from here.
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    env = {**os.environ, "NETLIFY_SITE_ID": "", "LC_ALL": "C.UTF-8"}
    result = subprocess.run([cli, "build", "--offline"], cwd=clone, env=env, capture_output=True,
                            text=True, timeout=600)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    assert "$ python generate.py build" in log                      # netlify.toml's command ran
    assert "Successfully cached: .cache/briefing" in log, log[-4000:]   # and the cache plugin saved
    assert (clone / "site" / "index.html").is_file()
    assert (clone / "site" / "pagefind" / "pagefind.js").is_file()
    assert "Netlify Build Complete" in log
