"""Loading: YAML with lines, front matter, and files that cannot be read as text."""
from briefing.content.load import load_content, split_front_matter
from briefing.content.yaml_text import parse_yaml


def test_yaml_records_remember_lines():
    errors = []
    data = parse_yaml("- id: a\n  name: A\n\n- id: b\n  name: B\n", "x.yaml", errors)
    assert errors == []
    assert [r.line for r in data] == [1, 4]
    assert data[1].line_of("name") == 5


def test_yaml_syntax_error_has_line_and_hint():
    errors = []
    assert parse_yaml("- id: a\n  note: one: two\n", "x.yaml", errors) is None
    assert len(errors) == 1
    assert (errors[0].file, errors[0].line) == ("x.yaml", 2)
    assert "quoted" in errors[0].hint


def test_duplicate_key_is_an_error():
    errors = []
    parse_yaml("id: a\nid: b\n", "x.yaml", errors)
    assert errors and errors[0].line == 2 and "duplicate key 'id'" in errors[0].message


def test_front_matter_lines_count_from_the_file_start():
    errors = []
    meta, body, body_line = split_front_matter("---\ntitle: T\ndate: x\n---\nBody\n", "b.md", errors)
    assert errors == []
    assert meta.line_of("date") == 3
    assert body == "Body\n" and body_line == 5


def test_missing_and_unclosed_front_matter():
    errors = []
    split_front_matter("title: T\n", "a.md", errors)
    split_front_matter("---\ntitle: T\n", "b.md", errors)
    assert [(e.file, e.message) for e in errors] == [("a.md", "missing front matter"),
                                                     ("b.md", "front matter is not closed")]


def test_non_utf8_and_empty_files(content):
    (content / "briefs" / "latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    (content / "briefs" / "empty.md").write_text("")
    raw = load_content(content)
    messages = {e.file.rsplit("/", 1)[-1]: e for e in raw.errors}
    assert "not valid UTF-8" in messages["latin1.md"].message and messages["latin1.md"].line == 2
    assert messages["empty.md"].message == "file is empty"


def test_data_files_may_grow_past_the_size_a_brief_may_have(tmp_path):
    """A desk's events.yaml grows with it (10 MB at 20,000 briefs); a 5 MB brief is a mistake."""
    from briefing.content.load import MAX_DATA_FILE_BYTES, MAX_FILE_BYTES, read_text
    events, brief, huge = tmp_path / "events.yaml", tmp_path / "brief.md", tmp_path / "huge.yaml"
    events.write_text("# a comment line\n" * (MAX_FILE_BYTES // 17 + 1000))   # just over 5 MB
    brief.write_bytes(events.read_bytes())
    with open(huge, "wb") as handle:
        handle.truncate(MAX_DATA_FILE_BYTES + 1)   # sparse: the size check comes before reading
    errors = []
    assert read_text(events, "events.yaml", errors, limit=MAX_DATA_FILE_BYTES) is not None and not errors
    assert read_text(brief, "briefs/brief.md", errors) is None
    assert read_text(huge, "events.yaml", errors, limit=MAX_DATA_FILE_BYTES) is None
    assert [str(e) for e in errors] == [
        "briefs/brief.md:1: error: file is 5.0 MB, larger than the 5 MB a content file may be",
        "events.yaml:1: error: file is 64.0 MB, larger than the 64 MB a data file may be"]
