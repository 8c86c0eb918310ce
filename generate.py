#!/usr/bin/env python3
"""Command line of the briefing-site generator: turns content/ into a static site in site/."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.build import BuildOptions, build, load_site
from briefing.model import ContentErrors
from briefing.search import SearchIndexError
from briefing.write import OutputFolderError


def report_errors(errors: ContentErrors, out: str | None) -> int:
    for error in errors.errors:
        print(error, file=sys.stderr)
    count = len(errors.errors)
    tail = f"; '{out}' was left as it was" if out else ""
    print(f"{count} error{'s' if count != 1 else ''} in content{tail}.", file=sys.stderr)
    return 1


def cmd_build(args) -> int:
    options = BuildOptions(content_dir=Path(args.content), out_dir=Path(args.out),
                           base_url=args.base_url, drafts=args.drafts, search=not args.no_search)
    try:
        result = build(options)
    except ContentErrors as errors:
        return report_errors(errors, args.out)
    except (OutputFolderError, SearchIndexError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    index = (result.out_dir / "index.html").resolve()
    print(f"Built {result.pages} pages ({result.files} files) in {result.seconds:.2f} s into {args.out}/ "
          f"- open {index} or run: python -m http.server -d {args.out} 8000")
    return 0


def cmd_check(args) -> int:
    try:
        site = load_site(Path(args.content), drafts=True)
    except ContentErrors as errors:
        return report_errors(errors, None)
    print(f"{args.content}/ is valid: {len(site.briefs)} briefs, {len(site.pages)} pages, "
          f"{len(site.actors)} actors, {len(site.relations)} relations, {len(site.places)} places, "
          f"{len(site.events)} events, {len(site.sources)} sources.")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="generate.py", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = commands.add_parser("build", help="validate content and write the site",
                            description="Validate content/ and write the whole site. The output folder "
                                        "is replaced only if everything succeeds.")
    b.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    b.add_argument("--out", default="site", metavar="DIR", help="output folder (default: site)")
    b.add_argument("--base-url", metavar="URL", help="public address of the site; overrides site.yaml")
    b.add_argument("--drafts", action="store_true", help="include briefs marked draft: true")
    b.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (faster)")
    b.set_defaults(run=cmd_build)
    c = commands.add_parser("check", help="validate content only; write nothing",
                            description="Validate content/ (drafts included) and report every error "
                                        "with its file and line. Writes nothing.")
    c.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    c.set_defaults(run=cmd_check)
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
