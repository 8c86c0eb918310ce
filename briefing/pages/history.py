"""Each brief's revision history page, /briefs/<slug>/history/: every committed change, word by word.

The history itself (which commits changed the brief's file) is read once for the whole site by
content/history.py and is each page's input (PageSpec.inputs). The texts of the revisions, and
what each changed (derive/revisions.py), are read and worked out only when the page is rendered
(its `prepare` step), so a page whose history is unchanged costs nothing.
"""
from __future__ import annotations

import functools
import subprocess
from typing import NamedTuple

from briefing.content.history import revision_texts
from briefing.derive.revisions import Comparison, compare, word_count
from briefing.errors import HistoryError
from briefing.i18n import gettext as _
from briefing.model import Brief, BriefHistory, History, Revision, Site
from briefing.pages.spec import PageSpec


class RevisionView(NamedTuple):
    """One revision as its page shows it: the commit, what it changed (None for the one that
    created the file, or when a text could not be read: `note` says which), the number of words
    of its text, and a note."""
    revision: Revision
    comparison: Comparison | None
    words: int
    note: str


def history_path(brief: Brief) -> str:
    return f"briefs/{brief.slug}/history/"


def history_pages(site: Site, history: History) -> list[PageSpec]:
    """A history page for every brief of the site, whether or not there is a history to show:
    without one, the page says why (History.unavailable, or a brief never committed)."""
    specs = []
    for brief in site.briefs:
        own = history.of(brief.slug)
        specs.append(PageSpec(
            history_path(brief), "history.html", _("Revision history: %(title)s", title=brief.title),
            {"brief": brief, "unavailable": history.unavailable, "history": own, "revisions": []},
            _("Every committed change to the brief \u201c%(title)s\u201d, word by word.", title=brief.title),
            in_sitemap=False, inputs=(history.unavailable, own),
            prepare=[functools.partial(compare_revisions, history.repository)] if own.revisions else []))
    return specs


def compare_revisions(repository: str, spec: PageSpec) -> None:
    """What each revision of the page's brief changed: its texts read from the repository, then
    compared, each with the one before it (its parent's version of the file)."""
    own: BriefHistory = spec.context["history"]
    try:
        texts = revision_texts(repository, [blob for r in own.revisions for blob in (r.blob, r.previous_blob)])
    except (OSError, HistoryError, subprocess.TimeoutExpired) as exc:
        raise HistoryError(f"git could not read the revisions of {spec.context['brief'].loc.file} for its "
                           f"history page: {exc}") from None
    views = []
    for revision in own.revisions:
        after = texts.get(revision.blob)
        before = texts.get(revision.previous_blob) if revision.previous_blob else ""
        if after is None or before is None:
            views.append(RevisionView(revision, None, 0, _("Its text could not be compared: a version is "
                                                            "missing from the repository or larger than a brief may be.")))
        elif not revision.previous_blob:
            views.append(RevisionView(revision, None, word_count(after), _("The first version of this file.")))
        else:
            views.append(RevisionView(revision, compare(before, after), word_count(after), ""))
    spec.context["revisions"] = views
