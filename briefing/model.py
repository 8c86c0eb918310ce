"""Plain data: the validated content of a site (its errors are in errors.py).

Nothing here imports anything of ours; every other module may import this one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable, NamedTuple

# Vocabularies. Editors see these lists in error hints, so keep them in reading order.
ACTOR_KINDS = ("state", "government", "armed-forces", "armed-group", "coalition", "militia",
               "person", "media", "monitor", "organisation")
RELATION_TYPES = ("leads", "commands", "member-of", "speaks-for", "backs", "allied-with", "fights",
                  "condemns", "blames", "supports", "meets", "calls", "mediates")
PLACE_KINDS = ("city", "town", "village", "neighbourhood", "district", "region", "airbase",
               "military-site", "crossing", "junction", "industrial-area", "capital")
EVENT_KINDS = ("captured", "advanced", "secured", "recaptured", "withdrew", "clashes", "airstrike",
               "crossed", "reinforced", "visit", "statement", "casualties", "displacement")
EVENT_STATUSES = ("confirmed", "claimed", "contested", "denied")
SOURCE_KINDS = ("monitor", "wire", "state-media", "pro-government-media", "official",
                "armed-group-channel", "newspaper", "news-site", "un-agency", "dataset")


@dataclass(frozen=True)
class Location:
    """Where a record was written, for pages that link back to the source file."""
    file: str
    line: int


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    order: float
    description: str = ""
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)


@dataclass(frozen=True)
class Side:
    id: str
    title: str
    colour: str
    description: str = ""
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)


@dataclass(frozen=True)
class KeyFigure:
    value: str
    label: str
    sources: tuple[str, ...]
    note: str = ""
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)


@dataclass(frozen=True)
class Licence:
    name: str
    url: str = ""


@dataclass(frozen=True)
class SiteConfig:
    title: str
    description: str
    base_url: str
    language: str
    as_of: dt.datetime            # with its offset as written; text.in_utc converts it, as every date
    licence: Licence
    topics: tuple[Topic, ...]
    sides: tuple[Side, ...] = ()
    key_figures: tuple[KeyFigure, ...] = ()
    author: str = ""
    languages: tuple[str, ...] = ()   # BCP 47 tags, the default (`language`) first
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str
    note: str
    actor: str = ""
    url: str = ""
    loc: Location | None = None
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    short_name: str = ""
    role: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""
    part_of: tuple[str, ...] = ()
    country: str = ""
    side: str = ""
    sources: tuple[str, ...] = ()
    loc: Location | None = None
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Relation:
    id: str
    source: str   # actor id the relation goes from
    target: str   # actor id it goes to
    type: str
    sources: tuple[str, ...]
    since: dt.date | None = None
    until: dt.date | None = None
    note: str = ""
    loc: Location | None = None
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    governorate: str
    lat: float
    lon: float
    coords_source: str
    country: str = "Syria"
    geonames: int | None = None
    precision_km: float | None = None
    aliases: tuple[str, ...] = ()
    description: str = ""
    loc: Location | None = None
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class StatusChange:
    """One step of a claim's history: from `date` on, the event's status is `status`, on the word
    of the sources named for that step (those who claim, deny or confirm it then)."""
    date: dt.date
    status: str
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    confirmed_by: tuple[str, ...] = ()
    note: str = ""
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)

    @property
    def by(self) -> tuple[str, ...]:
        """Every source named for this step, once each, claimants first."""
        return tuple(dict.fromkeys(self.claimed_by + self.denied_by + self.confirmed_by))


@dataclass(frozen=True)
class Event:
    """Something reported on the ground, as it stands on the as-of date.

    `date` is the day it happened or, for an uncertain date, the first day it may have happened;
    `date_end` is then the last (ACLED records the same doubt as `time_precision`). `status`,
    `claimed_by`, `denied_by` and `confirmed_by` are as they stand at the end of `history`, whose
    first step is the event as first reported (on `date`) and each later step a dated change of
    status (`history` in events.yaml). `as_it_stood(day)` gives the event as it stood on a day.
    `related`: events the editors link to it (`related` in events.yaml), which the claims ledger
    weighs as evidence for or against it, in both directions."""
    id: str
    date: dt.date
    actor: str
    kind: str
    status: str
    summary: str
    sources: tuple[str, ...]
    place: str = ""
    claimed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    confirmed_by: tuple[str, ...] = ()
    note: str = ""
    loc: Location | None = None
    date_end: dt.date | None = None
    history: tuple[StatusChange, ...] = ()
    related: tuple[str, ...] = ()   # ids of other events an editor links to this one as evidence (the ledger)
    translations: tuple = ()   # (field, language, text) for languages other than the default (i18n)

    @property
    def last_day(self) -> dt.date:
        """The last day it may have happened: `date_end` for a range, else `date`."""
        return self.date_end or self.date

    @property
    def uncertain_date(self) -> bool:
        return self.date_end is not None and self.date_end != self.date

    @property
    def changes(self) -> tuple[StatusChange, ...]:
        """The changes of status after the first report (history without its first step)."""
        return self.history[1:]

    def status_on(self, day: dt.date) -> str:
        """The status as it stood on `day` ('' before `date`)."""
        status = ""
        for step in self.history or (StatusChange(self.date, self.status),):
            if step.date > day:
                break
            status = step.status
        return status

    def as_it_stood(self, day: dt.date) -> "Event":
        """The event as it stood on `day`: status and sources from the history's steps up to that
        day (itself when no later step exists). Only for days on or after `date`."""
        if not self.changes or self.history[-1].date <= day:
            return self
        steps = tuple(s for s in self.history if s.date <= day) or self.history[:1]
        return replace(self, status=steps[-1].status, history=steps, **sources_of(steps))


def sources_of(steps) -> dict[str, tuple[str, ...]]:
    """claimed_by, denied_by and confirmed_by over a claim's steps: each source once, in the order
    first named. What an Event holds for its history (readers.py) or for part of it (as_it_stood)."""
    return {key: tuple(dict.fromkeys(s for step in steps for s in getattr(step, key)))
            for key in ("claimed_by", "denied_by", "confirmed_by")}


@dataclass(frozen=True)
class Correction:
    """A correction printed with a brief, as newspapers print them: what an earlier version got
    wrong and what is right ("An earlier version said X; it was Y."). Plain text. date: a day, or
    a moment with its offset as written (text.in_utc converts it); not before the brief's date,
    not after as_of. Listed on the brief, on /corrections/ and in its Atom feed."""
    date: dt.date | dt.datetime
    text: str


@dataclass(frozen=True)
class Update:
    """An update printed with a brief: what was added to it since it was published ("Adds the
    ministry's statement on Hama."), not a fix (that is a Correction). Plain text; dated as a
    Correction is. Listed on the brief."""
    date: dt.date | dt.datetime
    text: str


@dataclass(frozen=True)
class Brief:
    slug: str
    title: str
    date: dt.date
    summary: str
    topic: str
    sources: tuple[str, ...]
    body: str                      # Markdown source
    body_line: int                 # file line where the body starts, for errors in the body
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    updated: dt.date | dt.datetime | None = None   # a day when given without a time: none is made up
    draft: bool = False
    loc: Location | None = None
    corrections: tuple[Correction, ...] = ()   # in the order written
    updates: tuple[Update, ...] = ()

    @property
    def id(self) -> str:
        return self.slug

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    body: str
    body_line: int
    summary: str = ""
    order: float | None = None
    loc: Location | None = None


@dataclass(frozen=True)
class Translation:
    """A brief's or a page's words in another language: `content/briefs/<slug>.<lang>.md` beside
    `<slug>.md` (as Hugo names translations by file). Everything else (date, topic, sources,
    actors, places) is the original's."""
    kind: str                 # 'brief' or 'page'
    slug: str                 # the original's
    lang: str                 # a BCP 47 tag from site.yaml's languages, not the default
    title: str
    summary: str
    body: str                 # Markdown source
    body_line: int
    translates: str = ""      # the version of the original it was made from (derive/editions.text_version); '' unknown
    corrections: tuple = ()   # the original's, in this language: (date, text) as model.Correction
    updates: tuple = ()
    loc: Location | None = None


@dataclass(frozen=True)
class Site:
    """All validated content: what every later stage works from. A site in several languages is
    read once, in its default language with every translation attached (`translations` here and
    on each record); derive/editions.edition() makes the Site of one language from it."""
    config: SiteConfig
    briefs: tuple[Brief, ...]
    pages: tuple[Page, ...]
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    index: dict = field(default_factory=dict, compare=False)
    translations: tuple[Translation, ...] = ()
    lang: str = ""            # the language of this edition; '' for the default language's

    def __post_init__(self):
        for group in (self.actors, self.places, self.sources, self.briefs):
            for item in group:
                self.index[item.id] = item

    def get(self, item_id: str):
        return self.index.get(item_id)

    def actor(self, actor_id: str) -> Actor:
        return self.index[actor_id]

    def place(self, place_id: str) -> Place:
        return self.index[place_id]

    def source(self, source_id: str) -> Source:
        return self.index[source_id]


@dataclass(frozen=True)
class Revision:
    """One commit that changed a brief's file, as git records it (content/history.py)."""
    commit: str          # the full object id
    short: str           # as git abbreviates it (unique in the repository when read)
    date: dt.datetime    # the commit date (git's committer date), with its offset
    message: str         # the whole commit message, white space at its ends stripped
    path: str            # the file's path in the repository after this commit
    blob: str            # the object id of the file's text after this commit
    previous_path: str = ""   # before it: differs when this commit renamed the file; '' for the first
    previous_blob: str = ""   # the text before it; '' when this commit created the file

    @property
    def subject(self) -> str:
        """The message's first line (git's "subject")."""
        return self.message.split("\n", 1)[0].strip()

    @property
    def message_body(self) -> str:
        """The message after its first line and the blank line under it; '' if none."""
        return self.message.split("\n", 1)[1].strip() if "\n" in self.message else ""


@dataclass(frozen=True)
class BriefHistory:
    """A brief's committed revisions, newest first; `uncommitted`: its file differs from the
    last commit (edited, or never committed), so the page shows what no revision holds yet."""
    revisions: tuple[Revision, ...] = ()
    uncommitted: bool = False


@dataclass(frozen=True)
class History:
    """The revision history of every brief, read from the repository that holds the content.

    `unavailable` says why there is none ('' when there is): no git, no repository, a shallow
    clone (whose history stops at its depth: a partial list would be a false one). `briefs`:
    slug -> BriefHistory, for each brief of the site. `repository`: the repository's top folder,
    for reading revisions' texts (content/history.py revision_texts); not shown on any page."""
    unavailable: str = ""
    briefs: dict = field(default_factory=dict)
    repository: str = ""

    def of(self, slug: str) -> BriefHistory:
        return self.briefs.get(slug) or BriefHistory()


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path inside the output folder and its bytes."""
    path: str
    data: bytes


class Work(NamedTuple):
    """A unit of pure work that a stage hands to whoever runs it: `run()`'s result is a
    function of `key` (a content digest) alone, so a build may keep it under (kind, key) and
    reuse it (cache/) instead of running it; an empty key means: not worth keeping."""
    kind: str
    key: str
    run: Callable[[], object]

