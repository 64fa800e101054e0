"""The theme's data as plain values in the page's language, the same for MkDocs and Zensical."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import REPO
from consortia.languages import gettext, speaking
from consortia.pipeline import ProjectFolder, generate
from consortia.theme_context import named_menu, page_context, site_context, translated_palette

SITE_URL = "https://www.tex4im.eu/"


@pytest.fixture(scope="module")
def english():
    return generate(ProjectFolder.at(REPO), date(2019, 11, 1), SITE_URL)


@pytest.fixture(scope="module")
def italian(english):
    return generate(ProjectFolder.at(REPO), date(2019, 11, 1), SITE_URL, language="it", checked=english.checked)


def test_the_kits_words_are_in_the_pages_language(english, italian):
    kit = site_context(italian)
    assert kit["language"] == "it"
    assert kit["funding_statement"] == "Cofinanziato dal programma COSME dell'Unione europea"
    with speaking("it"):
        assert kit["words"]["page_not_found"] == gettext("Page not found") != "Page not found"
        assert [link["label"] for link in kit["footer_links"]] == [gettext("Legal notice"), gettext("Privacy"), gettext("Accessibility")]
        assert kit["grant_agreement"] == gettext("Grant agreement %(number)s") % {"number": "822381"}
    assert site_context(english)["words"]["page_not_found"] == "Page not found"


def test_the_site_data_is_plain_and_lists_only_the_site_wide_feeds(english):
    kit = site_context(english)
    assert kit["today"] == "2019-11-01" and kit["archive_notice"] == "" and kit["preview"] is False
    assert {"uri": "feeds/news.rss.xml", "title": "TEX4IM news (RSS)", "media_type": "application/rss+xml"} in kit["feeds"]
    assert not any(feed["uri"].startswith("feeds/topics/") for feed in kit["feeds"])
    assert _plain(kit)


def test_a_page_is_described_by_its_front_matter_else_by_its_first_paragraph(english):
    about = page_context(english, "about.md", "about/", canonical_url=SITE_URL + "about/", meta={}, title="About the project",
                         html="<h1>About the project</h1><p>TEX4IM  brings\nclusters together.</p>", site_name="TEX4IM",
                         site_description="The site")
    tags = {name: content for _attribute, name, content in about["link_preview"]}
    assert tags["og:title"] == "About the project" and tags["og:description"] == "TEX4IM brings clusters together."
    assert tags["og:url"] == SITE_URL + "about/" and tags["og:locale:alternate"] == "it_IT"
    assert [alternate["url"] for alternate in about["alternates"]] == [SITE_URL + "about/", SITE_URL + "it/about/"]
    assert about["structured"] == [] and _plain(about)
    event = page_context(english, "events/kick-off-biella.md", "events/kick-off-biella/", canonical_url="", html="",
                         meta={"title": "Kick-off", "description": "They met."}, title="", site_name="TEX4IM", site_description="")
    assert {name: content for _attribute, name, content in event["link_preview"]}["og:description"] == "They met."
    assert any('"@type":"Event"' in block for block in event["structured"])


def test_the_menu_names_the_kits_sections_where_mkdocs_yml_names_none():
    menu = ["index.md", "about.md", {"Who we are": "partners/index.md"}, {"More": ["events/index.md"]}]
    assert named_menu(menu, "en") == [{"Home": "index.md"}, "about.md", {"Who we are": "partners/index.md"},
                                      {"More": [{"Events": "events/index.md"}]}]
    with speaking("it"):
        assert named_menu(["partners/index.md"], "it") == [{gettext("Partners"): "partners/index.md"}]


def test_the_light_and_dark_toggles_are_named_in_the_pages_language():
    palette = [{"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"}}, {"scheme": "slate"}]
    translated = translated_palette(palette, "it")
    assert translated[0]["toggle"] == {"icon": "material/weather-night", "name": "Passa alla modalità scura"}
    assert translated[1] == {"scheme": "slate"} and palette[0]["toggle"]["name"] == "Switch to dark mode"


def _plain(value: object) -> bool:
    """Only what a config file or front matter can hold: no record, catalogue or date object."""
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return isinstance(value, (str, int, float, bool)) or value is None
