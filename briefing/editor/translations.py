"""`generate.py check`'s report on translations: which briefs and pages are stale (their original
changed since), which record no version, which are missing, and which fields of the data files
have no text yet in a language (derive/editions.translation_status, untranslated_fields)."""
from __future__ import annotations

from briefing.derive.editions import languages, translation_status, untranslated_fields
from briefing.i18n import catalog_path
from briefing.model import Site

FIELDS_LISTED = 12


def translation_report(site: Site, all_fields: bool = False, config_file: str = "site.yaml") -> list[str]:
    """Lines for the editor, one a problem, each starting with the file it is about; [] for a
    site in one language. A stale translation names the version it records and the original's
    version now, which is what `translates:` should say once it is brought up to date."""
    if len(languages(site)) < 2:
        return []
    originals = {("brief", b.slug): b for b in site.briefs} | {("page", p.slug): p for p in site.pages}
    translations = {(t.kind, t.slug, t.lang): t for t in site.translations}
    lines = []
    for status in translation_status(site):
        original = originals[(status.kind, status.slug)]
        where = original.loc.file if original.loc else status.slug
        if status.state == "stale":
            lines.append(f"{status.file}: stale: it translates version {status.recorded} of {where}, which is now "
                         f"{status.current}; bring it up to date, then set translates: {status.current}")
        elif status.state == "unrecorded":
            lines.append(f"{status.file}: records no 'translates:'; if it translates {where} as it is now, "
                         f"add translates: {status.current}")
        if status.state in ("current", "stale", "unrecorded") and status.kind == "brief":
            done = translations[status.kind, status.slug, status.lang]
            lines += [f"{status.file}: the original's {key} are not translated (its page shows them in the original's "
                      f"language)" for key in ("corrections", "updates") if getattr(original, key) and not getattr(done, key)]
        if status.state == "missing":
            lines.append(f"{where}: not yet translated into '{status.lang}' (no {status.slug}.{status.lang}.md)")
    for lang in languages(site):
        if lang.split("-")[0] != "en" and not catalog_path(lang).is_file():
            lines.append(f"{config_file}: '{lang}' has no catalog for the interface ({catalog_path(lang)}): its pages "
                         f"show the generator's own words in English; start one with pybabel init (docs/languages.md)")
    fields = untranslated_fields(site, config_file)
    shown = fields if all_fields else fields[:FIELDS_LISTED]
    lines += [f"{file}: {ident}: '{name}' has no text in '{lang}' yet" for file, ident, name, lang in shown]
    if len(fields) > len(shown):
        lines.append(f"... and {len(fields) - len(shown)} more fields not yet translated "
                     f"(check --translations lists them all)")
    return lines
