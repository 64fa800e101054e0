"""Rendering: the example site's generated Markdown against reviewed golden files.

Regenerate after an intended change with `CONSORTIA_UPDATE_GOLDEN=1 make test`, then review
the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

from datetime import date
from collections import Counter
from pathlib import Path

import pytest
from jinja2 import FileSystemLoader

from consortia.catalogue import Catalogue
from conftest import PARTNERS_YAML, assert_matches_golden
from consortia.pipeline import ProjectFolder, generate

SITE_URL = "https://www.example.eu/"
REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
# A fixed day inside the example project, so upcoming/past and "% elapsed" never drift.
EXAMPLE_DAY = date(2019, 11, 1)


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    project = ProjectFolder(REPO, REPO / "content", cache_dir=None)
    return generate(project, EXAMPLE_DAY, SITE_URL).pages


def test_pages_match_golden_files(example_pages):
    assert_matches_golden({uri: markdown.encode("utf-8") for uri, markdown in example_pages.items()}, GOLDEN, "*.md")


def test_every_record_has_its_page(example_pages):
    for uri in ("partners/citeve.md", "events/matchmaking-boras.md", "agreements/textranet.md",
                "newsletters/2020-06/index.md", "newsletters/2020-06/partner-spotlight-clutex.md",
                "topics/circular-economy.md"):
        assert uri in example_pages


def test_links_are_relative_to_the_page(example_pages):
    event_page = example_pages["events/matchmaking-boras.md"]
    assert '<a href="../../partners/smart-textiles/">Smart Textiles</a>' in event_page  # raw HTML: final URLs
    assert "[Advanced textile materials](../topics/advanced-materials.md)" in event_page
    article = example_pages["newsletters/2020-06/partner-spotlight-clutex.md"]
    assert "](../../partners/clutex.md)" in article


def test_home_splits_upcoming_events_on_the_build_day(example_pages):
    home = example_pages["index.md"]
    upcoming = home.split("## Next events")[1].split("## Partners")[0]
    assert "Interregional matchmaking: textiles for a circular industry" in upcoming  # 12 February 2020
    assert "smart and sustainable textiles" not in upcoming  # 15 October 2019, before the build day


def test_events_list_marks_each_card_with_its_last_day(example_pages):
    events = example_pages["events/index.md"]
    assert 'data-last-day="2019-10-15"' in events
    past = events.split("## Past events")[1]
    assert "Kick-off" in past


def test_cancelled_event_is_announced_in_words(example_pages):
    page = example_pages["events/final-conference-prato.md"]
    assert '!!! danger "Cancelled"' in page


def test_text_fields_are_escaped_and_jinja_in_records_stays_literal(sample_site):
    root = sample_site({"partners.yaml": """\
        - id: alpha
          name: "<script>alert(1)</script> {{ 7*7 }}"
          role: coordinator
          country: PT
        """})
    pages = generate(ProjectFolder(root, root / "content"), date(2022, 6, 1), SITE_URL).pages
    partner = pages["partners/alpha.md"]
    assert "<script>" not in partner
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in partner


def test_elapsed_percent_is_bounded():
    project = ProjectFolder(REPO, REPO / "content", cache_dir=None)
    site = generate(project, EXAMPLE_DAY, SITE_URL).site
    assert Catalogue(site, date(2000, 1, 1)).elapsed_percent == 0
    assert Catalogue(site, date(2030, 1, 1)).elapsed_percent == 100
    assert Catalogue(site, date(2019, 9, 1)).elapsed_percent == 50


def test_home_shows_recent_events_once_none_are_planned(sample_site):
    # The small project runs until the end of 2023; its only event was in February 2022.
    home = generate(ProjectFolder.at(sample_site()), date(2023, 6, 1), SITE_URL).pages["index.md"]
    assert "## Recent events" in home and "## Next events" not in home
    assert "Kick-off meeting" in home.split("## Recent events")[1]


def test_a_large_consortiums_home_shows_four_dozen_logos_and_the_way_to_all(sample_site):
    partners = "".join(f"- id: p{number}\n  name: Cluster {number}\n  country: PT\n" for number in range(1, 60))
    home = generate(ProjectFolder.at(sample_site({"partners.yaml": PARTNERS_YAML + partners})), date(2023, 6, 1), SITE_URL).pages["index.md"]
    wall = home.split('<div class="cs-logos" markdown>')[1].split("</div>")[0]
    assert wall.count("](partners/") == 48  # the first four dozen in the directory's order
    assert "[Meet the partners](partners/index.md){ .cs-more }" in home.split('<div class="cs-logos" markdown>')[1]


def test_the_italian_pages_feeds_and_calendars_match_their_golden_files():
    """The example's second language: every generated page, feed and calendar, in Italian."""
    italian = generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), EXAMPLE_DAY, SITE_URL, language="it")
    files = {uri: markdown.encode("utf-8") for uri, markdown in italian.pages.items()}
    files.update({uri: data for uri, data in italian.files.items() if uri.startswith("feeds/") or uri.endswith(".ics")})
    assert_matches_golden(files, GOLDEN / "it")


def test_a_build_reads_each_template_once_and_never_looks_at_it_again(monkeypatch):
    """Thousands of pages share a handful of templates: looking at each one on disk for every page
    (Jinja's auto_reload) cost a preview edit of a large site a sixth of a second."""
    read, looked_again = Counter(), []
    get_source = FileSystemLoader.get_source

    def counted(loader, environment, name):
        source, filename, uptodate = get_source(loader, environment, name)
        read[name] += 1
        return source, filename, lambda: looked_again.append(name) or uptodate()

    monkeypatch.setattr(FileSystemLoader, "get_source", counted)
    generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), EXAMPLE_DAY, SITE_URL)
    assert read and set(read.values()) == {1} and looked_again == []
