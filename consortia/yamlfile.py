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

from consortia.problems import Problem, nearest_line

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

    def line_of(self, location: tuple) -> int:
        """The line of the value at `location`, or of its nearest parent that has one."""
        return nearest_line(self.lines, location)


class _Converter:
    """Turns a composed node tree into plain data, recording lines and counting values."""

    def __init__(self, document: YamlDocument, text: str, problems: list[Problem]) -> None:
        self.document = document
        self.newlines = newline_offsets(text)
        self.problems = problems
        self.values = 0
        self.open_nodes: set[int] = set()

    def line(self, node: yaml.Node) -> int:
        """The line as editors count it."""
        return line_at(self.newlines, node.start_mark.index)

    def convert(self, node: yaml.Node, location: tuple) -> object:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooLarge(self.line(node))
        self.document.lines.setdefault(location, self.line(node))
        if isinstance(node, yaml.ScalarNode):
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
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self._problem(key_node, "a field name must be plain text")
                continue
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

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.document.path, self.line(node), "", message))


def newline_offsets(text: str) -> list[int]:
    """Where each newline is; PyYAML also breaks lines at U+2028 and U+0085, which editors do not."""
    return [offset for offset, char in enumerate(text) if char == "\n"]


def line_at(newlines: list[int], offset: int) -> int:
    """The 1-based line of the character at `offset`."""
    return bisect.bisect_right(newlines, offset - 1) + 1


class _TooLarge(Exception):
    """The document expands to more values than any real site needs."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def read_yaml(path: Path, shown_as: str) -> tuple[YamlDocument, list[Problem]]:
    """Read `path` (named `shown_as` in messages); on any problem the data is None."""
    document = YamlDocument(shown_as)
    text, problem = _read_text(path, shown_as)
    if problem:
        return document, [problem]
    problems: list[Problem] = []
    try:
        node = _compose(text)
        document.data = _Converter(document, text, problems).convert(node, ()) if node is not None else None
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
    mark = error.problem_mark or error.context_mark
    line = line_at(newline_offsets(text), mark.index) if mark else 1
    problem = error.problem or "invalid YAML"
    if "'\\t'" in problem:
        message = "a tab character: indent with spaces, not tabs"
    elif "anchor" in f"{error.context} {problem}" or "alias" in f"{error.context} {problem}":
        if "duplicate anchor" in f"{error.context}":
            message = f"YAML alias problem: {error.context.split(';')[0]} (each &name may be defined only once)"
        else:
            message = f"YAML alias problem: {problem}"
    else:
        hint = " (put text containing ': ' or starting with a special character in quotes)" if "mapping" in problem else ""
        context = f"{error.context}, " if error.context else ""
        message = f"YAML syntax error: {context}{problem}{hint}"
    return Problem(shown_as, line, "", message)
