"""What the maps of places share: side colours and mark symbols, the box around some places, the
cities and governorates labelled on them, a place's state in words, and plotly's base map
(governorates, their names, city labels, the geo layout and config). The SVG place maps use all
but plotly's base map; the advance chart takes its colours from here, so a side looks the same in
every figure.

Colours that depend on the page's light or dark theme are written as
`var(--map-...)`: figures.js swaps them for the page's CSS values before drawing.
"""
from __future__ import annotations

from briefing.derive.advances import MARK_TITLES, PlaceDay
from briefing.figures import basemap
from briefing.figures.markup import LABEL_WRAP, esc, wrapped
from briefing.model import Site

NO_SIDE = "#7a7f87"
SYMBOLS = {"confirmed": "circle", "claimed": "circle-open", "contested": "diamond-open", "denied": "x",
           "activity": "triangle-up-open"}
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


def side_colours(site: Site) -> dict:
    return {side.id: side.colour for side in site.config.sides}


def side_of(site: Site, actor_id: str) -> str:
    actor = site.get(actor_id) if actor_id else None
    known = {s.id for s in site.config.sides}
    return actor.side if actor is not None and actor.side in known else ""


def actor_label(site: Site, actor_id: str) -> str:
    return site.actor(actor_id).label if actor_id else "nobody named"


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
                       "text": [esc(n.upper()) for n, _, _ in labels], "hoverinfo": "skip", "showlegend": False,
                       "textfont": {"size": 10, "color": "var(--map-label-muted)"}})
    cities = [(n, lat, lon) for n, lat, lon in city_labels(site, city_rank) if in_box(lat, lon, box)]
    if cities:
        traces.append({"type": "scattergeo", "mode": "markers+text", "name": "Cities",
                       "lat": [lat for _, lat, _ in cities], "lon": [lon for _, _, lon in cities],
                       "text": [wrapped(n, LABEL_WRAP) for n, _, _ in cities],
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


# --- a place's state in words -------------------------------------------------------------------
def state_phrase(site: Site, state: PlaceDay) -> str:
    """'claimed by HTS, not confirmed': plain text (the hover text escapes it, captions do not)."""
    who = actor_label(site, state.actor)
    mark = state.mark
    if state.basis is not None and state.basis.kind == "withdrew":
        return f"left by {actor_label(site, state.basis.actor)} ({state.basis.status})"
    return {"confirmed": f"held by {who} (confirmed)",
            "claimed": f"claimed by {who}, not confirmed",
            "contested": f"contested: claimed by {who}, disputed",
            "denied": f"{who}'s claim to it denied",
            "activity": f"no claim of control; latest activity by {who}" if state.actor else "no claim of control"}[mark]


def state_cell(site: Site, state: PlaceDay | None) -> str:
    if state is None:
        return "–"
    text = f"{MARK_TITLES[state.mark]}: {actor_label(site, state.actor)}" if state.actor else MARK_TITLES[state.mark]
    return ("new: " + text) if state.changed else text
