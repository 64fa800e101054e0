"""Tests for consortia.yamlfile: safe reading, plain types, line numbers and refusals."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from consortia import yamlfile
from consortia.yamlfile import MAX_VALUES, read_yaml


def read(tmp_path: Path, content: str | bytes, name: str = "f.yaml"):
    """Read `content` as a file; returns (data, lines, problem strings)."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    document, problems = read_yaml(path, name)
    return document.data, document.lines, [str(problem) for problem in problems]


# --- plain data and lines ------------------------------------------------------


def test_values_and_their_lines(tmp_path):
    data, lines, problems = read(tmp_path, "a: 1\nb:\n  - x\n  - y: z\n")
    assert problems == []
    assert data == {"a": 1, "b": ["x", {"y": "z"}]}
    assert lines[("a",)] == 1
    assert lines[("b",)] == 2
    assert lines[("b", 0)] == 3
    assert lines[("b", 1, "y")] == 4


def test_norway_times_and_dates_stay_text(tmp_path):
    data, _, problems = read(tmp_path, "country: NO\ntime: 09:30\nday: 2022-01-01\nyes: yes\nhex: 0x10\n")
    assert problems == []
    assert data == {"country": "NO", "time": "09:30", "day": "2022-01-01", "yes": "yes", "hex": "0x10"}


def test_core_types_are_still_recognised(tmp_path):
    data, _, problems = read(tmp_path, "n: ~\ne:\nt: true\nf: False\ni: -3\nx: 1.5\n")
    assert problems == []
    assert data == {"n": None, "e": None, "t": True, "f": False, "i": -3, "x": 1.5}


def test_byte_order_mark_is_accepted(tmp_path):
    data, lines, problems = read(tmp_path, "\ufeffa: 1\nb: 2\n".encode("utf-8"))
    assert problems == []
    assert data == {"a": 1, "b": 2}
    assert lines[("b",)] == 2


@pytest.mark.parametrize("content", ["", "# only a comment\n", "\n\n"])
def test_empty_file_is_nothing_without_problems(tmp_path, content):
    data, _, problems = read(tmp_path, content)
    assert (data, problems) == (None, [])


# --- syntax ----------------------------------------------------------------------


def test_syntax_error_gives_its_line(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\nb: x: y\nc: 3\n")
    assert data is None
    assert problems == [
        "f.yaml:2: the value contains ': ', which YAML reads as the start of another field: put the whole value in quotes"
    ]


def test_unclosed_flow_list(tmp_path):
    _, _, problems = read(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert problems == ["f.yaml:2: a list in [ ] or a mapping in { } opens on this line but is not closed: end it with ] or }"]


def test_tab_indentation(tmp_path):
    data, _, problems = read(tmp_path, "a:\n  b: 1\n\tc: 2\n")
    assert data is None
    assert problems == ["f.yaml:3: a tab character: indent with spaces, not tabs"]


def test_duplicate_key(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert data is None
    assert problems == ["f.yaml:3: field 'a' is written twice: keep one"]


def test_duplicate_key_in_nested_mapping(tmp_path):
    _, _, problems = read(tmp_path, "top:\n  x: 1\n  y: 2\n  x: 3\n")
    assert problems == ["f.yaml:4: field 'x' is written twice: keep one"]


def test_non_text_key(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\n2: b\n")
    assert data is None
    assert problems == ["f.yaml:2: a field name must be plain text"]


def test_more_than_one_document(tmp_path):
    _, _, problems = read(tmp_path, "a: 1\n---\nb: 2\n")
    assert problems == ["f.yaml:2: a second '---' starts another document, and a file holds one: remove this line"]


def test_undefined_alias(tmp_path):
    _, _, problems = read(tmp_path, "a: 1\nb: *nowhere\n")
    assert problems == ["f.yaml:2: YAML alias problem: found undefined alias 'nowhere'"]


def test_duplicate_anchor_is_an_alias_problem(tmp_path):
    _, _, problems = read(tmp_path, "a: &x 1\nb: &x 2\n")
    assert len(problems) == 1
    assert problems[0].startswith("f.yaml:2: YAML alias problem: ")
    assert "duplicate anchor 'x'" in problems[0]
    assert "second occurrence" not in problems[0]


# --- refusals ----------------------------------------------------------------------


def test_python_object_tag_on_a_value_is_refused(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\nb: !!python/object:os.system x\n")
    assert data is None
    assert problems == [
        "f.yaml:2: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed: remove it and write a plain value"
    ]


def test_local_tag_is_refused(tmp_path):
    _, _, problems = read(tmp_path, "a: !custom x\n")
    assert problems == ["f.yaml:1: the tag '!custom' is not allowed: remove it and write a plain value"]


def test_python_tag_on_a_list_is_refused(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\nb: !!python/object/apply:os.system [ls]\n")
    assert data is None
    assert problems == [
        "f.yaml:2: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed:"
        " remove it and write a plain value"
    ]


def test_python_tag_on_a_mapping_is_refused(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\nb: !!python/object:__main__.X {c: 1}\n")
    assert data is None
    assert problems == [
        "f.yaml:2: the tag 'tag:yaml.org,2002:python/object:__main__.X' is not allowed: remove it and write a plain value"
    ]


def test_not_utf8_gives_the_line_of_the_first_bad_byte(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\nb: 2\nc: caf\xe9\n".encode("latin-1"))
    assert data is None
    assert problems == ["f.yaml:3: the file is not UTF-8 text: save it with the UTF-8 encoding"]


def test_file_over_five_megabytes(tmp_path):
    data, _, problems = read(tmp_path, "a: " + "x" * 6_000_000 + "\n")
    assert data is None
    assert problems == ["f.yaml:1: the file is 6.0 MB; the limit is 5 MB: split it or remove pasted data"]


def test_billion_laughs_is_refused_quickly(tmp_path):
    levels = ["a0: &a0 [lol]"]
    levels += [f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, 10)]
    started = time.perf_counter()
    data, _, problems = read(tmp_path, "\n".join(levels) + "\n")
    elapsed = time.perf_counter() - started
    assert data is None
    assert len(problems) == 1
    assert problems[0].startswith("f.yaml:")
    assert problems[0].endswith(f": the file expands to more than {MAX_VALUES:,} values (repeated YAML aliases?)")
    assert elapsed < 5


def test_self_referencing_alias_is_a_problem_not_a_crash(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\nb: &x [*x]\n")
    assert data is None
    assert len(problems) == 1
    assert problems[0].startswith("f.yaml:2: ")


@pytest.mark.parametrize("character", [b"\x1b", b"\x00"])
def test_control_character_is_a_problem_with_its_line(tmp_path, character):
    data, _, problems = read(tmp_path, b"a: 1\nb: x" + character + b"y\n")
    assert data is None
    assert len(problems) == 1
    assert problems[0].startswith("f.yaml:2: ")


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path):
    data, _, problems = read(tmp_path, "a: 1\nb: " + "[" * 600 + "]" * 600 + "\n")
    assert data is None
    assert len(problems) == 1
    assert problems[0].startswith("f.yaml:")


def test_unicode_line_separator_does_not_shift_line_numbers(tmp_path):
    data, lines, problems = read(tmp_path, 'a: "x\u2028y"\nb: 1\nc: 2\n')
    assert problems == []
    assert data == {"a": "x\u2028y", "b": 1, "c": 2}
    assert (lines[("b",)], lines[("c",)]) == (2, 3)


# --- a list read item by item ----------------------------------------------------------


LISTS = {
    "plain": "- id: a\n  title: First\n- id: b\n  title: Second\n",
    "comments and blank lines": "# Our events\n\n- id: a   # the first\n  title: First\n\n# later ones\n- id: b\n  title: Second\n",
    "block texts": "- id: a\n  description: |\n    Line one\n\n    - not an item\n- id: b\n  description: >\n    folded\n    text\n",
    "slips": '- id: a\n  title: \u201cQuoted\u201d\n- id: b\n  title: Cut #here\n',
    "windows line ends": "- id: a\r\n  title: First\r\n- id: b\r\n  title: Second\r\n",
    "an item on its next line": "-\n  id: a\n- id: b\n",
    "an alias within an item": "- id: a\n  topics: &t [green]\n  tags: *t\n- id: b\n",
    "a name used twice": "- id: a\n  topics: &t [green]\n- id: b\n  topics: &t [blue]\n",
    "an alias to another item": "- id: a\n  topics: &t [green]\n- id: b\n  topics: *t\n",
    "a duplicate field": "- id: a\n  title: One\n  title: Two\n- id: b\n",
    "a missing dash": "- id: a\n  title: One\n  id: b\n",
    "a second document": "- id: a\n---\n- id: b\n",
    "an indented start": "  - id: a\n  - id: b\n",
    "a line separator": '- id: a\n  title: "x\u2028- id: c"\n- id: b\n',
}


@pytest.mark.parametrize("text", LISTS.values(), ids=LISTS.keys())
def test_a_list_read_item_by_item_gives_what_a_whole_reading_gives(tmp_path, monkeypatch, text):
    def outcome(document, problems):
        return document.data, document.lines, [str(slip) for slip in document.slips], [str(problem) for problem in problems]

    path = tmp_path / "events.yaml"
    path.write_bytes(text.encode("utf-8"))
    by_item = outcome(*read_yaml(path, "events.yaml", "events"))
    again = outcome(*read_yaml(path, "events.yaml", "events"))  # every item as read the first time
    monkeypatch.setattr(yamlfile, "_read_by_item", lambda document, text, label: False)
    assert by_item == again == outcome(*read_yaml(path, "events.yaml", "events"))


def test_an_edit_of_one_item_reads_only_that_item_again(tmp_path, monkeypatch):
    path = tmp_path / "events.yaml"
    items = [f"- id: event-{number}\n  title: Event {number}\n" for number in range(50)]
    path.write_text("".join(items), encoding="utf-8")
    read_yaml(path, "events.yaml", "events")
    read_items = []
    original = yamlfile._read_item
    monkeypatch.setattr(yamlfile, "_read_item", lambda *arguments: read_items.append(arguments[2]) or original(*arguments))
    path.write_text("".join(items).replace("Event 7\n", "Event seven\n"), encoding="utf-8")
    document, problems = read_yaml(path, "events.yaml", "events")
    assert (read_items, problems) == (["- id: event-7\n  title: Event seven\n"], [])
    assert document.data[7] == {"id": "event-7", "title": "Event seven"} and document.lines[(49, "title")] == 100
