"""A small map of one place, for its page: drawn at build time as SVG (svgmap.py), with its
state day by day as a table."""
from __future__ import annotations

from briefing.derive.advances import AREA_KINDS, PlaceDay, Timeline
from briefing.figures import basemap, svgmap
from briefing.figures.figure import Figure, Table
from briefing.figures.mapparts import (GOVERNORATE_LABEL_AT, NO_SIDE, circle_ring, city_labels, geo_box, has_area,
                                       mark_event, position_note, side_colours, side_of, state_cell, state_phrase,
                                       when_uncertain)
from briefing.model import Event, Place, Site
from briefing.text import between_days, km, long_day, short_day, utc_day

NEIGHBOUR_KM = 20.0


def area_of(place: Place) -> tuple:
    """The circle an approximate place is drawn as (mapparts.has_area), else ()."""
    return circle_ring(place.lat, place.lon, place.precision_km) if has_area(place) else ()


def ranged_start(state: PlaceDay) -> Event | None:
    """The event a changed state rests on when that day is the first of its range of days, else None:
    the state is then the one the event made, on a day it may not yet have happened."""
    event = mark_event(state)
    return event if event.uncertain_date and event.date == state.day else None


def event_cell(event: Event) -> str:
    """An event in the table, with its range when its day is not known."""
    if not event.uncertain_date:
        return event.summary
    return f"{event.summary} ({between_days(event.date, event.last_day, short=True)}, exact day not known)"


def place_map(site: Site, place: Place, timeline: Timeline) -> Figure:
    """A small map of one place as of the last day, with the places with events around it.

    A place whose position is approximate is drawn as its circle (mapparts.has_area); the places
    around are only its context, drawn fainter and without theirs (four villages of northern Hama,
    each to within 20 km, would cover the map): each one's own page draws its circle.

    Drawn here as SVG (svgmap.py), not by plotly: a locator map needs no interaction, and a
    place page then loads no script at all."""
    last_day = timeline.days[-1] if timeline.days else utc_day(site.config.as_of)
    here = timeline.last(place.id)
    reach = NEIGHBOUR_KM + (place.precision_km or 0)       # wherever in its circle the place is
    around = timeline.near(place, reach)
    box = geo_box([place], pad_lon=0.3, pad_lat=0.2, min_span=0.3)
    frame = svgmap.Frame(place.lon, place.lat, box["lat"][1] - box["lat"][0])
    colours = side_colours(site)
    around_marks = [svgmap.Marker(s.place.lon, s.place.lat, colours.get(side_of(site, s.actor), NO_SIDE), s.mark,
                                  12 if s.place.kind not in AREA_KINDS else 24, label=s.place.name,
                                  tooltip=f"{s.place.name}: {state_phrase(site, s)}"
                                          + (f" ({position_note(s.place).lower()})" if has_area(s.place) else ""),
                                  faint=True)
                    for s in around]
    cities = [(n, lat, lon) for n, lat, lon in city_labels(site, 2)
              if frame.contains(lon, lat) and n != place.name]       # the place labels itself
    size = 18 if place.kind not in AREA_KINDS else 26
    if here is not None:
        marker = svgmap.Marker(place.lon, place.lat, colours.get(side_of(site, here.actor), NO_SIDE), here.mark,
                               size, label=place.name, tooltip=f"{place.name}: {state_phrase(site, here)}",
                               area=area_of(place))
    else:
        marker = svgmap.Marker(place.lon, place.lat, "currentColor", "confirmed", 12, label=place.name,
                               area=area_of(place))
    governorates = [(n, *GOVERNORATE_LABEL_AT.get(n, (lat, lon))) for n, lon, lat in basemap.governorates()]
    governorates = [(n, lat, lon) for n, lat, lon in governorates if frame.contains(lon, lat)]
    svg = svgmap.locator_map(frame, marker, around_marks, governorates, cities, f"{place.name} on the map")
    history = timeline.history(place.id)
    if here is None:
        caption = f"Where {place.name} is ({place.lat:.3f}° N, {place.lon:.3f}° E). No event with a place is recorded here."
    else:
        changes = [s for s in history if s.changed]
        if len(changes) == 1:
            ranged = ranged_start(changes[0])
            since = f"a day {when_uncertain(ranged)}" if ranged else long_day(changes[0].day)
            caption = f"{place.name}: {state_phrase(site, here)}, since {since}."
        else:
            story = "; ".join(f"{short_day(s.day)}: {state_phrase(site, s)}"
                              + (f" ({between_days(ranged_start(s).date, ranged_start(s).last_day, short=True)}, "
                                 "exact day not known)" if ranged_start(s) else "")
                              for s in changes)
            caption = f"{place.name} as of {long_day(last_day)}: {state_phrase(site, here)}. Day by day: {story}."
    if has_area(place):
        caption += (f" {position_note(place)}: the shaded circle around it shows how far off its mark may be.")
    if around:
        caption += (f" Also shown, fainter: {len(around)} other place{'s' if len(around) != 1 else ''} with events "
                    f"within {km(reach)}.")
    caption += f" {basemap.CREDIT}."
    rows = tuple((short_day(s.day), state_cell(site, s), "; ".join(event_cell(e) for e in s.today) or "–")
                 for s in history)
    table = Table(f"{place.name}, day by day", ("Day", "State", "Events that day"), rows)
    return Figure(f"place-map-{place.id}", "map", f"{place.name} on the map", caption, {}, table, height=320,
                  svg=svg)
