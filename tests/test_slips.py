"""Typing slips named in plain words: what a communication officer pasted, not what the parser saw."""

from __future__ import annotations

from datetime import datetime

import pytest

from consortia.slips import (
    country_code_for,
    geographic,
    shown,
    spoken_date,
    value_slip,
    zone_problem,
    zone_suggestion,
    zones_by_country,
)


def test_an_invisible_space_is_shown_and_named():
    assert shown("\xa0baltic-laser") == "'⍽baltic-laser'"
    assert value_slip("\xa0baltic-laser") == "'⍽baltic-laser' starts with a non-breaking space (shown as ⍽): delete it"
    assert value_slip("baltic\u200blaser") == "'baltic⍽laser' contains a zero-width space (shown as ⍽): delete it"


def test_an_en_dash_in_a_date_is_named():
    assert value_slip("2023–03–14") == "'2023–03–14': the dash in it is an en dash (–): type a hyphen (-)"


def test_curly_quotes_are_named():
    assert value_slip("“2022-02-15”") == (
        "'“2022-02-15”': curly quotes “ ” from a word processor are part of the text: use straight quotes or none"
    )


def test_a_clean_value_has_no_slip():
    assert value_slip("2023-03-14") is None
    assert value_slip(42) is None


@pytest.mark.parametrize(("written", "meant"), [
    ("March 14, 2023", "2023-03-14"),
    ("14 March 2023", "2023-03-14"),
    ("14.03.2023", "2023-03-14"),
    ("14/03/2023", "2023-03-14"),
    ("March 1st, 2023", "2023-03-01"),
])
def test_spoken_dates_are_read_for_the_fix(written, meant):
    assert spoken_date(written) == meant


def test_a_date_that_is_no_date_proposes_nothing():
    assert spoken_date("soon") is None


@pytest.mark.parametrize(("name", "code"), [("Germany", "DE (Germany)"), ("Czech Republic", "CZ (Czechia)"), ("portugal", "PT (Portugal)")])
def test_a_country_name_gives_its_code(name, code):
    assert country_code_for(name) == code


def test_zones_come_from_the_zone_database():
    assert zones_by_country()["LT"] == ("Europe/Vilnius",)
    assert "Atlantic/Canary" in zones_by_country()["ES"]
    assert geographic("Europe/Vilnius") and geographic("UTC")
    assert not geographic("CET")


def test_a_clock_name_for_a_place_is_refused_with_the_places_zone():
    assert zone_problem("CET", "LT", datetime(2023, 3, 14, 9, 30)) == "CET is not the time zone of Lithuania: use Europe/Vilnius"
    assert zone_problem("Europe/Paris", "LT", datetime(2023, 3, 14, 9, 30)) == (
        "Europe/Paris is not the time zone of Lithuania: use Europe/Vilnius"
    )


def test_the_zone_of_the_place_is_accepted():
    assert zone_problem("Europe/Vilnius", "LT", datetime(2023, 3, 14, 9, 30)) is None
    assert zone_problem("Atlantic/Canary", "ES", datetime(2023, 3, 14, 9, 30)) is None


def test_an_old_name_of_the_places_zone_is_accepted():
    assert zone_problem("Europe/Kiev", "UA", datetime(2023, 3, 14, 9, 30)) is None


def test_an_online_event_needs_a_place_named_zone():
    assert zone_problem("Europe/Brussels", None, datetime(2023, 3, 14, 9, 30)) is None
    assert zone_problem("CET", None, datetime(2023, 3, 14, 9, 30)) == (
        "CET is a name for a clock, not for a place: did you mean Europe/Brussels? "
        "(write the zone of a city whose clock the times follow)"
    )


def test_a_misspelt_zone_gets_the_closest_name():
    assert zone_suggestion("Europe/Berln", None) == "did you mean Europe/Berlin?"
