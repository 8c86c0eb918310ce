"""A small map of one place, for its page: drawn at build time as SVG (svgmap.py), with its
state day by day as a table."""
from __future__ import annotations

from briefing.derive.advances import AREA_KINDS, PlaceDay, Timeline
from briefing.figures import basemap, svgmap
from briefing.figures.figure import Figure, Table
from briefing.figures.mapparts import (GOVERNORATE_LABEL_AT, NO_SIDE, circle_ring, city_labels, geo_box, governorate_label,
                                       has_area,
                                       mark_event, position_note, side_colours, side_of, state_cell, state_phrase,
                                       when_uncertain)
from briefing.model import Event, Place, Site
from briefing.i18n import gettext as _, ngettext
from briefing.text import between_days, coordinates, km, long_day, separated, short_day, utc_day

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
    return _("%(summary)s (%(days)s, exact day not known)", summary=event.summary,
             days=between_days(event.date, event.last_day, short=True))


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
                                  tooltip=neighbour_tooltip(site, s),
                                  faint=True)
                    for s in around]
    cities = [(n, lat, lon) for n, lat, lon in city_labels(site, 2)
              if frame.contains(lon, lat) and n != place.name]       # the place labels itself
    size = 18 if place.kind not in AREA_KINDS else 26
    if here is not None:
        marker = svgmap.Marker(place.lon, place.lat, colours.get(side_of(site, here.actor), NO_SIDE), here.mark,
                               size, label=place.name, tooltip=_("%(place)s: %(state)s", place=place.name,
                                                                 state=state_phrase(site, here)),
                               area=area_of(place))
    else:
        marker = svgmap.Marker(place.lon, place.lat, "currentColor", "confirmed", 12, label=place.name,
                               area=area_of(place))
    governorates = [(governorate_label(n), *GOVERNORATE_LABEL_AT.get(n, (lat, lon))) for n, lon, lat in basemap.governorates()]
    governorates = [(n, lat, lon) for n, lat, lon in governorates if frame.contains(lon, lat)]
    title = _("%(place)s on the map", place=place.name)
    svg = svgmap.locator_map(frame, marker, around_marks, governorates, cities, title)
    history = timeline.history(place.id)
    if here is None:
        caption = _("Where %(place)s is (%(coordinates)s). No event with a place is recorded here.", place=place.name,
                    coordinates=coordinates(place.lat, place.lon, "0.000"))
    else:
        changes = [s for s in history if s.changed]
        if len(changes) == 1:
            ranged = ranged_start(changes[0])
            if ranged:
                caption = _("%(place)s: %(state)s, since a day %(days)s.", place=place.name,
                            state=state_phrase(site, here), days=when_uncertain(ranged))
            else:
                caption = _("%(place)s: %(state)s, since %(day)s.", place=place.name, state=state_phrase(site, here),
                            day=long_day(changes[0].day))
        else:
            story = separated((_("%(day)s: %(state)s", day=short_day(s.day), state=state_phrase(site, s))
                               if not ranged_start(s) else
                               _("%(day)s: %(state)s (%(days)s, exact day not known)", day=short_day(s.day),
                                 state=state_phrase(site, s),
                                 days=between_days(ranged_start(s).date, ranged_start(s).last_day, short=True))
                               for s in changes), "; ")
            caption = _("%(place)s as of %(day)s: %(state)s. Day by day: %(story)s.", place=place.name,
                        day=long_day(last_day), state=state_phrase(site, here), story=story)
    if has_area(place):
        caption += " " + _("%(note)s: the shaded circle around it shows how far off its mark may be.",
                           note=position_note(place))
    if around:
        caption += " " + ngettext("Also shown, fainter: %(num)s other place with events within %(distance)s.",
                                  "Also shown, fainter: %(num)s other places with events within %(distance)s.",
                                  len(around), distance=km(reach))
    caption += " " + _("%(credit)s.", credit=_(basemap.CREDIT))
    rows = tuple((short_day(s.day), state_cell(site, s), separated((event_cell(e) for e in s.today), "; ") or "–")
                 for s in history)
    table = Table(_("%(place)s, day by day", place=place.name), (_("Day"), _("State"), _("Events that day")), rows)
    return Figure(f"place-map-{place.id}", "map", title, caption, {}, table, height=320, svg=svg)


def neighbour_tooltip(site: Site, state: PlaceDay) -> str:
    """What pointing at a place around the one shown says: its name and state, how far off its mark may be."""
    text = _("%(place)s: %(state)s", place=state.place.name, state=state_phrase(site, state))
    if has_area(state.place):
        text = _("%(place)s: %(state)s (%(note)s)", place=state.place.name, state=state_phrase(site, state),
                 note=_("position known to within about %(distance)s", distance=km(state.place.precision_km)))
    return text
