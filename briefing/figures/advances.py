"""Advances -> Figures: the day-by-day map, the advance-over-time chart, small maps of one place.

Each Figure carries a plotly spec (drawn by static/js/figures.js, its controls by
static/js/map.js) and the same data as a table with a caption computed from the
data, for readers without JavaScript or sight. No HTML here.

Colours that depend on the page's light or dark theme are written as
`var(--map-...)`: figures.js swaps them for the page's CSS values before drawing.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import textwrap

from briefing.figures import basemap
from briefing.figures import svgmap
from briefing.derive.advances import (AREA_KINDS, MARK_TITLES, MARKS, PlaceDay, Timeline, build_timeline,
                       gains, held_by_day, speakers)
from briefing.figures.figure import Figure, Table
from briefing.model import Place, Site

NO_SIDE = "#7a7f87"
SYMBOLS = {"confirmed": "circle", "claimed": "circle-open", "contested": "diamond-open", "denied": "x",
           "activity": "triangle-up-open"}
# The smallest box each view must show; map.js widens it to the shape of the reader's screen.
VIEWS = {
    "aleppo": {"title": "Aleppo", "lon": [36.98, 37.34], "lat": [36.1, 36.32], "detail": True},
    "front": {"title": "North-west", "lon": [36.2, 37.8], "lat": [34.98, 36.66]},
    "syria": {"title": "All of Syria", "lon": [35.6, 42.4], "lat": [32.3, 37.35], "labels": False},
}
# Cities labelled on the base map for orientation: (name, lat, lon, rank), coordinates from GeoNames.
# Rank 1 shows on every map; rank 2 only when zoomed in on the north-west.
CITIES = (
    ("Aleppo", 36.20124, 37.16117, 1), ("Idlib", 35.93062, 36.63393, 1), ("Hama", 35.13179, 36.75783, 1),
    ("Homs", 34.72405, 36.72559, 1), ("Damascus", 33.5102, 36.29128, 1), ("Latakia", 35.53125, 35.79088, 1),
    ("Tartus", 34.88902, 35.88659, 1), ("Raqqa", 35.95283, 39.00788, 1), ("Deir ez-Zor", 35.33588, 40.14084, 1),
    ("Qamishli", 37.05215, 41.23142, 1), ("Daraa", 32.61889, 36.10213, 1), ("Palmyra", 34.5624, 38.28402, 1),
    ("Beirut", 33.89332, 35.50157, 1), ("Tripoli", 34.43352, 35.84415, 1), ("Antakya", 36.20655, 36.15722, 1),
    ("Gaziantep", 37.05944, 37.3825, 1), ("Şanlıurfa", 37.16708, 38.79392, 1), ("Ankara", 39.91987, 32.85427, 1),
    ("Manbij", 36.52815, 37.95495, 2), ("Jisr al-Shughur", 35.81418, 36.31983, 2),
    ("Maarat al-Numan", 35.6483, 36.67693, 2), ("Kilis", 36.71611, 37.115, 2),
)
# Where a city's label goes when below it would sit on the markers around it.
CITY_LABEL_POSITION = {"Aleppo": "top left"}
# Governorate names moved off the city of the same name (Natural Earth puts Idlib's on the city).
GOVERNORATE_LABEL_AT = {"Idlib": (36.12, 36.45)}
LABELLED_KINDS = ("town", "airbase", "crossing")     # cities carry the base map's own label
MARKER_SIZE = {"region": 34, "city": 14, "capital": 14}
MARKER_OPACITY = {"region": 0.45}
WRAP = 58


# --- small helpers ----------------------------------------------------------------------------
def long_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_day(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


@functools.lru_cache(maxsize=1 << 16)
def wrapped(text: str) -> str:
    """Hover lines of at most WRAP characters. Cached: the advances map words the same event
    for every day a place keeps its state (textwrap was a fifth of the map's time)."""
    return "<br>".join(esc(line) for line in textwrap.wrap(text, WRAP)) or ""


def plain(text: str) -> str:
    """Hover HTML (escaped, with <b>) back to plain text."""
    return html.unescape(text.replace("<b>", "").replace("</b>", ""))


def side_colours(site: Site) -> dict:
    return {side.id: side.colour for side in site.config.sides}


def side_of(site: Site, actor_id: str) -> str:
    actor = site.get(actor_id) if actor_id else None
    known = {s.id for s in site.config.sides}
    return actor.side if actor is not None and actor.side in known else ""


def actor_label(site: Site, actor_id: str) -> str:
    return site.actor(actor_id).label if actor_id else "nobody named"


def source_names(site: Site, ids) -> str:
    return ", ".join(site.source(s).name for s in ids)


def place_link(place: Place) -> str:
    """A place page's path relative to the figure JSON (figures/<id>.<hash>.json)."""
    return f"../places/{place.id}/"


def geo_box(places, pad_lon=0.35, pad_lat=0.25, min_span=0.5) -> dict:
    """Lon/lat ranges around some places, never narrower than min_span degrees."""
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    spread = max((p.precision_km or 0) for p in places) / 111.0
    lat0, lat1 = min(lats) - pad_lat - spread, max(lats) + pad_lat + spread
    lon0, lon1 = min(lons) - pad_lon - spread, max(lons) + pad_lon + spread
    if lat1 - lat0 < min_span:
        mid = (lat0 + lat1) / 2
        lat0, lat1 = mid - min_span / 2, mid + min_span / 2
    if lon1 - lon0 < min_span * 1.3:
        mid = (lon0 + lon1) / 2
        lon0, lon1 = mid - min_span * 0.65, mid + min_span * 0.65
    return {"lon": [round(lon0, 3), round(lon1, 3)], "lat": [round(lat0, 3), round(lat1, 3)]}


def in_box(lat: float, lon: float, box: dict) -> bool:
    return box["lat"][0] <= lat <= box["lat"][1] and box["lon"][0] <= lon <= box["lon"][1]


# --- the base map -----------------------------------------------------------------------------
def geo_layout(box: dict) -> dict:
    return {
        "scope": "asia", "resolution": 50, "projection": {"type": "mercator"},
        "lonaxis": {"range": box["lon"]}, "lataxis": {"range": box["lat"]},
        "showland": True, "landcolor": "var(--map-land)", "showocean": False, "bgcolor": "var(--map-sea)",
        "showlakes": True, "lakecolor": "var(--map-sea)", "showrivers": True, "rivercolor": "var(--map-river)",
        "riverwidth": 1, "showcountries": True, "countrycolor": "var(--map-border)", "countrywidth": 1.4,
        "showcoastlines": True, "coastlinecolor": "var(--map-border)", "coastlinewidth": 0.8,
        "showframe": False, "showsubunits": False,
    }


def map_label(place: Place) -> str:
    """Short label on the map: '✈ Kuweires' for 'Kuweires airbase'."""
    if place.kind != "airbase":
        return place.name
    name = place.name.replace(" International Airport", " airport")
    for suffix in (" airbase", " Airbase", " air base", " military airport"):
        name = name.removesuffix(suffix)
    return "✈ " + name


def city_labels(site: Site | None, rank: int) -> list[tuple[str, float, float]]:
    cities = [(n, lat, lon) for n, lat, lon, r in CITIES if r <= rank]
    known = {n for n, _, _ in cities}
    if site is not None:
        cities += [(p.name, p.lat, p.lon) for p in site.places if p.kind in ("city", "capital") and p.name not in known]
    return cities


def base_traces(box: dict, city_rank: int = 1, site: Site | None = None) -> list[dict]:
    """Governorates (filled, outlined), their names, and city labels: identical on every map."""
    names = [name for name, _, _ in basemap.governorates()]
    traces = [{
        "type": "choropleth", "geojson": f"../{basemap.folder_path()}{basemap.GOVERNORATES_FILE}",
        "featureidkey": "id", "locations": names, "z": [0] * len(names), "showscale": False,
        "colorscale": [[0, "var(--map-syria)"], [1, "var(--map-syria)"]],
        "marker": {"line": {"color": "var(--map-governorate)", "width": 0.9}},
        "hoverinfo": "skip", "name": "Governorates", "showlegend": False,
    }]
    labels = [(n, *GOVERNORATE_LABEL_AT.get(n, (lat, lon))) for n, lon, lat in basemap.governorates()]
    labels = [(n, lat, lon) for n, lat, lon in labels if in_box(lat, lon, box)]
    if labels:
        traces.append({"type": "scattergeo", "mode": "text", "name": "Governorate names",
                       "lat": [lat for _, lat, _ in labels], "lon": [lon for _, _, lon in labels],
                       "text": [n.upper() for n, _, _ in labels], "hoverinfo": "skip", "showlegend": False,
                       "textfont": {"size": 10, "color": "var(--map-label-muted)"}})
    cities = [(n, lat, lon) for n, lat, lon in city_labels(site, city_rank) if in_box(lat, lon, box)]
    if cities:
        traces.append({"type": "scattergeo", "mode": "markers+text", "name": "Cities",
                       "lat": [lat for _, lat, _ in cities], "lon": [lon for _, _, lon in cities],
                       "text": [n for n, _, _ in cities],
                       "textposition": [CITY_LABEL_POSITION.get(n, "bottom center") for n, _, _ in cities],
                       "marker": {"size": 5, "color": "var(--map-label)", "symbol": "square"},
                       "textfont": {"size": 12, "color": "var(--map-label)"},
                       "hoverinfo": "skip", "showlegend": False})
    return traces


def map_layout(box: dict) -> dict:
    """No height: the map takes its canvas's height from the stylesheet (lower on phones)."""
    return {"geo": geo_layout(box), "showlegend": False, "dragmode": False,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "hoverlabel": {"align": "left", "namelength": -1, "font": {"size": 13}}}


def map_config() -> dict:
    return {"topojsonURL": f"../{basemap.folder_path()}", "scrollZoom": False, "doubleClick": False}


# --- hover text -------------------------------------------------------------------------------
def state_phrase(site: Site, state: PlaceDay) -> str:
    who = esc(actor_label(site, state.actor))
    mark = state.mark
    if state.basis is not None and state.basis.kind == "withdrew":
        return f"left by {esc(actor_label(site, state.basis.actor))} ({state.basis.status})"
    return {"confirmed": f"held by {who} (confirmed)",
            "claimed": f"claimed by {who}, not confirmed",
            "contested": f"contested: claimed by {who}, disputed",
            "denied": f"{who}'s claim to it denied",
            "activity": f"no claim of control; latest activity by {who}" if state.actor else "no claim of control"}[mark]


def hover_text(site: Site, state: PlaceDay) -> str:
    place = state.place
    kind = place.kind.replace("-", " ")
    lines = [f"<b>{esc(place.name)}</b> · {esc(kind)}, {esc(place.governorate)}",
             f"<i>{short_day(state.day)}:</i> {state_phrase(site, state)}"]
    shown = state.today or (state.latest,)
    for event in shown[-3:]:
        when = "" if event.date == state.day else f"{short_day(event.date)}: "
        lines.append(wrapped(f"{when}{event.summary}"))
        for label, ids in (("Claimed by", event.claimed_by), ("Denied by", event.denied_by),
                           ("Confirmed by", event.confirmed_by)):
            if ids:
                lines.append(wrapped(f"{label}: {source_names(site, ids)}"))
    for denial in state.denials:
        if denial not in shown:
            lines.append(wrapped(f"Denied claim, {short_day(denial.date)}: {denial.summary}"))
    sources = dict.fromkeys(s for e in shown for s in e.sources)
    lines.append(wrapped(f"Sources: {source_names(site, sources)}"))
    if len(shown) < len(state.today):
        lines.append(f"and {len(state.today) - len(shown)} more events that day")
    return "<br>".join(lines)


# --- the advances map -------------------------------------------------------------------------
def trace_keys(site: Site, states) -> list[tuple[str, str]]:
    """(side id, mark) of every data trace needed, in a stable order."""
    present = {(side_of(site, s.actor), s.mark) for s in states}
    order = [s.id for s in site.config.sides] + [""]
    return [(side, mark) for side in order for mark in MARKS if (side, mark) in present]


def point_data(site: Site, states: list[PlaceDay], labels: bool = True) -> dict:
    return {
        "lat": [s.place.lat for s in states], "lon": [s.place.lon for s in states],
        "text": [map_label(s.place) if labels and s.place.kind in LABELLED_KINDS else "" for s in states],
        "hovertext": [hover_text(site, s) for s in states],
        "customdata": [[s.place.id, place_link(s.place)] for s in states],
        "marker.size": [MARKER_SIZE.get(s.place.kind, 11) for s in states],
        "marker.opacity": [MARKER_OPACITY.get(s.place.kind, 1) for s in states],
    }


def data_trace(site: Site, key: tuple[str, str], states: list[PlaceDay], labels: bool = True) -> dict:
    side, mark = key
    colour = side_colours(site).get(side, NO_SIDE)
    points = point_data(site, states, labels)
    open_symbol = mark in ("claimed", "contested", "activity")
    return {
        "type": "scattergeo", "mode": "markers+text", "name": f"{side or 'none'} · {mark}",
        "lat": points["lat"], "lon": points["lon"], "text": points["text"], "hovertext": points["hovertext"],
        "customdata": points["customdata"], "hovertemplate": "%{hovertext}<extra></extra>",
        "textposition": "middle right", "textfont": {"size": 11, "color": "var(--map-label)"},
        "marker": {"symbol": SYMBOLS[mark], "color": colour, "size": points["marker.size"],
                   "opacity": points["marker.opacity"], "line": {"width": 2.6 if open_symbol else 1.2,
                                          "color": colour if open_symbol else "var(--map-halo)"}},
        "showlegend": False,
    }


def frame_update(site: Site, key, states, labels=True) -> dict:
    points = point_data(site, states, labels)
    return {"lat": points["lat"], "lon": points["lon"], "text": points["text"], "hovertext": points["hovertext"],
            "customdata": points["customdata"], "marker": {"size": points["marker.size"],
                                                           "opacity": points["marker.opacity"],
                                                           "symbol": SYMBOLS[key[1]],
                                                           "color": side_colours(site).get(key[0], NO_SIDE)}}


def detail_labels(site: Site, timeline: Timeline, visible: bool) -> dict:
    """Names of the smaller places (districts, sites, villages), for views zoomed in close enough."""
    places = [site.place(p) for p in timeline.states]
    places = [p for p in places if p.kind not in LABELLED_KINDS + AREA_KINDS + ("city", "capital")]
    # An invisible marker under each name pushes the text beside the point, as for the other labels.
    return {"type": "scattergeo", "mode": "markers+text", "name": "Place names", "visible": visible,
            "marker": {"size": 12, "opacity": 0},
            "lat": [p.lat for p in places], "lon": [p.lon for p in places],
            "text": [p.name for p in places], "textposition": "middle right", "hoverinfo": "skip",
            "textfont": {"size": 11, "color": "var(--map-label-muted)"}, "showlegend": False}


def changes_on(timeline: Timeline, day: dt.date) -> list[PlaceDay]:
    return [s for s in timeline.on(day) if s.changed]


def notable_first(states: list[PlaceDay]) -> list[str]:
    order = {"city": 0, "capital": 0, "airbase": 1, "town": 2, "military-site": 3, "region": 5}
    return [s.place.name for s in sorted(states, key=lambda s: (order.get(s.place.kind, 4), s.place.name))]


def join_names(names: list[str]) -> str:
    """'A, B and C'; with semicolons when a name has its own comma ('Military academy, Aleppo')."""
    comma = "; " if any("," in n for n in names) else ", "
    return names[0] if len(names) == 1 else comma.join(names[:-1]) + " and " + names[-1]


def day_summary(site: Site, timeline: Timeline, day: dt.date) -> str:
    """What changed on a day, in a sentence: read out by screen readers as the day control moves."""
    changed = changes_on(timeline, day)
    if not changed:
        return f"{long_day(day)}: no change."
    groups = {}
    for state in changed:
        denied_by = state.basis.denied_by if state.basis is not None and state.mark == "claimed" else ()
        actor = state.actor if state.mark != "activity" else ""
        groups.setdefault((state.mark, actor, denied_by), []).append(state)
    parts = []
    for (mark, actor, denied_by), states in sorted(groups.items(), key=lambda g: (MARKS.index(g[0][0]), -len(g[1]))):
        who = actor_label(site, actor) if actor else "nobody named"
        names = join_names(notable_first(states)) if len(states) <= 5 else \
            f"{len(states)} places, among them " + join_names(notable_first(states)[:4])
        if states[0].basis is not None and states[0].basis.kind == "withdrew":
            parts.append(f"{actor_label(site, states[0].basis.actor)} leaves {names}")
        elif mark == "confirmed":
            parts.append(f"{who} takes {names} (confirmed)")
        elif mark == "claimed":
            deniers = [site.actor(a).label for a in speakers(site, denied_by)]
            parts.append(f"{who} claims {names}" + (f", denied by {join_names(deniers)}" if deniers else ""))
        elif mark == "contested":
            parts.append(f"{who}'s claim to {names} is contested")
        elif mark == "denied":
            parts.append(f"{who}'s claim to {names} is denied")
        else:
            parts.append(f"activity without a claim of control at {names}")
    return f"{long_day(day)}: " + "; ".join(parts) + "."


def standing(site: Site, states: list[PlaceDay]) -> str:
    """'MOC 18 (3 confirmed, 14 claimed, 1 contested); SNA 4 (...)' for places (not regions) with a holder."""
    counts = {}
    for state in states:
        if state.holder and state.place.kind not in AREA_KINDS:
            counts.setdefault(state.holder, {}).setdefault(state.status, 0)
            counts[state.holder][state.status] += 1
    parts = []
    for actor, by_status in sorted(counts.items(), key=lambda item: -sum(item[1].values())):
        detail = ", ".join(f"{n} {status}" for status, n in sorted(by_status.items(), key=lambda i: MARKS.index(i[0])))
        parts.append(f"{actor_label(site, actor)} {sum(by_status.values())} ({detail})")
    return "; ".join(parts)


def state_cell(site: Site, state: PlaceDay | None) -> str:
    if state is None:
        return "–"
    text = f"{MARK_TITLES[state.mark]}: {actor_label(site, state.actor)}" if state.actor else MARK_TITLES[state.mark]
    return ("new: " + text) if state.changed else text


def map_table(site: Site, timeline: Timeline, caption: str) -> Table:
    columns = ("Place", "Kind", "Governorate", *(short_day(d) for d in timeline.days))
    rows = []
    for place_id, states in sorted(timeline.states.items(),
                                   key=lambda item: (timeline.first_day(item[0]), site.place(item[0]).name)):
        place = site.place(place_id)
        rows.append(((place.name, f"places/{place.id}/"), place.kind.replace("-", " "), place.governorate,
                     *(state_cell(site, s) for s in states)))
    return Table(caption, columns, tuple(rows))


def advances_map(site: Site, timeline: Timeline | None = None, *, fig_id: str = "advances-map",
                 title: str = "Who holds or claims what, day by day", citable: bool = True,
                 view: str = "front", places: set | None = None, height: int = 560) -> Figure:
    """The map with a frame per day; map.js adds the date control, filters and the citable URL."""
    timeline = timeline or build_timeline(site)
    if places is not None:
        timeline = Timeline(timeline.days, {k: v for k, v in timeline.states.items() if k in places})
    days = timeline.days
    last = days[-1]
    views = dict(VIEWS)
    if places is not None:
        box = geo_box([site.place(p) for p in timeline.states])
        views = {"places": {"title": "These places", **box, "detail": box["lon"][1] - box["lon"][0] < 0.9}}
        view = "places"
    all_states = [s for states in timeline.states.values() for s in states if s is not None]
    keys = trace_keys(site, all_states)
    box = views[view]
    wide = {"lon": [min(v["lon"][0] for v in views.values()), max(v["lon"][1] for v in views.values())],
            "lat": [min(v["lat"][0] for v in views.values()), max(v["lat"][1] for v in views.values())]}
    base = base_traces(wide, city_rank=2, site=site)
    first_data = len(base)

    def states_for(day, key):
        return [s for s in timeline.on(day) if (side_of(site, s.actor), s.mark) == key]

    detail = detail_labels(site, timeline, visible=bool(box.get("detail")))
    base.append(detail)
    first_data = len(base)
    data = base + [data_trace(site, key, states_for(last, key)) for key in keys]
    if box.get("labels") is False:
        for trace in data[first_data:]:
            trace["mode"] = "markers"
    frames = [{"name": day.isoformat(), "traces": list(range(first_data, first_data + len(keys))),
               "data": [frame_update(site, key, states_for(day, key)) for key in keys]} for day in days]
    outside = sorted({s.place.name for s in all_states if not in_box(s.place.lat, s.place.lon, wide)})
    sides = {side_of(site, s.actor) for s in all_states}
    meta = {
        "timeline": {"days": [d.isoformat() for d in days], "labels": [long_day(d) for d in days],
                     "start": len(days) - 1, "citable": citable,
                     "summaries": [day_summary(site, timeline, d) for d in days]},
        "traces": [None] * first_data + [{"side": side, "mark": mark} for side, mark in keys],
        "sides": [{"id": s.id, "title": s.title, "colour": s.colour} for s in site.config.sides if s.id in sides]
                 + ([{"id": "", "title": "No side named", "colour": NO_SIDE}] if "" in sides else []),
        "marks": [{"id": m, "title": MARK_TITLES[m], "symbol": SYMBOLS[m]} for m in MARKS
                  if m in {k[1] for k in keys}],
        "views": views, "view": view, "credit": basemap.CREDIT, "detail_labels": first_data - 1,
    }
    named = len(timeline.states)
    span = f"up to {long_day(last)}" if len(days) == 1 else f"from {long_day(days[0])} to {long_day(last)}"
    caption = (f"{named} places with events {span}, each coloured by who "
               f"holds or claims it and drawn by how sure that is: filled when confirmed, hollow when only "
               f"claimed, a diamond when contested, a cross when the claim is denied, a triangle for activity "
               f"that claims no control.")
    final = standing(site, timeline.on(last))
    if final:
        caption += f" By {long_day(last)}, places held or claimed (regions not counted): {final}."
    if len(days) > 1:
        busiest = max(days, key=lambda d: len(changes_on(timeline, d)))
        caption += f" The busiest day was {long_day(busiest)}, with {len(changes_on(timeline, busiest))} changes."
    if outside:
        caption += f" Outside the map's frame: {', '.join(outside)}."
    caption += f" {basemap.CREDIT}."
    table = map_table(site, timeline, f"Each place's state on {short_day(last)}" if len(days) == 1 else
                      f"Each place's state on each day, {short_day(days[0])} to {short_day(last)}")
    layout = map_layout(box)
    return Figure(fig_id, "map", title, caption, {"data": data, "layout": layout, "config": map_config(),
                                                   "frames": frames, "meta": meta}, table, height=height)


# --- one place ---------------------------------------------------------------------------------
NEIGHBOUR_KM = 20.0


def place_map(site: Site, place: Place, timeline: Timeline) -> Figure:
    """A small map of one place as of the last day, with the places with events around it.

    Drawn here as SVG (svgmap.py), not by plotly: a locator map needs no interaction, and a
    place page then loads no script at all."""
    last_day = timeline.days[-1] if timeline.days else site.config.as_of.date()
    here = timeline.last(place.id)
    around = timeline.near(place, NEIGHBOUR_KM + (place.precision_km or 0))
    box = geo_box([place], pad_lon=0.3, pad_lat=0.2, min_span=0.3)
    frame = svgmap.Frame(place.lon, place.lat, box["lat"][1] - box["lat"][0])
    colours = side_colours(site)
    around_marks = [svgmap.Marker(s.place.lon, s.place.lat, colours.get(side_of(site, s.actor), NO_SIDE), s.mark,
                                  12 if s.place.kind not in AREA_KINDS else 24, label=s.place.name,
                                  tooltip=plain(f"{s.place.name}: {state_phrase(site, s)}"), faint=True)
                    for s in around]
    cities = [(n, lat, lon) for n, lat, lon in city_labels(site, 2)
              if frame.contains(lon, lat) and n != place.name]       # the place labels itself
    size = 18 if place.kind not in AREA_KINDS else 26
    if here is not None:
        marker = svgmap.Marker(place.lon, place.lat, colours.get(side_of(site, here.actor), NO_SIDE), here.mark,
                               size, label=place.name, tooltip=plain(f"{place.name}: {state_phrase(site, here)}"))
    else:
        marker = svgmap.Marker(place.lon, place.lat, "currentColor", "confirmed", 12, label=place.name)
    governorates = [(n, *GOVERNORATE_LABEL_AT.get(n, (lat, lon))) for n, lon, lat in basemap.governorates()]
    governorates = [(n, lat, lon) for n, lat, lon in governorates if frame.contains(lon, lat)]
    svg = svgmap.locator_map(frame, marker, around_marks, governorates, cities, f"{place.name} on the map")
    history = timeline.history(place.id)
    if here is None:
        caption = f"Where {place.name} is ({place.lat:.3f}° N, {place.lon:.3f}° E). No event with a place is recorded here."
    else:
        changes = [s for s in history if s.changed]
        if len(changes) == 1:
            caption = f"{place.name}: {state_phrase(site, here)}, since {long_day(changes[0].day)}."
        else:
            story = "; ".join(f"{short_day(s.day)}: {state_phrase(site, s)}" for s in changes)
            caption = f"{place.name} as of {long_day(last_day)}: {state_phrase(site, here)}. Day by day: {story}."
    if around:
        caption += f" Also shown, fainter: {len(around)} other place{'s' if len(around) != 1 else ''} with events within {NEIGHBOUR_KM:.0f} km."
    caption = plain(caption) + f" {basemap.CREDIT}."
    rows = tuple((short_day(s.day), state_cell(site, s), "; ".join(e.summary for e in s.today) or "–")
                 for s in history)
    table = Table(f"{place.name}, day by day", ("Day", "State", "Events that day"), rows)
    return Figure(f"place-map-{place.id}", "map", f"{place.name} on the map", caption, {}, table, height=320,
                  svg=svg)


# --- advance over time --------------------------------------------------------------------------
PATTERNS = {"confirmed": "", "claimed": "/", "contested": "x", "denied": "."}


def advance_chart(site: Site, timeline: Timeline | None = None, *, fig_id: str = "advance-over-time",
                  places: set | None = None, title: str = "Places taken or claimed, day by day") -> Figure:
    timeline = timeline or build_timeline(site)
    if places is not None:
        timeline = Timeline(timeline.days, {k: v for k, v in timeline.states.items() if k in places})
    found = [g for g in gains(site, timeline) if places is None or g.place.id in places]
    held = held_by_day(site, timeline)
    days = timeline.days
    x = [d.isoformat() for d in days]
    colours = side_colours(site)
    actors = list(dict.fromkeys([g.actor for g in found] + list(held)))
    # Gains grouped once by (actor, status, day), in their order: looking each day up in all the
    # gains made this chart quadratic (50 s for 2,000 events over 2,000 days).
    grouped = {}
    for g in found:
        grouped.setdefault((g.actor, g.status, g.day), []).append(g)
    data = []
    for actor in actors:
        colour = colours.get(side_of(site, actor), NO_SIDE)
        label = actor_label(site, actor)
        for status in MARKS[:-1]:
            counts = [len(grouped.get((actor, status, d), ())) for d in days]
            if not any(counts):
                continue
            names = [", ".join(g.place.name for g in grouped.get((actor, status, d), ())) for d in days]
            data.append({
                "type": "bar", "x": x, "y": counts, "name": f"{label}: {status}",
                "legendgroup": actor, "legendgrouptitle": {"text": label},
                "marker": {"color": colour if status == "confirmed" else "rgba(0,0,0,0)",
                           "line": {"color": colour, "width": 1.5},
                           "pattern": {"shape": PATTERNS[status], "fgcolor": colour, "solidity": 0.35}},
                "customdata": [wrapped(n) for n in names],
                "hovertemplate": f"<b>{esc(label)}</b>, %{{x|%-d %b}}: %{{y}} {status}<br>%{{customdata}}<extra></extra>",
            })
        if actor in held:
            data.append({
                "type": "scatter", "mode": "lines+markers", "x": x, "y": held[actor],
                "name": f"{label}: holds or claims (running total)", "legendgroup": actor,
                "line": {"color": colour, "width": 2.5, "dash": "solid"}, "marker": {"color": colour, "size": 7},
                "hovertemplate": f"<b>{esc(label)}</b> holds or claims %{{y}} places on %{{x|%-d %b}}<extra></extra>",
            })
    notable = {}
    for g in found:
        if g.place.kind in ("airbase", "city", "capital"):
            notable.setdefault(g.day, []).append(g)
    per_day = {}
    for g in found:
        per_day[g.day] = per_day.get(g.day, 0) + 1
    stack = {d: per_day.get(d, 0) for d in days}
    if notable:
        ordered = sorted(notable)
        data.append({
            "type": "scatter", "mode": "markers+text", "name": "Airbases and cities", "showlegend": True,
            "x": [d.isoformat() for d in ordered], "y": [stack[d] + 1 for d in ordered],
            "text": ["<br>".join(("✈ " if g.place.kind == "airbase" else "■ ") + esc(g.place.name)
                                 for g in notable[d]) for d in ordered],
            "textposition": "top center", "textfont": {"size": 11},
            "marker": {"symbol": "star", "size": 12, "color": "var(--map-label)"},
            "hovertemplate": "%{text}<extra></extra>", "cliponaxis": False,
        })
    top = max([stack[d] for d in days] + [max(v) for v in held.values()] + [1])
    layout = {
        "barmode": "stack", "height": 460, "margin": {"l": 48, "r": 12, "t": 16, "b": 10},
        "xaxis": {"type": "date", "tickformat": "%-d %b", "dtick": 86400000, "showgrid": False,
                  "range": [f"{days[0] - dt.timedelta(days=1)} 10:00", f"{days[-1]} 14:00"]},
        "yaxis": {"title": {"text": "places"}, "rangemode": "tozero", "range": [0, top * 1.35 + 2],
                  "gridcolor": "var(--map-grid)", "zeroline": False},
        "legend": {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0, "groupclick": "toggleitem"},
        "bargap": 0.35, "hovermode": "closest",
    }
    totals = {}
    for g in found:
        totals.setdefault(g.status, 0)
        totals[g.status] += 1
    busiest = max(days, key=lambda d: stack[d]) if found else days[-1]
    caption = (f"Bars: places taken or said to be taken each day, by actor, solid where confirmed and hatched "
               f"where only claimed. Lines: how many places each actor holds or claims at the end of each day. "
               f"{len(found)} places in all: " + ", ".join(f"{n} {s}" for s, n in sorted(totals.items(), key=lambda i: MARKS.index(i[0])))
               + f". The busiest day was {long_day(busiest)} ({stack[busiest]}). ")
    air = [g.place.name for g in found if g.place.kind == "airbase"]
    if air:
        caption += f"Airbases: {', '.join(air)}. "
    caption += "Claims about whole regions (a province, a countryside) are not counted."
    by_actor_day = {}
    for g in found:
        by_actor_day.setdefault((g.actor, g.day), []).append(g)
    rows = []
    for index, d in enumerate(days):
        for actor in actors:
            mine = by_actor_day.get((actor, d), [])
            holding = held[actor][index] if actor in held else 0
            if not mine and not holding:
                continue
            rows.append((short_day(d), actor_label(site, actor),
                         *(str(sum(1 for g in mine if g.status == s)) for s in MARKS[:-1]),
                         str(holding),
                         ", ".join(g.place.name for g in mine if g.place.kind in ("airbase", "city", "capital")) or "–"))
    table = Table("Places taken per day, by actor and status, and running totals",
                  ("Day", "Actor", "Confirmed", "Claimed", "Contested", "Denied", "Holds or claims", "Airbases and cities"),
                  tuple(rows))
    return Figure(fig_id, "chart", title, caption, {"data": data, "layout": layout}, table, height=460)


def embed_id(prefix: str, page_path: str, args: dict) -> str:
    slug = page_path.strip("/").split("/")[-1] or "home"
    if not args:
        return f"{prefix}-{slug}"
    digest = hashlib.sha256(repr(sorted(args.items())).encode()).hexdigest()[:6]
    return f"{prefix}-{slug}-{digest}"
