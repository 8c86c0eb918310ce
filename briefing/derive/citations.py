"""Site -> references in CSL-JSON: what a reader cites when citing a brief, an event of the
chronology or a view of the map.

CSL-JSON is the Citation Style Language's data format (citeproc-js, Zotero, Pandoc read it;
schema: https://github.com/citation-style-language/schema, csl-data.json). Each reference is a
plain dict, so the same value is formatted for the page (render/citation.py, with citeproc-py),
written as a download (output/citations.py: CSL-JSON, BibTeX, RIS) and tested.

What every reference carries, and where it comes from:

- `author`: site.yaml `author` (the desk), or the site's title when there is none: a corporate
  author, `{"literal": ...}`, never split into given and family names;
- `container-title`: the site's title (for an event, "<title>: Chronology"); `publisher`, a brief's
  only: the site's title, which the container of an event or a view of the map already names;
- `issued`: a brief's date of publication; for an event or a view of the map, the day of the
  information cut-off (the version of the page cited);
- `URL`: the **permanent address**, the site's base_url joined to the page's path (urls.path_of),
  with the anchor of the event or the `#date=` of the map's day;
- `note`: the **information cut-off**, site.yaml `as_of`, as "Information as of 2 December
  2024, 18:00 UTC";
- `accessed`: the cut-off's day too. A static file cannot know the day it is read; the page at
  the permanent address has shown this version since its cut-off, so that day is the earliest a
  reader could have read it, and a reader who read it later changes it (docs/citations.md).

A reference is in the language current when it is made (i18n.current()): a page's, in its
edition's language, as citeproc-py then formats it (render/citation.py); the downloads', made by
the build outside any edition, in the default language.
"""
from __future__ import annotations

import datetime as dt

from briefing.i18n import N_, gettext as _
from briefing.model import Brief, Event, Site
from briefing.text import event_when, iso, long_date, long_day, utc_day
from briefing.urls import path_of, with_slash

MAP_PATH = "map/"
CHRONOLOGY_PATH = "chronology/"


def date_parts(value) -> dict:
    """A CSL date: {"date-parts": [[2024, 12, 2]]} for a day (of a moment: its UTC day)."""
    return {"date-parts": [[int(part) for part in iso(utc_day(value)).split("-")]]}


def author_of(site: Site) -> str:
    """Who a reference names as author: site.yaml `author`, else the site's title."""
    return site.config.author or site.config.title


def cut_off_note(site: Site) -> str:
    """'Information as of 2 December 2024, 18:00 UTC': the information cut-off (site.yaml as_of),
    in the current language."""
    return _("Information as of %(day)s", day=long_date(site.config.as_of))


def permanent_address(base_url: str, path: str, fragment: str = "") -> str:
    """base_url + the page's path (+ '#' fragment): the address a reference gives."""
    return with_slash(base_url) + path + (f"#{fragment}" if fragment else "")


def _common(site: Site, publisher: bool = True) -> dict:
    """What every reference says of the publication. publisher: False where the container (the
    site's title) already names it, so that the reference does not say it twice."""
    common = {"author": [{"literal": author_of(site)}], "container-title": site.config.title,
              "publisher": site.config.title, "accessed": date_parts(site.config.as_of),
              "note": cut_off_note(site), "language": site.lang or site.config.language}
    if not publisher:
        del common["publisher"]
    return common


def brief_reference(site: Site, brief: Brief, base_url: str) -> dict:
    """A brief as a CSL-JSON item of type article-newspaper (a dated piece in a publication),
    id its slug; `abstract` is its summary."""
    return {"id": brief.slug, "type": "article-newspaper", "title": brief.title, **_common(site),
            "issued": date_parts(brief.date), "URL": permanent_address(base_url, path_of(brief)),
            "abstract": brief.summary}


def event_title(event: Event) -> str:
    """'30 November 2024: <the event's summary>'; for an event known only to a range of days
    (`date_end`), '28 to 30 November 2024: ...' (text.event_when, as the English pages say it)."""
    return _("%(when)s: %(summary)s", when=event_when(event), summary=event.summary)


def event_reference(site: Site, event: Event, base_url: str) -> dict:
    """An event of the chronology as a CSL-JSON item of type entry (an entry in a reference work),
    its address the chronology with the event's anchor (#event-<id>)."""
    return {"id": f"event-{event.id}", "type": "entry", "title": event_title(event), **_common(site, publisher=False),
            "container-title": _("%(site)s: Chronology", site=site.config.title),
            "issued": date_parts(site.config.as_of),
            "URL": permanent_address(base_url, CHRONOLOGY_PATH, f"event-{event.id}")}


# The map's title with the day left as '{day}', which map.js fills in as the reader moves the day.
MAP_TITLE = N_("Map of the advances as of %(day)s")


def map_title(day: str) -> str:
    """'Map of the advances as of 2 December 2024' in the current language; map_title('{day}') is
    the form map.js fills in."""
    return _(MAP_TITLE, day=day)


def map_reference(site: Site, base_url: str, day: dt.date) -> dict:
    """The advances map as it was on `day`, as a CSL-JSON item of type map; its address is the map's
    citable address for that day (map/#date=YYYY-MM-DD, which map.js reads)."""
    title = map_title(long_day(day))
    return {"id": f"map-{iso(day)}", "type": "map", "title": title,
            **_common(site, publisher=False),
            "issued": date_parts(site.config.as_of),
            "URL": permanent_address(base_url, MAP_PATH, f"date={iso(day)}")}


def briefs_references(site: Site, base_url: str) -> list[dict]:
    """Every published brief's reference, newest first (ties: by slug)."""
    briefs = sorted(site.briefs, key=lambda b: (b.date, b.slug))
    briefs.sort(key=lambda b: b.date, reverse=True)
    return [brief_reference(site, brief, base_url) for brief in briefs]
