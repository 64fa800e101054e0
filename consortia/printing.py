"""Newsletter issues as PDF documents, printed from the built issue pages by headless Chromium.

The PDF is the issue page printed with the site's own print style (consortia.css), so it is what a
reader gets from "Print" in Chromium, and there is one print layout to keep right, not two.
Chromium has no CSS for "the page where this starts" (target-counter), so an issue prints twice:
the first PDF tells on which page each article starts (Chromium writes a named destination for
every linked id), the numbers go into the contents, and the second PDF is the one published. The
numbers are written into the issue page as well, for readers who print it themselves.

An issue is printed again only when its page or a file the page loaded (style, images, scripts)
changed: the cache keeps each PDF with the hash of every file it was made from.
"""

from __future__ import annotations

import hashlib
import io
import json
import mimetypes
import os
import re
import shutil
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
from playwright.sync_api import Error as BrowserError
from playwright.sync_api import sync_playwright

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


def chromium_path() -> str:
    """Debian's chromium package, or CONSORTIA_CHROMIUM; never a browser a tool downloads."""
    path = os.environ.get("CONSORTIA_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise PrintProblem(
            "The newsletter PDFs are printed by Chromium, which is missing: install it with "
            "`sudo apt-get install chromium` (or point CONSORTIA_CHROMIUM at a Chromium or Chrome)."
        )
    return path


def print_newsletters(site_dir: Path, catalogue: Catalogue, site_url: str, cache_dir: Path | None) -> list[PrintedIssue]:
    """Print every issue of the catalogue from its built page in `site_dir`, write its PDF beside
    the page and its page numbers into the page's contents."""
    if not catalogue.issues:
        return []
    cache = _Cache(cache_dir)
    with ExitStack() as stack:
        printer = _Printer(site_dir, site_url.rstrip("/") + "/", stack)
        try:
            return [_publish_issue(issue, catalogue, printer, cache) for issue in catalogue.issues]
        except BrowserError as error:
            # Chromium failed to start or to print: its first line says why (a missing library, a crash).
            raise PrintProblem(f"Chromium could not print the newsletters: {str(error).strip().splitlines()[0]}") from error


def _publish_issue(issue: NewsletterIssue, catalogue: Catalogue, printer: _Printer, cache: _Cache) -> PrintedIssue:
    issue_page = page_uri(issue)
    page_path = printer.file_of(page_url(issue_page))
    html = page_path.read_text(encoding="utf-8")
    key = hashlib.sha256(f"{PRINTER_VERSION}\0{printer.chromium_stamp}\0{html}".encode()).hexdigest()
    found = cache.get(key, printer.site_dir)
    if found:
        pdf, start_pages = found
    else:
        pdf, start_pages, loaded = printer.print_page(issue_page, [article.item.id for article in catalogue.issue_articles(issue)])
        pdf = _with_metadata(pdf, issue, catalogue)
        cache.put(key, pdf, start_pages, loaded)
    (printer.site_dir / issue_pdf_uri(catalogue, issue)).write_bytes(pdf)
    page_path.write_text(with_page_numbers(html, start_pages), encoding="utf-8")
    return PrintedIssue(issue.id, start_pages, reused=found is not None)


class _Printer:
    """Headless Chromium showing the built site at its public address, so that links in the PDF
    lead to the published pages; every other address is refused (no third-party requests)."""

    def __init__(self, site_dir: Path, site_url: str, stack: ExitStack) -> None:
        self.site_dir = site_dir
        self.site_url = site_url
        self._stack = stack  # closes the browser once every issue is printed
        self._browser = None
        self._executable = chromium_path()
        # Debian's chromium is a script re-installed with each upgrade: its time stamp stands for the version.
        exists = os.path.exists(self._executable)
        self.chromium_stamp = f"{self._executable}:{os.stat(self._executable).st_mtime_ns}" if exists else self._executable

    def file_of(self, url_path: str) -> Path:
        """The built file behind a site address such as newsletters/2020-06/."""
        path = self.site_dir / unquote(url_path)
        return path / "index.html" if url_path.endswith("/") or not url_path else path

    def print_page(self, uri: str, item_ids: list[str]) -> tuple[bytes, dict[str, int], dict[str, str]]:
        """The page as a PDF with its contents numbered, the numbers, and the files the page loaded."""
        loaded: dict[str, str] = {}
        page = self._started_browser().new_page()
        try:
            page.route("**/*", lambda route: self._answer(route, loaded))
            page.goto(self.site_url + page_url(uri), wait_until="load")
            page.emulate_media(media="print")
            page.evaluate(_LOAD_EVERY_IMAGE)
            pdf = page.pdf(**PDF_OPTIONS)
            start_pages = _start_pages(pdf, item_ids)
            for _round in range(PAGE_NUMBER_ROUNDS):
                page.evaluate(FILL_IN_BROWSER, {item: str(number) for item, number in start_pages.items()})
                pdf = page.pdf(**PDF_OPTIONS)
                numbered = _start_pages(pdf, item_ids)
                if numbered == start_pages:
                    return pdf, start_pages, loaded
                start_pages = numbered
        finally:
            page.close()
        raise PrintProblem(f"{uri}: the contents' page numbers kept changing the layout; please report this issue")

    def _started_browser(self):
        """Chromium, started on first use: a build whose PDFs all come from the cache never starts it."""
        if self._browser is None:
            playwright = self._stack.enter_context(sync_playwright())
            self._browser = playwright.chromium.launch(executable_path=self._executable, args=CHROMIUM_ARGS)
            self._stack.callback(self._browser.close)
        return self._browser

    def _answer(self, route, loaded: dict[str, str]) -> None:
        url = route.request.url
        if not url.startswith(self.site_url):
            route.abort()
            return
        url_path = urlsplit(url).path[len(urlsplit(self.site_url).path):]
        path = self.file_of(url_path)
        if not path.is_file():
            route.fulfill(status=404, body="")
            return
        body = path.read_bytes()
        loaded[path.relative_to(self.site_dir).as_posix()] = hashlib.sha256(body).hexdigest()
        route.fulfill(status=200, body=body, content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")


# Pictures below the fold load lazily; a PDF needs them all.
_LOAD_EVERY_IMAGE = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = "eager"; });
  await Promise.all(images.map((image) => image.complete ? null : new Promise((done) => {
    image.addEventListener("load", done); image.addEventListener("error", done);
  })));
}"""


def _start_pages(pdf: bytes, item_ids: list[str]) -> dict[str, int]:
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
