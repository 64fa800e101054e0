"""A real browser on the built site: Debian's Chromium driven by Playwright, axe-core injected,
every request logged. Shared by the browser tests; nothing here is a test itself.
"""

from __future__ import annotations

import functools
import http.server
import os
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

@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as the public meets it: the site's own 404 page for a missing address, no log."""

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
    """Every request a page made; those leaving localhost are stopped and kept."""

    base_url: str
    outside: list[str] = field(default_factory=list)

    def handle(self, route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or url.startswith(self.base_url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@contextmanager
def open_page(instance: Browser, base_url: str, viewport: dict, scheme: str = "light") -> Iterator[tuple[Page, RequestLog]]:
    """A fresh page with its own request log, at the given size and colour scheme."""
    context = instance.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
    log = RequestLog(base_url)
    context.route("**/*", log.handle)
    page = context.new_page()
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
