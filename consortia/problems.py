"""Problems found in a site's files, printed one line each as `path:line: location: message`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consortia.records import Record


def nearest_line(lines: Mapping[tuple, int], location: tuple) -> int:
    """The line of the value at `location`, or of its nearest parent that has one."""
    for end in range(len(location), -1, -1):
        if location[:end] in lines:
            return lines[location[:end]]
    return 1


def format_location(location: tuple) -> str:
    """('agenda', 2, 'time') → '.agenda[2].time'."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)


@dataclass(frozen=True, order=True)
class Problem:
    """Something a person must fix before the site can be built."""

    path: str
    """The file, relative to the project folder, e.g. events.yaml."""
    line: int
    """1-based line number; 0 for a file as a whole (a page in the way, say)."""
    location: str
    """Where in the file's data, e.g. events[3].start; empty for the file as a whole."""
    message: str
    """What is wrong and how to fix it."""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        line = f":{self.line}" if self.line else ""
        return f"{self.path}{line}: {where}{self.message}"


def problem_at(record: Record, location: tuple, message: str) -> Problem:
    """A problem at `location` inside `record`, with the line where it was written."""
    origin = record.origin
    line = origin.line_of(origin.prefix + location)
    return Problem(origin.path, line, origin.label + format_location(location), message)


class SiteProblems(Exception):
    """The site's files have problems; nothing was built."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

    def report(self) -> str:
        """All problems, one per line, then a count."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{self}\n{count} {noun} found; the site was not built."
