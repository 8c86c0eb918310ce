"""Shared fixtures: a small valid content tree to copy and break, and builds of it."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.build import BuildOptions, build  # noqa: E402

MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def content(tmp_path) -> Path:
    """A fresh copy of the mini content tree, safe to modify."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a content file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing needle."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def build_to(content_dir: Path, out_dir: Path, **kwargs):
    return build(BuildOptions(content_dir=content_dir, out_dir=out_dir, **kwargs))


def build_mini_with_an_ending_relation(folder: Path) -> Path:
    """The mini site plus one relation that ends (so the network has key dates and figures on
    dates differ), built into folder/site; returns the site folder."""
    content = folder / "content"
    shutil.copytree(MINI, content)
    with (content / "relations.yaml").open("a") as f:
        f.write("- from: russia\n  to: hts\n  type: fights\n  since: 2024-11-28\n  until: 2024-11-30\n  sources: [sohr]\n")
    out = folder / "site"
    build_to(content, out)
    return out


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The mini content built once for all tests that only read the output."""
    out = tmp_path_factory.mktemp("mini") / "site"
    build_to(MINI, out)
    return out


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium. Missing: skip locally, fail under CI."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed, and CI is set: browser tests must run")
        pytest.skip("Chromium not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed, and CI is set")
        pytest.skip("playwright not installed")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


def pytest_collection_modifyitems(items):
    """A test that opens the browser is a browser test, whether or not it says so: `-m "not
    browser"` must leave out every one of them."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
