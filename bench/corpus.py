"""A synthetic publication of N briefs, the same each time for the same N and seed.

For 1,000 briefs: 200 actors, 600 relations, 300 places, 2,000 events and 50
sources, scaled linearly. Each brief is about 1,000 words with headings, lists,
a table, footnotes and [[id]] links. The same bodies are written three ways:
our content tree, a Hugo site and a Pelican site (with [[id]] links turned into
ordinary Markdown links, since the peers do not know our syntax).
"""
from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there been one all we their has would when if so no will "
    "more out up into do any about what them some could time only new these two may first then "
    "other its over also after most made should many such where through back years much before "
    "must well down said between each under three while never last long since against right "
    "city front road line town north south east west side force forces group groups army defence "
    "ministry spokesman statement report reports claim claims denied confirmed advance advanced "
    "withdrew positions village villages airbase crossing highway supply convoy fighters troops "
    "command operation offensive ceasefire talks envoy council minister government opposition "
    "coalition monitor observatory casualties civilians displaced shelling airstrikes drones "
    "morning evening night day week control checkpoint outskirts district governorate border "
    "countryside reinforcements allied rival faction leaders military political humanitarian aid "
    "corridor negotiations sources according local residents witnesses footage video agency wire"
).split()
ACTOR_KINDS = ("state", "government", "armed-forces", "armed-group", "coalition", "militia",
               "person", "media", "monitor", "organisation")
RELATION_TYPES = ("leads", "commands", "member-of", "speaks-for", "backs", "allied-with", "fights",
                  "condemns", "blames", "supports", "meets", "calls", "mediates")
PLACE_KINDS = ("city", "town", "village", "neighbourhood", "district", "airbase", "crossing")
# Each governorate with a box of (lat, lon) ranges inside it: the build checks that a place lies in
# the governorate it names (tests/content/test_geography.py checks the boxes against the base map).
GOVERNORATES = {
    "Aleppo": ((35.89, 36.47), (37.00, 37.87)),
    "Idlib": ((35.56, 36.10), (36.44, 36.71)),
    "Hama": ((35.12, 35.46), (37.19, 37.36)),
    "Homs": ((33.74, 34.76), (37.53, 39.06)),
    "Latakia": ((35.49, 35.65), (35.90, 36.06)),
    "Raqqa": ((35.73, 36.25), (38.39, 39.43)),
    "Deir ez-Zor": ((35.04, 35.58), (39.72, 40.80)),
    "Damascus": ((33.491, 33.527), (36.249, 36.321)),
}
EVENT_KINDS = ("captured", "advanced", "secured", "withdrew", "clashes", "airstrike", "statement")
SOURCE_KINDS = ("monitor", "wire", "state-media", "official", "armed-group-channel", "newspaper")
TOPICS = (("offensive", "The offensive"), ("frontlines", "Front lines"), ("diplomacy", "Diplomacy"),
          ("humanitarian", "Humanitarian"), ("government", "Government"), ("analysis", "Analysis"))
START = dt.date(2020, 1, 1)        # the first brief; they run to AS_OF, 2,000 days later
AS_OF = dt.date(2025, 6, 30)
# Events fall in the last EVENT_DAYS days. The advances map draws a frame a day for every place,
# so its size grows with days x places: over all 2,000 days it is a 177 MB figure for N=1,000.
EVENT_DAYS = 120


@dataclass
class Entity:
    id: str
    name: str


@dataclass
class Corpus:
    """The generated publication, kept in memory so the three trees share every body."""
    size: int
    actors: list = field(default_factory=list)
    places: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    data: dict = field(default_factory=dict)     # file name -> YAML text of our content tree
    briefs: list = field(default_factory=list)   # dicts: slug, title, date, summary, topic, ..., body


def scaled(n: int, per_thousand: int) -> int:
    return max(3, round(n * per_thousand / 1000))


class Writer:
    """Deterministic prose: random words from a fixed vocabulary, seeded once."""

    def __init__(self, rng: random.Random, corpus: Corpus):
        self.rng, self.corpus = rng, corpus

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def link(self) -> str:
        pool = self.rng.choice((self.corpus.actors, self.corpus.actors, self.corpus.places, self.corpus.sources))
        item = self.rng.choice(pool)
        return f"[[{item.id}]]" if self.rng.random() < 0.8 else f"[[{item.id}|{self.words(2)}]]"

    def sentence(self, count: int, links: int = 0, plain: bool = False) -> str:
        """plain: for YAML, which is plain text (no emphasis); the same draws, so the same corpus."""
        parts = self.words(count).split()
        for _ in range(links):
            parts.insert(self.rng.randrange(len(parts)), self.link())
        if self.rng.random() < 0.3:
            at = self.rng.randrange(len(parts))
            emphasis = "*" if self.rng.random() < 0.5 else "**"
            parts[at] = parts[at] if plain else f"{emphasis}{parts[at]}{emphasis}"
        if self.rng.random() < 0.03:   # the odd dash or ellipsis, for smarty to turn typographic
            parts.insert(self.rng.randrange(len(parts)), self.rng.choice(("--", "...")))
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int, links: int = 2) -> str:
        return " ".join(self.sentence(self.rng.randint(10, 18), links if i == 0 else self.rng.randint(0, 1))
                        for i in range(sentences))

    def body(self) -> str:
        """About 1,000 words: headings, lists, a table, a quote and two footnotes."""
        rng = self.rng
        out = [self.paragraph(5) + "[^1]", ""]
        out += ["## " + self.words(4).capitalize(), "", self.paragraph(6), ""]
        out += [f"- {self.sentence(rng.randint(8, 14), rng.randint(0, 1))}" for _ in range(5)] + [""]
        out += ["## " + self.words(3).capitalize(), "", self.paragraph(5), ""]
        out += ["| Date | Place | Who | What |", "|---|---|---|---|"]
        for _ in range(6):
            day = START + dt.timedelta(days=rng.randrange(2000))
            place, actor = rng.choice(self.corpus.places), rng.choice(self.corpus.actors)
            out.append(f"| {day:%d %b} | [[{place.id}]] | [[{actor.id}]] | {self.words(6)} |")
        out += ["", "### " + self.words(3).capitalize(), "", self.paragraph(6), "", self.paragraph(6), ""]
        out += [f"{i}. {self.sentence(rng.randint(8, 14))}" for i in range(1, 5)] + [""]
        out += ["## " + self.words(4).capitalize(), "", f"> {self.sentence(20)}", "",
                self.paragraph(6) + "[^2]", ""]
        out += ["## " + self.words(2).capitalize(), "", self.paragraph(6), "", self.paragraph(5), ""]
        out += [f"[^1]: {self.sentence(12, 1)}", f"[^2]: {self.sentence(10, 1)}", ""]
        return "\n".join(out)


def yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_corpus(size: int, seed: int = 8, event_days: int = EVENT_DAYS) -> Corpus:
    rng = random.Random(f"{seed}-{size}")
    corpus = Corpus(size)
    name = lambda n: " ".join(w.capitalize() for w in (rng.choice(WORDS) for _ in range(n)))
    corpus.actors = [Entity(f"actor-{i}", name(3)) for i in range(scaled(size, 200))]
    corpus.places = [Entity(f"place-{i}", name(2)) for i in range(scaled(size, 300))]
    corpus.sources = [Entity(f"source-{i}", name(3)) for i in range(scaled(size, 50))]
    write = Writer(rng, corpus)
    corpus.data = {"site.yaml": site_yaml(), "actors.yaml": actors_yaml(rng, corpus, write),
                   "sources.yaml": sources_yaml(rng, corpus, write),
                   "relations.yaml": relations_yaml(rng, corpus, scaled(size, 600)),
                   "places.yaml": places_yaml(rng, corpus, write),
                   "events.yaml": events_yaml(rng, corpus, write, scaled(size, 2000), event_days)}
    for i in range(size):
        corpus.briefs.append({
            "slug": f"brief-{i:05d}", "title": write.words(6).capitalize(),
            "date": START + dt.timedelta(days=i * 2000 // size), "summary": write.sentence(25, plain=True),
            "topic": TOPICS[i % len(TOPICS)][0],
            "actors": [a.id for a in rng.sample(corpus.actors, 3)],
            "places": [p.id for p in rng.sample(corpus.places, 2)],
            "sources": [s.id for s in rng.sample(corpus.sources, 3)],
            "body": write.body()})
    return corpus


def site_yaml() -> str:
    topics = "".join(f"  - id: {t}\n    title: {title}\n    order: {i}\n" for i, (t, title) in enumerate(TOPICS))
    return ("title: Benchmark Briefing\ndescription: A synthetic publication for the speed benchmark.\n"
            "base_url: https://bench.example.org/\nlanguage: en\nas_of: 2025-06-30T12:00:00+00:00\n"
            "licence:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n"
            f"topics:\n{topics}"
            "sides:\n  - id: red\n    title: Red\n    colour: \"#b45309\"\n"
            "  - id: blue\n    title: Blue\n    colour: \"#1d4ed8\"\n"
            "key_figures:\n  - value: \"1,000+\"\n    label: events recorded\n    sources: [source-0]\n")


def actors_yaml(rng, corpus: Corpus, write: Writer) -> str:
    out = []
    for i, actor in enumerate(corpus.actors):
        out += [f"- id: {actor.id}", f"  name: {actor.name}", f"  kind: {rng.choice(ACTOR_KINDS)}"]
        if rng.random() < 0.5:
            out.append(f"  short_name: {''.join(w[0] for w in actor.name.split()).upper()}{i}")
        if i > 10 and rng.random() < 0.3:
            out.append(f"  part_of: [{rng.choice(corpus.actors[:i]).id}]")
        if rng.random() < 0.5:
            out.append(f"  side: {rng.choice(('red', 'blue'))}")
        out.append(f"  description: {yaml_text(write.sentence(20, plain=True))}")
    return "\n".join(out) + "\n"


def sources_yaml(rng, corpus: Corpus, write: Writer) -> str:
    out = []
    for source in corpus.sources:
        out += [f"- id: {source.id}", f"  name: {source.name}", f"  kind: {rng.choice(SOURCE_KINDS)}",
                f"  url: https://{source.id}.example.org/", f"  note: {yaml_text(write.sentence(15, plain=True))}"]
        if rng.random() < 0.3:
            out.append(f"  actor: {rng.choice(corpus.actors).id}")
    return "\n".join(out) + "\n"


def relations_yaml(rng, corpus: Corpus, count: int) -> str:
    out, seen = [], set()
    while len(seen) < count:
        a, b = rng.sample(corpus.actors, 2)
        kind = rng.choice(RELATION_TYPES)
        if (a.id, kind, b.id) in seen:
            continue
        seen.add((a.id, kind, b.id))
        out += [f"- from: {a.id}", f"  to: {b.id}", f"  type: {kind}",
                f"  sources: [{rng.choice(corpus.sources).id}]"]
        if rng.random() < 0.3:
            out.append(f"  since: {START + dt.timedelta(days=rng.randrange(2000))}")
    return "\n".join(out) + "\n"


def places_yaml(rng, corpus: Corpus, write: Writer) -> str:
    out = []
    for place in corpus.places:
        kind, governorate = rng.choice(PLACE_KINDS), rng.choice(tuple(GOVERNORATES))
        lats, lons = GOVERNORATES[governorate]
        out += [f"- id: {place.id}", f"  name: {place.name}", f"  kind: {kind}",
                f"  governorate: {governorate}", f"  lat: {rng.uniform(*lats):.4f}",
                f"  lon: {rng.uniform(*lons):.4f}", "  coords_source: GeoNames",
                f"  description: {yaml_text(write.sentence(12, plain=True))}"]
    return "\n".join(out) + "\n"


def events_yaml(rng, corpus: Corpus, write: Writer, count: int, days: int) -> str:
    out = []
    for i in range(count):
        day = AS_OF - dt.timedelta(days=days - 1) + dt.timedelta(days=i * days // count)
        status = rng.choice(("confirmed", "claimed", "claimed", "contested", "denied"))
        cited = rng.sample(corpus.sources, 2)
        out += [f"- id: event-{i}", f"  date: {day}", f"  place: {rng.choice(corpus.places).id}",
                f"  actor: {rng.choice(corpus.actors).id}", f"  kind: {rng.choice(EVENT_KINDS)}",
                f"  status: {status}", f"  summary: {yaml_text(write.sentence(12, plain=True))}",
                f"  sources: [{cited[0].id}]"]
        if status in ("claimed", "contested"):
            out.append(f"  claimed_by: [{cited[1].id}]")
        if status in ("denied", "contested"):
            out.append(f"  denied_by: [{cited[0].id}]")
        if status == "confirmed":
            out.append(f"  confirmed_by: [{cited[0].id}]")
    return "\n".join(out) + "\n"


# --- the three trees -----------------------------------------------------------------------------

def write_ours(corpus: Corpus, root: Path) -> Path:
    (root / "briefs").mkdir(parents=True, exist_ok=True)
    (root / "pages").mkdir(exist_ok=True)
    for name, text in corpus.data.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "pages" / "about.md").write_text("---\ntitle: About\norder: 1\n---\n\nA synthetic publication.\n")
    for b in corpus.briefs:
        meta = (f"title: {yaml_text(b['title'])}\ndate: {b['date']}\nsummary: {yaml_text(b['summary'])}\n"
                f"topic: {b['topic']}\nactors: [{', '.join(b['actors'])}]\nplaces: [{', '.join(b['places'])}]\n"
                f"sources: [{', '.join(b['sources'])}]\n")
        (root / "briefs" / f"{b['slug']}.md").write_text(f"---\n{meta}---\n\n{b['body']}", encoding="utf-8")
    return root


def plain_links(corpus: Corpus, body: str) -> str:
    """[[id]] and [[id|text]] -> ordinary relative Markdown links, for the peers."""
    names = {e.id: (section, e.name) for section, items in (("actors", corpus.actors), ("places", corpus.places),
                                                              ("sources", corpus.sources)) for e in items}

    def link(match):
        section, label = names[match.group(1)]
        return f"[{match.group(2) or label}](../../{section}/{match.group(1)}/)"
    return re.sub(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", link, body)


HUGO_CONFIG = """baseURL = "https://bench.example.org/"
title = "Benchmark Briefing"
languageCode = "en"
# Comparable to our site: the briefs, their section and home page, and a sitemap.
# No RSS (Hugo's carries full bodies) and no taxonomies (we have none).
disableKinds = ["taxonomy", "term", "rss"]
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
"""
HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }} · "
                   "{{ site.Title }}</title></head>\n<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2 January 2006\" }}</p>"
                   "<p>{{ .Summary }}</p><nav>{{ .TableOfContents }}</nav>{{ .Content }}</article>{{ end }}\n",
    "list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">"
                 "{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}<p>{{ .Summary }}</p></li>{{ end }}</ul>{{ end }}\n",
}


def write_hugo(corpus: Corpus, root: Path) -> Path:
    (root / "content" / "briefs").mkdir(parents=True, exist_ok=True)
    (root / "layouts").mkdir(exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).write_text(text)
    (root / "content" / "_index.md").write_text("---\ntitle: Home\n---\n")
    (root / "content" / "briefs" / "_index.md").write_text("---\ntitle: All briefs\n---\n")
    for b in corpus.briefs:
        meta = f"title: {yaml_text(b['title'])}\ndate: {b['date']}\nsummary: {yaml_text(b['summary'])}\n"
        (root / "content" / "briefs" / f"{b['slug']}.md").write_text(
            f"---\n{meta}---\n\n{plain_links(corpus, b['body'])}", encoding="utf-8")
    return root


PELICAN_CONFIG = """# Comparable to our site: articles, their category (topic) pages and an index; no feeds.
SITENAME = "Benchmark Briefing"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
ARTICLE_PATHS = ["briefs"]
PAGE_PATHS = []
STATIC_PATHS = []
THEME = "simple"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = False
ARTICLE_URL = "briefs/{slug}/"
ARTICLE_SAVE_AS = "briefs/{slug}/index.html"
DIRECT_TEMPLATES = ["index"]
AUTHOR_SAVE_AS = ""
TAG_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"toc_depth": "2-3"},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html5",
}
"""


def write_pelican(corpus: Corpus, root: Path) -> Path:
    (root / "content" / "briefs").mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG)
    for b in corpus.briefs:
        meta = (f"Title: {b['title']}\nDate: {b['date']}\nSlug: {b['slug']}\nCategory: {b['topic']}\n"
                f"Summary: {b['summary']}\n")
        (root / "content" / "briefs" / f"{b['slug']}.md").write_text(
            f"{meta}\n{plain_links(corpus, b['body'])}", encoding="utf-8")
    return root
