"""Model -> who links to whom: the two-way links between briefs, actors, places and sources."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from briefing.content.syntax import WIKILINK, link_id, outside_code
from briefing.model import Actor, Brief, Place, Site


@dataclass
class CrossRefs:
    brief_actors: dict = field(default_factory=dict)        # slug -> [Actor] named in front matter or text
    brief_places: dict = field(default_factory=dict)        # slug -> [Place]
    briefs_naming: dict = field(default_factory=lambda: defaultdict(list))   # actor/place id -> [Brief]
    briefs_citing: dict = field(default_factory=lambda: defaultdict(list))   # source id -> [Brief]
    members: dict = field(default_factory=lambda: defaultdict(list))         # actor id -> [Actor] part of it
    relations_of: dict = field(default_factory=lambda: defaultdict(list))    # actor id -> [Relation]
    events_by_actor: dict = field(default_factory=lambda: defaultdict(list))
    events_at_place: dict = field(default_factory=lambda: defaultdict(list))
    events_citing: dict = field(default_factory=lambda: defaultdict(list))   # source id -> [Event]
    relations_citing: dict = field(default_factory=lambda: defaultdict(list))
    sources_of_actor: dict = field(default_factory=lambda: defaultdict(list))  # actor id -> [Source]


def mentioned_ids(brief: Brief) -> list[str]:
    """Ids linked with [[id]] in the body, in order of first appearance."""
    return list(dict.fromkeys(link_id(match) for match in WIKILINK.finditer(outside_code(brief.body))))


def build_crossrefs(site: Site) -> CrossRefs:
    refs = CrossRefs()
    for brief in site.briefs:
        named = list(brief.actors) + list(brief.places) + mentioned_ids(brief)
        items = [site.get(i) for i in dict.fromkeys(named)]
        refs.brief_actors[brief.slug] = sorted((i for i in items if isinstance(i, Actor)), key=lambda a: a.name)
        refs.brief_places[brief.slug] = sorted((i for i in items if isinstance(i, Place)), key=lambda p: p.name)
        for item in refs.brief_actors[brief.slug] + refs.brief_places[brief.slug]:
            refs.briefs_naming[item.id].append(brief)
        for source_id in brief.sources:
            refs.briefs_citing[source_id].append(brief)
    for actor in site.actors:
        for parent in actor.part_of:
            refs.members[parent].append(actor)
    for relation in site.relations:
        refs.relations_of[relation.source].append(relation)
        refs.relations_of[relation.target].append(relation)
        for source_id in relation.sources:
            refs.relations_citing[source_id].append(relation)
    for event in site.events:
        if event.actor:
            refs.events_by_actor[event.actor].append(event)
        if event.place:
            refs.events_at_place[event.place].append(event)
        cited = dict.fromkeys(event.sources + event.claimed_by + event.denied_by + event.confirmed_by)
        for source_id in cited:
            refs.events_citing[source_id].append(event)
    for source in site.sources:
        if source.actor:
            refs.sources_of_actor[source.actor].append(source)
    return refs
