"""A valid content tree with an XSS payload in every field that reaches a page.

Each payload names its field, so a failure says where script got through. Payloads
set `window.__xss` and call `alert`, so a browser test can see any that runs. Each also
carries the markup plotly draws in figure text (FIGURE_MARKUP: a link, bold, a styled span...)
and text that must show as written (`AT&T`, `5 < 6`, a literal `&lt;3`, a `%{y}` that a
hovertemplate would fill in): tests/browser/test_figure_text_browser.py looks for it in every
figure. The places, events and actors are enough for every kind of label: a town, an airbase and
a village on the map, a city and an airbase gained in the advance chart, two sides.
"""
from __future__ import annotations

from pathlib import Path

import yaml

# URL fields must stay valid http(s) addresses (quotes and angle brackets are refused by
# validation, see test_security.py), so they carry what a URL can: a quote-breaking apostrophe.
# Not at example.org: validation refuses a domain reserved for examples as a placeholder.
URL_PAYLOAD = "https://payload.briefing-hostile.org/?q='onmouseover='window.__xss=1'&x=javascript:alert(1)"


def figure_markup(field: str) -> str:
    """The tags plotly.js renders in figure text (svg_text_utils: a, b, i, em, s, u, sup, sub, span
    with a style, br), each marking the field, then text that shows as written only if it is escaped
    exactly once: an ampersand, a less-than, a literal entity, and a hovertemplate placeholder."""
    return (f'<a href="https://phish.example/{field}">a-{field}</a><b>b-{field}</b><i>i-{field}</i>'
            f'<em>em-{field}</em><s>s-{field}</s><u>u-{field}</u><sup>sup-{field}</sup><sub>sub-{field}</sub>'
            f'<span style="fill:red">span-{field}</span><br>br-{field} AT&T 5 < 6 &lt;3 %{{y}}')


def payload(field: str) -> str:
    """Markup that breaks out of text, attributes, <title>, comments and <script> if not escaped,
    and the markup plotly would draw in a figure."""
    return (f"{field} \"'><script>window.__xss='{field}';alert('{field}')</script>"
            f"<img src=x onerror=\"window.__xss='{field}';alert('{field}')\">"
            f"</title></textarea><!-- --><svg onload=alert('{field}')>" + figure_markup(field))


# Images in Markdown point at '#x': a broken image as 'x' is (it fires onerror, were a handler
# to survive), but one the build does not reject as a link to no file of the site.
MARKDOWN_BODY = """
Plain text first, so the page has a body.

<script>window.__xss='body-script';alert('body-script')</script>

<img src=#x onerror="window.__xss='body-img';alert('body-img')">

[a javascript: link](javascript:alert('body-js-link')) and <a href="JaVaScRiPt:alert('raw-js')">raw</a>
and <a href="data:text/html,<script>alert('data')</script>">data</a>
and <a href="java&#x09;script:alert('entity')">entity</a>.

A paragraph with an attribute list.
{: onclick="window.__xss='attr-list';alert('attr-list')" style="background:url(javascript:alert(1))" #main .skip-link }

[[hts|<script>window.__xss='wikilink';alert('wikilink')</script>]] and [[hts|<img src=#x onerror=alert('wikilink-img')>]]

## A heading <img src=#x onerror="alert('heading')">

<svg onload="alert('svg')"><circle r=1 /></svg>
<iframe srcdoc="<script>alert('iframe')</script>"></iframe>
<object data="javascript:alert('object')"></object>
<embed src="javascript:alert('embed')">
<style>body { background: url("javascript:alert('style')") }</style>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=javascript:alert('meta')">
<form action="javascript:alert('form')"><button formaction="javascript:alert('button')">go</button></form>
<div id="__xss">clobbering window.__xss</div>
<a id="Plotly" name="Plotly">clobbering window.Plotly</a>
<details open ontoggle="alert('details')"><summary>s</summary>x</details>
<video><source onerror="alert('video')"></video>
<a href="https://example.org/" target="_blank">an external link</a>

| a | b |
|:--|--:|
| <img src=#x onerror=alert('cell')> | `<script>alert('code')</script>` |

HTS[^1] says so.

*[HTS]: <script>alert('abbr')</script>

[^1]: <img src=#x onerror="alert('footnote')">
"""

# The embedded figures, for the brief (its network is drawn under it anyway).
FIGURE_EMBEDS = """
{{< map >}}

{{< advances-chart >}}
"""

# Parsed as HTML, an unclosed <style> swallows everything after it, footnotes included: so
# these go in the page's body only, and the brief keeps its footnote payload.
MUTATION_BODY = """
<noscript><p title="</noscript><img src=#x onerror=alert('noscript')>"></noscript>

<math><mtext><table><mglyph><style><img src=#x onerror="alert('mxss')">
"""


def write_hostile_content(root: Path) -> Path:
    """Write the hostile content tree into root (created); returns root."""
    (root / "briefs").mkdir(parents=True)
    (root / "pages").mkdir()

    def dump(name, data):
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    dump("site.yaml", {
        "title": payload("site-title"), "description": payload("site-description"),
        "base_url": "https://briefing.example.org/", "languages": ["en", "ar"],
        "as_of": "2024-12-02T18:00:00+00:00", "author": payload("site-author"),
        "licence": {"name": payload("licence-name"), "url": URL_PAYLOAD},
        "topics": [{"id": "offensive", "title": payload("topic-title"), "order": 1,
                    "description": payload("topic-description")}],
        "sides": [{"id": "opposition", "title": payload("side-title"), "colour": "#b45309",
                   "description": payload("side-description")},
                  {"id": "government", "title": payload("side2-title"), "colour": "#1d4ed8"}],
        "key_figures": [{"value": payload("figure-value"), "label": payload("figure-label"),
                         "sources": ["sohr"], "note": payload("figure-note")}],
    })
    dump("actors.yaml", [
        # in two languages: the Arabic edition shows the Arabic payloads, and every field left
        # untranslated shows the English one marked with its language (derive/editions.Untranslated)
        {"id": "hts", "name": {"en": payload("actor-name"), "ar": payload("ar-actor-name")},
         "short_name": {"en": payload("actor-short-name"), "ar": payload("ar-actor-short-name")},
         "kind": "armed-group", "role": payload("actor-role"), "aliases": [payload("actor-alias")],
         "description": payload("actor-description"), "country": payload("actor-country"),
         "side": "opposition", "sources": ["sohr"], "part_of": ["moc"]},
        {"id": "moc", "name": payload("actor2-name"), "kind": "coalition"},
        {"id": "saa", "name": payload("actor3-name"), "kind": "armed-forces", "side": "government"},
    ])
    dump("relations.yaml", [{"from": "hts", "to": "moc", "type": "leads", "since": "2024-11-27",
                             "sources": ["sohr"], "note": payload("relation-note")},
                            {"from": "saa", "to": "hts", "type": "fights", "since": "2024-11-27",
                             "sources": ["sohr", "moc-channel"],
                             # a network shows a note's first four lines: the figure markup first
                             "note": figure_markup("relation2-note") + payload("relation2-note")}])
    dump("places.yaml", [{"id": "aleppo", "name": {"en": payload("place-name"), "ar": payload("ar-place-name")},
                          "kind": "city",
                          "governorate": payload("place-governorate"), "country": payload("place-country"),
                          "lat": 36.2, "lon": 37.15, "geonames": 170063,
                          "coords_source": payload("place-coords-source"), "precision_km": 2,
                          "aliases": [payload("place-alias")], "description": payload("place-description")},
                         # each kind of label: a town and an airbase by their mark, a village among the
                         # names shown close up; the airbase and the village are near enough to Aleppo
                         # to be drawn on its place map
                         {"id": "saraqib", "name": payload("town-name"), "kind": "town",
                          # a country the base map lacks: its governorate is not checked, so it can be a payload
                          "governorate": payload("town-governorate"), "country": payload("town-country"),
                          "lat": 35.86, "lon": 36.8,
                          "coords_source": "GeoNames"},
                         {"id": "nairab", "name": payload("airbase-name") + " airbase", "kind": "airbase",
                          "governorate": "Aleppo", "lat": 36.185, "lon": 37.225, "coords_source": "GeoNames"},
                         {"id": "mansoura", "name": payload("village-name"), "kind": "village",
                          "governorate": "Aleppo", "lat": 36.25, "lon": 37.08, "coords_source": "GeoNames"}])
    dump("events.yaml", [{"id": "2024-11-30-aleppo", "date": "2024-11-30", "place": "aleppo", "actor": "hts",
                          "kind": "advanced", "status": "contested", "summary": payload("event-summary"),
                          "claimed_by": ["moc-channel"], "denied_by": ["sohr"], "sources": ["sohr"],
                          "note": payload("event-note")},
                         {"id": "2024-11-29-saraqib", "date": "2024-11-29", "place": "saraqib", "actor": "moc",
                          "kind": "captured", "status": "claimed", "summary": payload("event2-summary"),
                          "claimed_by": ["moc-channel"], "sources": ["moc-channel"]},
                         {"id": "2024-11-30-nairab", "date": "2024-11-30", "place": "nairab", "actor": "hts",
                          "kind": "captured", "status": "confirmed", "summary": payload("event3-summary"),
                          "confirmed_by": ["sohr"], "sources": ["sohr"]},
                         {"id": "2024-12-01-mansoura", "date": "2024-12-01", "place": "mansoura", "actor": "saa",
                          "kind": "airstrike", "status": "confirmed", "summary": payload("event4-summary"),
                          "confirmed_by": ["sohr"], "sources": ["sohr"]}])
    dump("sources.yaml", [
        {"id": "sohr", "name": payload("source-name"), "kind": "monitor", "url": URL_PAYLOAD,
         "note": payload("source-note")},
        {"id": "moc-channel", "name": payload("source2-name"), "kind": "armed-group-channel", "actor": "moc",
         "note": payload("source2-note")},
    ])
    front = yaml.safe_dump({"title": payload("brief-title"), "date": "2024-12-02",
                            "updated": "2024-12-02T10:00:00+00:00", "summary": payload("brief-summary"),
                            "topic": "offensive", "actors": ["hts", "saa"], "places": ["aleppo", "nairab"],
                            "sources": ["sohr", "moc-channel"],
                            "corrections": [{"date": "2024-12-02", "text": payload("brief-correction")}],
                            "updates": [{"date": "2024-12-02T11:00:00+00:00", "text": payload("brief-update")}]},
                           allow_unicode=True, sort_keys=False)
    (root / "briefs" / "the-offensive.md").write_text(f"---\n{front}---\n{MARKDOWN_BODY}{FIGURE_EMBEDS}",
                                                      encoding="utf-8")
    translated = yaml.safe_dump({"title": payload("ar-brief-title"), "summary": payload("ar-brief-summary"),
                                 "translates": "000000000000",   # stale: the page says so, with a link
                                 "corrections": [{"date": "2024-12-02", "text": payload("ar-brief-correction")}]},
                                allow_unicode=True, sort_keys=False)
    (root / "briefs" / "the-offensive.ar.md").write_text(f"---\n{translated}---\n{MARKDOWN_BODY}{FIGURE_EMBEDS}",
                                                         encoding="utf-8")
    page_front = yaml.safe_dump({"title": payload("page-title"), "summary": payload("page-summary"), "order": 1},
                                allow_unicode=True)
    (root / "pages" / "about.md").write_text(f"---\n{page_front}---\n{MARKDOWN_BODY}{MUTATION_BODY}",
                                            encoding="utf-8")
    return root
