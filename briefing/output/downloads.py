"""Model -> downloads for analysts: events, places, actors, relations and sources as CSV and JSON."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

from briefing.model import OutputFile, Site
from briefing.text import iso

# Columns in the order analysts read them; list fields are joined with '; ' in CSV.
TABLES = {
    "events": ("id", "date", "place", "actor", "kind", "status", "summary", "claimed_by", "denied_by",
               "confirmed_by", "sources", "note"),
    "places": ("id", "name", "kind", "governorate", "country", "lat", "lon", "geonames", "coords_source",
               "precision_km", "aliases", "description"),
    "actors": ("id", "name", "short_name", "kind", "role", "part_of", "country", "side", "aliases",
               "description", "sources"),
    "relations": ("id", "source", "target", "type", "since", "until", "sources", "note"),
    "sources": ("id", "name", "kind", "actor", "url", "note"),
}


def plain(value):
    if isinstance(value, dt.date):   # a day, or a moment (then in UTC)
        return iso(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def rows(items, columns) -> list[dict]:
    return [{c: plain(getattr(item, c)) for c in columns} for item in items]


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) can
# send data away): such text gets a leading apostrophe, which spreadsheets hide. Numbers stay.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, list):
        value = "; ".join(value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(records: list[dict], columns) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: csv_cell(v) for k, v in record.items()})
    return buffer.getvalue().encode("utf-8")


def to_json(records: list[dict]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def data_files(site: Site) -> list[OutputFile]:
    files = []
    for name, columns in TABLES.items():
        records = rows(getattr(site, name), columns)
        files.append(OutputFile(f"data/{name}.csv", to_csv(records, columns)))
        files.append(OutputFile(f"data/{name}.json", to_json(records)))
    return files
