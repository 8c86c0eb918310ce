"""Model + derived data -> pages: one Jinja environment, one template a kind of page.

Each page is described first (path, template, context), then rendered; the
description is plain data so later stages can render pages in parallel.
"""
from __future__ import annotations

import difflib
import json
import math
import re
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from briefing import i18n
from briefing.content.load import file_label
from briefing.content.syntax import outside_code
from briefing.derive.crossrefs import CrossRefs
from briefing.errors import ContentError, ContentErrors, EmbedError, TemplateError
from briefing.figures.figure import Figure
from briefing.pages.spec import PageSpec
from briefing.derive.citations import event_reference
from briefing.render.citation import format_reference
from briefing.model import EVENT_STATUSES, Brief, OutputFile, Site
from briefing.text import (and_list, atom_time, coordinates, date_span, day_span, event_when, iso, kind_word, km, long_date,
                           number, short_day, status_label, status_word, suggest, when_parts)
from briefing.derive.editions import marked
from briefing.render.untranslated import mark_languages, strip_marks
from briefing.urls import file_of, language_prefix, link_target, path_of, relative, shared_path

GENERATOR = "briefing"
# Folders of the build's own files, named by their content (assets/, figures/) or by Pagefind: no
# link in text may lead into them.
BUILD_FOLDERS = ("assets/", "figures/", "pagefind/")
# An address on another site: a scheme (https:, mailto:...) or '//host'.
OTHER_SITE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//")


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, keyed by their source's checksum:
    a second build in one process (serve, tests) skips compiling templates that did not change."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])  # discarded if the source changed

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


BYTECODE_CACHE = MemoryBytecodeCache()


def is_template(name: str) -> bool:
    """Whether a file in a templates folder is a template: not hidden (an editor's swap or lock
    file, .DS_Store) and not a backup (`page.html~`)."""
    return not any(part.startswith(".") for part in name.split("/")) and not name.endswith("~")


def template_names(env: jinja2.Environment) -> list[str]:
    """Every template the environment can load, editors' temporary files left out."""
    return env.list_templates(filter_func=is_template)


def located(exc: jinja2.TemplateError, folders: list[Path]) -> TemplateError:
    """A Jinja error as ours, with the template file and line: from the exception (a syntax
    error knows them) or from the frames of the compiled template in its traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(file_label(Path(exc.filename)) if exc.filename else "templates",
                             exc.lineno or 0, exc.message or str(exc))
    roots = tuple(str(Path(folder).resolve()) for folder in folders)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(roots)]
    where = frames[-1] if frames else None
    return TemplateError(file_label(Path(where.filename)) if where else "templates",
                         where.lineno if where else 0, str(exc))


def make_environment(templates_dir: Path | list[Path]) -> jinja2.Environment:
    """templates_dir: a folder, or a search path of folders (the first that has a template wins)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir),
                             autoescape=jinja2.select_autoescape(["html", "xml"]),
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             bytecode_cache=BYTECODE_CACHE,
                             auto_reload=False,   # one build, one version of each template: no stat a page
                             extensions=["jinja2.ext.i18n"])
    # _(), {% trans %}: the current language's catalog (briefing.i18n), looked up as each page renders.
    env.install_gettext_callables(**i18n.jinja_callables(), newstyle=True)
    env.filters.update(long_date=long_date, short_day=short_day, iso=iso, atom_time=atom_time,
                       date_span=date_span, tojson_safe=json_for_script, status_label=status_label,
                       one_line=one_line, event_when=event_when, when_parts=when_parts, day_span=day_span,
                       reference=format_reference)
    env.filters["km"] = km       # every distance a page shows: '20 km', not '20.0 km'
    # every number a page shows, in its language's digits; a vocabulary's word; a position
    env.filters.update(number=number, kind=kind_word, status_word=status_word, and_list=html_list,
                       first_upper=lambda text: text[:1].upper() + text[1:],   # 'UN agency': capitalize() would lower the rest
                       coordinates=lambda place, pattern: coordinates(place.lat, place.lon, pattern))
    env.globals["STATUSES"] = EVENT_STATUSES
    return env


def html_list(items) -> Markup:
    """Pieces of HTML (Markup: links, say; any other value is escaped) joined as the page's language
    joins a list: 'A, B and C' (text.and_list). The words between them, CLDR's, are escaped too."""
    pieces = [str(Markup.escape(item)) for item in items]
    joined = str(Markup.escape(and_list(f"\x00{n}\x00" for n in range(len(pieces)))))
    return Markup(re.sub("\x00(\\d+)\x00", lambda found: pieces[int(found[1])], joined))


def one_line(text) -> str:
    """Plain text on one line (a description in a meta tag): runs of white space made one space.
    Not striptags: the text is plain, '<10 killed' and 'AT&amp;T' are what the editor typed."""
    return " ".join(str(text).split())


def json_for_script(value) -> Markup:
    """JSON safe inside <script type="application/json">: no '</script>' or '<!--' break-out."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class Renderer:
    """Renders PageSpecs into OutputFiles for one site."""

    def __init__(self, site: Site, refs: CrossRefs, templates_dir: Path | list[Path], assets: dict, base_url: str,
                 embeds: dict | None = None, nav: tuple = (), languages: tuple[str, ...] = ()):
        self.site, self.refs, self.assets = site, refs, assets
        # The edition's language, and every language of the site (the default first): pages of the
        # default live at the root, the others' under their prefix (urls.language_prefix).
        self.languages = languages or (site.lang or site.config.language,)
        self.lang = site.lang or self.languages[0]
        self.prefix = language_prefix(self.lang, self.languages)
        # (kind, slug) -> state, for this edition's briefs and pages (build.py sets it from the
        # original site: an edition's own briefs carry the translation's words, not the original's).
        self.translation_states: dict = {}
        self.embeds = embeds or {}     # name -> handler(args, spec) -> Figure, for {{< name >}} lines
        self.nav_entries = nav         # (site path, label): shown when the site has that page
        self.base_url = base_url
        self.root_path = urlsplit(base_url).path or "/"   # for pages served at any depth (404)
        self.env = make_environment(templates_dir)
        self._markdown = None          # built on first use: a warm build may need none
        self.errors: list[ContentError] = []
        self.nav = []
        self.paths: set = set()
        # Files besides the pages that a body may link (the downloads); build.py says which.
        self.files: frozenset = frozenset()

    @property
    def template_folders(self) -> list[Path]:
        """Where templates are looked for, first match wins (the loader's search path)."""
        return [Path(folder) for folder in self.env.loader.searchpath]

    @property
    def markdown(self):
        """The MarkdownRenderer, built (and Markdown imported) when a page first needs it."""
        if self._markdown is None:
            from briefing.render.markdown import MarkdownRenderer
            self._markdown = MarkdownRenderer()
        return self._markdown

    # links ---------------------------------------------------------------------------------
    def link(self, spec: PageSpec, target) -> str:
        to_path = self.in_edition(path_of(target))
        if spec.absolute_links:
            return self.root_path + to_path
        return relative(spec.path, to_path)

    def in_edition(self, path: str) -> str:
        """A site path as this edition has it: a page's under the edition's prefix ('ar/actors/hts/'),
        a file every edition shares (assets, figures, downloads, the search index) as it is."""
        if not self.prefix or shared_path(path, self.files) or path.startswith(self.prefix):
            return path
        return self.prefix + path

    def absolute(self, target) -> str:
        return self.base_url + self.in_edition(path_of(target))

    def translation_state(self, item) -> str | None:
        """For a brief or page in an edition other than the default: 'current', 'stale',
        'unrecorded' or 'missing' (derive/editions.translation_status); None otherwise."""
        if item is None or not self.prefix:
            return None
        return self.translation_states.get(("brief" if isinstance(item, Brief) else "page", item.slug))

    def plain_path(self, path: str) -> str:
        """A page's path in any edition without that edition's prefix: 'ar/actors/hts/' ->
        'actors/hts/' (the default edition's paths have none; no page takes a prefix's name)."""
        for lang in self.languages[1:]:
            prefix = language_prefix(lang, self.languages)
            if path.startswith(prefix):
                return path[len(prefix):]
        return path

    def in_language(self, spec: PageSpec, lang: str) -> str:
        """A link from this page to the same page in another language (the language switcher)."""
        prefix = language_prefix(lang, self.languages)
        if spec.absolute_links:
            return self.root_path + prefix
        return relative(spec.path, prefix + self.plain_path(spec.path))

    def alternates(self, path: str) -> list[tuple[str, str]]:
        """(language, absolute address) of a page (its path in any edition) in every language, the
        default first: hreflang links, the sitemap and the language switcher."""
        plain = self.plain_path(path)
        return [(lang, self.base_url + language_prefix(lang, self.languages) + plain) for lang in self.languages]

    # markdown ------------------------------------------------------------------------------
    def resolver(self, spec: PageSpec):
        """What [[id]] means on this page: id -> (relative url, label), or None."""
        def resolve(ident):
            target = self.site.get(ident)
            if target is None:
                return None
            return self.link(spec, target), marked(target.label)
        return resolve

    def finish(self, spec: PageSpec) -> None:
        """Run the spec's costly last steps (PageSpec.prepare: its figures, mostly), once, in the
        edition's language (their captions and labels are words too)."""
        with i18n.use(self.lang):
            while spec.prepare:
                spec.prepare.pop(0)(spec)

    def markdown_html(self, spec: PageSpec):
        """The page's Markdown body (`markdown_of` in its context) as a markdown.Rendered, its
        figure embeds placed; None if the body has errors (kept in self.errors, so a build
        reports every page's errors together)."""
        item = spec.context["markdown_of"]
        try:
            with i18n.use(self.lang):
                return self.markdown.render(item.body, self.resolver(spec), self.embed_for(spec),
                                        item.loc.file, item.body_line)
        except ContentErrors as failed:
            self.errors.extend(failed.errors)
            return None
        except jinja2.TemplateError as exc:   # in figure.html, placing an embed
            raise located(exc, self.template_folders) from None

    def link_errors(self, spec: PageSpec, body) -> list[ContentError]:
        """Links and images in the page's Markdown body (`body`, a markdown.Rendered) that lead
        into the site but to no page or file of it: as `check --links` would find them in the
        built page, but here, so the build fails with the file and line that wrote them."""
        errors = []
        item = spec.context["markdown_of"]
        for kind, address in body.hrefs:
            problem = self.link_problem(spec, kind, address)
            if problem:
                found = outside_code(item.body).find(address)
                line = item.body_line + (item.body.count("\n", 0, found) if found >= 0 else 0)
                errors.append(ContentError(item.loc.file, line, *problem))
        return errors

    def link_problem(self, spec: PageSpec, kind: str, address: str) -> tuple[str, str] | None:
        """(message, hint) if the address, on this page, leads into the site but to nothing there."""
        what = "image" if kind == "image" else "link"
        path = address
        if address.startswith(self.base_url):        # absolute, to this very site
            path = self.root_path + address[len(self.base_url):]
        elif OTHER_SITE.match(address):
            return None                               # another site: check --links --external
        target = link_target(spec.path, path, self.root_path)
        if target is None:
            return (f"{what} '{address}' leads outside the site", "link to an actor, place, source or brief by "
                    "id: [[id]]; to anything else by its path from this page")
        if target.startswith(BUILD_FOLDERS):
            return (f"{what} '{address}' leads into the build's own files ({target.split('/')[0]}/), "
                    "whose names change from build to build", "link to a page of the site, or by id: [[id]]")
        if self.leads_somewhere(target):
            if path.startswith("/") and not address.startswith(self.base_url):
                parts = urlsplit(address)
                written = relative(spec.path, target) + (f"?{parts.query}" if parts.query else "") + \
                    (f"#{parts.fragment}" if parts.fragment else "")
                return (f"{what} '{address}' starts at the server's root, so it breaks where the site is "
                        "opened from a folder or a preview's address", f"write it from this page, '{written}'")
            return None
        if kind == "image":
            return f"image '{address}' is no file of the site", "the build copies no images from content/"
        close = difflib.get_close_matches(target, sorted(self.paths | self.files), n=1, cutoff=0.7)
        if close:
            meant = relative(spec.path, close[0])   # from this page: a link from the root breaks in a folder
            hint = f"did you mean '{meant}'?"
        else:
            hint = "link to an actor, place, source or brief by id: [[id]]"
        return f"link '{address}' leads to no page or file of the site", hint

    def leads_somewhere(self, target: str) -> bool:
        """Whether the build writes something at this site path for a link in text to lead to: a
        page, with or without its final '/' or index.html, or a download. (Not the hashed assets,
        figures and search index: BUILD_FOLDERS.)"""
        if target in self.paths or target in self.files or target + "/" in self.paths:
            return True
        if target == "index.html" or target.endswith("/index.html"):
            return target[:-len("index.html")] in self.paths
        return False

    def embed_for(self, spec: PageSpec):
        """The function markdown_ext calls for a `{{< name args >}}` line on this page."""
        def embed(name: str, args: dict, line: int) -> str:
            item = spec.context["markdown_of"]
            handler = self.embeds.get(name)
            if handler is None:
                raise ContentError(item.loc.file, line, f"unknown figure '{name}'",
                                   suggest(name, self.embeds, list_up_to=math.inf, choices="known figures: ",
                                           sort=True))
            try:
                figure = handler(args, spec)
            except EmbedError as exc:
                raise ContentError(item.loc.file, line, f"{name}: {exc}") from None
            return str(self.figure_html(spec, figure))
        return embed

    def figure_html(self, spec: PageSpec, figure: Figure) -> Markup:
        """A figure's HTML for this page; the page then loads the figure script."""
        if figure not in spec.figures:
            spec.figures.append(figure)
        module = self.env.get_template("figure.html").make_module({"url": lambda t: self.link(spec, t)})
        return Markup(module.figure(figure))

    # rendering -----------------------------------------------------------------------------
    def render(self, spec: PageSpec, body=None) -> OutputFile | None:
        """The page's file; None if its Markdown has errors (see markdown_html).

        body: the page's Markdown already rendered (a markdown.Rendered), if the caller has it;
        otherwise it is rendered here."""
        self.finish(spec)
        try:
            template = self.env.get_template(spec.template)
        except jinja2.TemplateError as exc:
            raise located(exc, self.template_folders) from None
        extra = {}
        if "markdown_of" in spec.context:
            extra["body"] = body if body is not None else self.markdown_html(spec)
            if extra["body"] is None:
                return None  # its errors are collected; the build will fail with all of them
            broken = self.link_errors(spec, extra["body"])
            if broken:   # checked here, each time: found in the cache or not, a body depends on the pages
                self.errors.extend(broken)
                return None
        context = dict(spec.context, **extra, site=self.site, config=self.site.config, page=spec, refs=self.refs,
                       url=lambda target: self.link(spec, target),
                       asset=lambda name: self.link(spec, self.assets[name]),
                       absolute=self.absolute, canonical=self.base_url + spec.path,
                       generator=GENERATOR, nav=self.nav, has_page=lambda path: self.in_edition(path) in self.paths,
                       lang=self.lang, dir=i18n.direction(self.lang), languages=self.languages,
                       here=self.plain_path(spec.path),
                       alternates=self.alternates, language_name=i18n.language_name,
                       in_language=lambda code: self.in_language(spec, code),
                       translation_state=self.translation_state(spec.context.get("markdown_of")),
                       direction=i18n.direction,
                       cite_event=lambda event: event_reference(self.site, event, self.base_url + self.prefix),
                       figure=lambda fig: self.figure_html(spec, fig))
        try:
            with i18n.use(self.lang):
                text = template.render(context)
        except jinja2.TemplateError as exc:
            raise located(exc, self.template_folders) from None
        text = mark_languages(text) if spec.template.endswith(".html") else strip_marks(text)
        return OutputFile(file_of(spec.path), text.encode("utf-8"))

    def prepare(self, specs: list[PageSpec]) -> None:
        """Settle what every page shares (which pages exist, the navigation) and compile every
        template once, so processes forked after this inherit compiled templates."""
        self.paths = {spec.path for spec in specs}
        self.nav = [(path, label) for path, label in self.nav_entries if self.in_edition(path) in self.paths]
        for name in template_names(self.env):
            try:
                self.env.get_template(name)
            except jinja2.TemplateError:
                pass   # reported when a page uses it

