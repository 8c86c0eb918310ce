"""Corrections and updates: the notes printed with a brief, the site's corrections page and its feed.

A brief's `corrections` and `updates` (model.Correction, model.Update) are shown on the brief,
near the top and dated, as newspapers print them; every correction is listed on /corrections/,
newest first, and is an entry of /corrections/feed.xml (Atom), so a reader can follow what the
publication got wrong without rereading every brief.
"""
from __future__ import annotations

from typing import NamedTuple

from briefing.i18n import gettext as _
from briefing.model import Brief, Site
from briefing.pages.spec import PageSpec
from briefing.text import atom_time, iso

CORRECTIONS = "corrections/"
CORRECTIONS_FEED = "corrections/feed.xml"


class Notice(NamedTuple):
    """A correction or an update as pages show it: its brief, its anchor on the brief's page
    (`correction-2024-12-03`; the feed's entry id is the brief's address with it), its date and text."""
    brief: Brief
    anchor: str
    date: object
    text: str


def notices(brief: Brief, kind: str) -> list[Notice]:
    """The brief's corrections (kind 'correction') or updates ('update'), newest first.

    Each anchor is made of the date (`correction-2024-12-03`, `update-2024-12-02-180000` for a
    date-time, in UTC): it stays the same however the list is reordered or added to, so a link
    to it, and a feed entry's id, keep pointing at the same note. A second note of the same date
    takes `-2` (in the order written), a third `-3`."""
    items = brief.corrections if kind == "correction" else brief.updates
    seen: dict[str, int] = {}
    made = []
    for item in items:
        stamp = iso(item.date).lower().replace("t", "-").replace(":", "").rstrip("z")
        seen[stamp] = seen.get(stamp, 0) + 1
        suffix = f"-{seen[stamp]}" if seen[stamp] > 1 else ""
        made.append(Notice(brief, f"{kind}-{stamp}{suffix}", item.date, item.text))
    return newest_first(made)


def newest_first(items: list[Notice]) -> list[Notice]:
    """By date, newest first; a day counts as its first moment in UTC (as in the feed); stable."""
    return sorted(items, key=lambda n: atom_time(n.date), reverse=True)


def corrections_pages(site: Site) -> list[PageSpec]:
    """/corrections/ (every correction of every brief, newest first, each linking to its note on
    the brief) and its Atom feed, /corrections/feed.xml: one entry a correction."""
    entries = newest_first([n for brief in site.briefs for n in notices(brief, "correction")])
    updated = entries[0].date if entries else site.config.as_of
    return [
        PageSpec(CORRECTIONS, "corrections.html", _("Corrections"), {"entries": entries},
                 _("Every correction to the briefs of %(site)s, newest first.", site=site.config.title)),
        PageSpec(CORRECTIONS_FEED, "corrections_feed.xml", _("Corrections · %(site)s", site=site.config.title),
                 {"entries": entries, "updated": updated}, in_sitemap=False),
    ]
