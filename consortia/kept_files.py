"""Generated files kept between builds, under a fingerprint of what they are made from.

A build starts a new process, so what the preview keeps in memory (reads.Kept) is gone at the next
`make build`: the feeds, calendars and e-mails of thousands of records would be written again
although not one record changed. `KeptFiles` keeps them in the project's cache folder, one entry
per group of files (a feed pair, the calendars, an issue's e-mail edition), named by a fingerprint
of every value the files are made from and of the kit itself (its code, catalogues and templates,
and the libraries that write the files), so a new version of the kit never serves files an older
one wrote. Entries the last build did not use are removed after it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from pydantic import BaseModel

from consortia.files import write_atomic
from consortia.incremental import digest

_WRITTEN_WITH = ("feedgen", "icalendar", "lxml", "nh3", "Markdown", "babel", "pydantic", "Jinja2", "css-inline")
"""The libraries whose output, or whose reading of the records, is in the kept files."""


KIT = Path(__file__).resolve().parent.parent
"""The kit's folder: its code in consortia/, its page and e-mail templates in templates/."""


@lru_cache(maxsize=4)
def kit_digest(kit: Path = KIT) -> str:
    """A fingerprint of the kit in `kit`: its code, catalogues and templates, and the versions of
    the libraries that write its files."""
    patterns = ("consortia/*.py", "consortia/locale/**/*.mo", "templates/**/*.j2")
    sources = sorted(path for pattern in patterns for path in kit.glob(pattern))
    versions = [f"{name} {metadata.version(name)}" for name in _WRITTEN_WITH]
    return digest(*versions, *(part for path in sources for part in (path.relative_to(kit).as_posix(), path.read_bytes())))


class Fingerprints:
    """Fingerprints of values made of records, pictures and plain values; each record is written
    out once, however many groups of files it is in."""

    def __init__(self, earlier: Fingerprints | None = None) -> None:
        self._known: dict[int, tuple[object, str]] = {}
        self._earlier = earlier._known if earlier is not None else {}

    @classmethod
    def for_build(cls, kind: str, language: str) -> Fingerprints:
        """One build's fingerprints of one kind of files, which know the records of the last such
        build: the preview keeps the records an edit left alone as the same objects, so a build
        after an edit writes out only the edited ones (only the last build's are held)."""
        fingerprints = _LAST_BUILD[(kind, language)] = cls(_LAST_BUILD.get((kind, language)))
        return fingerprints

    def of(self, *values: object) -> str:
        """The fingerprint of `values`, with the kit's own."""
        return digest(kit_digest(), json.dumps(values, default=self._plain, ensure_ascii=False))

    def _plain(self, value: object) -> object:
        if isinstance(value, BaseModel):
            # Its repr names every field and value (dates as dates, texts as texts), where
            # model_dump_json would take a text written for a date for the date.
            return self._once(value, lambda: digest(repr(value)))
        if dataclasses.is_dataclass(value):
            return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        if isinstance(value, bytes):
            return self._once(value, lambda: digest(value))
        return repr(value)

    def _once(self, value: object, write: Callable[[], str]) -> str:
        # Kept with the value itself, so that an id is never taken for a value that is gone.
        known = self._known.get(id(value))
        if known is None or known[0] is not value:
            known = self._earlier.get(id(value))
            if known is None or known[0] is not value:
                known = (value, write())
            self._known[id(value)] = known
        return known[1]


_LAST_BUILD: dict[tuple[str, str], Fingerprints] = {}
"""The fingerprints of the last build, by kind of files and language."""


class KeptFiles:
    """The kept groups of files of one kind and language in `folder` (None: nothing is kept)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._used: set[str] = set()

    @classmethod
    def in_cache(cls, cache_dir: Path | None, kind: str, language: str) -> KeptFiles:
        return cls(cache_dir / kind / language if cache_dir is not None else None)

    def get(self, fingerprint: str, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """The files kept under `fingerprint`, else those `make` gives, then kept."""
        kept = self._kept(fingerprint)
        if kept is None:
            kept = make()
            self._keep(fingerprint, kept)
        self._used.add(fingerprint)
        return kept

    def forget_unused(self) -> None:
        """Remove what this build did not use: files of records edited or gone."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.glob("*.files"):
            if entry.stem not in self._used:
                entry.unlink(missing_ok=True)

    def _kept(self, fingerprint: str) -> dict[str, bytes] | None:
        if self.folder is None:
            return None
        try:
            header, _, data = (self.folder / f"{fingerprint}.files").read_bytes().partition(b"\n")
            files, start = {}, 0
            for uri, size in json.loads(header):
                files[uri], start = data[start:start + size], start + size
        except (OSError, ValueError, TypeError):
            return None  # gone or damaged: made again
        return files if start == len(data) else None

    def _keep(self, fingerprint: str, files: dict[str, bytes]) -> None:
        # One line naming each file and its size, then the files' bytes: the feeds of a large site
        # are megabytes, which no text encoding needs to go through.
        if self.folder is None:
            return
        header = json.dumps([[uri, len(data)] for uri, data in files.items()], ensure_ascii=False).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{fingerprint}.files", b"\n".join([header, b"".join(files.values())]))
        except OSError:
            return  # a cache is a saving, not a need
