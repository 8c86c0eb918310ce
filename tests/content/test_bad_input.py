"""The bad-input suite: each folder of tests/cases/ is broken content, and its expected.yaml
says exactly what the build reports (file, line, message) or, for content that builds,
what the page must and must not contain.

A case folder holds only the files that differ from tests/fixtures/mini: the test copies
mini, deletes what `delete:` lists, lays the case's files over it and writes what
`generate:` describes (big and binary files are made here, never committed). Then it
builds in-process and through `generate.py build`, each time over a previous site that
must survive byte for byte when the build fails.

expected.yaml:
    about: one line on what the case is
    errors:                      # the complete list, in the order reported (file, then line)
      - {file: briefs/x.md, line: 3, message: "...", hint: "..."}   # hint is optional
    builds: true                 # instead of errors: the site builds, and then
    output:
      briefs/x/index.html: {contains: ["..."], absent: ["..."]}
    delete: [briefs/diplomacy.md]
    generate:
      - {path: briefs/x.md, text: "...", encoding: latin-1}          # text in that encoding
      - {path: briefs/y.md, text: "---\\n", repeat: "filler\\n", size: 20971520}   # padded to size bytes
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing.errors import ContentErrors
from conftest import MINI, ROOT, build_to
from test_build import tree_digest

CASES = ROOT / "tests" / "cases"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.yaml").is_file())


def make_content(case: Path, spec: dict, target: Path) -> Path:
    shutil.copytree(MINI, target)
    for name in spec.get("delete", []):
        (target / name).unlink()
    for path in sorted(case.rglob("*")):
        if path.is_file() and path.name != "expected.yaml":
            destination = target / path.relative_to(case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    for item in spec.get("generate", []):
        data = item["text"].encode(item.get("encoding", "utf-8"))
        if "size" in item:
            filler = item["repeat"].encode("utf-8")
            data += filler * ((item["size"] - len(data)) // len(filler) + 1)
            data = data[:item["size"]]
        destination = target / item["path"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
    return target


def located(errors: ContentErrors, content: Path) -> list[dict]:
    found = []
    for error in errors.errors:
        entry = {"file": Path(os.path.relpath(os.path.abspath(error.file), content)).as_posix(),
                 "line": error.line, "message": error.message}
        found.append(entry | ({"hint": error.hint} if error.hint else {}))
    return found


def expected_errors(spec: dict, found: list[dict]) -> list[dict]:
    """The expected list, with a found hint filled in where the case does not pin one."""
    result = []
    for want, got in zip(spec["errors"], found + [{}] * len(spec["errors"])):
        if "hint" not in want and "hint" in got:
            want = {**want, "hint": got["hint"]}
        result.append(want)
    return result


@pytest.fixture
def previous_site(mini_site, tmp_path) -> Path:
    """A copy of a good build where the case will build: it must survive a failed build."""
    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    return site


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case(name, tmp_path, previous_site):
    case = CASES / name
    spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert bool(spec.get("builds")) != bool(spec.get("errors")), "a case either builds or lists its errors"
    content = make_content(case, spec, tmp_path / "content")
    before = tree_digest(previous_site)

    if spec.get("builds"):
        build_to(content, previous_site, search=False)
        for page, checks in spec["output"].items():
            html = (previous_site / page).read_text(encoding="utf-8")
            for text in checks.get("contains", []):
                assert text in html, f"{page} lacks {text!r}"
            for text in checks.get("absent", []):
                assert text not in html, f"{page} has {text!r}"
    else:
        with pytest.raises(ContentErrors) as caught:
            build_to(content, previous_site, search=False)
        found = located(caught.value, content)
        assert found == expected_errors(spec, found)
        assert tree_digest(previous_site) == before

    # The same through the command line, as an editor or Netlify runs it.
    result = subprocess.run([sys.executable, str(ROOT / "generate.py"), "build", "--no-search", "--content",
                             "content", "--out", "site"], cwd=tmp_path, capture_output=True, text=True,
                            errors="replace")
    assert "Traceback" not in result.stderr
    if spec.get("builds"):
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1, result.stderr
        for error in spec["errors"]:
            assert f"content/{error['file']}:{error['line']}: error: " in result.stderr, error
        count = len(spec["errors"])
        assert result.stderr.endswith(f"{count} error{'s' if count != 1 else ''} in content; "
                                      f"'site' was left as it was.\n")
        assert "\x1b" not in result.stderr  # content cannot send terminal escapes
        assert tree_digest(previous_site) == before


def test_every_case_folder_has_its_expectations():
    folders = sorted(p.name for p in CASES.iterdir() if p.is_dir())
    assert folders == CASE_NAMES and len(CASE_NAMES) >= 20
