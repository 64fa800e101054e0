"""The site's search: Pagefind's index, split into small files a browser fetches only as a query
needs them, instead of Material's one index of every page that each visitor downloads whole.

Pagefind (pip package with its binary, offline; run as a command, as its Python API waits a tenth
of a second for each page) reads the built pages; each language of the site gets its own index in
its folder (pagefind/, it/pagefind/), stemmed for that language, finding "Lumière" from "lumiere". Record pages carry their facets (kind, country, year, topic) as hidden
Pagefind filters, in the page's language. Material's search box and results stay: its search runs
in a web worker it starts from the worker address in the page (__config), and the kit's worker
(overrides/assets/consortia/search-worker.js) answers Material's messages from Pagefind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from html import escape
from pathlib import Path

import cbor2

from consortia.catalogue import Article, Catalogue, sort_key
from consortia.languages import gettext as _
from consortia.pages import MENU_LABELS, PageKind, PlannedPage
from consortia.records import Agreement, Event, NewsletterIssue, Partner, Result, Topic
from consortia.wording import country_name

FACETS = ("kind", "country", "year", "topic")
"""The filters of the search, in the order the search dialog shows them."""

_KINDS = {
    "partner": "partners/index.md", "event": "events/index.md", "agreement": "agreements/index.md",
    "article": "news/index.md", "issue": "newsletters/index.md", "result": "results/index.md", "topic": "topics/index.md",
}
"""Each record's kind as the search filter names it: its section's name (Partners, Events, …)."""

INDEX_FOLDER = "pagefind"
"""Where a language's search index is, in its folder of the site."""

CONTENT = "article.md-content__inner"
"""The part of a page that is searched: Material's article (not the menu, header or footer)."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js", "wasm.unknown.pagefind")
"""Pagefind's own search interfaces, and its engine for pages of no stated language: Material's
search box is the interface, and every page states its language."""

LEFT_OUT = (".md-content__button", ".headerlink", ".cs-filters", "[data-pagefind-filter]")
"""Parts of the article that are not text to find: edit buttons, anchors, the lists' filter forms."""


def record_facets(page: PlannedPage, catalogue: Catalogue) -> dict[str, list[str]]:
    """The filter values of a record page, in the language being spoken; none for other pages."""
    name, record = next(iter(page.context.items()), (None, None))
    if page.kind is not PageKind.RECORD or len(page.context) != 1 or name not in _KINDS:
        return {}  # not one record's page (the further pages of /news/ are lists)
    facets = {"kind": [_(MENU_LABELS[_KINDS[name]])]}
    facets["country"] = sorted({country_name(code) for code in _countries(record)})
    facets["year"] = [str(day.year) for day in [_day(record)] if day]
    facets["topic"] = sorted({str(catalogue.topic(topic_id).title) for topic_id in _topics(record)})
    return {facet: values for facet, values in facets.items() if values}


def _countries(record: object) -> Iterator[str]:
    if isinstance(record, Partner):
        yield record.country
    elif isinstance(record, Event) and record.location:
        yield record.location.country


def _day(record: object) -> date | None:
    if isinstance(record, Event):
        return record.start.date() if isinstance(record.start, datetime) else record.start
    if isinstance(record, Agreement):
        return record.signed
    if isinstance(record, (Article, NewsletterIssue, Result)):
        return record.date
    return None


def _topics(record: object) -> tuple[str, ...]:
    if isinstance(record, Article):
        return record.item.topics
    if isinstance(record, Topic):
        return (record.id,)
    return getattr(record, "topics", ())


def facets_html(facets: dict[str, list[str]]) -> str:
    """The facets as Pagefind reads them: hidden, and not among the page's words."""
    if not facets:
        return ""
    spans = "".join(f'<span data-pagefind-filter="{facet}">{escape(value)}</span>'
                    for facet in FACETS for value in facets.get(facet, []))
    return f'\n\n<div hidden data-pagefind-ignore="all">{spans}</div>\n'


def with_facets(pages: dict[str, str], planned: Iterable[PlannedPage], catalogue: Catalogue) -> dict[str, str]:
    """The pages' Markdown, each record page ending with its facets."""
    return {**pages, **{page.uri: pages[page.uri] + facets_html(record_facets(page, catalogue))
                        for page in planned if page.kind is PageKind.RECORD}}


FACETS_FILE = "search/facets.json"
"""The filters' values, for the search dialog's selects: a few names, where Pagefind's own list of
them holds every page of every value (78 KB at 10,000 records)."""


def facets_file(planned: Iterable[PlannedPage], catalogue: Catalogue) -> bytes:
    """Every value of every filter, in the order the selects show them: names alphabetically, the
    newest year first."""
    values: dict[str, set[str]] = {facet: set() for facet in FACETS}
    for page in planned:
        for facet, found in record_facets(page, catalogue).items():
            values[facet].update(found)
    ordered = {facet: sorted(found, key=sort_key, reverse=facet == "year") for facet, found in values.items()}
    return (json.dumps(ordered, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def empty_material_index(language: str) -> bytes:
    """search/search_index.json for Material's search: its settings, no documents. Material fetches it
    as every page opens and hands it to the search worker, which searches Pagefind's index instead."""
    index = {"config": {"lang": [language], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}
    return (json.dumps(index, separators=(",", ":")) + "\n").encode("utf-8")


class IndexProblem(Exception):
    """Pagefind failed; the message says why, in one line."""


def write_index(folder: Path, language: str, other_languages: Iterable[str] = ()) -> None:
    """Pagefind's index of the pages of `language` in `folder` into folder/pagefind/, leaving out the
    folders of `other_languages` (site/it/ in the main language's site/) and the 404 page."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", INDEX_FOLDER, "--quiet",
               "--root-selector", CONTENT, "--force-language", language, "--glob", _pages_glob(folder, set(other_languages))]
    for selector in LEFT_OUT:
        command += ["--exclude-selectors", selector]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise IndexProblem(f"the search index could not be written: {(run.stderr or run.stdout).strip()}")
    for name in UNUSED:
        (folder / INDEX_FOLDER / name).unlink(missing_ok=True)
    _settle(folder / INDEX_FOLDER)


def _pages_glob(folder: Path, skipped: set[str]) -> str:
    """The pages of one language: the home page and its folders, not the other languages' folders."""
    folders = sorted(path.name for path in folder.iterdir() if path.is_dir() and path.name not in skipped | {INDEX_FOLDER})
    return "{" + ",".join(["index.html", *(f"{name}/**/*.html" for name in folders)]) + "}"


_SIGNATURE = b"pagefind_dcd"
"""How Pagefind's index files start, once un-gzipped (CBOR follows)."""


def _settle(output: Path) -> None:
    """The index as Pagefind wrote it, made the same for the same pages and smaller to fetch."""
    entry_file = output / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = output / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_file)
        prefix = language["hash"].split("_")[0]
        meta[1] = _numbered_fragments(output / "fragment", prefix, meta[1])
        meta[3] = _sorted_filters(output / "filter", prefix, meta[3])
        language["hash"] = _write(output, f"pagefind.{prefix}", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _sorted_filters(folder: Path, prefix: str, filters: list[list[str]]) -> list[list[str]]:
    """Pagefind 1.5 writes each filter's values in an arbitrary order (a hash map's: its issue #638),
    so the same pages gave other filter files, named by their content, and another meta file
    listing them. Sorted and renamed here, the same pages give the same files."""
    settled = []
    for name, file_hash in filters:
        facet, values = _read(folder / f"{file_hash}.pf_filter")
        settled.append([name, _write(folder, prefix, ".pf_filter", [facet, sorted(values)], 7)])
    return sorted(settled)


def _numbered_fragments(folder: Path, prefix: str, pages: list[list]) -> list[list]:
    """Pagefind names each page's fragment (its text, fetched when it is a result) by the fragment's
    digest, and the meta file every first search fetches lists them all: at 10,000 pages, 59 KB of
    random names that do not compress. Renamed to one digest of them all followed by the page's
    number, they compress to half that. The names still change whenever a page does, so a host's
    cache never serves an old page's text under a new index."""
    together = hashlib.sha256("\n".join(name for name, _words in pages).encode("utf-8")).hexdigest()[:7]
    numbered = []
    for number, (name, words) in enumerate(pages):
        new_name = f"{prefix}_{together}_{_base36(number)}"
        (folder / f"{name}.pf_fragment").rename(folder / f"{new_name}.pf_fragment")
        numbered.append([new_name, words])
    return numbered


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    path.unlink()
    return cbor2.loads(data.removeprefix(_SIGNATURE))


def _write(folder: Path, prefix: str, suffix: str, content: object, digits: int) -> str:
    """Writes `content` as Pagefind does, named by its digest; gives the name without its suffix."""
    data = _SIGNATURE + cbor2.dumps(content)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name
