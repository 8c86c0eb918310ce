"""scripts/netlify-ignore.sh: skips a build only when nothing the site is built from changed."""
from __future__ import annotations

import os
import shutil
import subprocess
import tomllib

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "netlify-ignore.sh"


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo, files: dict, message: str) -> str:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "Test")
    (repo / "scripts").mkdir()
    shutil.copy(SCRIPT, repo / "scripts" / SCRIPT.name)
    return repo


def ignore(repo, cached: str | None, current: str | None, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CACHED_COMMIT_REF", "COMMIT_REF")}
    if cached is not None:
        env["CACHED_COMMIT_REF"] = cached
    if current is not None:
        env["COMMIT_REF"] = current
    return subprocess.run(["bash", str(repo / "scripts" / SCRIPT.name)], cwd=cwd or repo, env=env,
                          capture_output=True, text=True)


def test_skips_only_commits_that_change_nothing_the_site_is_built_from(repo, tmp_path):
    first = commit(repo, {"content/site.yaml": "title: A\n", "templates/base.html": "<html>\n",
                          "tests/test_x.py": "x = 1\n", "docs/d.md": "# D\n", "README.md": "r\n"}, "first")
    docs = commit(repo, {"tests/test_x.py": "x = 2\n", "docs/d.md": "# E\n", "README.md": "s\n",
                         "bench/run.py": "pass\n"}, "tests and docs only")
    content = commit(repo, {"content/site.yaml": "title: B\n"}, "content")
    toml = commit(repo, {"netlify.toml": "[build]\n"}, "netlify.toml")
    code = commit(repo, {"briefing/x.py": "pass\n", "requirements.txt": "x==1\n"}, "code")
    vendor = commit(repo, {"vendor/basemap/land.json": "{}\n"}, "the base map")
    package = commit(repo, {"pyproject.toml": "[project]\n"}, "the package's dependencies")

    skipped = ignore(repo, first, docs)
    assert skipped.returncode == 0 and "skipping the build" in skipped.stdout
    for cached, current in ((docs, content), (first, content), (content, toml), (toml, code), (code, vendor),
                            (vendor, package)):
        result = ignore(repo, cached, current)
        assert result.returncode == 1 and "changed: building" in result.stdout, (cached, current)
    # Run from another folder (Netlify runs it from the base directory): same answers.
    assert ignore(repo, first, docs, cwd=tmp_path).returncode == 0


def test_builds_whenever_in_doubt(repo):
    first = commit(repo, {"content/site.yaml": "title: A\n"}, "first")
    docs = commit(repo, {"docs/d.md": "# D\n"}, "docs")
    assert "no previous build" in ignore(repo, None, docs).stdout
    assert ignore(repo, None, docs).returncode == 1
    assert ignore(repo, "", docs).returncode == 1
    unknown = ignore(repo, "0123456789abcdef0123456789abcdef01234567", docs)
    assert unknown.returncode == 1 and "unknown here" in unknown.stdout
    # A build without cache (the first one, or a manual redeploy) has CACHED_COMMIT_REF = COMMIT_REF.
    same = ignore(repo, docs, docs)
    assert same.returncode == 1 and "same commit" in same.stdout
    assert ignore(repo, first, "not-a-commit").returncode == 1


def test_netlify_runs_it_and_watches_what_the_build_reads():
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert config["build"]["ignore"] == "bash scripts/netlify-ignore.sh"
    paths = SCRIPT.read_text().split("paths=(", 2)[2].split(")", 1)[0].split()
    assert set(paths) == {"content", "templates", "static", "vendor", "briefing", "generate.py",
                          "requirements.txt", "pyproject.toml", "netlify.toml"}
    assert all((ROOT / p).exists() for p in paths)
