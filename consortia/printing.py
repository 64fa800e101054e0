"""Newsletter issues as PDF documents, printed from the built issue pages by headless Chromium.

The PDF is the issue page printed with the site's own print style (consortia.css), so it is what a
reader gets from "Print" in Chromium, and there is one print layout to keep right, not two.
Chromium has no CSS for "the page where this starts" (target-counter), so the contents' page
numbers are worked out from the page laid out for print, in a window as wide as a printed page's
text: between the page breaks the print style forces, each part fills as many pages as it is high.
The PDF then tells on which page each article really starts (Chromium writes a named destination
for every linked id); where that differs (headings kept with their text moved an article on), the
real numbers go into the contents and the issue prints again. The numbers are written into the
issue page as well, for readers who print it themselves.

One browser prints all the issues of a language, as many pages at once as there are processors.
An issue is printed again only when its page or a file the page loaded (style, images, scripts)
changed: the cache keeps each PDF with the hash of every file it was made from.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import mimetypes
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
from playwright.async_api import Error as BrowserError
from playwright.async_api import BrowserContext, Page, Route, async_playwright

from consortia.catalogue import Catalogue
from consortia.files import write_atomic
from consortia.languages import _, current
from consortia.records import NewsletterIssue
from consortia.addresses import issue_pdf_uri, page_uri, page_url
from consortia.page_numbers import FILL_IN_BROWSER, with_page_numbers

PRINTER_VERSION = "3"
"""Part of every cache key: change it when this module changes what it makes."""

# What Chromium needs on a closed network: no background calls home, no sandbox as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
PDF_OPTIONS = {"prefer_css_page_size": True, "format": "A4", "print_background": True, "tagged": True, "outline": True}
PAGE_NUMBER_ROUNDS = 3
"""Writing the numbers into the contents could, in theory, move an article to another page; the
numbers are then written again, at most this many times."""
PRINT_SECONDS = 120
"""The longest one issue may take to print (the example's takes about a second): a Chromium stuck
waiting for a picture or a print stops the build with one line instead of holding it for ever."""
PAGES_AT_ONCE = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
"""Issues printing at the same time: Chromium lays out one page on each processor the build may use."""
CSS_PX_PER_MM = 96 / 25.4
PRINTED_AREA_MM = (176, 261)
"""The text area of a printed page, as consortia.css's @page sets it: A4 (210 × 297 mm) less its
margins (17 mm at the sides, 16 mm at the top, 20 mm at the bottom)."""
PRINTED_RESOURCES = {"document", "stylesheet", "image", "font", "script"}
"""What a print shows or runs. Anything else (the search index a script fetches, a video) is
refused: printing does not wait for it, and the cached PDF does not depend on it."""


class PrintProblem(Exception):
    """An issue could not be printed; the message says what to do."""


@dataclass(frozen=True)
class PrintedIssue:
    """An issue's PDF, as published."""

    issue_id: str
    start_pages: dict[str, int]
    """Page on which each article starts, by article id."""
    reused: bool
    """True when the PDF came from the cache, without starting the browser."""


@dataclass(frozen=True)
class _IssuePage:
    """An issue's built page, as MkDocs wrote it."""

    issue: NewsletterIssue
    url: str
    """Its address in the site, such as newsletters/2020-06/."""
    path: Path
    html: str
    item_ids: tuple[str, ...]
    """Its articles' ids, in their order."""
    key: str
    """What the cache knows its PDF by."""


@dataclass(frozen=True)
class _Print:
    """An issue's PDF as printed now, with what it was made from."""

    pdf: bytes
    start_pages: dict[str, int]
    loaded: dict[str, str]
    """The hash of every site file the page loaded, by its path in the site."""


def chromium_path() -> str:
    """Debian's chromium package, or CONSORTIA_CHROMIUM; never a browser a tool downloads."""
    path = os.environ.get("CONSORTIA_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise PrintProblem(
            "The newsletter PDFs are printed by Chromium, which is missing: install it with "
            "`sudo apt-get install chromium` (or point CONSORTIA_CHROMIUM at a Chromium or Chrome)."
        )
    return path


def print_newsletters(site_dir: Path, catalogue: Catalogue, site_url: str, cache_dir: Path | None,
                      pages_at_once: int = PAGES_AT_ONCE) -> list[PrintedIssue]:
    """Print every issue of the catalogue from its built page in `site_dir` (`pages_at_once` at a
    time), write its PDF beside the page and its page numbers into the page's contents."""
    if not catalogue.issues:
        return []
    cache = _Cache(cache_dir)
    printer = _Printer(site_dir, site_url.rstrip("/") + "/", catalogue)
    pages = [printer.issue_page(issue) for issue in catalogue.issues]
    found = {page.key: cache.get(page.key, site_dir) for page in pages}
    printed = printer.print_all([page for page in pages if found[page.key] is None], pages_at_once)
    for key, made in printed.items():
        cache.put(key, made.pdf, made.start_pages, made.loaded)
        found[key] = made.pdf, made.start_pages
    for page in pages:
        pdf, start_pages = found[page.key]
        (site_dir / issue_pdf_uri(catalogue, page.issue)).write_bytes(pdf)
        page.path.write_text(with_page_numbers(page.html, start_pages), encoding="utf-8")
    return [PrintedIssue(page.issue.id, found[page.key][1], reused=page.key not in printed) for page in pages]


class _Printer:
    """Headless Chromium showing the built site at its public address, so that links in the PDF
    lead to the published pages; every other address is refused (no third-party requests)."""

    def __init__(self, site_dir: Path, site_url: str, catalogue: Catalogue) -> None:
        self.site_dir = site_dir
        self.site_url = site_url
        self.catalogue = catalogue
        self._executable = chromium_path()
        # Debian's chromium is a script re-installed with each upgrade: its time stamp stands for the version.
        exists = os.path.exists(self._executable)
        self._chromium_stamp = f"{self._executable}:{os.stat(self._executable).st_mtime_ns}" if exists else self._executable
        self._files: dict[Path, tuple[bytes, str]] = {}  # every issue loads the same style and scripts

    def file_of(self, url_path: str) -> Path:
        """The built file behind a site address such as newsletters/2020-06/."""
        path = self.site_dir / unquote(url_path)
        return path / "index.html" if url_path.endswith("/") or not url_path else path

    def issue_page(self, issue: NewsletterIssue) -> _IssuePage:
        """The issue's page as built, to print."""
        url = page_url(page_uri(issue))
        path = self.file_of(url)
        html = path.read_text(encoding="utf-8")
        key = hashlib.sha256(f"{PRINTER_VERSION}\0{self._chromium_stamp}\0{html}".encode()).hexdigest()
        item_ids = tuple(article.item.id for article in self.catalogue.issue_articles(issue))
        return _IssuePage(issue, url, path, html, item_ids, key)

    def print_all(self, pages: list[_IssuePage], pages_at_once: int) -> dict[str, _Print]:
        """Each page's PDF, as published, by the page's key; Chromium starts only when there is a page to print."""
        if not pages:
            return {}
        try:
            return asyncio.run(self._print_all(pages, max(1, pages_at_once)))
        except BrowserError as error:
            # Chromium failed to start or to print: its first line says why (a missing library, a crash).
            raise PrintProblem(f"Chromium could not print the newsletters: {str(error).strip().splitlines()[0]}") from error

    async def _print_all(self, pages: list[_IssuePage], pages_at_once: int) -> dict[str, _Print]:
        printed: dict[str, _Print] = {}
        waiting = list(pages)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=self._executable, args=CHROMIUM_ARGS)
            try:
                width, height = (round(mm * CSS_PX_PER_MM) for mm in PRINTED_AREA_MM)
                context = await browser.new_context(viewport={"width": width, "height": height})
                tabs = [asyncio.create_task(self._print_in_turn(context, waiting, printed))
                        for _tab in range(min(pages_at_once, len(pages)))]
                try:
                    await asyncio.gather(*tabs)
                finally:
                    for tab in tabs:  # after a failure, the other tabs stop too
                        tab.cancel()
            finally:
                await browser.close()
        return printed

    async def _print_in_turn(self, context: BrowserContext, waiting: list[_IssuePage], printed: dict[str, _Print]) -> None:
        """One tab printing the waiting pages one after the other (a new tab would start a new process)."""
        tab = await context.new_page()
        loaded: dict[str, str] = {}
        await tab.route("**/*", lambda route: self._answer(route, loaded))
        await tab.emulate_media(media="print")
        while waiting:
            page = waiting.pop(0)
            loaded.clear()
            try:
                pdf, start_pages = await asyncio.wait_for(self._print_page(tab, page), PRINT_SECONDS)
            except TimeoutError:
                raise PrintProblem(f"{page.url}: Chromium did not print the issue within {PRINT_SECONDS} s; "
                                   "build again, and report this issue if it happens again") from None
            # While the metadata is written, Chromium prints in the other tabs.
            pdf = _with_metadata(pdf, page.issue, self.catalogue)
            printed[page.key] = _Print(pdf, start_pages, dict(sorted(loaded.items())))
        await tab.close()

    async def _print_page(self, tab: Page, page: _IssuePage) -> tuple[bytes, dict[str, int]]:
        """The page as a PDF with its contents numbered, and the numbers."""
        await tab.goto(self.site_url + page.url, wait_until="load")
        await tab.evaluate(_LOAD_EVERY_IMAGE)
        start_pages = await tab.evaluate(_LIKELY_START_PAGES, {"ids": page.item_ids, "height": PRINTED_AREA_MM[1] * CSS_PX_PER_MM})
        for _round in range(1 + PAGE_NUMBER_ROUNDS):
            await tab.evaluate(FILL_IN_BROWSER, {item: str(number) for item, number in start_pages.items()})
            pdf = await tab.pdf(**PDF_OPTIONS)
            printed_pages = _start_pages(pdf, page.item_ids)
            if printed_pages == start_pages:
                return pdf, printed_pages
            start_pages = printed_pages
        raise PrintProblem(f"{page.url}: the contents' page numbers kept changing the layout; please report this issue")

    async def _answer(self, route: Route, loaded: dict[str, str]) -> None:
        url = route.request.url
        if not url.startswith(self.site_url) or route.request.resource_type not in PRINTED_RESOURCES:
            await route.abort()
            return
        path = self.file_of(urlsplit(url).path[len(urlsplit(self.site_url).path):])
        if path not in self._files:
            try:
                body = path.read_bytes()
            except OSError:  # missing, a folder, or removed by a build meanwhile: an unanswered request would stall the print
                await route.fulfill(status=404, body="")
                return
            self._files[path] = body, hashlib.sha256(body).hexdigest()
        body, digest = self._files[path]
        loaded[path.relative_to(self.site_dir).as_posix()] = digest
        await route.fulfill(status=200, body=body, content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")


# Pictures below the fold load lazily; a PDF needs them all.
_LOAD_EVERY_IMAGE = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = "eager"; });
  await Promise.all(images.map((image) => image.complete ? null : new Promise((done) => {
    image.addEventListener("load", done); image.addEventListener("error", done);
  })));
}"""

# Where each article would start if every printed page held `height` pixels of the page laid out
# for print: the parts between forced page breaks each fill whole pages. A part's bottom margin is
# not printed at a page break, hence the allowance of a hundredth of a page.
_LIKELY_START_PAGES = """({ids, height}) => {
  const breaks = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (!element.getClientRects().length) continue;  // not printed
    const style = getComputedStyle(element), box = element.getBoundingClientRect();
    if (style.breakBefore === "page") breaks.push(box.top + scrollY);
    if (style.breakAfter === "page") breaks.push(box.bottom + scrollY);
  }
  breaks.sort((a, b) => a - b);
  const pageAt = (y) => {
    let page = 1, start = 0;
    for (const edge of breaks.filter((edge) => edge <= y)) {
      page += Math.max(0, Math.ceil((edge - start) / height - 0.01));
      start = edge;
    }
    return page + Math.floor((y - start) / height);
  };
  const headings = ids.map((id) => document.getElementById(id)).filter(Boolean);
  return Object.fromEntries(headings.map((heading) => [heading.id, pageAt(heading.getBoundingClientRect().top + scrollY)]));
}"""


def _start_pages(pdf: bytes, item_ids: tuple[str, ...]) -> dict[str, int]:
    """The page (from 1) on which each article starts: Chromium's named destination for its heading."""
    document = pikepdf.open(io.BytesIO(pdf))
    destinations = document.Root.get("/Dests", pikepdf.Dictionary())
    pages = {}
    for item_id in item_ids:
        destination = destinations.get("/" + item_id)
        if destination is None:
            raise PrintProblem(f"the printed issue has no place for the article {item_id!r}; please report this issue")
        pages[item_id] = document.pages.index(pikepdf.Page(destination[0])) + 1
    return pages


def _with_metadata(pdf: bytes, issue: NewsletterIssue, catalogue: Catalogue) -> bytes:
    """The PDF with its document properties (title, author, subject, keywords, dates) in both the
    document information and XMP, and the same bytes for the same issue (no time of printing)."""
    project = catalogue.project
    document = pikepdf.open(io.BytesIO(pdf))
    number = " " + _("No. %(number)s") % {"number": issue.number} if issue.number else ""
    items = [article.item for article in catalogue.issue_articles(issue)]
    topics = sorted({str(catalogue.topic(topic).title) for item in items for topic in item.topics})
    author = f"{project.title} ({project.acronym})"
    subject = f"{_('%(acronym)s newsletter') % {'acronym': project.acronym}}{number}, {issue.date.isoformat()}"
    # The language of the text, for screen readers and search: the page's, which Chromium takes from <html lang>.
    document.Root.Lang = pikepdf.String(current())
    with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
        metadata["dc:title"] = str(issue.title)
        metadata["dc:creator"] = [author]
        metadata["dc:description"] = subject
        metadata["dc:subject"] = [project.acronym, _("newsletter"), *topics]
        metadata["dc:language"] = [str(document.Root.get("/Lang", "en"))]
    _exact_outline(document, [str(issue.title), *(str(item.title) for item in items)])
    changed = max([issue.date, *(item.updated for item in items if item.updated)])
    # pikepdf takes only plain strings: a record's text (records.Text) is one.
    document.docinfo["/Title"] = str(issue.title)
    document.docinfo["/Author"] = author
    document.docinfo["/Subject"] = subject
    document.docinfo["/Keywords"] = ", ".join([project.acronym, _("newsletter"), *topics])
    document.docinfo["/Creator"] = "Consortia"
    document.docinfo["/CreationDate"] = _pdf_date(issue.date)
    document.docinfo["/ModDate"] = _pdf_date(changed)
    output = io.BytesIO()
    document.save(output, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()


def _exact_outline(document: pikepdf.Pdf, titles: list[str]) -> None:
    """Bookmarks titled as written: Chromium takes them from the laid-out heading and drops the space
    where a long title wraps ("Newsletter —April 2023")."""
    by_letters = {re.sub(r"\s+", "", title): title for title in titles}
    with document.open_outline() as outline:
        pending = list(outline.root)
        while pending:
            item = pending.pop()
            item.title = by_letters.get(re.sub(r"\s+", "", str(item.title)), str(item.title))
            pending.extend(item.children)


def _pdf_date(day: date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


class _Cache:
    """PDFs by the hash of their issue page, each with the hashes of the files that page loaded."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = None if folder is None else folder / "pdf"

    def get(self, key: str, site_dir: Path) -> tuple[bytes, dict[str, int]] | None:
        """The cached PDF and page numbers, if every file the page loaded is as it was."""
        if self.folder is None or not (self.folder / f"{key}.json").is_file():
            return None
        entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        for path, digest in entry["loaded"].items():
            file = site_dir / path
            if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != digest:
                return None
        return (self.folder / f"{key}.pdf").read_bytes(), entry["start_pages"]

    def put(self, key: str, pdf: bytes, start_pages: dict[str, int], loaded: dict[str, str]) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.folder / f"{key}.pdf", pdf)
        entry = {"start_pages": start_pages, "loaded": dict(sorted(loaded.items()))}
        write_atomic(self.folder / f"{key}.json", json.dumps(entry, indent=1).encode("utf-8"))
