"""plotly (the Python package, pinned in requirements-dev.txt) as the authority on our figures.

The build writes plotly specs as plain dictionaries (briefing/ never imports plotly), so nothing
but the browser would notice a misspelt property: plotly.js ignores what it does not know. Here
every figure the build writes is read back and handed to plotly.graph_objects.Figure, which
rejects any property, value or trace type that plotly does not have.

Three builds, each once: the real content/, the mini fixture with every kind of embed added (and
a claim confirmed later, a day known only as a range and a place known to within 20 km:
tests/uncertain_content.py), and a synthetic network of 60 actors (tests/network_synthetic.py: more kinds, sides and dates than the
fixtures). Each distinct figure file is validated once.
"""
from __future__ import annotations

import posixpath

import hashlib
import html.parser
import json
import os
import re
import shutil
from pathlib import Path
from posixpath import normpath

import pytest
import yaml

from conftest import MINI, ROOT, build_to, edit
from network_synthetic import synthetic_content
from uncertain_content import add_uncertainty

try:
    import plotly
    import plotly.graph_objects as go
    import plotly.offline
except ImportError:     # pragma: no cover - requirements-dev.txt installs it
    if os.environ.get("CI"):
        raise
    pytest.skip("plotly is not installed (pip install -r requirements-dev.txt)", allow_module_level=True)

VENDOR = ROOT / "vendor" / "plotly"
DATE = r"\d{4}-\d{2}-\d{2}"

# Every kind of figure the site emits. The test fails when one of them is no longer seen, so a
# kind cannot silently drop out of the validation.
KINDS = {
    "network: the whole",
    "network: the whole on a date",
    "network: one actor, depth 1",
    "network: one actor, depth 2",
    "network: one actor, depth 3",
    "network: one actor on a date",
    "network: several actors (a brief's)",
    "network: several actors on a date",
    "advances map",
    "advances map: frames",
    "advances map: areas (approximate places)",
    "advances map: marks of uncertain days",
    "advance chart",
    "advance chart: bars of uncertain days",
    "embed: network",
    "embed: map",
    "embed: advances-chart",
}

# One of each embed, with arguments the mini fixture can satisfy.
BRIEF_EMBEDS = """
{{< network actors="hts" depth=3 >}}

{{< network actors="hts" date="2024-11-28" >}}

{{< network date="2024-11-28" >}}

{{< network actors="hts,russia" depth=1 >}}

{{< map >}}

{{< map places="saraqib" dates="2024-11-29..2024-11-30" title="Saraqib" >}}

{{< advances-chart places="aleppo,saraqib" >}}

{{< advances-chart >}}

## The advance"""
PAGE_EMBEDS = """What it is.

{{< network >}}

{{< network date="2024-11-27" >}}

{{< map >}}

{{< advances-chart dates="2024-11-29..2024-11-30" >}}
"""


# --- the builds ---------------------------------------------------------------------------------
def build_quietly(content: Path, out: Path) -> Path:
    build_to(content, out, search=False, jobs=1)
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name -> (content folder, built site), each built once for the whole module."""
    base = tmp_path_factory.mktemp("plotly")
    embeds = base / "mini-embeds"
    shutil.copytree(MINI, embeds)
    edit(embeds / "briefs/the-offensive.md", "## The advance", BRIEF_EMBEDS.strip())
    edit(embeds / "pages/about.md", "What it is.", PAGE_EMBEDS.strip())
    add_uncertainty(embeds)
    synthetic = synthetic_content(base / "synthetic", 60)
    trees = {"content": ROOT / "content", "mini-embeds": embeds, "synthetic": synthetic}
    return {name: (tree, build_quietly(tree, base / f"{name}-site")) for name, tree in trees.items()}


# --- what the pages show ------------------------------------------------------------------------
class FigureRefs(html.parser.HTMLParser):
    """The figure files a page draws, and which of them stand in Markdown (div.prose): embeds."""

    def __init__(self):
        super().__init__()
        self.divs: list[bool] = []         # for each open <div>: is it the Markdown body?
        self.srcs: list[tuple[str, bool]] = []    # (data-figure-src, in the Markdown body)
        self.json_script = False
        self.json_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div":
            self.divs.append("prose" in (attrs.get("class") or "").split())
        elif tag == "figure" and attrs.get("data-figure-src"):
            self.srcs.append((attrs["data-figure-src"], any(self.divs)))
        elif tag == "script" and attrs.get("type") == "application/json":
            self.json_script = True

    def handle_endtag(self, tag):
        if tag == "div" and self.divs:
            self.divs.pop()
        elif tag == "script":
            self.json_script = False

    def handle_data(self, data):
        if self.json_script:
            self.json_text.append(data)


def figure_refs(site: Path) -> dict[str, bool]:
    """Site path of every figure file a page refers to -> whether some page embeds it in Markdown.

    Figures come as <figure data-figure-src="...">, relative to the page, and, for the network's
    date control, as "src" values in <script type="application/json">: file names beside the
    figure's own file (static/js/network.js resolves them so, in every language's edition)."""
    refs: dict[str, bool] = {}
    for page in site.rglob("*.html"):
        folder = page.parent.relative_to(site).as_posix()
        parser = FigureRefs()
        parser.feed(page.read_text(encoding="utf-8"))
        found = list(parser.srcs)
        beside = posixpath.dirname(found[0][0]) if found else "."
        for text in parser.json_text:
            found += [(f"{beside}/{src}", False) for src in re.findall(r'"src":\s*"([^"]+)"', text)]
        for src, embedded in found:
            path = normpath(f"{folder}/{src}")
            refs[path] = refs.get(path, False) or embedded
    return refs


def kinds_of(fig_id: str, spec: dict, embedded: bool, actors: set[str]) -> set[str]:
    """What kind of figure a file under figures/ is, from its id (figures/<id>.<hash>.json)."""
    kinds = set()
    if fig_id == "network":
        kinds.add("network: the whole")
    elif re.fullmatch(f"network-{DATE}", fig_id):
        kinds.add("network: the whole on a date")
    elif fig_id.startswith("network-"):
        rest, day = re.fullmatch(f"network-(.*?)(?:-({DATE}))?", fig_id).groups()
        who, depth = re.fullmatch(r"(.+)-([0-3])", rest).groups()
        if who in actors:
            kinds.add("network: one actor on a date" if day else f"network: one actor, depth {depth}")
        else:
            assert re.fullmatch(r"[0-9a-f]{8}", who), fig_id
            kinds.add("network: several actors on a date" if day else "network: several actors (a brief's)")
    elif fig_id == "advances-map":
        kinds.add("advances map")
    elif fig_id == "advance-over-time":
        kinds.add("advance chart")
    elif not re.fullmatch(r"(map|advance-chart)-[a-z0-9-]+", fig_id):
        kinds.add(f"unknown: {fig_id}")
    if fig_id == "advances-map" and any(frame.get("data") for frame in spec.get("frames", [])):
        kinds.add("advances map: frames")
    if fig_id == "advances-map" and any(t.get("fill") == "toself" for t in spec["data"]):
        kinds.add("advances map: areas (approximate places)")
    if fig_id == "advances-map" and any(str(symbol).endswith("-dot") for frame in spec.get("frames", [])
                                        for t in frame["data"] for symbol in t.get("marker", {}).get("symbol", [])):
        kinds.add("advances map: marks of uncertain days")
    if fig_id == "advance-over-time" and any("fgopacity" in t["marker"].get("pattern", {}) for t in spec["data"]
                                             if t["type"] == "bar"):
        kinds.add("advance chart: bars of uncertain days")
    if embedded:
        kinds.add("embed: " + ("network" if fig_id.startswith("network") else
                               "map" if fig_id.startswith(("map-", "advances-map")) else "advances-chart"))
    return kinds


def figure_files(sites) -> list[tuple[str, Path, set[str]]]:
    """(label, file, kinds) of every distinct figure file the builds wrote: files with the same
    bytes (say an actor's depth-2 and depth-3 networks when they hold the same actors) are one."""
    distinct: dict[str, tuple[str, Path, set[str]]] = {}
    for name, (tree, site) in sites.items():
        actors = {a["id"] for a in yaml.safe_load((tree / "actors.yaml").read_text(encoding="utf-8"))}
        refs = figure_refs(site)
        written = {p.relative_to(site).as_posix(): p for p in sorted((site / "figures").glob("*.json"))}
        missing = sorted(set(refs) - set(written))
        assert not missing, f"{name}: pages refer to figure files the build did not write: {missing}"
        for path, file in written.items():
            body = file.read_bytes()
            fig_id = file.name.rsplit(".", 2)[0]
            kinds = kinds_of(fig_id, json.loads(body), refs.get(path, False), actors)
            distinct.setdefault(hashlib.sha256(body).hexdigest(), (f"{name}: {path}", file, set()))[2].update(kinds)
    return list(distinct.values())


@pytest.fixture(scope="module")
def figures(sites):
    return figure_files(sites)


# --- validation ---------------------------------------------------------------------------------
def typed_frames(spec: dict) -> list[dict]:
    """The spec's frames, each frame trace given the type of the trace it updates.

    A frame's traces are partial: they carry only what changes, and no type. plotly.py would
    check them as scatter traces (its default), so a scattergeo frame's lat and lon would look
    wrong and a misspelt scattergeo property might look right. plotly.js matches frame traces to
    the figure's by frame["traces"] (indices into data), or by position when that is absent."""
    data = spec.get("data", [])
    frames = []
    for frame in spec.get("frames", []):
        traces = frame.get("data", [])
        indices = frame.get("traces", list(range(len(traces))))
        assert len(indices) == len(traces), f"frame {frame.get('name')}: {len(indices)} indices, {len(traces)} traces"
        typed = []
        for index, trace in zip(indices, traces):
            assert 0 <= index < len(data), f"frame {frame.get('name')} updates trace {index} of {len(data)}"
            kind = data[index].get("type", "scatter")
            assert trace.get("type", kind) == kind, f"frame {frame.get('name')} turns trace {index} into {trace['type']}"
            typed.append({**trace, "type": kind})
        frames.append({**frame, "data": typed})
    return frames


def validate(spec: dict) -> None:
    """Raises ValueError naming the first property, value or trace type plotly does not accept."""
    go.Figure({"data": spec.get("data", []), "layout": spec.get("layout", {}), "frames": typed_frames(spec)})


def first_lines(error: Exception, count: int = 4) -> str:
    """plotly's message, without the list of every valid property that follows it."""
    return "\n".join(line for line in str(error).strip().splitlines()[:count] if line.strip())


def test_every_kind_of_figure_is_built(figures):
    seen = set().union(*(kinds for _, _, kinds in figures))
    assert not KINDS - seen, f"no figure of these kinds was built, so none was validated: {sorted(KINDS - seen)}"
    assert not {k for k in seen if k.startswith("unknown")}, "a figure id this test does not know: add its kind"


def test_every_figure_is_valid_for_plotly(figures):
    errors = []
    for label, file, _ in figures:
        try:
            validate(json.loads(file.read_bytes()))
        except (ValueError, AssertionError) as error:
            errors.append(f"{label}:\n{first_lines(error)}")
    assert not errors, f"{len(errors)} of {len(figures)} figures are not valid plotly:\n\n" + "\n\n".join(errors)


def test_figures_use_only_trace_types_the_vendored_bundle_has(figures):
    """vendor/plotly/plotly-briefing.min.js is a partial bundle: a trace type it lacks draws nothing."""
    registered = set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", (VENDOR / "entry.js").read_text()))
    assert {"scatter", "scattergeo"} <= registered
    used = {}
    for label, file, _ in figures:
        spec = json.loads(file.read_bytes())
        for trace in spec["data"]:
            used.setdefault(trace.get("type", "scatter"), label)
    missing = {kind: label for kind, label in used.items() if kind not in registered}
    assert not missing, f"trace types not in the partial bundle (vendor/plotly/entry.js): {missing}"


def test_config_keys_are_plotly_config(figures):
    """plotly.py has no model of the config: its keys are checked against plotly.js's own config
    attributes, in the plotly.js that plotly.py ships (minified as `key:{valType:...}`)."""
    shipped = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    known = set(re.findall(r"[,{](\w+):\{valType:", shipped))
    assert {"displaylogo", "responsive", "topojsonURL"} <= known
    unknown = {}
    for label, file, _ in figures:
        for key in json.loads(file.read_bytes()).get("config", {}):
            if key not in known:
                unknown.setdefault(key, label)
    assert not unknown, f"config keys plotly.js does not have: {unknown}"


def test_the_validation_catches_misspelt_properties():
    """The checks above are only as good as this: a misspelling in a trace, the layout or a frame fails."""
    trace = {"type": "scattergeo", "lat": [36.2], "lon": [37.2], "marker": {"color": "var(--map-label)"}}
    frame = {"name": "2024-11-30", "traces": [0], "data": [{"lat": [36.3], "marker": {"size": [12]}}]}
    validate({"data": [trace], "layout": {"geo": {"landcolor": "var(--map-land)"}}, "frames": [frame]})
    bad = [
        {"data": [{**trace, "marker": {"colour": "red"}}]},
        {"data": [trace], "layout": {"geo": {"landcolour": "red"}}},
        {"data": [trace], "frames": [{**frame, "data": [{"lat": [36.3], "marker": {"colour": "red"}}]}]},
        {"data": [trace], "frames": [{**frame, "data": [{"lat": [36.3], "x": [1]}]}]},   # x: not scattergeo's
        {"data": [{**trace, "mode": "markers+txt"}]},
        {"data": [{"type": "scattergeos"}]},
    ]
    for spec in bad:
        with pytest.raises(ValueError):
            validate(spec)


def test_vendored_plotly_js_is_the_one_plotly_py_ships():
    """The site draws with vendor/plotly/plotly-briefing.min.js; the tests validate with plotly.py.
    They must be the same plotly.js, or the tests vouch for properties the site's plotly.js lacks."""
    bundle = (VENDOR / "plotly-briefing.min.js").read_text(encoding="utf-8")
    # plotly.js's src/version.js, bundled by esbuild as `<module>.version="4.1.1"`; d3 writes its own as
    # `{version:"3.8.2"}`, which this does not match.
    versions = set(re.findall(r'\.version="(\d+\.\d+\.\d+)"', bundle))
    assert len(versions) == 1, f"cannot tell the bundle's plotly.js version: {versions}"
    built = versions.pop()
    script = re.search(r"^PLOTLY_VERSION=(\S+)$", (VENDOR / "build.sh").read_text(), re.M).group(1)
    shipped = plotly.offline.get_plotlyjs_version()
    assert built == script == shipped, (f"vendor/plotly/plotly-briefing.min.js is plotly.js {built}, build.sh builds "
                                        f"{script}, plotly {plotly.__version__} ships {shipped}")


def test_the_build_does_not_import_plotly():
    """The build writes plain dictionaries: plotly is the tests' authority, not a build dependency."""
    importers = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "briefing").rglob("*.py"))
                 if re.search(r"^\s*(import|from)\s+plotly\b", p.read_text(encoding="utf-8"), re.M)]
    assert not importers, f"these import plotly: {importers}"
