"""Every page type in real Chromium: WCAG 2.1 AA by axe-core, no request leaves the site, none
fails, no console error or uncaught exception, the EU funding statement in view. With
CONSORTIA_SCREENSHOTS=1, screenshots land in test-artifacts/screenshots/ for review (a full-page
screenshot of every page costs a minute).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_harness import (
    DESKTOP,
    PAGE_TYPES,
    PHONE,
    axe_violations,
    funding_statement_in_view,
    open_page,
    serve,
)

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    """Keep a picture of the page for review, when asked for (CONSORTIA_SCREENSHOTS=1)."""
    if os.environ.get("CONSORTIA_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)


FUNDING = "Co-funded by the COSME programme of the European Union"
ITALIAN_FUNDING = "Cofinanziato dal programma COSME dell'Unione europea"

SIZES = {"desktop": DESKTOP, "phone": PHONE}


def load(page, site_url: str, path: str) -> None:
    """Open the page and wait until its pictures are in (lazy ones included) and its fonts ready."""
    response = page.goto(site_url + path, wait_until="load")
    assert response is not None
    page.wait_for_function("""() => document.fonts.status === "loaded"
        && [...document.images].every((image) => image.complete || image.loading === "lazy")""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_is_accessible_private_funded_and_quiet(chromium, site_url, name, size, scheme):
    assert_accessible_private_funded_and_quiet(chromium, site_url, PAGE_TYPES[name], size, scheme, FUNDING)


@pytest.mark.parametrize(("size", "scheme"), [("desktop", "light"), ("phone", "dark")])
@pytest.mark.parametrize("name", [name for name in PAGE_TYPES if name != "not-found"])
def test_italian_page_is_accessible_private_funded_and_quiet(chromium, site_url, name, size, scheme):
    """The example's second language (axe checks that each page says its language, and each passage in another)."""
    assert_accessible_private_funded_and_quiet(chromium, site_url, "it/" + PAGE_TYPES[name], size, scheme, ITALIAN_FUNDING)


def assert_accessible_private_funded_and_quiet(chromium, site_url: str, path: str, size: str, scheme: str, statement: str) -> None:
    with open_page(chromium, site_url, SIZES[size], scheme) as (page, requests):
        load(page, site_url, path)
        requests.settle(page)
        screenshot(page, f"{path.strip('/').replace('/', '-') or 'home'}-{size}-{scheme}")
        # Quiet: no failed request, console error or uncaught exception; the one 404 expected is the
        # not-found page's own, the server's answer to an address that does not exist.
        expected = [f"HTTP 404: {site_url}{path}"] if path == PAGE_TYPES["not-found"] else []
        assert requests.problems() == expected
        assert axe_violations(page) == []
        assert requests.outside == []
        if size == "desktop" or path in ("", "it/"):
            assert funding_statement_in_view(page, statement)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_search_dialog_finds_a_record_and_is_accessible(chromium, site_url, size, scheme):
    with open_page(chromium, site_url, SIZES[size], scheme) as (page, requests):
        load(page, site_url, "")
        page.keyboard.press("/")
        page.keyboard.type("CITEVE")
        first = page.locator(".md-search-result__item a").first
        first.wait_for()
        assert "/partners/citeve/" in first.get_attribute("href")
        screenshot(page, f"search-{size}-{scheme}", full_page=False)
        assert axe_violations(page) == []
        assert requests.outside == []
        assert requests.problems() == []


def test_search_button_opens_the_best_result(chromium, site_url):
    with open_page(chromium, site_url, PHONE) as (page, requests):
        load(page, site_url, "")
        page.locator("label.md-header__button[for=__search]").click()
        page.keyboard.type("CITEVE")
        page.locator(".md-search-result__item a").first.wait_for()
        with page.expect_navigation():
            page.get_by_role("button", name="Open the best result").click()
        assert "/partners/citeve/" in page.url
        assert requests.problems() == []


def test_menu_and_search_are_closed_on_coming_back(chromium, site_url):
    # Material's autocomplete="off" on its toggles is gone (not valid on a checkbox); consortia.js
    # closes them as the page is left, else Chromium would bring the page back with them open.
    with open_page(chromium, site_url, PHONE) as (page, _requests):
        load(page, site_url, "about/")
        page.locator("label.md-header__button[for=__drawer]").click()
        page.evaluate("document.querySelector('[data-md-toggle=search]').click()")
        load(page, site_url, "partners/")
        page.go_back(wait_until="load")
        page.wait_for_timeout(300)  # Chromium restores form controls after "load", without an event
        toggles = page.locator("input[data-md-toggle]")
        assert toggles.evaluate_all("toggles => toggles.map(toggle => toggle.checked)") == [False, False]


def test_skip_link_and_focus_are_visible(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        load(page, site_url, "partners/")
        page.keyboard.press("Tab")
        skip = page.locator(".md-skip")
        assert skip.evaluate("element => element === document.activeElement")
        assert skip.is_visible()
        outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
        assert outline != "none" or skip.evaluate("element => getComputedStyle(element).boxShadow") != "none"


def test_partner_filter_works_in_the_browser(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        load(page, site_url, "partners/")
        page.select_option("select[name=country]", "IT")
        visible = page.locator("#partner-directory [data-country]:visible")
        assert visible.count() == 2
        assert page.locator(".cs-filter__count").inner_text() == "2 partners shown"


def test_result_filter_works_in_the_browser(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        load(page, site_url, "results/?topic=creativity")
        visible = page.locator("#result-library [data-filtered]:visible")
        assert visible.count() == 1 and "Map of opportunities" in visible.first.inner_text()
        page.select_option("select[name=topic]", "")
        page.select_option("select[name=year]", "2020")
        assert visible.count() == 1 and "Joint strategy" in visible.first.inner_text()
        assert page.locator(".cs-filter__count").inner_text() == "1 result shown"
        assert "year=2020" in page.url


def test_events_that_ended_since_the_build_move_to_past(chromium, site_url):
    # The example is built for 1 November 2019; the browser's today is later, so every event has ended.
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        load(page, site_url, "events/")
        assert page.locator("[data-events=upcoming] [data-last-day]").count() == 0
        assert page.locator("[data-events=past] [data-last-day]").count() == 7
        assert page.locator("[data-empty-for=upcoming-events]").is_visible()


# The checks above must be able to fail: each is shown failing on a page spoiled on purpose.

def test_axe_reports_an_image_without_text_alternative(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        load(page, site_url, "")
        page.evaluate("document.querySelector('main').append(Object.assign(new Image(), {src: 'media/x.png'}))")
        assert any(line.startswith("image-alt") for line in axe_violations(page))


def test_a_request_to_another_site_is_caught(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, requests):
        load(page, site_url, "")
        page.evaluate("document.body.append(Object.assign(new Image(), {src: 'https://example.org/pixel.png', alt: ''}))")
        page.wait_for_timeout(300)
        assert requests.outside == ["https://example.org/pixel.png"]


def test_a_failed_request_a_console_error_and_an_exception_are_caught(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, requests):
        load(page, site_url, "")
        requests.settle(page)
        assert requests.problems() == []
        page.evaluate("""() => {
            fetch('missing.json');
            console.error('spoiled');
            setTimeout(() => { throw new TypeError('spoiled on purpose'); });
        }""")
        page.wait_for_timeout(300)
        requests.settle(page)
        assert requests.problems() == [
            f"HTTP 404: {site_url}missing.json",
            "console error: spoiled",
            "uncaught TypeError: spoiled on purpose",
        ]


def test_a_missing_funding_statement_is_caught(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        load(page, site_url, "")
        assert funding_statement_in_view(page, FUNDING)
        page.evaluate("document.querySelector('.cs-funding').remove()")
        assert not funding_statement_in_view(page, FUNDING)


def test_a_pasted_video_loads_only_after_the_click(chromium, tmp_path):
    from test_build import copy_kit

    from conftest import consortia, write_site

    root = copy_kit(write_site(tmp_path, {
        "content/about.md": '# About\n\n<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Kick-off"></iframe>\n',
        "content/contact.md": "# Contact\n",
    }))
    assert consortia(root, "build").returncode == 0
    with serve(root / "site") as url, open_page(chromium, url, DESKTOP) as (page, requests):
        load(page, url, "about/")
        assert requests.outside == []
        page.get_by_role("button", name="Load the video").click()
        page.wait_for_timeout(300)
        assert requests.outside == ["https://www.youtube-nocookie.com/embed/abc"]


def test_a_printed_page_keeps_the_funding_statement(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        load(page, site_url, "events/matchmaking-boras/")
        page.emulate_media(media="print")
        assert page.locator(".cs-funding").is_visible()
        assert page.locator(".cs-footer__funding").is_visible()
        assert FUNDING in page.locator(".cs-funding").inner_text()


def test_a_long_acronym_shrinks_and_a_white_logo_gets_a_dark_tile(chromium, tmp_path):
    from test_build import copy_kit
    from test_images import logo_on_transparent

    from conftest import PARTNERS_YAML, PROJECT_YAML, consortia, write_site

    root = copy_kit(write_site(tmp_path, {
        "project.yaml": PROJECT_YAML.replace("acronym: DEMO", "acronym: PHOTONICS4INDUSTRY"),
        "partners.yaml": PARTNERS_YAML.replace("  country: PT\n", "  country: PT\n  logo: assets/white.png\n", 1),
    }))
    logo_on_transparent(root / "content" / "assets" / "white.png", (255, 255, 255))
    assert consortia(root, "build").returncode == 0
    with serve(root / "site") as url, open_page(chromium, url, PHONE) as (page, _requests):
        load(page, url, "")
        acronym = page.locator(".cs-hero__acronym").bounding_box()
        hero = page.locator(".cs-hero").bounding_box()
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.cs-hero__acronym')).fontSize)")
        assert acronym["x"] + acronym["width"] <= hero["x"] + hero["width"]
        assert acronym["height"] < 2 * line  # one line: not broken inside the word
        load(page, url, "partners/")
        logo = page.locator(".cs-card--partner img.cs-backdrop--dark")
        assert logo.count() == 1
        assert logo.evaluate("image => getComputedStyle(image).backgroundColor") == "rgb(34, 39, 46)"
