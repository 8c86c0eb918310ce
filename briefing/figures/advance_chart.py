"""The advance over time: places taken or claimed each day, by actor and status, and each
actor's running total (the map page and the `{{< advances-chart >}}` embed).

Each gain counts on its day with its status as it stood that day (derive/advances.gains): a claim
confirmed two days later is a claimed bar. A gain whose day is not known (a range of days) counts
on the first day it may have been, in a fainter bar of its own (`UNCERTAIN_OPACITY`, its own legend
entry), and its hover text and the table give the range."""
from __future__ import annotations

from briefing.derive.advances import MARKS, Timeline, build_timeline, gains, held_by_day
from briefing.figures.figure import Figure, Table
from briefing.figures.mapparts import NO_SIDE, actor_label, side_colours, side_of, translucent
from briefing.figures.markup import esc, wrapped
from briefing.model import Site
from briefing.i18n import gettext as _, ngettext
from briefing.text import between_days, long_day, number, separated, short_day, status_label, status_word

PATTERNS = {"confirmed": "", "claimed": "/", "contested": "x", "denied": "."}
UNCERTAIN_OPACITY = 0.45   # a bar of gains whose day is not known, counted on the first day they may have been
LEGEND_WRAP = 36       # a legend entry longer than this takes two lines (a phone's plot is 260 px wide)
NOTABLE_WRAP = 32      # an airbase or city over a bar: '✈ Aleppo International Airport' on one line
SHORT_NAME = 20        # an actor's name that leaves room on its hover line for the day


def advance_chart(site: Site, timeline: Timeline | None = None, *, fig_id: str = "advance-over-time",
                  places: set | None = None, title: str = "") -> Figure:
    """title: by default 'Places taken or claimed, day by day'."""
    title = title or _("Places taken or claimed, day by day")
    timeline = timeline or build_timeline(site)
    if places is not None:
        timeline = Timeline(timeline.days, {k: v for k, v in timeline.states.items() if k in places})
    found = [g for g in gains(site, timeline) if places is None or g.place.id in places]
    held = held_by_day(site, timeline)
    days = timeline.days
    # One bar slot a day, named by the site's own wording of the day (text.py), not by plotly's date
    # formats: the x values are the days as the hover texts show them, the ticks their short form.
    x = [long_day(d) for d in days]
    colours = side_colours(site)
    actors = list(dict.fromkeys([g.actor for g in found] + list(held)))
    # Gains grouped once by (actor, status, day), in their order: looking each day up in all the
    # gains made this chart quadratic (50 s for 2,000 events over 2,000 days).
    grouped = {}
    for g in found:
        grouped.setdefault((g.actor, g.status, g.event.uncertain_date, g.day), []).append(g)
    data = []
    for actor in actors:
        colour = colours.get(side_of(site, actor), NO_SIDE)
        label = actor_label(site, actor)
        # The hover text names the actor through its group's title (%{fullData...}): text from
        # content in a hovertemplate itself would be read as one (a name with '%{y}' in it).
        group = {"legendgroup": actor, "legendgrouptitle": {"text": wrapped(label, LEGEND_WRAP)}}
        # the rest of the hover text follows a short name on its line, a long one on the next
        comma, space = (", ", " ") if len(label) <= SHORT_NAME else ("<br>", "<br>")
        for status in MARKS[:-1]:
            for day_unknown in (False, True):
                mine = [grouped.get((actor, status, day_unknown, d), ()) for d in days]
                if not any(mine):
                    continue
                names = [separated((_("%(place)s (%(days)s)", place=g.place.name,
                                       days=between_days(g.event.date, g.event.last_day, short=True))
                                     if day_unknown else g.place.name) for g in gs) for gs in mine]
                what = (_("%(status)s, exact day not known", status=status_word(status)) if day_unknown
                        else status_word(status))
                # fainter: the colours themselves (plotly's legend ignores a bar's marker.opacity)
                ink = translucent(colour, UNCERTAIN_OPACITY) if day_unknown else colour
                marker = {"color": ink if status == "confirmed" else "rgba(0,0,0,0)",
                          "line": {"color": ink, "width": 1.5},
                          "pattern": {"shape": PATTERNS[status], "fgcolor": colour, "solidity": 0.35,
                                      **({"fgopacity": UNCERTAIN_OPACITY} if day_unknown else {})}}
                data.append({
                    "type": "bar", "x": x, "y": [len(gs) for gs in mine],
                    "name": wrapped(_("%(actor)s: %(status)s, day not known", actor=label, status=status_word(status))
                                    if day_unknown else _("%(actor)s: %(status)s", actor=label,
                                                          status=status_word(status)), LEGEND_WRAP),
                    **group, "marker": marker, "customdata": [wrapped(n) for n in names],
                    "hovertemplate": f"<b>%{{fullData.legendgrouptitle.text}}</b>{comma}"
                                     + esc(_("%(day)s: %(count)s %(status)s", day="%{x}", count="%{y}", status=what))
                                     + "<br>%{customdata}<extra></extra>",
                })
        if actor in held:
            data.append({
                "type": "scatter", "mode": "lines+markers", "x": x, "y": held[actor],
                "name": wrapped(_("%(actor)s: holds or claims (running total)", actor=label), LEGEND_WRAP), **group,
                "line": {"color": colour, "width": 2.5, "dash": "solid"}, "marker": {"color": colour, "size": 7},
                "hovertemplate": f"<b>%{{fullData.legendgrouptitle.text}}</b>{space}"
                                 + esc(_("holds or claims %(count)s places on %(day)s", count="%{y}", day="%{x}"))
                                 + "<extra></extra>",
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
            "type": "scatter", "mode": "markers+text", "name": esc(_("Airbases and cities")), "showlegend": True,
            "x": [long_day(d) for d in ordered], "y": [stack[d] + 1 for d in ordered],
            "text": ["<br>".join(wrapped(("✈ " if g.place.kind == "airbase" else "■ ") + g.place.name, NOTABLE_WRAP)
                                 for g in notable[d]) for d in ordered],
            "textposition": "top center", "textfont": {"size": 11},
            "marker": {"symbol": "star", "size": 12, "color": "var(--map-label)"},
            "hovertemplate": "%{text}<extra></extra>", "cliponaxis": False,
        })
    top = max([stack[d] for d in days] + [max(v) for v in held.values()] + [1])
    layout = {
        "barmode": "stack", "height": 460, "margin": {"l": 48, "r": 12, "t": 16, "b": 10},
        "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": x,
                  "tickmode": "array", "tickvals": x, "ticktext": [short_day(d) for d in days],
                  "showgrid": False},
        "yaxis": {"title": {"text": esc(_("places"))}, "rangemode": "tozero", "range": [0, top * 1.35 + 2],
                  "gridcolor": "var(--map-grid)", "zeroline": False},
        "legend": {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0, "groupclick": "toggleitem"},
        "bargap": 0.35, "hovermode": "closest",
    }
    totals = {}
    for g in found:
        totals.setdefault(g.status, 0)
        totals[g.status] += 1
    busiest = max(days, key=lambda d: stack[d]) if found else days[-1]
    unsure = [g for g in found if g.event.uncertain_date]
    sentences = [_("Bars: places taken or said to be taken each day, by actor, solid where confirmed and hatched "
                   "where only claimed, each with its status as it stood that day.")]
    if unsure:
        sentences.append(ngettext("Fainter bars: %(num)s place whose day is not known, counted on the first day it "
                                  "may have been taken.",
                                  "Fainter bars: %(num)s places whose day is not known, counted on the first day they "
                                  "may have been taken.", len(unsure)))
    sentences.append(_("Lines: how many places each actor holds or claims at the end of each day."))
    by_status = separated(_("%(count)s %(status)s", count=number(n), status=status_word(s))
                          for s, n in sorted(totals.items(), key=lambda i: MARKS.index(i[0])))
    sentences.append(ngettext("%(num)s place in all: %(statuses)s.", "%(num)s places in all: %(statuses)s.",
                              len(found), statuses=by_status))
    sentences.append(_("The busiest day was %(day)s (%(count)s).", day=long_day(busiest), count=number(stack[busiest])))
    air = [g.place.name for g in found if g.place.kind == "airbase"]
    if air:
        sentences.append(_("Airbases: %(names)s.", names=separated(air)))
    sentences.append(_("Claims about whole regions (a province, a countryside) are not counted."))
    caption = " ".join(sentences)
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
            row = (short_day(d), actor_label(site, actor),
                   *(number(sum(1 for g in mine if g.status == s)) for s in MARKS[:-1]),
                   number(holding),
                   separated(g.place.name for g in mine if g.place.kind in ("airbase", "city", "capital")) or "–")
            if unsure:
                row += (separated((_("%(place)s (%(days)s)", place=g.place.name,
                                     days=between_days(g.event.date, g.event.last_day, short=True))
                                   for g in mine if g.event.uncertain_date), "; ") or "–",)
            rows.append(row)
    columns = (_("Day"), _("Actor"), status_label("confirmed"), status_label("claimed"), status_label("contested"),
               status_label("denied"), _("Holds or claims"), _("Airbases and cities"))
    table = Table(_("Places taken per day, by actor and status, and running totals"),
                  columns + ((_("Day not known (counted on the first day it may have been)"),) if unsure else ()),
                  tuple(rows))
    return Figure(fig_id, "chart", title, caption, {"data": data, "layout": layout}, table, height=460)
