"""The site's search (consortia/search.py, overrides/assets/consortia/search*.js): Pagefind's index
in each language's folder, answering Material's search box, with filters."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

import cbor2
import pytest

from browser_harness import DESKTOP, PHONE, axe_violations, open_page
from conftest import REPO, indexed_pages
from consortia.catalogue import Catalogue
from consortia.languages import speaking
from consortia.load import load_site
from consortia.pages import PageKind, PlannedPage, planned_pages
from consortia.search import facets_file, facets_html, record_facets, write_index

RESULT_LINKS = ".md-search-result__item > a"


@pytest.fixture(scope="module")
def site():
    site, problems = load_site(REPO)
    assert problems == []
    return site


@pytest.fixture(scope="module")
def catalogue(site) -> Catalogue:
    return Catalogue(site, date(2026, 12, 1))


def page_of(catalogue: Catalogue, uri: str) -> PlannedPage:
    return next(page for page in planned_pages(catalogue) if page.uri == uri)


def test_a_partner_is_filed_under_its_kind_country_and_topics_in_the_pages_language(site):
    italian = Catalogue(site.in_language("it"), date(2026, 12, 1))
    with speaking("it"):
        facets = record_facets(page_of(italian, "partners/citeve.md"), italian)
    assert facets["kind"] == ["Partner"] and facets["country"] == ["Portogallo"]
    assert "Economia circolare" in facets["topic"] and "year" not in facets


def test_an_event_is_filed_under_the_year_and_country_it_takes_place_in(catalogue):
    facets = record_facets(page_of(catalogue, "events/matchmaking-boras.md"), catalogue)
    assert facets["kind"] == ["Events"] and facets["country"] == ["Sweden"] and facets["year"] == ["2019"]


def test_lists_have_no_facets(catalogue):
    assert record_facets(PlannedPage("partners/index.md", "partner/list.md.j2", PageKind.SECTION), catalogue) == {}
    further_news = {"articles": catalogue.latest_articles[:2], "page_number": 2, "page_count": 2}
    assert record_facets(PlannedPage("news/page/2.md", "news/list.md.j2", PageKind.RECORD, further_news), catalogue) == {}


def test_the_filters_offer_every_value_in_order(catalogue):
    offered = json.loads(facets_file(planned_pages(catalogue), catalogue))
    assert offered["country"] == sorted(offered["country"]) and "Czechia" in offered["country"]
    assert offered["year"] == sorted(offered["year"], reverse=True)
    assert {"Partners", "Events", "Agreements", "Results"} <= set(offered["kind"])


def test_facets_are_hidden_escaped_and_not_among_the_words():
    html = facets_html({"kind": ["Partners"], "topic": ["R&D <new>"]})
    assert '<div hidden data-pagefind-ignore="all">' in html
    assert '<span data-pagefind-filter="topic">R&amp;D &lt;new&gt;</span>' in html
    assert facets_html({}) == ""


def test_the_index_holds_the_facets_and_the_text_without_them(built_example):
    citeve = indexed_pages(built_example)["partners/citeve/"]
    assert citeve["filters"]["kind"] == ["Partners"] and citeve["filters"]["country"] == ["Portugal"]
    assert "Circular economy" in citeve["filters"]["topic"]
    assert "Industry 4.0 and advanced manufacturing Circular" not in citeve["content"]  # facets left out of the text
    assert "Partner Kind Research organisation" in citeve["content"]
    assert not (built_example / "pagefind" / "pagefind-ui.js").exists()  # Material's box is the interface


def test_the_same_pages_give_the_same_index(built_example, tmp_path):
    """Pagefind writes its filters in an arbitrary order; the kit puts them in a fixed one."""
    copies = []
    for name in ("first", "second"):
        folder = tmp_path / name
        shutil.copytree(built_example, folder, ignore=shutil.ignore_patterns("pagefind"))
        write_index(folder, "en", ["it"])
        index = folder / "pagefind"
        copies.append({path.relative_to(index).as_posix(): path.read_bytes() for path in index.rglob("*") if path.is_file()})
    assert copies[0] == copies[1]
    assert any(name.startswith("filter/") for name in copies[0])


def meta_pages(index: Path) -> list[str]:
    """The fragment names the meta file lists, one a page, in the order of the pages' numbers."""
    meta_file = next(index.glob("pagefind.en_*.pf_meta"))
    return [name for name, _words in cbor2.loads(gzip.decompress(meta_file.read_bytes()).removeprefix(b"pagefind_dcd"))[1]]


def test_the_pages_fragments_are_numbered_and_renamed_when_any_page_changes(built_example, tmp_path):
    """Pagefind's random names would be most of what a first search fetches on a large site."""
    folder = tmp_path / "site"
    shutil.copytree(built_example, folder, ignore=shutil.ignore_patterns("pagefind"))
    write_index(folder, "en", ["it"])
    names = meta_pages(folder / "pagefind")
    together = names[0].split("_")[1]
    assert [name.split("_")[:2] for name in names] == [["en", together]] * len(names)  # one digest of them all…
    assert [int(name.split("_")[2], 36) for name in names] == list(range(len(names)))  # …and each page's number
    assert {path.stem for path in (folder / "pagefind" / "fragment").iterdir()} == set(names)
    citeve = folder / "partners" / "citeve" / "index.html"
    citeve.write_text(citeve.read_text(encoding="utf-8").replace("Research organisation", "Research and technology organisation", 1), encoding="utf-8")
    shutil.rmtree(folder / "pagefind")
    write_index(folder, "en", ["it"])
    renamed = meta_pages(folder / "pagefind")
    assert len(renamed) == len(names) and not set(renamed) & set(names)  # no page's old text under a new index


def search(page, query: str) -> list[str]:
    """Types `query` into the search box; gives the results' addresses."""
    page.keyboard.press("/")
    page.fill(".md-search__input", "")
    page.keyboard.type(query)
    page.locator(RESULT_LINKS).first.wait_for()
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(link => new URL(link.href).pathname)")


@pytest.mark.parametrize(("query", "found"), [
    ("valencia", "/events/peer-review-valencia/"),  # València
    ("boras", "/events/matchmaking-boras/"),  # Borås
    ("severovychod", "/partners/clutex/"),  # Severovýchod
    ("ATEVAL", "/partners/ateval/"),  # a short name
])
def test_search_finds_words_typed_without_their_accents_and_short_names(chromium, site_url, query, found):
    with open_page(chromium, site_url, DESKTOP) as (page, requests):
        page.goto(site_url)
        assert found in search(page, query)[:4]
        assert requests.outside == [] and requests.problems() == []


def test_results_can_be_narrowed_to_one_kind_and_a_filter_alone_lists_what_it_holds(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        page.goto(site_url)
        everything = search(page, "matchmaking")
        assert any(not link.startswith("/events/") for link in everything)
        page.select_option(".cs-search__filters select[name=search-kind]", "Events")
        page.wait_for_function(f"[...document.querySelectorAll('{RESULT_LINKS}')].every(link => new URL(link.href).pathname.startsWith('/events/'))")
        page.fill(".md-search__input", "")
        page.select_option(".cs-search__filters select[name=search-kind]", "")
        page.select_option(".cs-search__filters select[name=search-country]", "Sweden")
        page.wait_for_function(f"[...document.querySelectorAll('{RESULT_LINKS}')].some(link => link.href.includes('/partners/smart-textiles/'))")
        assert axe_violations(page) == []


def test_the_count_is_every_result_and_scrolling_down_shows_the_next_ones(chromium, site_url):
    with open_page(chromium, site_url, PHONE) as (page, _requests):
        page.goto(site_url)
        assert len(search(page, "textile")) == 10  # Material shows ten, then more as the visitor scrolls
        page.wait_for_timeout(300)
        total = int(page.locator(".md-search-result__meta").inner_text().split()[0])
        assert total > 10  # not the ten results the worker sent first
        page.mouse.move(PHONE["width"] // 2, PHONE["height"] // 2)
        for _step in range(60):  # scrolling as a visitor does, a little at a time
            page.mouse.wheel(0, 250)
            page.wait_for_timeout(50)
        assert page.locator(RESULT_LINKS).count() == total


def test_the_filters_are_reached_with_tab_and_keep_their_arrow_keys(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, _requests):
        page.goto(site_url)
        search(page, "CITEVE")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "search-kind"
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.value") != ""
        assert page.locator("#__search").is_checked()  # the dialog stayed open


def test_each_language_searches_its_own_pages_with_its_own_filters(chromium, site_url):
    with open_page(chromium, site_url, DESKTOP) as (page, requests):
        page.goto(site_url + "it/")
        links = search(page, "valencia")
        assert links and all(link.startswith("/it/") for link in links)
        kinds = page.locator(".cs-search__filters select[name=search-kind] option").all_inner_texts()
        assert "Eventi" in kinds and "Events" not in kinds
        assert requests.problems() == []


def test_the_site_keeps_no_index_of_every_page(built_example):
    """Material's index file is there for its search box, without documents: Pagefind is searched."""
    assert len((built_example / "search" / "search_index.json").read_bytes()) < 200
    assert not list(Path(built_example).glob("search/*.js"))
