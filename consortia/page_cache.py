"""The generated pages' HTML kept between builds.

MkDocs turns every page's Markdown into HTML at every build, with a new converter for each page:
for the kit's thousands of record pages most of a warm build. A record page changes only when its
record does, so its conversion is kept in the project's cache folder under a fingerprint of all
that the conversion reads: the page's Markdown and address, the Markdown settings, and the
addresses of every page and file of the build (its links are checked against them). A page whose
fingerprint is kept is not converted again; what the converter found besides the HTML (the table
of contents, the title, the anchors) is kept with it, so MkDocs' checks of links to anchors still
see it. Entries no full build used are removed after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from consortia.files import write_atomic
from consortia.incremental import digest, values_digest


@dataclass(frozen=True)
class Conversion:
    """What converting one page's Markdown gave."""

    html: str
    toc: list[dict]
    """The table of contents as Python-Markdown's toc extension gives it (level, id, name, children)."""
    title: str | None
    """The page's first heading, when the page's settings name no title."""
    anchors: list[str]
    """The ids the page holds, which links to it may name after a #."""
    links_to_anchors: dict[str, dict[str, str]]
    """The links to anchors of other pages: by the linked page's source URI, anchor → link as written."""


@dataclass
class ConvertedPages:
    """The kept conversions of one build's generated pages, in `folder` (None: nothing is kept)."""

    folder: Path | None
    build: str
    """A fingerprint of what every conversion of this build reads besides the page's Markdown."""
    used: set[str] = field(default_factory=set)

    @classmethod
    def of_build(cls, cache_dir: Path | None, language: str, markdown_settings: object, addresses: Iterable[str]) -> ConvertedPages:
        """The conversions of a build in `language` with these Markdown settings (extensions and
        their options) and the site's page and file addresses."""
        folder = cache_dir / "html" / language if cache_dir is not None else None
        return cls(folder, digest(values_digest(markdown_settings), "\n".join(sorted(addresses))))

    def key(self, src_uri: str, markdown: str) -> str:
        """The fingerprint of one page's conversion in this build."""
        return digest(self.build, src_uri, markdown)

    def kept(self, key: str) -> Conversion | None:
        """The conversion kept under `key`, or None (never made, or unreadable)."""
        if self.folder is None:
            return None
        try:
            conversion = Conversion(**json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        self.used.add(key)
        return conversion

    def keep(self, key: str, conversion: Conversion) -> None:
        """Keep `conversion` under `key`; a folder that cannot be written keeps nothing (a cache is a saving, not a need)."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{key}.json", json.dumps(asdict(conversion), ensure_ascii=False).encode("utf-8"))
        except OSError:
            return
        self.used.add(key)

    def forget_unused(self) -> None:
        """After a full build: remove the conversions it did not use (pages edited or gone)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for kept in self.folder.glob("*.json"):
            if kept.stem not in self.used:
                kept.unlink(missing_ok=True)
