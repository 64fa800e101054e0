"""Tests for consortia.records through the loader: each field rule gives one exact `file:line: location: message`."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import BILINGUAL_PROJECT_YAML, PARTNERS_YAML, PROJECT_YAML, problems_of

from consortia.load import load_site
from consortia.records import Event, Partner

PARTNER_FIELDS = "id, name, short_name, role, kind, country, region, city, website, email, logo, description, topics, members"


def partner(*extra: str) -> str:
    """partners.yaml with the coordinator alpha; `extra` lines are added to it from line 5 on."""
    return "- id: alpha\n  name: Alpha\n  role: coordinator\n  country: PT\n" + "".join(f"  {line}\n" for line in extra)


def event(*lines: str) -> str:
    """events.yaml with one event whose fields are `lines`, from line 2 on."""
    return "- id: meeting\n" + "".join(f"  {line}\n" for line in lines)


# --- unknown and missing fields -----------------------------------------------------------


def test_unknown_field_suggests_the_close_one(sample_site):
    root = sample_site({"partners.yaml": partner("webiste: https://alpha.eu")})
    assert problems_of(root) == ["partners.yaml:5: partners[0].webiste: unknown field 'webiste' (did you mean 'website'?)"]


def test_capitalised_unknown_field_is_reported_at_its_own_line(sample_site):
    root = sample_site({"partners.yaml": partner("Website: https://alpha.eu")})
    assert problems_of(root) == ["partners.yaml:5: partners[0].Website: unknown field 'Website' (did you mean 'website'?)"]


def test_unknown_field_without_a_close_match_lists_the_known_fields(sample_site):
    root = sample_site({"partners.yaml": partner("favourite_food: bacalhau")})
    assert problems_of(root) == [
        f"partners.yaml:5: partners[0].favourite_food: unknown field 'favourite_food' (known fields: {PARTNER_FIELDS})"
    ]


def test_unknown_field_in_a_nested_record_lists_that_records_fields(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-01", "location:", "  town: Porto", "  city: Porto", "  country: PT")})
    assert problems_of(root) == [
        "events.yaml:5: events[0].location.town: unknown field 'town' (known fields: venue, address, city, country)"
    ]


def test_missing_required_field_points_at_the_record(sample_site):
    root = sample_site({"partners.yaml": "- id: alpha\n  role: coordinator\n  country: PT\n"})
    assert problems_of(root) == ["partners.yaml:1: partners[0].name: required field is missing"]


# --- types ------------------------------------------------------------------------------------------


def test_list_where_text_is_expected(sample_site):
    root = sample_site({"partners.yaml": "- id: alpha\n  name: [Alpha, Cluster]\n  role: coordinator\n  country: PT\n"})
    assert problems_of(root) == ["partners.yaml:2: partners[0].name: expected text, got a list"]


def test_text_where_a_list_is_expected(sample_site):
    root = sample_site({"partners.yaml": partner("topics: green")})
    assert problems_of(root) == ["partners.yaml:5: partners[0].topics: expected a list (lines starting with '- '), got the text 'green'"]


def test_empty_value_where_text_is_expected(sample_site):
    root = sample_site({"partners.yaml": "- id: alpha\n  name:\n  role: coordinator\n  country: PT\n"})
    assert problems_of(root) == ["partners.yaml:2: partners[0].name: expected text, got nothing"]


def test_fraction_where_a_whole_number_is_expected(sample_site):
    root = sample_site({"partners.yaml": partner("members: 12.5")})
    assert problems_of(root) == ["partners.yaml:5: partners[0].members: expected a whole number, got 12.5"]


def test_invalid_id(sample_site):
    root = sample_site({"partners.yaml": "- id: Alpha\n  name: Alpha\n  role: coordinator\n  country: PT\n"})
    problems = problems_of(root)
    assert problems == [
        "partners.yaml:1: partners[0].id: 'Alpha' is not a valid id: use lowercase letters, digits and single hyphens,"
        " e.g. 'citeve' or 'kick-off-2019'"
    ]


def test_unknown_enum_value_lists_the_allowed_ones(sample_site):
    root = sample_site({"events.yaml": event("title: M", "kind: party", "start: 2022-02-01", "online: true")})
    assert problems_of(root) == [
        "events.yaml:3: events[0].kind: 'party' is not one of: 'kick-off', 'conference', 'matchmaking', 'workshop',"
        " 'webinar', 'general-assembly', 'peer-review', 'study-visit', 'training' or 'other'"
    ]


# --- dates and times ---------------------------------------------------------------------------


def test_invalid_date(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML.replace("start: 2022-01-01", "start: 2022-02-30")})
    assert problems_of(root) == [
        "project.yaml:4: project.start: '2022-02-30' is not a valid date: write it as YYYY-MM-DD, e.g. 2024-03-15"
    ]


def test_project_end_before_start(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML.replace("end: 2023-12-31", "end: 2021-12-31")})
    assert problems_of(root) == ["project.yaml:5: project.end: 2021-12-31 is before the start 2022-01-01"]


def test_event_end_before_start(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-02", "end: 2022-02-01", "online: true")})
    assert problems_of(root) == ["events.yaml:4: events[0].end: 2022-02-01 is before the start 2022-02-02"]


def test_event_end_written_unlike_start(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-01", "end: 2022-02-01T12:00", "online: true")})
    assert problems_of(root) == [
        "events.yaml:4: events[0].end: 2022-02-01T12:00:00 must be written like start (2022-02-01): both dates or both date-times"
    ]


def test_event_time_without_timezone(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-01T09:30", "online: true")})
    assert problems_of(root) == [
        "events.yaml:1: events[0].timezone: start has a time of day, so give a time zone, e.g. timezone: Europe/Brussels"
    ]


def test_event_time_with_utc_offset(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-01T09:30+01:00", "timezone: Europe/Lisbon", "online: true")})
    assert problems_of(root) == [
        "events.yaml:3: events[0].start: '2022-02-01T09:30+01:00' has a UTC offset: write the local time and set 'timezone' instead"
    ]


def test_unknown_timezone(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-01T09:30", "timezone: Mars/Olympus", "online: true")})
    assert problems_of(root) == [
        "events.yaml:4: events[0].timezone: 'Mars/Olympus' is not a time zone: write the zone of a city whose clock the times follow, such as Europe/Brussels"
    ]


def test_agenda_time_without_leading_zero(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-01", "online: true", "agenda:", "  - time: 9:30", "    title: Welcome")})
    assert problems_of(root) == [
        "events.yaml:6: events[0].agenda[0].time: '9:30' is not a time of day: write it as HH:MM in quotes, e.g. \"09:30\""
    ]


def test_timed_event_with_unquoted_agenda_time_is_valid(sample_site):
    root = sample_site(
        {"events.yaml": event("title: M", "start: 2022-02-01T09:30", "timezone: Europe/Lisbon", "online: true",
                              "agenda:", "  - time: 09:30", "    title: Welcome")}
    )
    assert problems_of(root) == []


# --- countries, addresses, pictures, places -------------------------------------------------------


def test_invalid_country_code(sample_site):
    root = sample_site({"partners.yaml": "- id: alpha\n  name: Alpha\n  role: coordinator\n  country: XX\n"})
    assert problems_of(root) == [
        "partners.yaml:4: partners[0].country: 'XX' is not a two-letter country code, e.g. PT, ES, CZ"
    ]


@pytest.mark.parametrize(("written", "stored"), [("EL", "GR"), ("UK", "GB"), ("NO", "NO"), ("pt", "PT")])
def test_country_codes_are_normalised(written, stored):
    record = Partner.model_validate({"id": "a", "name": "A", "country": written})
    assert record.country == stored


def test_eu_alias_is_accepted_in_a_site(sample_site):
    root = sample_site({"partners.yaml": "- id: alpha\n  name: Alpha\n  role: coordinator\n  country: EL\n"})
    assert problems_of(root) == []


def test_javascript_address_is_refused(sample_site):
    root = sample_site({"partners.yaml": partner("website: javascript:alert(1)")})
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].website: 'javascript:alert(1)' is not a web address: write a full address starting with https://"
    ]


def test_bad_link_under_a_capitalised_name_is_reported_at_its_line(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML + "links:\n  LinkedIn: ftp://example.eu\n"})
    assert problems_of(root) == [
        "project.yaml:13: project.links.LinkedIn: 'ftp://example.eu' is not a web address: write a full address starting with https://"
    ]


def test_image_without_alt_text(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-01", "online: true", "image: photo.png")})
    assert problems_of(root) == [
        "events.yaml:1: events[0].image_alt: image is set, so describe the picture here for people who cannot see it"
    ]


def test_not_online_and_no_location(sample_site):
    root = sample_site({"events.yaml": event("title: M", "start: 2022-02-01", "online: false")})
    assert problems_of(root) == [
        "events.yaml:1: events[0].location: give a location ({venue, address, city, country}) or set online: true"
    ]


def test_path_outside_content_is_refused(sample_site):
    root = sample_site({"partners.yaml": partner("logo: ../x.png")})
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].logo: '../x.png' points outside content/: give the path relative to content/, e.g. assets/logo.png"
    ]


def test_web_address_as_a_file_path_is_refused(sample_site):
    root = sample_site({"partners.yaml": partner("logo: https://alpha.eu/logo.png")})
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].logo: 'https://alpha.eu/logo.png' is a web address: copy the file into content/ and give its path there"
    ]


# --- records themselves --------------------------------------------------------------------------


def test_event_dates_and_times_are_parsed():
    common = {"id": "e", "title": "E", "online": True}
    day = Event.model_validate({**common, "start": "2022-02-01", "end": "2022-02-03"})
    timed = Event.model_validate({**common, "start": "2022-02-01T09:30", "timezone": "Europe/Lisbon"})
    assert (day.start, day.last_day, day.has_times) == (date(2022, 2, 1), date(2022, 2, 3), False)
    assert (timed.start, timed.last_day, timed.has_times) == (datetime(2022, 2, 1, 9, 30), date(2022, 2, 1), True)


def test_records_are_frozen():
    record = Partner.model_validate({"id": "a", "name": "A", "country": "PT"})
    with pytest.raises(Exception):
        record.name = "B"


def test_kosovo_is_a_country_code(sample_site):
    root = sample_site({"partners.yaml": "- id: alpha\n  name: Alpha\n  role: coordinator\n  country: XK\n"})
    assert problems_of(root) == []


# --- translation ------------------------------------------------------------------------------


def test_the_same_records_are_translated_into_the_same_copies_and_an_edited_one_afresh(sample_site):
    """The preview puts the records in each language after every edit: records an edit left alone
    (the same objects) come back as the same translated copies, so what was made from them is kept."""
    bilingual = PARTNERS_YAML.replace("  name: Beta Association\n", "  name:\n    en: Beta Association\n    it: Associazione Beta\n")
    root = sample_site({"project.yaml": BILINGUAL_PROJECT_YAML, "partners.yaml": bilingual})
    first = load_site(root)[0].in_language("it")
    (root / "partners.yaml").write_text(bilingual.replace("Alpha Cluster", "Alpha Network"), encoding="utf-8")
    site = load_site(root)[0]
    again = site.in_language("it")
    assert again.partners[1] is first.partners[1] and again.partners[1].name == "Associazione Beta"
    assert again.partners[0] is not first.partners[0] and again.partners[0].name == "Alpha Network"
    assert again.partners[1].origin is site.partners[1].origin  # where the record now is
