"""A real browser on the built site: Debian's Chromium driven by Playwright, axe-core injected,
every request, failed response, console error and uncaught exception logged. Shared by the
browser tests and the checkers' tests (test_validators.py); nothing here is a test itself.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, sync_playwright

from consortia.printing import CHROMIUM_ARGS, chromium_path

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

PAGE_TYPES = {
    "home": "",
    "partners": "partners/",
    "partner": "partners/citeve/",
    "events": "events/",
    "event": "events/matchmaking-boras/",
    "multi-day-event": "events/kick-off-biella/",
    "cancelled-event": "events/final-conference-prato/",
    "agreements": "agreements/",
    "agreement": "agreements/textranet/",
    "newsletters": "newsletters/",
    "issue": "newsletters/2020-06/",
    "article": "newsletters/2020-06/partner-spotlight-clutex/",
    "news": "news/",
    "news-post": "news/kick-off-report/",
    "results": "results/",
    "result": "results/joint-strategy/",
    "topics": "topics/",
    "topic": "topics/circular-economy/",
    "hand-written": "about/",
    "subscribe": "subscribe/",
    "accessibility-statement": "accessibility/",
    "legal-notice": "legal/",
    "not-found": "no-such-page/",
}
"""One page of each kind in the built example, by the address it is served at."""


@contextmanager
def serve(folder: Path, extra: dict[str, bytes] | None = None, compressed: bool = False) -> Iterator[str]:
    """Serve `folder` on a free localhost port, and `extra` files (by path, "spoiled/index.html") as if
    they were in it; yields the base URL. `compressed` gzips text as web hosts do (for timings)."""
    handler_class = _CompressingHandler if compressed else _QuietHandler
    handler = functools.partial(handler_class, directory=os.fspath(folder), extra=extra or {})
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser closing a connection it no longer needs (Lighthouse does) is no fault of the site's.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as the public meets it: the site's own 404 page for a missing address, no log."""

    def __init__(self, *args, extra: dict[str, bytes], **kwargs) -> None:
        self.extra = extra
        super().__init__(*args, **kwargs)

    def send_head(self):
        path = urlsplit(self.path).path.lstrip("/")
        body = self.extra.get(path + "index.html" if path.endswith("/") or not path else path)
        if body is None:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path or "index.html"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


class _CompressingHandler(_QuietHandler):
    """A static host that gzips pages, styles and scripts for a browser that accepts it, as GitHub
    Pages, Netlify or any Apache or nginx do: page timings measured without it are a host's worst case."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        media_type = self.guess_type(os.fspath(path))
        textual = media_type.startswith("text/") or media_type in ("application/javascript", "application/json", "image/svg+xml")
        if not (path.is_file() and textual and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian."""
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class RequestLog:
    """What a page did on the network and in its console: requests leaving localhost (stopped and
    kept), responses with an error status, console errors and uncaught exceptions."""

    base_url: str
    outside: list[str] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    """(status, URL) of every response with a status of 400 or more."""
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    """(text, URL of the script or resource it is about) of every console error."""
    exceptions: list[str] = field(default_factory=list)
    pending: set = field(default_factory=set)
    """Requests sent and not yet answered."""
    unanswered: list[str] = field(default_factory=list)
    """URLs still without an answer when `settle` gave up waiting."""

    def handle(self, route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or url.startswith(self.base_url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def watch(self, page: Page) -> None:
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))
        page.on("response", lambda response: response.status >= 400 and self.failed.append((response.status, response.url)))
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(
            (message.text, message.location.get("url", ""))))
        page.on("pageerror", lambda error: self.exceptions.append(f"{error.name}: {error.message}"))

    def settle(self, page: Page, timeout_ms: int = 5000) -> None:
        """Wait until every request the page has sent is answered (scripts go on fetching after "load")."""
        waited = 0
        while self.pending and waited < timeout_ms:
            page.wait_for_timeout(50)
            waited += 50
        self.unanswered.extend(request.url for request in self.pending)

    def problems(self) -> list[str]:
        """Every failed response, console error, uncaught exception and request left unanswered
        (see `settle`), one line each. Chromium's console line for a failed response ("Failed to
        load resource: the server responded with a status of 404") is not repeated: the response's
        line says it."""
        failed_urls = {url for _status, url in self.failed}
        return [
            *(f"HTTP {status}: {url}" for status, url in self.failed),
            *(f"console error: {text}" + (f" ({url})" if url else "") for text, url in self.console_errors
              if not (text.startswith("Failed to load resource: the server responded") and url in failed_urls)),
            *(f"uncaught {exception}" for exception in self.exceptions),
            *(f"no answer within the wait: {url}" for url in self.unanswered),
        ]


@contextmanager
def open_page(instance: Browser, base_url: str, viewport: dict, scheme: str = "light") -> Iterator[tuple[Page, RequestLog]]:
    """A fresh page with its own request log, at the given size and colour scheme."""
    context = instance.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
    log = RequestLog(base_url)
    context.route("**/*", log.handle)
    page = context.new_page()
    log.watch(page)
    try:
        yield page, log
    finally:
        context.close()


@functools.cache
def _axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[str]:
    """WCAG 2.1 A and AA violations axe-core finds on the page, one line per rule and element."""
    page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_AA
    )
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])}: {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def funding_statement_in_view(page: Page, statement: str) -> bool:
    """Whether the EU emblem and the funding statement are both visible without scrolling."""
    return bool(page.evaluate(
        """statement => {
            const band = document.querySelector('.cs-funding');
            if (!band || !band.textContent.includes(statement)) return false;
            const emblem = band.querySelector('img');
            const inView = element => {
                const box = element.getBoundingClientRect();
                const style = getComputedStyle(element);
                return box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight
                    && style.visibility !== 'hidden' && style.display !== 'none';
            };
            return inView(band) && emblem !== null && inView(emblem);
        }""",
        statement,
    ))
