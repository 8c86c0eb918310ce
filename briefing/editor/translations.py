"""`generate.py check`'s report on translations: which briefs and pages are stale (their original
changed since), which record no version, which are missing, and which fields of the data files
have no text yet in a language (derive/editions.translation_status, untranslated_fields)."""
from __future__ import annotations

from briefing.derive.editions import languages, text_version, translation_status, untranslated_fields
from briefing.model import Site

FIELDS_LISTED = 12   # fields not yet translated, listed one a line before "and N more"


def translation_report(site: Site, all_fields: bool = False, config_file: str = "site.yaml") -> list[str]:
    """Lines for the editor, one a problem, each starting with the file it is about; [] for a
    site in one language. A stale translation names the version it records and the original's
    version now, which is what `translates:` should say once it is brought up to date."""
    if len(languages(site)) < 2:
        return []
    originals = {("brief", b.slug): b for b in site.briefs} | {("page", p.slug): p for p in site.pages}
    lines = []
    for status in translation_status(site):
        original = originals[(status.kind, status.slug)]
        where = original.loc.file if original.loc else status.slug
        if status.state == "stale":
            lines.append(f"{status.file}: stale: it translates version {status.recorded} of {where}, which is now "
                         f"{status.current}; bring it up to date, then set translates: {status.current}")
        elif status.state == "unrecorded":
            lines.append(f"{status.file}: records no 'translates:'; if it translates {where} as it is now, "
                         f"add translates: {text_version(original)}")
        elif status.state == "missing":
            lines.append(f"{where}: not yet translated into '{status.lang}' (no {status.slug}.{status.lang}.md)")
    fields = untranslated_fields(site, config_file)
    shown = fields if all_fields else fields[:FIELDS_LISTED]
    lines += [f"{file}: {ident}: '{name}' has no text in '{lang}' yet" for file, ident, name, lang in shown]
    if len(fields) > len(shown):
        lines.append(f"... and {len(fields) - len(shown)} more fields not yet translated "
                     f"(check --translations lists them all)")
    return lines
