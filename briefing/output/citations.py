"""References -> files a reference manager imports: BibTeX (.bib), RIS (.ris) and CSL-JSON (.json),
one set a brief (citations/briefs/<slug>.*) and one for every brief (citations/briefs.*).

Each file carries the brief's **permanent address** and the publication's **information
cut-off** (site.yaml as_of), in each format's own fields:

| | address | cut-off, in words | cut-off, as a date (the access date) |
|---|---|---|---|
| CSL-JSON | `URL` | `note` | `accessed` |
| BibTeX (biblatex `@online`) | `url` | `note` | `urldate` (ISO 8601) |
| RIS (`TY  - NEWS`) | `UR` | `N1` | `Y2` (YYYY/MM/DD) |

Why the cut-off is also the access date: see derive/citations.py. The reference values are
derive/citations.py's CSL-JSON items; this module only writes them in each syntax.

BibTeX: biblatex's `@online` (Zotero, JabRef and biber read it; classic BibTeX styles take it as
`@misc`); the author is corporate, in braces so no style splits it into names; the title in
double braces so no style changes its case; LaTeX's special characters escaped (`\\&`,
`\\%`, `\\textbackslash{}`...) and ligatures kept apart (`-{}-`, so '--' is not an en dash);
other text as UTF-8 (biber reads it). RIS: the tags of the RIS
specification (Research Information Systems), lines `TAG  - value` ending in CR LF, each record
closed by `ER  - `.
"""
from __future__ import annotations

import json
import re

from briefing.model import OutputFile, Site
from briefing.derive.citations import briefs_references
from briefing.pages.citations import ALL_BRIEFS, brief_citation_path

BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
               "&": r"\&", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
BIB_PATTERN = re.compile("|".join(re.escape(c) for c in BIB_SPECIAL))


def one_line(text: str) -> str:
    """Runs of white space (line breaks included) as one space: every field is one line."""
    return " ".join(str(text).split())


# Pairs that TeX's fonts set as one character (ligatures): '--' an en dash, '``' and "''" curly
# quotes, ',,' '<<' '>>' low and angle quotes, '?`' '!`' inverted marks. '{}' between keeps them apart.
LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=,)(?=,)|(?<=<)(?=<)|(?<=>)(?=>)|(?<=[?!])(?=`)")


def bib_text(text: str) -> str:
    """Text for a BibTeX field, typeset as written: LaTeX's special characters escaped, ligatures
    kept apart, on one line."""
    return LIGATURES.sub("{}", BIB_PATTERN.sub(lambda m: BIB_SPECIAL[m.group()], one_line(text)))


def iso_day(csl_date: dict) -> str:
    """{"date-parts": [[2024, 12, 2]]} -> '2024-12-02'."""
    year, month, day = csl_date["date-parts"][0]
    return f"{year:04d}-{month:02d}-{day:02d}"


def bib_key(item: dict) -> str:
    """The entry's key: the item's id (a brief's slug: lower-case ASCII letters, digits, hyphens)."""
    return re.sub(r"[^a-z0-9-]", "-", str(item["id"]).lower())


def to_bibtex(items: list[dict]) -> bytes:
    """The items as biblatex @online entries, one after another, UTF-8."""
    entries = []
    for item in items:
        published = iso_day(item["issued"])
        fields = [("author", "{" + bib_text(item["author"][0]["literal"]) + "}"),
                  ("title", "{" + bib_text(item["title"]) + "}"),
                  ("organization", bib_text(item["container-title"])),
                  ("date", published), ("year", published[:4]),
                  ("url", item["URL"]), ("urldate", iso_day(item["accessed"])),
                  ("note", bib_text(item["note"])), ("langid", bib_text(item["language"]))]
        if item.get("abstract"):
            fields.append(("abstract", bib_text(item["abstract"])))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@online{{{bib_key(item)},\n{body}\n}}\n")
    return "\n".join(entries).encode("utf-8")


def ris_day(csl_date: dict) -> str:
    """{"date-parts": [[2024, 12, 2]]} -> '2024/12/02' (RIS's DA and Y2)."""
    return iso_day(csl_date).replace("-", "/")


def to_ris(items: list[dict]) -> bytes:
    """The items as RIS records (TY NEWS: an article in a news publication), UTF-8, CR LF."""
    lines = []
    for item in items:
        record = [("TY", "NEWS"), ("ID", item["id"]), ("AU", item["author"][0]["literal"]), ("TI", item["title"]),
                  ("T2", item["container-title"]), ("PB", item["publisher"]),
                  ("PY", iso_day(item["issued"])[:4]), ("DA", ris_day(item["issued"])),
                  ("UR", item["URL"]), ("Y2", ris_day(item["accessed"])), ("N1", item["note"]),
                  ("LA", item["language"])]
        if item.get("abstract"):
            record.append(("AB", item["abstract"]))
        lines += [f"{tag}  - {one_line(value)}" for tag, value in record] + ["ER  - ", ""]
    return "\r\n".join(lines).encode("utf-8")


def to_csl_json(items: list[dict]) -> bytes:
    """The items as a CSL-JSON array (what Zotero, Pandoc and citeproc-js import), UTF-8."""
    return (json.dumps(items, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


WRITERS = {"bib": to_bibtex, "ris": to_ris, "json": to_csl_json}


def citation_files(site: Site, base_url: str) -> list[OutputFile]:
    """Every brief's reference in each format (citations/briefs/<slug>.<ext>), and all of them in
    one file a format (citations/briefs.<ext>, newest brief first)."""
    items = briefs_references(site, base_url)
    files = [OutputFile(f"{ALL_BRIEFS}.{ext}", write(items)) for ext, write in WRITERS.items()]
    for item in items:
        files += [OutputFile(brief_citation_path(item["id"], ext), write([item])) for ext, write in WRITERS.items()]
    return files
