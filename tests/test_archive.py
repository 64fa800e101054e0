"""Archive mode: once a project is over, its site says so, announces nothing, and stays the same
whatever day it is rebuilt (the example, TEX4IM, ended on 31 August 2020); `consortia archive`
writes it as one zip that works opened from disk."""

from __future__ import annotations

import os
import posixpath
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser_harness import PHONE, axe_violations, browser, open_page, serve
from conftest import REPO, consortia, web_pages, write_site
from consortia.archive import WORKER_SHIM, file_link, make_offline
from consortia.catalogue import Catalogue, last_recorded_day
from consortia.load import load_site
from consortia.pipeline import ProjectFolder, generate
from test_build import page

# Two nights of 2026, long after the project's end.
FIRST_NIGHT, SECOND_NIGHT = "1796083200", "1796169600"  # 2026-12-01, 2026-12-02


@pytest.fixture(scope="module")
def archived_example(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("archived") / "site"
    result = consortia(REPO, "build", "--site-dir", os.fspath(site_dir), day=FIRST_NIGHT)
    assert result.returncode == 0, result.stderr
    return site_dir


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_project_is_archived_once_the_build_day_is_past_its_end(sample_site):
    site, _problems = load_site(sample_site())  # the small project ends on 2023-12-31
    assert not Catalogue(site, date(2023, 12, 31)).archived
    archived = Catalogue(site, date(2024, 1, 1))
    assert archived.archived and archived.today == last_recorded_day(site) == date(2023, 12, 31)
    assert archived.upcoming_events == [] and archived.past_events == list(reversed(archived.events))


def test_archived_can_be_said_either_way(sample_site):
    project = "archived: true\n" + (sample_site() / "project.yaml").read_text(encoding="utf-8")
    site, _problems = load_site(write_site(sample_site(), {"project.yaml": project}))
    assert Catalogue(site, date(2022, 6, 1)).archived
    site, _problems = load_site(write_site(sample_site(), {"project.yaml": project.replace("archived: true", "archived: false")}))
    assert not Catalogue(site, date(2030, 1, 1)).archived


def test_every_page_says_the_site_is_kept_as_a_record(archived_example):
    notice = "TEX4IM ran from 1 September 2018 to 31 August 2020. This site is kept as a record of its work and is no longer updated."
    for html in web_pages(archived_example):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        shown = soup.select_one(".cs-archived")
        assert shown is not None, html
        if html.relative_to(archived_example).parts[0] == "it":
            assert "1 settembre 2018" in shown.get_text() and "31 agosto 2020" in shown.get_text(), html
        else:
            assert shown.get_text() == notice, html


def test_an_archived_site_announces_nothing(archived_example):
    events = page(archived_example, "events")
    assert events.find(id="upcoming") is None and events.select_one("[data-events=upcoming]") is None
    assert len(events.select("[data-events=past] .cs-card")) == 7
    home = page(archived_example, "")
    facts = {dt.get_text(): dt.find_next("dd").get_text() for dt in home.select(".cs-facts dt")}
    assert facts["Status"] == "Completed" and "Time elapsed" not in facts
    assert "Next events" not in home.get_text() and home.find("h2", string="Events") is not None
    assert "No longer updated" in page(archived_example, "subscribe").select_one(".admonition").get_text()
    agreement = page(archived_example, "agreements/textranet")  # signed with no end: no "Active" any more
    assert [dd.get_text() for dd in agreement.select(".cs-facts dd")][-1] == "Signed"


def test_an_event_on_the_last_recorded_day_of_an_archived_site_has_no_registration(sample_site):
    closing = ("- id: closing\n  title: Closing meeting\n  start: 2024-02-01\n  online: true\n"
               "  registration: https://example.eu/register\n")
    folder = ProjectFolder.at(write_site(sample_site(), {"events.yaml": closing}))
    live = generate(folder, date(2023, 6, 1), "https://example.eu/").pages["events/closing.md"]
    assert "Register" in live and "Register" not in archived_page(folder)


def archived_page(folder: ProjectFolder) -> str:
    generated = generate(folder, date(2025, 1, 1), "https://example.eu/")  # the project ended on 2023-12-31
    assert generated.catalogue.archived and generated.catalogue.today == date(2024, 2, 1)
    return generated.pages["events/closing.md"]


def test_a_nightly_rebuild_of_an_archived_site_changes_nothing(archived_example, tmp_path):
    second = tmp_path / "site"
    assert consortia(REPO, "build", "--site-dir", os.fspath(second), day=SECOND_NIGHT).returncode == 0
    first_files, second_files = files_of(archived_example), files_of(second)
    assert sorted(first_files) == sorted(second_files)
    assert [name for name in first_files if first_files[name] != second_files[name]] == []


@pytest.mark.parametrize("path", ["", "events/", "subscribe/", "it/", "it/events/"])
def test_archived_pages_are_accessible_and_quiet(archived_example, path):
    with serve(archived_example) as url, browser() as instance:
        with open_page(instance, url, PHONE, "dark") as (page_in_browser, requests):
            page_in_browser.goto(url + path, wait_until="load")
            requests.settle(page_in_browser)
            assert page_in_browser.locator(".cs-archived").is_visible()
            assert axe_violations(page_in_browser) == []
            assert requests.problems() == [] and requests.outside == []


# The zip for a repository such as Zenodo: the same site, read from disk.

@pytest.fixture(scope="module")
def example_zip(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("zip") / "tex4im.zip"
    result = consortia(REPO, "archive", "--output", os.fspath(path), day=FIRST_NIGHT)
    assert result.returncode == 0, result.stderr
    assert "open tex4im-website/index.html" in result.stdout
    return path


@pytest.fixture(scope="module")
def unpacked(example_zip, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(example_zip) as archive:
        archive.extractall(folder)
    return folder / "tex4im-website"


def test_a_link_to_a_folder_names_its_index_page():
    folders = {".", "partners", "partners/citeve", "it", "it/partners"}
    assert file_link("partners/citeve/", "", folders) == "partners/citeve/index.html"
    assert file_link("../partners/?country=IT#partner-filter", "it", folders) == "../partners/index.html?country=IT#partner-filter"
    assert file_link(".", "", folders) == "./index.html"
    assert file_link("..", "partners", folders) == "../index.html"
    assert file_link("../citeve", "partners/x", folders) == "../citeve/index.html"  # a folder written without its slash
    for unchanged in ("#top", "?country=IT", "events.ics", "https://www.tex4im.eu/partners/", "/partners/", "mailto:a@b.eu", "nowhere/"):
        assert file_link(unchanged, "", folders) == unchanged


def test_pages_are_adapted_where_they_link_and_nowhere_else(tmp_path):
    (tmp_path / "partners" / "citeve").mkdir(parents=True)
    sample = '<pre><code>&lt;a href="partners/"&gt;</code></pre><p>href="partners/"</p>'
    (tmp_path / "partners" / "citeve" / "index.html").write_text(
        f'<html><head><title>CITEVE</title></head><body><a class="x" href="../">Partners</a>{sample}</body></html>', encoding="utf-8")
    make_offline(tmp_path)
    html = (tmp_path / "partners" / "citeve" / "index.html").read_text(encoding="utf-8")
    assert f'<script src="../../{WORKER_SHIM}"></script>\n</head>' in html
    assert '<a class="x" href="../index.html">Partners</a>' in html and sample in html
    assert (tmp_path / WORKER_SHIM).read_bytes() == (REPO / "node_modules/iframe-worker/shim/index.js").read_bytes()


def test_the_zip_holds_the_built_site_in_one_folder(example_zip, archived_example):
    with zipfile.ZipFile(example_zip) as archive:
        names = archive.namelist()
        dates = {member.date_time for member in archive.infolist()}
    last_day = last_recorded_day(load_site(REPO)[0])  # the day an archived site is shown as of
    assert dates == {(last_day.year, last_day.month, last_day.day, 0, 0, 0)}
    assert names == sorted(names) and all(name.startswith("tex4im-website/") for name in names)
    added = {WORKER_SHIM, "search/search_index.js", "it/search/search_index.js"}
    # Searched by Material's search, whose index a page reads from disk, not by the site's Pagefind.
    published = {name for name in files_of(archived_example) if not name.startswith(("pagefind/", "it/pagefind/"))}
    assert {name.removeprefix("tex4im-website/") for name in names} == published | added


def test_every_link_in_the_archive_leads_to_a_file(unpacked):
    for html in unpacked.rglob("*.html"):
        if html.name in ("404.html", "email.html"):  # a host's answer to a wrong address; a mail's source
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("[href], [src]"):
            url = urlsplit(tag.get("href") or tag.get("src"))
            if url.scheme or url.netloc or not url.path:
                continue
            target = html.parent / unquote(url.path)
            assert target.is_file(), f"{html.relative_to(unpacked)}: {url.geturl()}"
    for index in unpacked.rglob("search/search_index.js"):
        locations = {urlsplit(document["location"]).path for document in _index_documents(index)}
        assert locations and all((index.parent.parent / unquote(location)).is_file() for location in locations), index


def _index_documents(script: Path) -> list[dict]:
    import json  # the script is `var __index = {…}`, which Material reads from file:// instead of the JSON
    return json.loads(script.read_text(encoding="utf-8").removeprefix("var __index = "))["docs"]


def test_the_archive_opened_from_disk_shows_follows_links_and_searches(unpacked):
    home = (unpacked / "index.html").as_uri()
    with browser() as instance, open_page(instance, unpacked.as_uri() + "/", PHONE) as (page_in_browser, requests):
        page_in_browser.goto(home, wait_until="load")
        assert page_in_browser.title().startswith("Textile Clusters for Industrial Modernisation")
        page_in_browser.locator("main a[href='partners/citeve/index.html']").first.click()
        page_in_browser.wait_for_url("**/partners/citeve/index.html")
        assert page_in_browser.locator("h1").inner_text().startswith("CITEVE")
        assert _found(page_in_browser, "ateval")[0].endswith("partners/ateval/index.html?h=ateval")
        page_in_browser.locator(".md-search-result__item a").first.click()
        page_in_browser.wait_for_url("**/partners/ateval/index.html*")
        page_in_browser.goto((unpacked / "it" / "index.html").as_uri(), wait_until="load")
        assert any("/it/" in found for found in _found(page_in_browser, "tessile"))
        requests.settle(page_in_browser)
        assert requests.problems() == [] and requests.outside == []


def _found(page_in_browser, words: str) -> list[str]:
    """The addresses the site's search lists for `words`, typed as a visitor types them."""
    page_in_browser.locator("label.md-header__button[for=__search]").click()
    page_in_browser.keyboard.type(words, delay=20)
    page_in_browser.wait_for_selector(".md-search-result__item a", timeout=15_000)
    return [link.get_attribute("href") for link in page_in_browser.locator(".md-search-result__item a").all()]


def test_a_nightly_archive_of_an_archived_site_is_the_same_zip(example_zip, tmp_path):
    again = tmp_path / "again.zip"
    assert consortia(REPO, "archive", "--output", os.fspath(again), day=SECOND_NIGHT).returncode == 0
    assert again.read_bytes() == example_zip.read_bytes()
