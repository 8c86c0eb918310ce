"""The benchmark's one command runs (our generator only, a tiny N) and prints its table."""
import json
import re
import subprocess
import sys

from conftest import ROOT


def test_quick_benchmark_of_our_generator(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/run.py"), "--quick", "--only", "ours", "--sizes", "30",
         "--work", str(tmp_path / "work"), "--results", str(tmp_path / "results")],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("Machine: ") and " cores, " in line for line in lines)
    header = next(i for i, line in enumerate(lines) if "median s" in line)
    assert lines[header].split()[:3] == ["N", "build", "median"]
    rows = {name: line for line in lines[header + 1:]
            for name in ("ours cold", "ours warm, 1st rebuild", "ours warm, next") if f"  {name} " in line}
    assert set(rows) == {"ours cold", "ours warm, 1st rebuild", "ours warm, next"}
    for line in rows.values():
        assert re.match(r"\s+30\s+ours (cold|warm, 1st rebuild|warm, next)\s+[\d.]+\s+[\d.]+\s+\d+\s+[\d.]+", line)
    reuse = re.search(r"\[(\d+)/(\d+) pages from cache\]", rows["ours warm, next"])
    assert reuse and 0 < int(reuse.group(1)) < int(reuse.group(2))   # all but the edited brief's pages

    report = json.loads(next((tmp_path / "results").glob("*.json")).read_text())
    assert report["machine"]["cores"] >= 1 and report["sizes"][0]["size"] == 30
    warm = report["sizes"][0]["rows"]["ours warm, 1st rebuild"]
    assert warm["pages_from_cache"] > 0 and warm["peak_mb"] > 0
