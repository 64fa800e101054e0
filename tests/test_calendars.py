"""Tests for consortia.calendars: iCalendar files that calendar programs subscribe to or import.

The example's calendars are compared with reviewed golden files in tests/golden/feeds/ (beside the
feeds); regenerate them after an intended change with `CONSORTIA_UPDATE_GOLDEN=1 make test`, then
review the diff. The other tests read the files as a calendar program does (icalendar) and check them
against the records in the YAML, not against the kit's own helpers.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
import yaml

from conftest import assert_matches_golden
from consortia.calendars import calendar_files
from consortia.catalogue import Catalogue
from consortia.load import load_site
from consortia.pipeline import ProjectFolder, generate

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "feeds"
SITE_URL = "https://www.tex4im.eu/"
EXAMPLE_DAY = date(2019, 11, 1)

# The example's events, read straight from the YAML the communication officer wrote.
EVENTS = {event["id"]: event for event in yaml.safe_load((REPO / "events.yaml").read_text(encoding="utf-8"))}


def calendars_of(root: Path, site_url: str, today: date = EXAMPLE_DAY) -> dict[str, bytes]:
    site, problems = load_site(root)
    assert problems == []
    return calendar_files(Catalogue(site, today), site_url)


@pytest.fixture(scope="module")
def example_calendars() -> dict[str, bytes]:
    return calendars_of(REPO, SITE_URL)


def calendar_of(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def uids(data: bytes) -> dict[str, str]:
    return {str(event["UID"]): str(event["SUMMARY"]) for event in calendar_of(data).walk("VEVENT")}


def assert_absolute(url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc, f"{url!r} is not an absolute address"


def assert_rfc5545_lines(uri: str, data: bytes) -> None:
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        assert b"\n" not in line and b"\r" not in line, f"{uri}:{number}: bare line break"
        assert len(line) <= 75, f"{uri}:{number}: {len(line)} octets"
        line.decode("utf-8")  # folding never splits a character


def assert_calendar_event(vevent: icalendar.Event, calendar: icalendar.Calendar) -> None:
    uid = str(vevent["UID"])
    event_id = uid.removesuffix("@tex4im.consortia")
    assert uid == f"{event_id}@tex4im.consortia" and event_id in EVENTS, uid
    event = EVENTS[event_id]
    for name in ("DTSTAMP", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "STATUS", "DTSTART"):
        assert name in vevent, f"{uid} has no {name}"
    assert vevent["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert str(vevent["URL"]) == f"{SITE_URL}events/{event_id}/"
    assert_absolute(str(vevent["URL"]))
    assert str(vevent["SUMMARY"]).endswith(event["title"])
    start, end = vevent["DTSTART"], vevent.get("DTEND")
    if event.get("timezone"):
        zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
        assert (end is None) == ("end" not in event)
        for moment, written in ((start, event["start"]), (end, event.get("end"))):
            if moment is None:
                continue
            assert moment.params["TZID"] == event["timezone"] and event["timezone"] in zones
            assert moment.dt.replace(tzinfo=None) == datetime.fromisoformat(written)
            assert str(moment.dt.tzinfo) == event["timezone"]
    else:
        assert start.params["VALUE"] == "DATE" and end.params["VALUE"] == "DATE"
        assert type(start.dt) is date and start.dt == event["start"]
        assert end.dt == event.get("end", event["start"]) + timedelta(days=1)  # exclusive end
    if event.get("online") and not event.get("location"):
        assert str(vevent["LOCATION"]) == "Online"
    else:
        assert event["location"]["city"] in str(vevent["LOCATION"])


# --- golden files, and what the build publishes -------------------------------------------------------


def test_calendars_match_golden_files(example_calendars):
    assert_matches_golden(example_calendars, GOLDEN, "*.ics")


def test_the_build_publishes_these_calendars(example_calendars):
    generated = generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), EXAMPLE_DAY, SITE_URL)
    assert {uri: data for uri, data in generated.files.items() if uri.endswith(".ics")} == example_calendars


# --- RFC 5545 -------------------------------------------------------------------------------------------


def test_calendars_are_rfc5545(example_calendars):
    for uri, data in example_calendars.items():
        assert_rfc5545_lines(uri, data)
        assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in data
        calendar = calendar_of(data)
        assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]).startswith("-//")
        assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
        assert calendar["REFRESH-INTERVAL"].dt == timedelta(days=1)
        assert str(calendar["X-PUBLISHED-TTL"]) == "P1D"
        events = calendar.walk("VEVENT")
        for vevent in events:
            assert_calendar_event(vevent, calendar)
        zones_used = {vevent["DTSTART"].params.get("TZID") for vevent in events} - {None}
        assert {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")} == zones_used, uri


def test_the_events_calendar_has_every_event_and_each_event_its_own(example_calendars):
    assert set(example_calendars) == {"events.ics", *(f"events/{event_id}.ics" for event_id in EVENTS)}
    assert set(uids(example_calendars["events.ics"])) == {f"{event_id}@tex4im.consortia" for event_id in EVENTS}
    assert str(calendar_of(example_calendars["events.ics"])["X-WR-CALNAME"]) == "TEX4IM events"
    for event_id, event in EVENTS.items():
        calendar = calendar_of(example_calendars[f"events/{event_id}.ics"])
        assert list(uids(example_calendars[f"events/{event_id}.ics"])) == [f"{event_id}@tex4im.consortia"]
        assert str(calendar["X-WR-CALNAME"]) == event["title"]


def test_cancelled_and_online_events_in_the_calendar(example_calendars):
    calendar = calendar_of(example_calendars["events.ics"])
    vevents = {str(vevent["UID"]).split("@")[0]: vevent for vevent in calendar.walk("VEVENT")}
    cancelled = vevents.pop("final-conference-prato")
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "Cancelled: TEX4IM final conference"
    assert int(cancelled["SEQUENCE"]) > max(int(vevent.get("SEQUENCE", 0)) for vevent in vevents.values())
    assert {str(vevent["STATUS"]) for vevent in vevents.values()} == {"CONFIRMED"}
    for event_id in ("webinar-circular-textiles", "textranet-ga-2021"):
        assert str(vevents[event_id]["LOCATION"]) == "Online"
        assert str(vevents[event_id]["URL"]) == f"{SITE_URL}events/{event_id}/"
    webinar = vevents["webinar-circular-textiles"]
    assert f"Registration: {SITE_URL}events/webinar-circular-textiles/register" in str(webinar["DESCRIPTION"])


# --- stable UIDs, on a small project of our own ---------------------------------------------------------


def sample_events(kick_off: str = "Kick-off meeting") -> dict[str, str]:
    events = (f"- id: kick-off\n  title: {kick_off}\n  start: 2022-02-01\n  location: {{city: Porto, country: PT}}\n"
              "- id: webinar\n  title: Webinar\n  start: 2022-03-10\n  online: true\n")
    return {"events.yaml": events}


def test_uids_survive_a_new_title_and_a_new_address(sample_site):
    before = calendars_of(sample_site(sample_events()), "https://demo.example.eu/")
    after = calendars_of(sample_site(sample_events(kick_off="Kick-off meeting (moved)")), "https://demo.example.org/site/")
    for uri in ("events.ics", "events/kick-off.ics"):
        assert uids(before[uri]).keys() == uids(after[uri]).keys()
    assert uids(before["events.ics"]) == {"kick-off@demo.consortia": "Kick-off meeting", "webinar@demo.consortia": "Webinar"}
    assert uids(after["events.ics"])["kick-off@demo.consortia"] == "Kick-off meeting (moved)"
    (moved,) = calendar_of(after["events/kick-off.ics"]).walk("VEVENT")
    assert str(moved["URL"]) == "https://demo.example.org/site/events/kick-off/"


def test_a_site_address_without_a_final_slash_still_links_the_pages(sample_site):
    calendars = calendars_of(sample_site(sample_events()), "https://demo.example.eu/site")
    (webinar,) = calendar_of(calendars["events/webinar.ics"]).walk("VEVENT")
    assert str(webinar["URL"]) == "https://demo.example.eu/site/events/webinar/"
