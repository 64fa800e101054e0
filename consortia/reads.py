"""A page rendered by an earlier build is used again while everything it read is unchanged.

A page's template reads its own record and, through the catalogue, whatever else it shows: an
event's organisers, a partner's events, the list of every partner. While a page renders, the
catalogue it is given notes each read with what it returned; the next build asks its own
catalogue the same and compares the answers, record by record and field by field. When every
answer is the same (and the template, the language, the address and the pictures too), the page is
the same: the preview then renders only the pages an edit touched.

What is kept lives as long as the process (one preview, one build), in `KeptPages`; nothing kept is
used without that comparison, so a kept page can never show anything other than a fresh one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from consortia.catalogue import Catalogue
from consortia.records import Text


class ReadingCatalogue:
    """A catalogue that notes every read: (name, arguments or None for an attribute, answer)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self.reads: list[tuple[str, tuple | None, object]] = []

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._catalogue, name)
        if not callable(value):
            self.reads.append((name, None, value))
            return value

        def asked(*arguments: object) -> object:
            answer = value(*arguments)
            self.reads.append((name, arguments, answer))
            return answer

        return asked


@dataclasses.dataclass(frozen=True)
class _Kept:
    inputs: object
    context: dict
    reads: list[tuple[str, tuple | None, object]]
    markdown: str


class KeptPages:
    """Pages rendered by earlier builds of this process, by language and source URI."""

    def __init__(self) -> None:
        self._pages: dict[tuple[str, str], _Kept] = {}

    def render(self, language: str, uri: str, inputs: object, context: dict, catalogue: Catalogue,
               render: Callable[[ReadingCatalogue], str], comparison: Comparison) -> str:
        """The page at `uri`: the kept one if `inputs` (what every page of the build shares), its
        `context` and its reads are the same in `catalogue`, else `render(reading catalogue)`."""
        kept = self._pages.get((language, uri))
        if kept is not None and kept.inputs == inputs and comparison.same(kept.context, context) \
                and all(comparison.same(answer, comparison.asked(catalogue, name, arguments)) for name, arguments, answer in kept.reads):
            return kept.markdown
        reading = ReadingCatalogue(catalogue)
        markdown = render(reading)
        comparison.rendered.add(uri)
        self._pages[(language, uri)] = _Kept(inputs, context, reading.reads, markdown)
        return markdown


class Comparison:
    """One build's comparisons of kept answers with its own: each pair of records compared once."""

    def __init__(self, rendered: set[str]) -> None:
        self.rendered = rendered
        """The pages rendered afresh in this build, by URI."""
        self._compared: dict[tuple[int, int], bool] = {}
        self._records: dict[tuple[type, str], object] | None = None

    def asked(self, catalogue: Catalogue, name: str, arguments: tuple | None) -> object:
        """The same read of `catalogue`, its record arguments replaced by this build's records."""
        value = getattr(catalogue, name)
        if arguments is None:
            return value
        try:
            return value(*(self._now(catalogue, argument) for argument in arguments))
        except KeyError:  # a record named in the read is gone: the answer cannot be the same
            return _GONE

    def _now(self, catalogue: Catalogue, argument: object) -> object:
        if isinstance(argument, BaseModel) and "id" in type(argument).model_fields:
            if self._records is None:
                self._records = _records_of(catalogue)
            return self._records[(type(argument), argument.id)]
        return argument

    def same(self, kept: object, now: object) -> bool:
        """Whether `now` shows as `kept` does: the same values, texts in the same language."""
        if kept is now:
            return True
        if type(kept) is not type(now):
            return False
        if isinstance(kept, BaseModel):
            pair = (id(kept), id(now))
            if pair not in self._compared:
                self._compared[pair] = all(self.same(getattr(kept, name), getattr(now, name)) for name in type(kept).model_fields)
            return self._compared[pair]
        if isinstance(kept, Text):
            return str.__eq__(kept, now) and kept.lang == now.lang and kept.translations == now.translations
        if isinstance(kept, (list, tuple)):
            return len(kept) == len(now) and all(self.same(a, b) for a, b in zip(kept, now))
        if isinstance(kept, dict):
            return kept.keys() == now.keys() and all(self.same(kept[key], now[key]) for key in kept)
        if dataclasses.is_dataclass(kept):
            return all(self.same(getattr(kept, field.name), getattr(now, field.name)) for field in dataclasses.fields(kept))
        return kept == now


class Kept:
    """Values made by earlier builds of this process, by key, each with what it was made from: used
    again while that is the same (compared as pages' reads are), else made afresh."""

    def __init__(self) -> None:
        self._values: dict[object, tuple[object, object]] = {}

    def get(self, key: object, made_from: object, make: Callable[[], object], comparison: Comparison) -> Any:
        kept = self._values.get(key)
        if kept is not None and comparison.same(kept[0], made_from):
            return kept[1]
        value = make()
        self._values[key] = (made_from, value)
        return value


_GONE = object()
"""The answer to a read about a record that no longer exists: of no type a kept answer has."""


def _records_of(catalogue: Catalogue) -> dict[tuple[type, str], object]:
    """Every record of the catalogue's site by (type, id), news items of issues too."""
    site = catalogue.site
    records = [*site.partners, *site.events, *site.agreements, *site.newsletters, *site.news, *site.results,
               *site.project.topics, *(item for issue in site.newsletters for item in issue.items)]
    return {(type(record), record.id): record for record in records if "id" in type(record).model_fields}
