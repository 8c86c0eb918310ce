"""Property tests: whatever is in a front matter or data file, the build gives a site or a
clean error report (ContentErrors, each error with a file and line), never a traceback.

Inputs are valid mini records with fields replaced by any YAML value (wrong types, nesting,
unicode, huge numbers, dates, None), and YAML-ish text spliced into valid files. The whole
build runs, rendering included; only writing is replaced by a check that every output path
is safe. On failure hypothesis prints the input, and note() the file as written.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st

from briefing import build as build_module
from briefing.build import BuildOptions
from briefing.errors import ContentError, ContentErrors
from briefing.output.write import safe_relative_path
from conftest import MINI

SETTINGS = settings(max_examples=30, deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KEYS = {
    "site.yaml": ("title", "description", "base_url", "language", "as_of", "licence", "topics", "sides",
                  "key_figures", "author"),
    "actors.yaml": ("id", "name", "short_name", "kind", "role", "aliases", "description", "part_of", "country",
                    "side", "sources"),
    "relations.yaml": ("from", "to", "type", "since", "until", "sources", "note"),
    "places.yaml": ("id", "name", "kind", "governorate", "country", "lat", "lon", "geonames", "coords_source",
                    "precision_km", "aliases", "description"),
    "events.yaml": ("id", "date", "place", "actor", "kind", "status", "summary", "claimed_by", "denied_by",
                    "confirmed_by", "sources", "note"),
    "sources.yaml": ("id", "name", "kind", "actor", "url", "note"),
    "front matter": ("title", "date", "updated", "summary", "topic", "actors", "places", "sources", "draft",
                     "order", "corrections", "updates"),
}
IDS = ("hts", "moc", "russia", "aleppo", "saraqib", "sohr", "offensive", "opposition", "the-offensive")

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-10**300, max_value=10**300),
    st.floats(allow_nan=True, allow_infinity=True), text, st.sampled_from(IDS),
    st.dates(), st.datetimes(timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=14))])),
    st.sampled_from(["", " ", "~", "null", "yes", "no", "2024-02-30", "0001-01-01T00:00:00+05:00",
                     "javascript:alert(1)", "https://example.org/", "#zzzzzz", "../../etc/passwd", "[[hts]]",
                     "<script>alert(1)</script>", "\u202e", "a\x00b"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(text, st.sampled_from(IDS)), inner, max_size=4)),
    max_leaves=8)
YAML_CHARS = st.sampled_from(list("-:[]{}#&*!|>'\"%@`,? \n\n  \t\\") + ["\u00e9", "\u0646", "\U0001f600", "\ufeff",
                                                                     "1", "a", "x", "---", "...", "!!int ", "&a ",
                                                                     "*a", "<<: ", "? "])
yamlish = st.lists(YAML_CHARS, max_size=60).map("".join)
BODIES = st.sampled_from([
    "{{< map a=\"b >}}", "{{< map >}}", "[[hts|]]", "[[|x]]", "[[hts|[[moc]]]]", "[TOC]\n\n# a\n\n[TOC]",
    "[^1]\n\n[^1]:", "*[]: x", "```\nunclosed", "x\n{: #a #b .c key=\"v\" }", "[y][x]\n\n[x]: javascript:x",
    "> " * 2000 + "x", "- " * 1000 + "x", "[" * 300, "<" * 3000, "&#0; &#xD800; &#x110000;", "# Main {: #main }",
])


@pytest.fixture(scope="module")
def workspace():
    """One content tree per worker, edited and restored by each example (hypothesis calls
    the test many times within one fixture instance)."""
    with tempfile.TemporaryDirectory(prefix="briefing-properties-") as folder:
        content = Path(folder) / "content"
        shutil.copytree(MINI, content)
        yield content


class CheckPaths:
    """Stands in for output.write.SiteWriter: nothing is written, but every path must be a safe one."""

    def __init__(self, out_dir, previous=None):
        self.paths = set()

    def put(self, file):
        assert safe_relative_path(file.path) not in self.paths, file.path
        self.paths.add(file.path)

    def commit(self, finish=None):
        return {}

    def abort(self):
        pass


@contextlib.contextmanager
def replaced(path: Path, data: str | bytes):
    original = path.read_bytes()
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    try:
        yield
    finally:
        path.write_bytes(original)


def build_gives_site_or_clean_errors(content: Path) -> None:
    original = build_module.SiteWriter
    build_module.SiteWriter = CheckPaths
    try:
        build_module.build(BuildOptions(content_dir=content, out_dir=content.parent / "site", search=False))
        event("built")
    except ContentErrors as errors:
        event("content errors")
        assert errors.errors, "ContentErrors without errors"
        for error in errors.errors:
            assert isinstance(error, ContentError) and error.file and isinstance(error.line, int)
            assert error.message and not re.search(r"[\x00-\x1f\x7f]", str(error)), str(error)
    finally:
        build_module.SiteWriter = original


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def mutate(record: dict, key: str, value, delete: bool) -> dict:
    record = dict(record)
    if delete:
        record.pop(key, None)
    else:
        record[key] = value
    return record


DATA_FILES = ("actors.yaml", "relations.yaml", "places.yaml", "events.yaml", "sources.yaml")


@SETTINGS
@given(name=st.sampled_from(DATA_FILES), index=st.integers(0, 3), data=st.data(), value=values,
       delete=st.booleans())
def test_any_value_in_a_data_record(workspace, name, index, data, value, delete):
    path = workspace / name
    records = yaml.safe_load((MINI / name).read_text())
    key = data.draw(st.one_of(st.sampled_from(KEYS[name]), text), label="key")
    records[index % len(records)] = mutate(records[index % len(records)], key, value, delete)
    written = dump(records)
    note(f"{name}:\n{written}")
    with replaced(path, written):
        build_gives_site_or_clean_errors(workspace)


@SETTINGS
@given(brief=st.sampled_from(["the-offensive.md", "diplomacy.md", "../pages/about.md"]), data=st.data(),
       value=values, delete=st.booleans(), body=st.one_of(st.just(None), text, BODIES))
def test_any_value_in_front_matter(workspace, brief, data, value, delete, body):
    path = workspace / "briefs" / brief
    original = (MINI / "briefs" / brief).read_text()
    _, front, rest = original.split("---\n", 2)
    key = data.draw(st.one_of(st.sampled_from(KEYS["front matter"]), text), label="key")
    meta = mutate(yaml.safe_load(front), key, value, delete)
    written = f"---\n{dump(meta)}---\n{rest if body is None else body}"
    note(f"{brief}:\n{written}")
    with replaced(path, written):
        build_gives_site_or_clean_errors(workspace)


# A brief's corrections and updates: lists of records of a date and a text, nearly right or not at all.
NOTICE_VALUES = st.one_of(values, st.sampled_from(["2024-12-02", "2024-12-02T10:00:00+00:00", "2024-11-30",
                                                   "2024-12-09", "2024-12-02T23:00:00-05:00", "An earlier version said X.",
                                                   "**X**", "TODO"]))
NOTICES = st.lists(st.dictionaries(st.one_of(st.sampled_from(["date", "text"]), text), NOTICE_VALUES, max_size=3),
                   max_size=3)


@SETTINGS
@given(key=st.sampled_from(["corrections", "updates"]), notes=st.one_of(NOTICES, values))
def test_any_correction_or_update(workspace, key, notes):
    path = workspace / "briefs" / "the-offensive.md"
    _, front, rest = (MINI / "briefs" / "the-offensive.md").read_text().split("---\n", 2)
    meta = yaml.safe_load(front)
    meta[key] = notes
    written = f"---\n{dump(meta)}---\n{rest}"
    note(f"the-offensive.md:\n{written}")
    with replaced(path, written):
        build_gives_site_or_clean_errors(workspace)


@SETTINGS
@given(brief=st.sampled_from(["briefs/the-offensive.md", "pages/about.md"]),
       body=st.one_of(BODIES, text, st.lists(st.one_of(BODIES, text, yamlish), max_size=4).map("\n\n".join)))
@example(brief="briefs/the-offensive.md", body="- " * 1000 + "x")  # was a RecursionError
def test_any_markdown_body(workspace, brief, body):
    """Valid front matter, so every example reaches rendering."""
    front = (MINI / brief).read_text().split("---\n", 2)[1]
    written = f"---\n{front}---\n{body}"
    note(f"{brief}:\n{written!r}")
    with replaced(workspace / brief, written):
        build_gives_site_or_clean_errors(workspace)


@SETTINGS
@given(path=st.sampled_from(["site.yaml", "topics", "licence", "sides", "key_figures"]), data=st.data(),
       value=values, delete=st.booleans())
def test_any_value_in_site_yaml(workspace, path, data, value, delete):
    site = yaml.safe_load((MINI / "site.yaml").read_text())
    if path == "site.yaml":
        key = data.draw(st.one_of(st.sampled_from(KEYS["site.yaml"]), text), label="key")
        site = mutate(site, key, value, delete)
    elif path == "licence":
        site["licence"] = mutate(site["licence"], data.draw(st.sampled_from(["name", "url", "x"])), value, delete)
    else:
        item = site[path][0]
        site[path][0] = mutate(item, data.draw(st.sampled_from(sorted(item) + ["order", "colour", "x"])),
                               value, delete)
    written = dump(site)
    note(f"site.yaml:\n{written}")
    with replaced(workspace / "site.yaml", written):
        build_gives_site_or_clean_errors(workspace)


@SETTINGS
@given(name=st.sampled_from(DATA_FILES + ("site.yaml", "briefs/the-offensive.md")), position=st.integers(0, 10**6),
       insert=yamlish, replace=st.booleans())
def test_yamlish_text_spliced_into_a_file(workspace, name, position, insert, replace):
    original = (MINI / name).read_text()
    at = position % (len(original) + 1)
    written = original[:at] + insert + original[at + (len(insert) if replace else 0):]
    note(f"{name}:\n{written!r}")
    with replaced(workspace / name, written):
        build_gives_site_or_clean_errors(workspace)


@SETTINGS
@given(name=st.sampled_from(DATA_FILES + ("site.yaml", "briefs/diplomacy.md")), raw=st.binary(max_size=200))
def test_any_bytes_as_a_file(workspace, name, raw):
    note(f"{name}: {raw!r}")
    with replaced(workspace / name, raw):
        build_gives_site_or_clean_errors(workspace)


def test_the_checker_itself_fails_on_a_traceback(workspace, monkeypatch):
    """If validation raised anything but ContentErrors, the property would fail: show it does."""
    def broken(*args, **kwargs):
        raise KeyError("a bug")
    monkeypatch.setattr(build_module, "load_site", broken)
    with pytest.raises(KeyError):
        build_gives_site_or_clean_errors(workspace)


# --- every text field: exactly as typed, or an error at its line ------------------------------

# What YAML 1.1 resolves to another type (booleans, nulls, octal, base 60, floats, dates...).
YAML11_SPECIALS = ["NO", "no", "Yes", "ON", "off", "y", "n", "~", "null", "Null", "NULL", "true", "False",
                   "010", "0o17", "0x1F", "2.10", "1e3", "+12", ".inf", "-.Inf", ".NaN", "18:30", "190:20:30",
                   "2024-12-01", "2024-12-01 10:00:00", "1_000", "0b101", "=", "<<"]
# What plotly or a browser would read as markup (Markdown in a prose field is an error of its own:
# content/plain.py, tests/content/test_plain.py).
MARKUP = ['<b>bold</b>', '<a href="https://phish.example/">x</a>', "<br>", '<span style="color:red">r</span>',
          "a &amp; b", "<script>alert(1)</script>", "x_y_z", "5 * 3", "[sic]"]
plain_text = st.lists(st.one_of(st.sampled_from(YAML11_SPECIALS), st.sampled_from(MARKUP),
                                st.sampled_from(["Talks", "al-Sham", "\u0633\u0642\u0648\u0637 \u062d\u0644\u0628",
                                                 "Idlib"])),
                      min_size=1, max_size=4).map(" ".join).filter(lambda t: t[0] not in "*&!`|>'\"%@[]{},#?-:")
comments = st.sampled_from(["", "", " #2", " # note", "  #Astana", " #", " #<b>x</b>"])
# (file, record index, id, field, model attribute): every prose field of every kind of record.
TEXT_FIELDS = [("actors.yaml", i, "russia", key, key) for i, key in
               ((3, "name"), (3, "short_name"), (3, "role"), (3, "description"), (3, "country"))] + [
    ("places.yaml", 1, "saraqib", "name", "name"), ("places.yaml", 1, "saraqib", "coords_source", "coords_source"),
    ("places.yaml", 1, "saraqib", "description", "description"),
    ("sources.yaml", 0, "sohr", "name", "name"), ("sources.yaml", 0, "sohr", "note", "note"),
    ("events.yaml", 0, "2024-11-29-saraqib", "summary", "summary"),
    ("events.yaml", 0, "2024-11-29-saraqib", "note", "note"),
    ("relations.yaml", 0, "hts--leads--moc", "note", "note"),
    ("actors.yaml", 3, "russia", "aliases", "aliases"),
    ("site.yaml", None, "", "title", "title"), ("site.yaml", None, "", "description", "description"),
    ("site.yaml", None, "", "author", "author"),
    ("briefs/the-offensive.md", None, "the-offensive", "title", "title")]


def _model_record(site, name: str, ident: str):
    if name == "site.yaml":
        return site.config
    table = {"relations.yaml": site.relations, "actors.yaml": site.actors, "places.yaml": site.places, "sources.yaml": site.sources,
             "events.yaml": site.events, "briefs/the-offensive.md": site.briefs}[name]
    return next(item for item in table if getattr(item, "slug", None) == ident or getattr(item, "id", None) == ident)


@SETTINGS
@given(field=st.sampled_from(TEXT_FIELDS), typed=plain_text, comment=comments)
@example(field=TEXT_FIELDS[1], typed="NO", comment="")
@example(field=TEXT_FIELDS[-1], typed="Talks", comment=" #2 in Astana")
def test_any_text_typed_unquoted_is_published_as_typed(workspace, field, typed, comment):
    """A prose field written without quotes holds exactly the text typed (YAML 1.1's special
    values and markup included), or, when ' #' cut it short, the build fails at its line."""
    name, index, ident, key, attribute = field
    original = (MINI / name).read_text()
    if index is None:   # front matter or site.yaml: replace the key's line
        found = re.search(rf"(?m)^{key}: .*$", original)
        written = original[:found.start()] + f"{key}: {typed}{comment}" + original[found.end():]
        line = original.count("\n", 0, found.start()) + 1
    else:
        records = yaml.safe_load(original)
        records[index] = {k: v for k, v in records[index].items() if k != key}
        written = dump(records) + f"  {key}: {typed}{comment}\n" if index == len(records) - 1 else None
        if written is None:   # put the field last in its record: move the record to the end
            record = records.pop(index)
            records.append(record)
            written = dump(records) + f"  {key}: {typed}{comment}\n"
        line = written.count("\n")
    note(f"{name}:\n{written}")
    with replaced(workspace / name, written):
        try:
            site = build_module.load_site(workspace)
        except ContentErrors as errors:
            located = [(Path(e.file).name, e.line, e.message) for e in errors.errors]
            assert comment.strip(), f"text typed without a comment was refused: {located}"
            assert (Path(name).name, line, ) in [(f, n) for f, n, _ in located], located
            assert any(f"'{key}' is cut short by a YAML comment" in m for _, _, m in located), located
            return
    assert not comment.strip(), "a value cut short by a comment was accepted"
    expected = (typed.strip(),) if key == "aliases" else typed.strip()   # one alias alone is a list of one
    assert getattr(_model_record(site, name, ident), attribute) == expected
