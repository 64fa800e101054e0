"""What a visitor's search downloads, measured in Chromium on a built site served gzipped (as web
hosts serve it): from opening the search until the first query's results show, then a second query
on top. Part of `make bench`; the targets are 150 KB and 100 KB more at 10,000 records."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_QUERY, SECOND_QUERY = "textile", "matchmaking"
RESULT = ".md-search-result__item a"


def search_transfer_kb(site: Path) -> tuple[float, float]:
    """(KB the first search transfers, KB a second query adds), compressed as sent."""
    sys.path.insert(0, str(REPO / "tests"))
    from browser_harness import DESKTOP, browser, open_page, serve

    sizes: list[int] = []
    with serve(site, compressed=True) as url, browser() as chromium, open_page(chromium, url, DESKTOP) as (page, _requests):
        page.goto(url + "legal/", wait_until="load")  # a light page: the home page of a large site shows every logo
        page.wait_for_timeout(1000)  # what the page loads after "load" is not the search's
        page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
        first = _query(page, FIRST_QUERY, sizes)
        second = _query(page, SECOND_QUERY, sizes)
    return first / 1024, second / 1024


def _query(page, query: str, sizes: list[int]) -> int:
    """Bytes transferred from typing `query` until its results show and the network is quiet."""
    before = len(sizes)
    page.keyboard.press("/")
    page.fill(".md-search__input", "")
    page.keyboard.type(query)
    page.locator(RESULT).first.wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    return sum(sizes[before:])
