"""schema.org JSON-LD: the properties Google's event and article guidelines ask for, absolute
addresses, and data that cannot close the <script> element it is written in."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import REPO, write_site
from consortia.pipeline import ProjectFolder, generate
from consortia.structured_data import json_ld

SITE_URL = "https://www.tex4im.eu/"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = ProjectFolder.at(REPO)
    folder = ProjectFolder(folder.root, folder.content_dir, tmp_path_factory.mktemp("cache"), "assets/brand/logo.svg")
    return generate(folder, date(2026, 12, 1), SITE_URL)


def blocks(generated, uri: str) -> dict[str, dict]:
    """The page's JSON-LD blocks by their @type."""
    found = [json.loads(block) for block in generated.structured[uri]]
    assert all(block["@context"] == "https://schema.org" for block in found)
    return {block["@type"]: block for block in found}


def test_a_title_that_closes_the_script_stays_inside_the_data():
    hostile = {"name": "</script><script>alert(1)</script> & <!-- more"}
    written = json_ld(hostile)
    assert "<" not in written and ">" not in written and "&" not in written
    assert json.loads(written) == hostile


def test_an_event_carries_what_search_engines_show(example):
    event = blocks(example, "events/webinar-circular-textiles.md")["Event"]
    assert event["startDate"] == "2020-05-20T11:00:00+02:00" and event["endDate"] == "2020-05-20T12:30:00+02:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == [{"@type": "VirtualLocation", "url": "https://www.tex4im.eu/events/webinar-circular-textiles/register"}]
    assert [organiser["name"] for organiser in event["organizer"]][1].startswith("CITEVE")
    assert event["url"] == SITE_URL + "events/webinar-circular-textiles/"
    assert event["image"][0] == SITE_URL + "previews/events/webinar-circular-textiles.png" and event["description"]


def test_a_cancelled_event_on_site_has_its_place(example):
    event = blocks(example, "events/final-conference-prato.md")["Event"]
    assert event["eventStatus"] == "https://schema.org/EventCancelled" and event["startDate"] == "2020-04-23"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    place = event["location"][0]
    assert place["@type"] == "Place" and place["address"]["addressLocality"] == "Prato" and place["address"]["addressCountry"] == "IT"


@pytest.mark.parametrize("uri", ["news/kick-off-report.md", "newsletters/2020-06/partner-spotlight-clutex.md"])
def test_articles_are_news_articles(example, uri):
    article = blocks(example, uri)["NewsArticle"]
    assert {"headline", "datePublished", "dateModified", "image", "author", "publisher", "url"} <= set(article)
    assert date.fromisoformat(article["datePublished"]) <= date.fromisoformat(article["dateModified"])
    assert article["publisher"]["alternateName"] == "TEX4IM" and all(image.startswith(SITE_URL) for image in article["image"])


def test_partners_and_the_project_are_organisations(example):
    partner = blocks(example, "partners/citeve.md")["Organization"]
    assert partner["address"]["addressCountry"] == "PT" and partner["memberOf"]["alternateName"] == "TEX4IM"
    assert partner["logo"].startswith(SITE_URL + "media/")
    project = blocks(example, "index.md")["Organization"]
    assert len(project["member"]) == len(example.catalogue.partners) and project["funder"]["name"] == "European Union"
    assert "BreadcrumbList" not in blocks(example, "index.md")


def test_a_result_is_the_creative_work_of_its_kind(example):
    result = blocks(example, "results/joint-strategy.md")["Report"]
    assert result["datePublished"] == "2020-05-31" and result["license"].startswith("https://spdx.org/licenses/")
    assert all(file["contentUrl"].startswith(SITE_URL + "results/") and file["encodingFormat"] == "application/pdf"
               for file in result["encoding"])


def test_every_page_below_home_has_its_breadcrumbs(example):
    trail = blocks(example, "partners/citeve.md")["BreadcrumbList"]["itemListElement"]
    assert [(item["position"], item["name"], item["item"]) for item in trail] == [
        (1, "Home", SITE_URL), (2, "Partners", SITE_URL + "partners/"), (3, trail[2]["name"], SITE_URL + "partners/citeve/")]
    section = blocks(example, "events/index.md")["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in section] == ["Home", "Events"]


def test_a_hostile_event_title_reaches_the_data_whole(sample_site, tmp_path):
    events = ('- id: launch\n  title: "Launch </script><script>alert(1)</script>"\n  start: 2023-03-01\n'
              '  online: true\n')
    generated = generate(ProjectFolder.at(write_site(sample_site(), {"events.yaml": events})), date(2023, 1, 1), "https://example.eu/")
    written = generated.structured["events/launch.md"][0]
    assert "</script>" not in written and json.loads(written)["name"] == "Launch </script><script>alert(1)</script>"
