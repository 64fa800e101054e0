"""Tests for consortia.addresses: where every generated page and file lives in the built site."""

from __future__ import annotations

import posixpath
from datetime import date
from pathlib import Path

import pytest
from conftest import PROJECT_YAML, REPO

from consortia.addresses import (
    ATOM,
    CALENDAR,
    RSS,
    event_calendar_uri,
    feed_pair_uris,
    issue_pdf_uri,
    page_sources,
    page_uri,
    page_url,
    record_edit_url,
    relative_path,
    site_feeds,
    site_path,
    slug,
)
from consortia.catalogue import Catalogue
from consortia.load import load_site

ISSUE = ("newsletters/2024-03.yaml", "title: March news\ndate: 2024-03-01\nitems:\n  - id: hello\n    title: Hello\n")
AGREEMENT = "- id: mou\n  title: MoU\n  signed: 2022-05-01\n  parties: [alpha, beta]\n"


def catalogue_of(root: Path, today: date = date(2024, 6, 1)) -> Catalogue:
    site, problems = load_site(root)
    assert problems == []
    return Catalogue(site, today)


def with_acronym(sample_site, acronym: str) -> Catalogue:
    project = PROJECT_YAML.replace("acronym: DEMO", f"acronym: {acronym!r}")
    return catalogue_of(sample_site({"project.yaml": project, ISSUE[0]: ISSUE[1]}))


# --- slugs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("TEX4IM 2.0", "tex4im-2-0"), ("  --Demo  Partnership--", "demo-partnership"), ("a_b/c", "a-b-c"),
     ("Česká Móda", "ceska-moda")],
)
def test_slug_joins_lowercase_letters_and_digits_with_single_hyphens(text, expected):
    assert slug(text) == expected


def test_slug_of_text_without_letters_is_the_fallback():
    assert slug("!!! ???") == "project"
    assert slug("", fallback="") == ""


# --- pages -----------------------------------------------------------------------------------------


def test_page_url_of_source_uris():
    assert page_url("index.md") == ""
    assert page_url("partners/index.md") == "partners/"
    assert page_url("partners/citeve.md") == "partners/citeve/"
    assert page_url("newsletters/2020-06/index.md") == "newsletters/2020-06/"
    assert page_url("reindex.md") == "reindex/"


def test_site_path_is_the_page_address_for_markdown_and_the_uri_for_other_files():
    assert site_path("events/kick-off.md") == "events/kick-off/"
    assert site_path("index.md") == ""
    assert site_path("events/kick-off.ics") == "events/kick-off.ics"
    assert site_path("feeds/news.rss.xml") == "feeds/news.rss.xml"


def test_page_uri_of_every_kind_of_record(sample_site):
    catalogue = catalogue_of(sample_site({"agreements.yaml": AGREEMENT, ISSUE[0]: ISSUE[1]}))
    assert [page_uri(partner) for partner in catalogue.partners] == ["partners/alpha.md", "partners/beta.md"]
    assert [page_uri(event) for event in catalogue.events] == ["events/kick-off.md"]
    assert [page_uri(agreement) for agreement in catalogue.agreements] == ["agreements/mou.md"]
    assert [page_uri(issue) for issue in catalogue.issues] == ["newsletters/2024-03/index.md"]
    assert [page_uri(article) for article in catalogue.articles] == ["newsletters/2024-03/hello.md"]
    assert [page_uri(topic) for topic in catalogue.topics] == ["topics/green.md"]


def test_page_uri_of_something_without_a_page_is_refused(sample_site):
    with pytest.raises(TypeError, match="no page for Project"):
        page_uri(catalogue_of(sample_site()).project)


@pytest.mark.parametrize(
    ("target", "start"),
    [("partners/a.md", ""), ("partners/a.md", "partners"), ("index.md", "newsletters/2020-06"),
     ("newsletters/2020-06/x.md", "newsletters/2020-06"), ("media/x.png", "events"), ("topics/", "topics"),
     ("partners/", "")],
)
def test_relative_path_agrees_with_posixpath(target, start):
    expected = posixpath.relpath(target, start or ".")
    assert relative_path(target, start).rstrip("/") == expected


def test_relative_path_keeps_a_folder_address():
    assert relative_path("partners/", "events/kick-off") == "../../partners/"
    assert relative_path("", "events") == "../"


# --- files beside the pages ----------------------------------------------------------------------------


def test_each_event_has_its_own_calendar_beside_its_page(sample_site):
    (event,) = catalogue_of(sample_site()).events
    assert event_calendar_uri(event) == "events/kick-off.ics"


def test_issue_pdf_is_named_after_the_acronym_beside_the_issue_page(sample_site):
    catalogue = with_acronym(sample_site, "TEX4IM 2.0")
    assert issue_pdf_uri(catalogue, catalogue.issues[0]) == "newsletters/2024-03/tex4im-2-0-newsletter-2024-03.pdf"


def test_issue_pdf_name_stays_short_for_a_long_acronym(sample_site):
    # The slug is cut at 24 characters, here just after a hyphen, which is dropped.
    catalogue = with_acronym(sample_site, "ABCDEFGHIJKLMNOPQRSTUVW XYZ and a whole sentence more")
    assert issue_pdf_uri(catalogue, catalogue.issues[0]) == "newsletters/2024-03/abcdefghijklmnopqrstuvw-newsletter-2024-03.pdf"


def test_issue_pdf_name_without_letters_in_the_acronym(sample_site):
    catalogue = with_acronym(sample_site, "¡¿!")
    assert issue_pdf_uri(catalogue, catalogue.issues[0]) == "newsletters/2024-03/newsletter-2024-03.pdf"


# --- edit links and sources ------------------------------------------------------------------------------


def test_record_edit_url_points_at_the_yaml_file_and_line():
    url = record_edit_url("https://gitlab.com/org/site/", "-/edit/main/content/", "content", "events.yaml", 42)
    assert url == "https://gitlab.com/org/site/-/edit/main/events.yaml#L42"


def test_record_edit_url_without_slashes_around_the_edit_uri():
    url = record_edit_url("https://github.com/org/site", "edit/main/docs", "docs", "partners.yaml", 5)
    assert url == "https://github.com/org/site/edit/main/partners.yaml#L5"


def test_every_record_page_knows_its_source_line():
    sources = page_sources(catalogue_of(REPO, date(2019, 11, 1)))
    assert sources["partners/otir2020.md"] == ("partners.yaml", 2)
    path, line = sources["newsletters/2020-06/boras-matchmaking-recap.md"]
    assert path == "newsletters/2020-06.yaml"
    assert (REPO / path).read_text(encoding="utf-8").splitlines()[line - 1].strip() == "- id: boras-matchmaking-recap"


def test_sources_are_the_record_pages_only(sample_site):
    catalogue = catalogue_of(sample_site({"agreements.yaml": AGREEMENT, ISSUE[0]: ISSUE[1]}))
    assert page_sources(catalogue) == {
        "partners/alpha.md": ("partners.yaml", 1),
        "partners/beta.md": ("partners.yaml", 5),
        "events/kick-off.md": ("events.yaml", 1),
        "agreements/mou.md": ("agreements.yaml", 1),
        "newsletters/2024-03/index.md": ("newsletters/2024-03.yaml", 1),
        "newsletters/2024-03/hello.md": ("newsletters/2024-03.yaml", 4),
    }


# --- feeds -------------------------------------------------------------------------------------------------


def test_feed_pair_uris():
    assert feed_pair_uris("news") == ("feeds/news.rss.xml", "feeds/news.atom.xml")
    assert feed_pair_uris("topics/green") == ("feeds/topics/green.rss.xml", "feeds/topics/green.atom.xml")


def test_site_feeds_list_the_site_wide_ones_first_then_each_topics(sample_site):
    project = PROJECT_YAML + "  - id: blue\n    title: Blue economy\n"
    feeds = site_feeds(catalogue_of(sample_site({"project.yaml": project})))
    assert [(feed.uri, feed.title, feed.media_type, feed.site_wide) for feed in feeds] == [
        ("feeds/news.rss.xml", "DEMO news (RSS)", RSS, True),
        ("feeds/news.atom.xml", "DEMO news (Atom)", ATOM, True),
        ("feeds/events.rss.xml", "DEMO events (RSS)", RSS, True),
        ("feeds/events.atom.xml", "DEMO events (Atom)", ATOM, True),
        ("feeds/results.rss.xml", "DEMO results (RSS)", RSS, True),
        ("feeds/results.atom.xml", "DEMO results (Atom)", ATOM, True),
        ("events.ics", "DEMO events calendar", CALENDAR, True),
        ("feeds/topics/green.rss.xml", "DEMO: Green (RSS)", RSS, False),
        ("feeds/topics/green.atom.xml", "DEMO: Green (Atom)", ATOM, False),
        ("feeds/topics/blue.rss.xml", "DEMO: Blue economy (RSS)", RSS, False),
        ("feeds/topics/blue.atom.xml", "DEMO: Blue economy (Atom)", ATOM, False),
    ]
