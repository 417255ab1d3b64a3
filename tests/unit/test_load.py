"""Safe YAML reading: every refusal names the line and column and says what to do."""

from __future__ import annotations

import pytest

from journey.inputs.load import MAX_FILE_BYTES, parse_text, read_file

REFUSED = [
    ("title: a\nkind: b\ntitle: c\n",
     "plans/x.yaml:3:1: title: duplicate key: 'title' is already set on line 1; keep one of them"),
    ("a: &x 1\nb: 2\n", "plans/x.yaml:1:4: anchors (&name) are not allowed; write each value out in full"),
    ("a: 1\nb: *x\n", "plans/x.yaml:2:4: aliases (*name) are not allowed; write the value out in full"),
    ("a: &a [1, 1]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
     "plans/x.yaml:1:4: anchors (&name) are not allowed; write each value out in full"),
    ("a: !!python/object/apply:os.system ['ls']\n",
     "plans/x.yaml:1:4: tags such as '!!python/object/apply:os.system' are not allowed; remove it and write a plain value"),
    ("a: !!str 1\n", "plans/x.yaml:1:4: tags such as '!!str' are not allowed; remove it and write a plain value"),
    ("a:\n\t- b\n", "plans/x.yaml:2:1: tab used for indentation; indent with spaces only"),
    ("a: [1, 2\nb: 3\n",
     "plans/x.yaml:2:2: not valid YAML: expected ',' or ']', but got ':'; check the indentation and quotes on this line and the one above"),
    ("a: 1\n---\nb: 2\n", "plans/x.yaml:2:1: the file holds more than one YAML document (a second '---'); keep one"),
    ("   \n", "plans/x.yaml:1:1: the file is empty; add its fields or delete the file"),
    ("# only a comment\n", "plans/x.yaml:1:1: the file is empty; add its fields or delete the file"),
    ("a: b\x07c\n", "plans/x.yaml:1:5: the file holds a control character that is not allowed; delete it"),
    ("? [a]\n: 1\n", "plans/x.yaml:1:3: a key must be a plain word, not a list or mapping"),
]


@pytest.mark.parametrize("text, message", REFUSED)
def test_refused_yaml_is_reported_with_position(text, message):
    doc, problems = parse_text(text, "plans/x.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [message]


def test_values_stay_exactly_as_written():
    """All but an unquoted null or ~, which every YAML tool (editors' too) reads as no value."""
    doc, problems = parse_text("a: no\nb: 1.10\nc: 0755\nd: yes\ne: 2019-02-30\nf:\ng: ''\nh: null\ni: ~\n"
                               "j: 'null'\n", "x.yaml")
    assert problems == []
    assert doc.data == {"a": "no", "b": "1.10", "c": "0755", "d": "yes", "e": "2019-02-30",
                        "f": None, "g": "", "h": None, "i": None, "j": "null"}


def test_positions_are_kept_for_keys_and_values():
    doc, _ = parse_text("title: a\nfindings:\n  - id: one\n    text: t\n", "x.yaml")
    assert doc.position(("findings", 0, "text")) == (4, 11)
    assert doc.position(("findings", 0, "text"), key=True) == (4, 5)
    assert doc.position(("findings", 0, "missing")) == (3, 5)


def test_every_duplicate_key_is_reported():
    _, problems = parse_text("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n", "x.yaml")
    assert [str(p) for p in problems] == [
        "x.yaml:2:1: a: duplicate key: 'a' is already set on line 1; keep one of them",
        "x.yaml:5:3: b.c: duplicate key: 'c' is already set on line 4; keep one of them",
    ]


def test_bom_and_crlf_are_accepted(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_bytes(b"\xef\xbb\xbftitle: a\r\nkind: b\r\n")
    doc, problems = read_file(f, "x.yaml")
    assert problems == [] and doc.data == {"title": "a", "kind": "b"}


def test_invalid_utf8_is_refused_with_its_line(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_bytes(b"title: a\nkind: caf\xe9\n")
    _, problems = read_file(f, "x.yaml")
    assert [str(p) for p in problems] == ["x.yaml:2:10: the file is not valid UTF-8 text; save it as UTF-8"]


def test_oversized_file_is_refused(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    _, problems = read_file(f, "x.yaml")
    assert [str(p) for p in problems] == [
        f"x.yaml:1:1: the file is {MAX_FILE_BYTES + 4:,} bytes, over the limit of {MAX_FILE_BYTES:,}; "
        "split it into smaller files"]


def test_deep_nesting_is_refused(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("a: " + "[" * 40 + "]" * 40 + "\n")
    _, problems = read_file(f, "x.yaml")
    assert len(problems) == 1 and "nested too deeply" in str(problems[0])


@pytest.mark.parametrize("text, expected", [
    ("title: Plan: phase 2\n", "x.yaml:1:12: not valid YAML: a colon followed by a space in the middle of a value makes "
                               "YAML read a new field here; put the whole value in quotes, like title: \"Phase 2: "
                               "recruitment\""),
    ("title: a\nnot a field\nx: 1\n", "x.yaml:3:1: not valid YAML: this line is not 'field: value': a colon is "
                                      "missing, or text that wrapped onto a new line is not indented under its field; "
                                      "add the colon, or indent the continued text (or quote the whole value)"),
    ("title: @home\n", "x.yaml:1:8: not valid YAML: a value cannot start with this character (@ or `); put the whole "
                       "value in quotes"),
    ('title: "a" b\n', "x.yaml:1:12: not valid YAML: text follows a quoted value on the same line; put the whole "
                       "value inside the quotes"),
    ("a:\n  b: 1\n c: 2\n", "x.yaml:3:2: not valid YAML: this line is not lined up with the lines above it; indent "
                            "it exactly like the other fields (or list items) at its level"),
])
def test_yaml_mistakes_in_plain_words(text, expected):
    """The commonest YAML mistakes are explained with their usual cause and fix, not YAML's jargon."""
    doc, problems = parse_text(text, "x.yaml")
    assert doc is None and [str(p) for p in problems] == [expected]
