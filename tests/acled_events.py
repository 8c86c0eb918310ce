"""The mini content with the events the ACLED layout has to carry: a date range, a claim's history
(claimed then confirmed; claimed, denied, then contested), notes on the event and on a step, a
link to a related event, a
capture by the government's side, a statement without a place and a death toll without an actor."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINI

MORE_EVENTS = """\
- id: 2024-11-28-saraqib-approach
  date: 2024-11-28..2024-12-01
  place: saraqib
  actor: hts
  kind: advanced
  status: claimed
  summary: HTS fighters push towards Saraqib; the day is not given.
  claimed_by: [moc-telegram]
  sources: [moc-telegram, sohr]
  note: Announced between 28 November and 1 December; the exact day is not given.
- id: 2024-11-30-aleppo-airport
  date: 2024-11-30
  place: aleppo
  actor: moc
  kind: captured
  status: claimed
  summary: The coalition says it holds the airport.
  claimed_by: [moc-telegram]
  sources: [moc-telegram]
  history:
    - date: 2024-12-02
      status: confirmed
      confirmed_by: [sohr]
      note: SOHR reports the coalition's fighters at the airport.
- id: 2024-11-30-saraqib-road
  date: 2024-11-30
  place: saraqib
  actor: moc
  kind: clashes
  status: claimed
  summary: The coalition says it cut the road south of Saraqib.
  claimed_by: [moc-telegram]
  sources: [moc-telegram, syrian-mod]
  history:
    - date: 2024-12-01
      status: denied
      denied_by: [syrian-mod]
    - date: 2024-12-02
      status: contested
      claimed_by: [sohr]
      note: SOHR reports fighting on the road; the ministry still denies it.
  related: [2024-11-29-saraqib]
- id: 2024-12-01-army-retakes
  date: 2024-12-01
  place: saraqib
  actor: syrian-government
  kind: captured
  status: claimed
  summary: The ministry says government forces took back positions east of Saraqib.
  claimed_by: [syrian-mod]
  sources: [syrian-mod]
- id: 2024-12-02-ministry-statement
  date: 2024-12-02
  actor: syrian-government
  kind: statement
  status: confirmed
  summary: The ministry says the army is regrouping.
  confirmed_by: [syrian-mod]
  sources: [syrian-mod]
- id: 2024-12-02-toll
  date: 2024-11-27..2024-12-02
  kind: casualties
  status: confirmed
  summary: SOHR counts the dead of the first six days.
  confirmed_by: [sohr]
  sources: [sohr]
"""


def acled_content(folder: Path) -> Path:
    """A copy of the mini content in folder/content with MORE_EVENTS appended; returns it."""
    content = folder / "content"
    shutil.copytree(MINI, content)
    actors = content / "actors.yaml"   # whose forces: the export tells the state's side by its country
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "  name: Syrian government\n", "  name: Syrian government\n  country: Syria\n"), encoding="utf-8")
    with (content / "events.yaml").open("a", encoding="utf-8") as f:
        f.write(MORE_EVENTS)
    return content
