"""Model -> downloads for analysts: events, places, actors, relations and sources as CSV and JSON,
and the events again in ACLED's column layout (acled.py)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

from briefing.model import OutputFile, Site, StatusChange
from briefing.output.acled import ACLED_COLUMNS, ACLED_PATH, acled_rows
from briefing.text import iso

# Columns in the order analysts read them; list fields are joined with '; ' in CSV. An event's
# `date` is its first possible day and `date_end` its last (empty for a single day); `status` and
# the sources are as they stand on as_of, `history` gives every step from the first report on, and
# `related` the events an editor links to it.
TABLES = {
    "events": ("id", "date", "date_end", "place", "actor", "kind", "status", "summary", "claimed_by",
               "denied_by", "confirmed_by", "sources", "note", "history", "related"),
    "places": ("id", "name", "kind", "governorate", "country", "lat", "lon", "geonames", "coords_source",
               "precision_km", "aliases", "description"),
    "actors": ("id", "name", "short_name", "kind", "role", "part_of", "country", "side", "aliases",
               "description", "sources"),
    "relations": ("id", "source", "target", "type", "since", "until", "sources", "note"),
    "sources": ("id", "name", "kind", "actor", "url", "note"),
}


def plain(value):
    if isinstance(value, StatusChange):
        return step_record(value)
    if isinstance(value, dt.date):   # a day, or a moment (then in UTC)
        return iso(value)
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    return value


STEP_ROLES = (("claimed_by", "claimed"), ("denied_by", "denied"), ("confirmed_by", "confirmed"))


def step_record(step: StatusChange) -> dict:
    """One step of a claim's history for the JSON download: {date: 'YYYY-MM-DD', status,
    claimed_by, denied_by, confirmed_by (lists of source ids named for that step), note}."""
    return {"date": iso(step.date), "status": step.status, "claimed_by": list(step.claimed_by),
            "denied_by": list(step.denied_by), "confirmed_by": list(step.confirmed_by), "note": step.note}


def step_text(step: dict) -> str:
    """One step for the CSV's history column, readable in a spreadsheet:
    '2024-12-02 confirmed (confirmed by sohr): note', several sources joined by ' and '."""
    roles = ", ".join(f"{verb} by {' and '.join(step[key])}" for key, verb in STEP_ROLES if step[key])
    return f"{step['date']} {step['status']}" + (f" ({roles})" if roles else "") + \
        (f": {step['note']}" if step["note"] else "")


def rows(items, columns) -> list[dict]:
    return [{c: plain(getattr(item, c)) for c in columns} for item in items]


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) can
# send data away): such text gets a leading apostrophe, which spreadsheets hide. Numbers stay.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, list):
        value = "; ".join(step_text(item) if isinstance(item, dict) else item for item in value)
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
    files.append(OutputFile(ACLED_PATH, to_csv(acled_rows(site), ACLED_COLUMNS)))
    return files
