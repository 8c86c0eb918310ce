"""What the maps of places share: side colours and mark symbols, the box around some places, the
cities and governorates labelled on them, a place's state in words, and plotly's base map
(governorates, their names, city labels, the geo layout and config). The SVG place maps use all
but plotly's base map; the advance chart takes its colours from here, so a side looks the same in
every figure.

Colours that depend on the page's light or dark theme are written as
`var(--map-...)`: figures.js swaps them for the page's CSS values before drawing.

Uncertainty is drawn, not hidden. A place whose position is known only to within `precision_km`
is drawn as an area: a circle of that radius around its point (`circle_ring`), shaded in the
colour of who holds or claims it, with a dotted edge; its point stays on top, to point at and
select. Every such place is drawn so, whatever its radius and the map's scale (a 1 km circle on a map of
the north-west is no bigger than its mark and hides under it; on the Aleppo close-up it shows),
except a region: its precision_km is its extent, and its large faint mark stands for it. An event whose day is not known (a range of days) counts from
the first day it may have happened; until its last day the mark it makes carries a dot in its
middle (plotly's `-dot` symbols, `symbol_for`), and the hover text and tables give the range.
"""
from __future__ import annotations

import functools
import math

from briefing.derive.advances import AREA_KINDS, MARK_TITLES, PlaceDay
from briefing.figures import basemap
from briefing.figures.markup import LABEL_WRAP, esc, wrapped
from briefing.model import Event, Place, Site
from briefing.i18n import N_, gettext as _
from briefing.text import between_days, km, status_word

NO_SIDE = "#7a7f87"
SYMBOLS = {"confirmed": "circle", "claimed": "circle-open", "contested": "diamond-open", "denied": "x",
           "activity": "triangle-up-open"}
# Cities labelled on the base map for orientation: (name, lat, lon, rank), coordinates from GeoNames.
# Rank 1 shows on every map; rank 2 only when zoomed in on the north-west. Names in the language of
# the page (city_labels): each language's catalog spells them.
CITIES = (
    (N_("Aleppo"), 36.20124, 37.16117, 1), (N_("Idlib"), 35.93062, 36.63393, 1), (N_("Hama"), 35.13179, 36.75783, 1),
    (N_("Homs"), 34.72405, 36.72559, 1), (N_("Damascus"), 33.5102, 36.29128, 1), (N_("Latakia"), 35.53125, 35.79088, 1),
    (N_("Tartus"), 34.88902, 35.88659, 1), (N_("Raqqa"), 35.95283, 39.00788, 1),
    (N_("Deir ez-Zor"), 35.33588, 40.14084, 1), (N_("Qamishli"), 37.05215, 41.23142, 1),
    (N_("Daraa"), 32.61889, 36.10213, 1), (N_("Palmyra"), 34.5624, 38.28402, 1), (N_("Beirut"), 33.89332, 35.50157, 1),
    (N_("Tripoli"), 34.43352, 35.84415, 1), (N_("Antakya"), 36.20655, 36.15722, 1),
    (N_("Gaziantep"), 37.05944, 37.3825, 1), (N_("Şanlıurfa"), 37.16708, 38.79392, 1),
    (N_("Ankara"), 39.91987, 32.85427, 1), (N_("Manbij"), 36.52815, 37.95495, 2),
    (N_("Jisr al-Shughur"), 35.81418, 36.31983, 2), (N_("Maarat al-Numan"), 35.6483, 36.67693, 2),
    (N_("Kilis"), 36.71611, 37.115, 2),
)
# The base map's governorates (its ids, Natural Earth's English names), as the map labels them.
GOVERNORATE_NAMES = {name: name for name in (
    N_("Aleppo"), N_("As-Suwayda"), N_("Damascus"), N_("Daraa"), N_("Deir ez-Zor"), N_("Hama"), N_("Hasakah"),
    N_("Homs"), N_("Idlib"), N_("Latakia"), N_("Quneitra"), N_("Raqqa"), N_("Rif Dimashq"), N_("Tartus"))}


def governorate_label(name: str) -> str:
    """A governorate of the base map (its id) as the map labels it, in the page's language."""
    return _(GOVERNORATE_NAMES.get(name, name))
# Where a city's label goes when below it would sit on the markers around it.
CITY_LABEL_POSITION = {N_("Aleppo"): "top left"}


def city_label_position(name: str) -> str:
    """Where a city's label goes (name: as city_labels gives it, in the page's language)."""
    return next((where for city, where in CITY_LABEL_POSITION.items() if _(city) == name), "bottom center")
# Governorate names moved off the city of the same name (Natural Earth puts Idlib's on the city).
GOVERNORATE_LABEL_AT = {"Idlib": (36.12, 36.45)}


# An approximate position's area: its fill (the side's colour, this opaque) and its edge.
AREA_FILL_OPACITY = 0.13
AREA_POINTS = 64                  # points on a circle: at 150 px across, its sides are 7 px long
EARTH_RADIUS_KM = 6371.0          # the mean radius, as derive/advances.distance_km measures
AREA_TITLE = N_("Position approximate (circle: how far off it may be)")       # translated where shown
UNCERTAIN_DAY_TITLE = N_("Day not known (dot: counted from the first day it may have been)")


def symbol_for(mark: str, uncertain_day: bool = False) -> str:
    """The plotly marker symbol of a mark: SYMBOLS, with a dot in its middle ('circle-open-dot')
    while the event it rests on may not have happened yet (its day is a range, not yet over)."""
    return SYMBOLS[mark] + ("-dot" if uncertain_day else "")


def mark_event(state: PlaceDay) -> Event:
    """The event a day's mark rests on: the holder's, else the latest denied claim, else the
    withdrawal, else the latest event (activity), as it stood that day (PlaceDay.mark's order)."""
    if state.basis is not None and state.holder:
        return state.basis
    if state.denials:
        return state.denials[-1]
    return state.basis if state.basis is not None else state.latest


def uncertain_day(state: PlaceDay) -> Event | None:
    """The event the day's mark rests on, if its day is not known and may still be to come (the
    day shown is before the range's last day); else None."""
    event = mark_event(state)
    return event if event.uncertain_date and state.day < event.last_day else None


def when_uncertain(event: Event, short: bool = False) -> str:
    """'between 28 November and 1 December 2024 (exact day not known)'."""
    return _("%(days)s (exact day not known)", days=between_days(event.date, event.last_day, short))


def has_area(place: Place) -> bool:
    """Whether the maps draw the place as an area: whenever its position is approximate, except a
    region's (AREA_KINDS), whose precision_km is its own extent around a label point (a province
    80 km across would cover the map); its large faint mark stands for the whole."""
    return bool(place.precision_km) and place.kind not in AREA_KINDS


def position_note(place: Place) -> str:
    """'Position known to within about 20 km' for an approximate place, else ''."""
    return _("Position known to within about %(distance)s", distance=km(place.precision_km)) if has_area(place) else ""


@functools.lru_cache(maxsize=4096)     # the same places' circles, frame after frame, figure after figure
def circle_ring(lat: float, lon: float, radius_km: float, points: int = AREA_POINTS) -> tuple[tuple[float, float], ...]:
    """The circle of `radius_km` around (lat, lon) on the Earth's surface: `points` + 1 (lon, lat)
    pairs in degrees, the last the first again, rounded to 0.0001° (about 10 m).

    Each point is the destination `radius_km` away on a bearing (the spherical "destination
    point" formula: E. Williams, Aviation Formulary; C. Veness, Movable Type Scripts), on the
    sphere that derive/advances.distance_km measures on: at 80 km the ellipsoid would move it by
    under 0.5%, far less than what precision_km means."""
    phi, lam, delta = math.radians(lat), math.radians(lon), radius_km / EARTH_RADIUS_KM
    ring = []
    for n in range(points):
        theta = 2 * math.pi * n / points
        phi2 = math.asin(math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta))
        lam2 = lam + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi),
                                math.cos(delta) - math.sin(phi) * math.sin(phi2))
        ring.append((round(math.degrees(lam2), 4), round(math.degrees(phi2), 4)))
    return tuple(ring + ring[:1])


def translucent(colour: str, opacity: float = AREA_FILL_OPACITY) -> str:
    """'#009e73' -> 'rgba(0,158,115,0.13)': a side's colour (#rrggbb, validated in site.yaml) as an area's fill."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity:g})"


def side_colours(site: Site) -> dict:
    return {side.id: side.colour for side in site.config.sides}


def side_of(site: Site, actor_id: str) -> str:
    actor = site.get(actor_id) if actor_id else None
    known = {s.id for s in site.config.sides}
    return actor.side if actor is not None and actor.side in known else ""


def actor_label(site: Site, actor_id: str) -> str:
    return site.actor(actor_id).label if actor_id else _("nobody named")


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


def city_labels(site: Site | None, rank: int) -> list[tuple[str, float, float]]:
    cities = [(_(n), lat, lon) for n, lat, lon, r in CITIES if r <= rank]
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
                       "text": [esc(governorate_label(n).upper()) for n, _, _ in labels], "hoverinfo": "skip",
                       "showlegend": False,
                       "textfont": {"size": 10, "color": "var(--map-label-muted)"}})
    cities = [(n, lat, lon) for n, lat, lon in city_labels(site, city_rank) if in_box(lat, lon, box)]
    if cities:
        traces.append({"type": "scattergeo", "mode": "markers+text", "name": "Cities",
                       "lat": [lat for _, lat, _ in cities], "lon": [lon for _, _, lon in cities],
                       "text": [wrapped(n, LABEL_WRAP) for n, _, _ in cities],
                       "textposition": [city_label_position(n) for n, _, _ in cities],
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


# --- a place's state in words -------------------------------------------------------------------
def state_phrase(site: Site, state: PlaceDay) -> str:
    """'claimed by HTS, not confirmed': plain text (the hover text escapes it, captions do not)."""
    who = actor_label(site, state.actor)
    mark = state.mark
    if state.basis is not None and state.basis.kind == "withdrew":
        return _("left by %(actor)s (%(status)s)", actor=actor_label(site, state.basis.actor),
                 status=status_word(state.basis.status))
    if mark == "confirmed":
        return _("held by %(actor)s (confirmed)", actor=who)
    if mark == "claimed":
        return _("claimed by %(actor)s, not confirmed", actor=who)
    if mark == "contested":
        return _("contested: claimed by %(actor)s, disputed", actor=who)
    if mark == "denied":
        return _("%(actor)s's claim to it denied", actor=who)
    if state.actor:
        return _("no claim of control; latest activity by %(actor)s", actor=who)
    return _("no claim of control")


def state_cell(site: Site, state: PlaceDay | None) -> str:
    """A table's cell for a place on a day: 'new: Claimed, unconfirmed: MOC', with the range of days
    while the event it rests on may not have happened yet ('(between 28 Nov and 1 Dec, exact day
    not known)')."""
    if state is None:
        return "–"
    title = _(MARK_TITLES[state.mark])
    text = _("%(mark)s: %(actor)s", mark=title, actor=actor_label(site, state.actor)) if state.actor else title
    event = uncertain_day(state)
    if event is not None:
        text = _("%(state)s (%(days)s, exact day not known)", state=text,
                 days=between_days(event.date, event.last_day, short=True))
    return _("new: %(state)s", state=text) if state.changed else text
