"""Uncertainty added to a copy of the mini content (tests/fixtures/mini): a claim confirmed later
(Saraqib: claimed 29 November, confirmed by SOHR on 2 December), a village whose position is known
only to within 20 km and whose capture is dated by a range (28 to 30 November), and an event the
day before that range, so the map has a day without the village.

    from uncertain_content import add_uncertainty
    add_uncertainty(copy_of_mini)

Shared by the browser test of the map's day control and the plotly validation of every figure."""
from __future__ import annotations

from pathlib import Path

CONFIRMED_LATER = """  history:
    - date: 2024-12-02
      status: confirmed
      confirmed_by: [sohr]
      note: SOHR reports the coalition's fighters in the town.
"""
VILLAGE = """- id: al-tulaysieh
  name: Al-Tulaysiyah
  kind: village
  governorate: Hama
  lat: 35.4
  lon: 36.92
  coords_source: approximate, placed in the northern Hama countryside
  precision_km: 20
"""
EVENTS = """- id: tulaysieh-taken
  date: 2024-11-28..2024-11-30
  place: al-tulaysieh
  actor: moc
  kind: captured
  status: claimed
  summary: The coalition announces control of al-Tulaysiyah.
  claimed_by: [moc-telegram]
  sources: [moc-telegram]
- id: 2024-11-27-aleppo-clashes
  date: 2024-11-27
  place: aleppo
  actor: moc
  kind: clashes
  status: confirmed
  summary: Clashes west of Aleppo, the day before the village may have been taken.
  confirmed_by: [sohr]
  sources: [sohr]
"""


def add_uncertainty(content: Path) -> Path:
    """Edit a copy of the mini content in place (fails loudly if the mini content has changed)."""
    events = (content / "events.yaml").read_text(encoding="utf-8")
    head, tail = events.split("- id: 2024-11-30-aleppo")
    assert head.rstrip().endswith("sources: [moc-telegram]"), "the mini content's Saraqib claim has changed"
    (content / "events.yaml").write_text(head + CONFIRMED_LATER + "- id: 2024-11-30-aleppo" + tail + EVENTS,
                                         encoding="utf-8")
    with (content / "places.yaml").open("a", encoding="utf-8") as f:
        f.write(VILLAGE)
    return content
