"""Read a YAML file safely into plain data plus the line of every value.

Only YAML's plain core types are recognised: dates stay text (the records parse them, so a
bad date is a clear message and not a crash), `NO` stays the country code of Norway and not
`false`, `09:30` stays a time and not the number 570.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from consortia.problems import Problem, format_location, nearest_line
from consortia.slips import CURLY_QUOTES_MESSAGE, wrapped_in_curly_quotes

MAX_FILE_BYTES = 5_000_000
MAX_VALUES = 200_000

_TAG = "tag:yaml.org,2002:"
_CORE_RESOLVERS = [
    ("null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", list("-+0123456789.")),
]
_CONVERT = {
    "null": lambda text: None,
    "bool": lambda text: text.lower() == "true",
    "int": int,
    "float": float,
    "str": str,
}


def _core_loader(base: type) -> type:
    """A safe loader class that resolves only YAML's core scalar types."""
    loader = type(f"Core{base.__name__}", (base,), {"yaml_implicit_resolvers": {}})
    for name, pattern, first in _CORE_RESOLVERS:
        loader.add_implicit_resolver(_TAG + name, re.compile(pattern), first)
    return loader


# libyaml's parser (in PyPI's PyYAML wheels) is several times faster; the pure-Python one
# explains a syntax error better, so it re-reads a file that libyaml refused.
_FAST_LOADER = _core_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_CLEAR_LOADER = _core_loader(yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, RecursionError):
        return yaml.compose(text, Loader=_CLEAR_LOADER)


@dataclass
class YamlDocument:
    """Plain data from a YAML file and the 1-based line of each value, keyed by its path."""

    path: str
    data: object = None
    lines: dict[tuple, int] = field(default_factory=dict)
    slips: list[Problem] = field(default_factory=list)
    """Values read, but not as the person meant (cut at '#', in curly quotes): problems that do not
    stop the records from being checked, so that every problem of the file comes in one run."""

    def line_of(self, location: tuple) -> int:
        """The line of the value at `location`, or of its nearest parent that has one."""
        return nearest_line(self.lines, location)


class _Converter:
    """Turns a composed node tree into plain data, recording lines and counting values."""

    def __init__(self, document: YamlDocument, text: str, problems: list[Problem], label: str, first_line: int = 1) -> None:
        self.document = document
        self.text = text
        self.newlines = newline_offsets(text)
        self.first_line = first_line
        """The line of the file on which `text` starts."""
        self.problems = problems
        self.label = label
        self.values = 0
        self.open_nodes: set[int] = set()

    def line(self, node: yaml.Node) -> int:
        """The line as editors count it."""
        return line_at(self.newlines, node.start_mark.index) + self.first_line - 1

    def convert(self, node: yaml.Node, location: tuple) -> object:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooLarge(self.line(node))
        self.document.lines.setdefault(location, self.line(node))
        if isinstance(node, yaml.ScalarNode):
            self._text_slips(node, location)
            return self._scalar(node)
        if node.tag not in (_TAG + "map", _TAG + "seq"):
            self._problem(node, f"the tag {node.tag!r} is not allowed: remove it and write a plain value")
            return None
        if id(node) in self.open_nodes:
            self._problem(node, "a YAML alias refers to the list or mapping it is part of: write the values out")
            return None
        self.open_nodes.add(id(node))
        try:
            return self._collection(node, location)
        finally:
            self.open_nodes.discard(id(node))

    def _collection(self, node: yaml.Node, location: tuple) -> object:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        return [self.convert(item, location + (index,)) for index, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, location: tuple) -> dict:
        result: dict = {}
        first_key = None
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self._problem(key_node, "a field name must be plain text")
                continue
            first_key = first_key or key
            if key == first_key and key in result and location and isinstance(location[-1], int):
                # The record's first field again: a new record whose "- " is missing, not one record.
                message = (f"'{key}:' starts a new record here, but the '- ' before it is missing: "
                           f"write '- {key}: …' lined up with the '- ' of the record above")
                self._problem(key_node, message)
                return result
            if key in result:
                self._problem(key_node, f"field {key!r} is written twice: keep one")
                continue
            self.document.lines[location + (key,)] = self.line(key_node)
            result[key] = self.convert(value_node, location + (key,))
        return result

    def _scalar(self, node: yaml.Node) -> object:
        kind = node.tag.removeprefix(_TAG)
        if node.tag.startswith(_TAG) and kind in _CONVERT:
            return _CONVERT[kind](node.value)
        self._problem(node, f"the tag {node.tag!r} is not allowed: remove it and write a plain value")
        return None

    def _text_slips(self, node: yaml.ScalarNode, location: tuple) -> None:
        """Text that YAML reads differently from what the person saw: a value cut at ' #', or a
        value in curly quotes pasted from a word processor."""
        if node.style not in (None, "") or not isinstance(node.value, str):  # plain scalars only
            return
        if wrapped_in_curly_quotes(node.value):
            self._slip(node, CURLY_QUOTES_MESSAGE, location)
            return
        end = node.end_mark.index
        # The line's end found, not the rest of the file split: this runs for every value.
        line_end = self.text.find("\n", end)
        rest_of_line = self.text[end:] if line_end < 0 else self.text[end:line_end]
        if node.value and re.match(r"\s+#[^\s#]", rest_of_line):
            message = (f"the text after '#' was cut off ('#' starts a comment in YAML), leaving {node.value!r}: "
                       "put the whole value in quotes (or, if it is a comment, a space after '#')")
            self._slip(node, message, location)

    def _slip(self, node: yaml.Node, message: str, location: tuple) -> None:
        where = self.label + format_location(location)
        self.document.slips.append(Problem(self.document.path, self.line(node), where, message))

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.document.path, self.line(node), "", message))


def newline_offsets(text: str) -> list[int]:
    """Where each newline is; PyYAML also breaks lines at U+2028 and U+0085, which editors do not."""
    return [match.start() for match in re.finditer("\n", text)]


def line_at(newlines: list[int], offset: int) -> int:
    """The 1-based line of the character at `offset`."""
    return bisect.bisect_right(newlines, offset - 1) + 1


class _TooLarge(Exception):
    """The document expands to more values than any real site needs."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def read_yaml(path: Path, shown_as: str, label: str = "") -> tuple[YamlDocument, list[Problem]]:
    """Read `path` (named `shown_as` in messages); on any problem the data is None.

    `label` names the file's data in locations (partners → partners[2].summary)."""
    document = YamlDocument(shown_as)
    text, problem = _read_text(path, shown_as)
    if problem:
        return document, [problem]
    if _read_by_item(document, text, label):
        return document, []
    problems: list[Problem] = []
    try:
        node = _compose(text)
        document.data = _Converter(document, text, problems, label).convert(node, ()) if node is not None else None
    except yaml.MarkedYAMLError as error:
        return YamlDocument(shown_as), [_syntax_problem(shown_as, text, error)]
    except yaml.reader.ReaderError as error:
        line = line_at(newline_offsets(text), error.position)
        message = f"the invisible control character U+{error.character:04X} is not allowed: delete it (it often comes with pasted text)"
        return YamlDocument(shown_as), [Problem(shown_as, line, "", message)]
    except RecursionError:
        message = "the file nests lists or mappings too deeply: at most a few levels are needed"
        return YamlDocument(shown_as), [Problem(shown_as, 1, "", message)]
    except _TooLarge as error:
        message = f"the file expands to more than {MAX_VALUES:,} values (repeated YAML aliases?)"
        return YamlDocument(shown_as), [Problem(shown_as, error.line, "", message)]
    if problems:
        document.data = None
    return document, problems


_ITEM_START = re.compile(r"^-(?=[ \t]|$)", re.MULTILINE)
_NOT_AN_ITEM = re.compile(r"^(?:[^\s#-]|-[^ \t\n])", re.MULTILINE)
"""A line at the left margin that neither starts a list item nor is a comment: a file that has one
is read whole."""
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
"""What may be a YAML anchor (not "R&D"): one name twice in a file is a problem only a whole reading sees."""

_READ_ITEMS: dict[tuple[str, str], dict[tuple[str, int, int], tuple]] = {}
"""Each list file's items as this process read them last, by their text, index and first line."""


def _read_by_item(document: YamlDocument, text: str, label: str) -> bool:
    """Read a file that is a plain list (every item starting with '- ' at the left margin) item by
    item, each item read as this process read it last when its text and place are the same: the
    preview reads events.yaml again at every edit, and an edit changes one item of thousands.
    False, with `document` untouched, when the file is not such a list or an item has a problem:
    the whole file is then read, so that every message is the one a whole reading gives."""
    starts = [match.start() for match in _ITEM_START.finditer(text)]
    if not starts or _NOT_AN_ITEM.search(text) or _ANCHOR.search(text):
        return False
    if any(line.strip() and not line.lstrip().startswith("#") for line in text[:starts[0]].splitlines()):
        return False  # something indented before the first item
    earlier = _READ_ITEMS.get((document.path, label), {})
    read: dict[tuple[str, int, int], tuple] = {}
    newlines = newline_offsets(text)
    values = 1
    for index, (start, end) in enumerate(zip(starts, [*starts[1:], len(text)])):
        key = (text[start:end], index, line_at(newlines, start))
        item = read[key] = earlier.get(key) or _read_item(document.path, label, *key)
        if item is None:
            return False
        values += item[3]
    if values > MAX_VALUES:
        return False
    _READ_ITEMS[(document.path, label)] = read
    document.lines[()] = line_at(newlines, starts[0])
    document.data = []
    for data, lines, slips, _values in read.values():
        document.data.append(data)
        document.lines.update(lines)
        document.slips.extend(slips)
    return True


def _read_item(shown_as: str, label: str, text: str, index: int, first_line: int) -> tuple | None:
    """(data, lines, slips, number of values) of the one list item in `text`, or None when it is not
    read cleanly alone (a problem, an alias to another item, more than one item)."""
    try:  # libyaml only: an item it refuses sends the whole file to _compose, which explains the refusal
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
        return None
    item = YamlDocument(shown_as)
    problems: list[Problem] = []
    converter = _Converter(item, text, problems, label, first_line)
    try:
        data = converter.convert(node.value[0], (index,))
    except (_TooLarge, RecursionError):
        return None
    return None if problems else (data, item.lines, item.slips, converter.values)


def _read_text(path: Path, shown_as: str) -> tuple[str, Problem | None]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        message = f"the file is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB: split it or remove pasted data"
        return "", Problem(shown_as, 1, "", message)
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = "the file is not UTF-8 text: save it with the UTF-8 encoding"
        return "", Problem(shown_as, line, "", message)


def _syntax_problem(shown_as: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """The parser's complaint as what the person did: the indentation, a quote, a colon, a backslash."""
    newlines, lines = newline_offsets(text), text.split("\n")
    mark = error.problem_mark or error.context_mark
    line = line_at(newlines, mark.index) if mark else 1
    opened = line_at(newlines, error.context_mark.index) if error.context_mark else line
    problem, context = error.problem or "invalid YAML", error.context or ""
    here = lines[line - 1] if line <= len(lines) else ""
    if "'\\t'" in problem:
        return Problem(shown_as, line, "", "a tab character: indent with spaces, not tabs")
    if "anchor" in f"{context} {problem}" or "alias" in f"{context} {problem}":
        detail = f"{context.split(';')[0]} (each &name may be defined only once)" if "duplicate anchor" in context else problem
        return Problem(shown_as, line, "", f"YAML alias problem: {detail}")
    if "escape" in problem:
        message = ("a backslash (\\) between double quotes starts a special character in YAML: write paths with "
                   "forward slashes (/), e.g. assets/logos/logo.png")
        return Problem(shown_as, line, "", message)
    if "quoted scalar" in context and "end of stream" in problem:
        return Problem(shown_as, opened, "", "a quote opens the value on this line but is never closed: end the value with the same quote")
    if "flow" in context or "<stream end>" in problem:
        return Problem(shown_as, opened, "", "a list in [ ] or a mapping in { } opens on this line but is not closed: end it with ] or }")
    if "another document" in problem:
        return Problem(shown_as, line, "", "a second '---' starts another document, and a file holds one: remove this line")
    if "could not find expected ':'" in problem:
        field_line = lines[opened - 1].strip() if opened <= len(lines) else ""
        return Problem(shown_as, opened, "", f"{field_line!r} has no ':' after the field name: write it as name: value")
    if re.search(r":\s*'[^']*'\S", here):
        message = ("the value is in single quotes and contains an apostrophe: put it in double quotes "
                   "(\"O'Neill\") or write the apostrophe twice ('O''Neill')")
        return Problem(shown_as, line, "", message)
    if "mapping values are not allowed" in problem and re.match(r"^\s*(- )?[^\s:#'\"][^:#]*:\s+[^'\"].*:(\s|$)", here):
        message = "the value contains ': ', which YAML reads as the start of another field: put the whole value in quotes"
        return Problem(shown_as, line, "", message)
    if "mapping values are not allowed" in problem or "expected <block end>" in problem or "expected key" in problem:
        return Problem(shown_as, line, "", _indentation_message(lines, line))
    return Problem(shown_as, line, "", f"the file cannot be read here ({problem}): compare this line with the lines around it")


def _indentation_message(lines: list[str], line: int) -> str:
    """Which way this line is out of line with the one above."""
    here = lines[line - 1]
    above = next((text for text in reversed(lines[: line - 1]) if text.strip() and not text.lstrip().startswith("#")), "")
    if here.lstrip().startswith("- "):
        records_above = [text for text in lines[: line - 1] if text.lstrip().startswith("- ")]
        above = records_above[-1] if records_above else above
        return (f"this record's '- ' is {_spaces(_indent(here))} in, but the '- ' above is {_spaces(_indent(above))} in: "
                "start every record of a list in the same column")
    return (f"this line is indented by {_spaces(_indent(here))}, the line above by {_spaces(_indent(above))}: "
            "the fields of one record start in the same column (a space too many or too few?)")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"
