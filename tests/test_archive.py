"""Archive mode: once a project is over, its site says so, announces nothing, and stays the same
whatever day it is rebuilt (the example, TEX4IM, ended on 31 August 2020)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser_harness import PHONE, axe_violations, browser, open_page, serve
from conftest import REPO, consortia, write_site
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
    for html in archived_example.rglob("*.html"):
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
