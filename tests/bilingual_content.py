"""The mini fixture published in English and Arabic, with Arabic names for its places, actors and
sides and Arabic summaries for its events, so that figures of the Arabic edition have Arabic words
in every kind of text plotly draws (labels, hover texts, legend entries, group titles, tick labels).

    from bilingual_content import write_bilingual
    content = write_bilingual(tmp_path / "content")

tests/cases/translated-edition (site.yaml with `languages: [en, ar]`, an Arabic name for HTS, an
Arabic brief) laid over tests/fixtures/mini, then the names below.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINI, ROOT, edit

TRANSLATED = ROOT / "tests" / "cases" / "translated-edition"
# (file, the English as written in the fixture, the {en, ar} mapping it becomes)
ARABIC = [
    ("places.yaml", "name: Aleppo\n", "name: {en: Aleppo, ar: حلب}\n"),
    ("places.yaml", "name: Saraqib\n", "name: {en: Saraqib, ar: سراقب}\n"),
    ("places.yaml", "governorate: Idlib\n", "governorate: {en: Idlib, ar: إدلب}\n"),
    ("actors.yaml", "name: Military Operations Command\n  short_name: MOC\n",
     "name: {en: Military Operations Command, ar: إدارة العمليات العسكرية}\n"
     "  short_name: {en: MOC, ar: إدارة العمليات}\n"),
    ("actors.yaml", "name: Syrian government\n", "name: {en: Syrian government, ar: الحكومة السورية}\n"),
    ("actors.yaml", "name: Russia\n", "name: {en: Russia, ar: روسيا}\n"),
    ("events.yaml", "summary: The coalition says it took Saraqib.\n",
     "summary: {en: The coalition says it took Saraqib., ar: يقول التحالف إنه سيطر على سراقب.}\n"),
    ("events.yaml", "summary: Fighters enter Aleppo.\n",
     "summary: {en: Fighters enter Aleppo., ar: المقاتلون يدخلون حلب.}\n"),
    ("site.yaml", "title: Opposition coalition\n", "title: {en: Opposition coalition, ar: تحالف المعارضة}\n"),
    ("site.yaml", "title: Government\n", "title: {en: Government, ar: الحكومة}\n"),
]


def write_bilingual(target: Path) -> Path:
    """The bilingual content tree at `target` (which must not exist); returns it."""
    shutil.copytree(MINI, target)
    for path in TRANSLATED.rglob("*"):
        if path.is_file() and path.name != "expected.yaml":
            destination = target / path.relative_to(TRANSLATED)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    for name, old, new in ARABIC:
        edit(target / name, old, new)
    return target
