"""The mini content tree with a long unbroken word in every text field (issue 14, kind 7).

A Telegram handle, a long URL or a compound name has no place a line may break: on a phone it
made pages scroll sideways. Each field keeps its text and gains such a word, so the pages still
look like pages (and the screenshots mean something); the Markdown bodies gain one in a heading,
a paragraph, a link, a code span, a table, a list, a quote, a code block and a footnote, and the
brief on the offensive embeds every kind of figure.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import MINI

# No break opportunity in any of them (no space, hyphen or slash followed by a letter).
HANDLE = "@AlMilitaryOperationsCommandOfficialTelegramChannel"                  # 51 characters
COMPOUND = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrente"           # 55
URL = "https://t.me/s/AlMilitaryOperationsCommandOfficialTelegramChannelArchive"
NUMBER = "1234567890123456789012345678901234567890"                            # a key figure
WORDS = (HANDLE, COMPOUND)

MARKDOWN = f"""

## Statement by {HANDLE}

The channel {HANDLE} said so; see {URL} and [{COMPOUND}]({URL}), or `{HANDLE}{COMPOUND}`.

| Channel | Said | Where |
|---|---|---|
| {HANDLE} | {COMPOUND} | {URL} |

- {COMPOUND} in a list
- <{URL}>

> {HANDLE} in a quotation.

```
{URL} {HANDLE}{COMPOUND}
```

A note.[^long]

[^long]: {COMPOUND}{HANDLE}
"""

EMBEDS = """

{{< map >}}

{{< advances-chart >}}

{{< network actors="hts,russia" depth=1 >}}
"""

# (not a place's governorate: it must name one of Syria's, which are all short)
TEXT_KEYS = {"title", "description", "summary", "name", "short_name", "role", "note", "label",
             "country", "author", "value", "text"}


def lengthen(value, key: str, index: int):
    if key == "value":
        return NUMBER
    if isinstance(value, str) and key in TEXT_KEYS:
        return f"{value} {WORDS[index % 2]}"
    if isinstance(value, list) and key == "aliases":
        return [*value, HANDLE]
    return value


def lengthened(data, index: int = 0):
    """Every text value in a YAML document, with a long word added."""
    if isinstance(data, list):
        return [lengthened(item, i) for i, item in enumerate(data)]
    if isinstance(data, dict):
        return {k: lengthened(v, index) if isinstance(v, (dict, list)) and k != "aliases" else lengthen(v, k, index)
                for k, v in data.items()}
    return data


def write_long_words_content(root: Path) -> Path:
    """Copy tests/fixtures/mini to root with long words everywhere; returns root."""
    shutil.copytree(MINI, root)
    for name in ("site.yaml", "actors.yaml", "places.yaml", "events.yaml", "sources.yaml", "relations.yaml"):
        path = root / name
        data = lengthened(yaml.safe_load(path.read_text(encoding="utf-8")))
        if name == "site.yaml":
            data["licence"]["name"] += " " + HANDLE
        if name == "places.yaml":    # every kind of place label: a town, an airbase, a village
            data[0]["aliases"] = [HANDLE]
            data.append({"id": "nairab", "name": f"Nairab{COMPOUND} airbase", "kind": "airbase",
                         "governorate": "Aleppo", "lat": 36.185, "lon": 37.225, "coords_source": "GeoNames"})
        if name == "events.yaml":
            data.append({"id": "2024-11-30-nairab", "date": "2024-11-30", "place": "nairab", "actor": "hts",
                         "kind": "captured", "status": "claimed", "summary": f"HTS says it took {HANDLE}.",
                         "claimed_by": ["moc-telegram"], "denied_by": ["syrian-mod"], "sources": ["sohr"],
                         "note": f"Denied by {HANDLE}."})
        if name == "sources.yaml":
            data[0]["url"] = URL
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((root / "briefs").glob("*.md")) + sorted((root / "pages").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = lengthened(yaml.safe_load(front))
        if path.stem == "the-offensive":   # a correction and an update, shown on the brief and /corrections/
            meta["corrections"] = [{"date": "2024-12-02", "text": f"An earlier version misnamed {HANDLE}{COMPOUND}."}]
            meta["updates"] = [{"date": "2024-12-02T12:00:00+00:00", "text": f"Adds the statement of {HANDLE}."}]
        extra = MARKDOWN + (EMBEDS if path.stem == "the-offensive" else "")
        path.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n{body}{extra}",
                        encoding="utf-8")
    return root
