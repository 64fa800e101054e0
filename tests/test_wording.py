"""Tests for consortia.wording: the dates, places, names and titles the kit composes from records."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from conftest import PROJECT_YAML

from consortia.records import Event, NewsletterIssue, Project
from consortia.wording import (
    FOOTER_TITLE_LENGTH,
    calendar_name,
    country_name,
    country_partners,
    event_place,
    event_status,
    event_when,
    feed_heading,
    feed_title,
    human_date,
    kind_label,
    partner_count,
    print_footer,
    topic_feed_title,
)

PROJECT = Project.model_validate(yaml.safe_load(PROJECT_YAML))  # acronym DEMO


def event(**fields) -> Event:
    return Event.model_validate({"id": "e", "title": "E", "start": "2024-03-15", **fields})


def issue(title: str) -> NewsletterIssue:
    return NewsletterIssue.model_validate({"id": "2024-03", "title": title, "date": "2024-03-01",
                                           "items": [{"id": "hello", "title": "Hello"}]})


# --- dates and times -----------------------------------------------------------------------------


def test_human_date_spells_the_month():
    assert human_date(date(2020, 8, 31)) == "31 August 2020"
    assert human_date(date(2024, 1, 5)) == "5 January 2024"


def test_a_one_day_event_is_its_date():
    assert event_when(event(online=True)) == "15 March 2024"
    assert event_when(event(online=True, end="2024-03-15")) == "15 March 2024"


def test_an_event_over_several_days_gives_both():
    assert event_when(event(online=True, end="2024-03-17")) == "15 March 2024 – 17 March 2024"


def test_times_are_shown_with_their_zone():
    shown = event(start="2024-03-15T09:30", end="2024-03-15T17:00", timezone="Europe/Lisbon", online=True)
    assert event_when(shown) == "15 March 2024, 09:30–17:00 (Europe/Lisbon, WET)"


def test_the_zone_abbreviation_follows_summer_time():
    shown = event(start="2024-07-01T10:00", timezone="Europe/Lisbon", online=True)
    assert event_when(shown) == "1 July 2024, 10:00 (Europe/Lisbon, WEST)"


def test_times_over_two_days_repeat_the_date_of_the_end():
    shown = event(start="2024-03-15T09:30", end="2024-03-16T12:00", timezone="Europe/Brussels", online=True)
    assert event_when(shown) == "15 March 2024, 09:30 – 16 March 2024, 12:00 (Europe/Brussels, CET)"


# --- places --------------------------------------------------------------------------------------


def test_an_online_event_is_online():
    assert event_place(event(online=True)) == "Online"
    assert event_place(event(online=True), short=True) == "Online"


def test_a_venue_is_named_in_full_or_by_its_city():
    place = {"venue": "Museo del Tessuto", "address": "Via Puccetti 3", "city": "Prato", "country": "IT"}
    assert event_place(event(location=place)) == "Museo del Tessuto, Via Puccetti 3, Prato, Italy"
    assert event_place(event(location=place), short=True) == "Prato, Italy"


def test_a_place_without_venue_or_address_is_its_city_and_country():
    assert event_place(event(location={"city": "Brno", "country": "CZ"})) == "Brno, Czechia"


def test_a_hybrid_event_is_online_and_somewhere():
    hybrid = event(online=True, location={"venue": "Città Studi", "city": "Biella", "country": "IT"})
    assert event_place(hybrid) == "Online and Città Studi, Biella, Italy"
    assert event_place(hybrid, short=True) == "Online and Biella, Italy"


def test_an_address_that_ends_with_its_city_is_not_followed_by_the_city_again():
    place = {"venue": "Museo del Tessuto", "address": "Via Puccetti 3, 59100 Prato", "city": "Prato", "country": "IT"}
    assert event_place(event(location=place)) == "Museo del Tessuto, Via Puccetti 3, 59100 Prato, Italy"


def test_event_status_is_capitalised():
    assert event_status(event(online=True, status="postponed")) == "Postponed"


# --- names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [("PT", "Portugal"), ("CZ", "Czechia"), ("BO", "Bolivia"), ("GB", "United Kingdom"), ("XK", "Kosovo")],
)
def test_country_name_is_the_common_name(code, name):
    assert country_name(code) == name


def test_an_unknown_country_code_is_shown_as_it_is():
    assert country_name("QQ") == "QQ"


@pytest.mark.parametrize(
    ("kind", "label"),
    [("kick-off", "Kick-off meeting"), ("sme", "SME"), ("public-body", "Public body"), ("study-visit", "Study visit"),
     ("cluster", "Cluster"), ("joint-venture", "Joint venture")],
)
def test_kind_label(kind, label):
    assert kind_label(kind) == label


def test_partner_counts():
    assert partner_count(1) == "1 partner"
    assert partner_count(2) == "2 partners"
    assert country_partners("CZ", 3) == "Czechia: 3 partners"


# --- titles ----------------------------------------------------------------------------------------------


def test_feed_and_calendar_titles_name_the_project():
    assert feed_title(PROJECT, "news", "RSS") == "DEMO news (RSS)"
    assert topic_feed_title(PROJECT, "Green", "Atom") == "DEMO: Green (Atom)"
    assert feed_heading(PROJECT, "The latest news") == "DEMO: The latest news"
    assert calendar_name(PROJECT) == "DEMO events"


def test_print_footer_names_the_project_and_the_issue():
    assert print_footer(PROJECT, issue("June 2020 newsletter")) == "DEMO · June 2020 newsletter"


def test_print_footer_does_not_repeat_an_acronym_the_title_names():
    assert print_footer(PROJECT, issue("Demo newsletter, March 2024")) == "Demo newsletter, March 2024"


def test_print_footer_keeps_a_title_of_the_longest_length_whole():
    title = "x" * FOOTER_TITLE_LENGTH
    assert print_footer(PROJECT, issue(title)) == f"DEMO · {title}"


def test_print_footer_shortens_a_100_character_title_to_one_line():
    footer = print_footer(PROJECT, issue("x" * 100))
    assert footer == "DEMO · " + "x" * (FOOTER_TITLE_LENGTH - 1) + "…"
    assert len(footer.removeprefix("DEMO · ")) == FOOTER_TITLE_LENGTH


def test_print_footer_shortens_without_a_space_before_the_ellipsis():
    title = "A" * 58 + " " + "B" * 41  # 100 characters; the cut falls just after the space
    assert print_footer(PROJECT, issue(title)) == "DEMO · " + "A" * 58 + "…"


def test_file_sizes_licences_and_citations():
    from consortia.languages import speaking
    from consortia.records import Result
    from consortia.wording import citation, file_kind, file_size, licence_name, licence_url

    assert (file_size(1_500), file_size(2_340_000)) == ("2 kB", "2.3 MB")
    with speaking("it"):
        assert file_size(2_340_000) == "2,3 MB"
    assert file_kind("results/strategy.pdf") == "PDF"
    assert licence_name("CC-BY-4.0") == "Creative Commons Attribution 4.0 International"
    assert licence_url("CC-BY-4.0") == "https://spdx.org/licenses/CC-BY-4.0.html"
    result = Result.model_validate({"id": "s", "title": "Strategy", "date": "2020-05-31", "doi": "https://doi.org/10.5281/zenodo.1"})
    assert result.doi == "10.5281/zenodo.1"  # the DOI itself, however it was pasted
    assert citation(result, PROJECT, ["Alpha", "Beta"]) == "Alpha, Beta (2020). Strategy. DEMO. https://doi.org/10.5281/zenodo.1"
    assert citation(result.model_copy(update={"doi": None}), PROJECT, []) == "DEMO (2020). Strategy. DEMO."
