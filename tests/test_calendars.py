"""Tests for consortia.calendars: iCalendar files that calendar programs subscribe to or import.

The example's calendars are compared with reviewed golden files in tests/golden/feeds/ (beside the
feeds); regenerate them after an intended change with `CONSORTIA_UPDATE_GOLDEN=1 make test`, then
review the diff. The other tests read the files as a calendar program does (icalendar) and check them
against the records in the YAML, not against the kit's own helpers. The times are also read by the
JavaScript libraries of other calendar programs, ical.js (Thunderbird, Nextcloud) and node-ical, through
tests/js/read_calendar.mjs: those tests need `node` and the node_modules of `npm ci` (make install-test).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import yaml

from conftest import assert_matches_golden, example_yaml
from consortia.calendars import calendar_files, vtimezone
from consortia.catalogue import Catalogue
from consortia.load import load_site
from consortia.pipeline import ProjectFolder, build_day, generate

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "feeds"
SITE_URL = "https://www.tex4im.eu/"
EXAMPLE_DAY = date(2019, 11, 1)

# The example's events, read straight from the YAML the communication officer wrote.
EVENTS = {event["id"]: event for event in example_yaml("events.yaml")}


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


# --- the same times in every calendar program ----------------------------------------------------------

NODE = shutil.which("node")
CALENDAR_READER = REPO / "tests" / "js" / "read_calendar.mjs"
NODE_PARSERS = ("ical.js", "node-ical")
MISSING_NODE = (
    "node is not installed" if NODE is None else
    next((f"node_modules/{name} is missing: run npm ci (make install-test)" for name in NODE_PARSERS
          if not (REPO / "node_modules" / name / "package.json").is_file()), None)
)
needs_node = pytest.mark.skipif(MISSING_NODE is not None, reason=f"{MISSING_NODE}: the JavaScript calendar parsers cannot run")

# Summer and winter in Stockholm, Rome, a night across the March clock change in Berlin, a zone without
# summer time (Istanbul), a time without an end (Lisbon), one whole day and three whole days.
ZONE_EVENTS = """\
- id: stockholm-summer
  title: Summer meeting
  start: "2023-06-15T09:30"
  end: "2023-06-15T17:00"
  timezone: Europe/Stockholm
  location: {city: Stockholm, country: SE}
- id: stockholm-winter
  title: Winter meeting
  start: "2023-01-17T09:00"
  end: "2023-01-17T16:00"
  timezone: Europe/Stockholm
  location: {city: Stockholm, country: SE}
- id: rome-webinar
  title: Webinar from Rome
  start: "2023-05-20T11:00"
  end: "2023-05-20T12:30"
  timezone: Europe/Rome
  online: true
- id: berlin-night
  title: Hackathon through the night
  start: "2023-03-25T20:00"
  end: "2023-03-26T10:00"
  timezone: Europe/Berlin
  location: {city: Berlin, country: DE}
- id: istanbul-visit
  title: Study visit
  start: "2023-09-12T10:00"
  end: "2023-09-12T18:00"
  timezone: Europe/Istanbul
  location: {city: Istanbul, country: TR}
- id: lisbon-call
  title: Partner call
  start: "2023-11-07T15:00"
  timezone: Europe/Lisbon
  online: true
- id: one-day
  title: Info day
  start: 2023-04-04
  location: {city: Porto, country: PT}
- id: three-days
  title: Training
  start: 2023-10-09
  end: 2023-10-11
  location: {city: Porto, country: PT}
"""

# Brazil's summer time began on a different Sunday each year and ended for good in 2019: no yearly rule
# covers 2017-2019, so the zone is written with one RDATE a line.
CHANGING_RULES_EVENTS = """\
- id: sao-paulo-night
  title: Night across the clock change
  start: "2018-11-03T20:00"
  end: "2018-11-04T10:00"
  timezone: America/Sao_Paulo
  online: true
- id: sao-paulo-summer
  title: After summer time
  start: "2019-12-10T10:00"
  end: "2019-12-10T12:00"
  timezone: America/Sao_Paulo
  online: true
"""


def utc_minute(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def shown_moment(moment: date | datetime) -> str:
    """A time as UTC to the minute and a day as its date, as read_calendar.mjs prints them."""
    return utc_minute(moment) if isinstance(moment, datetime) else moment.isoformat()


def expected_times(events_yaml: str, acronym: str) -> dict[str, tuple[str, str]]:
    """UID → (start, end) computed from the YAML with zoneinfo alone: whole days with an exclusive end,
    an event without an end ending when it starts (RFC 5545)."""
    expected = {}
    for event in yaml.safe_load(events_yaml):
        uid = f"{event['id']}@{acronym}.consortia"
        if event.get("timezone"):
            zone = ZoneInfo(event["timezone"])
            start, end = (datetime.fromisoformat(written).replace(tzinfo=zone)
                          for written in (event["start"], event.get("end", event["start"])))
        else:
            start, end = event["start"], event.get("end", event["start"]) + timedelta(days=1)
        expected[uid] = (shown_moment(start), shown_moment(end))
    return expected


def read_with_icalendar(data: bytes) -> dict[str, dict[str, tuple[str, str]]]:
    """UID → (start, end) as the Python icalendar package reads them: by the TZID, which it knows from
    the zone database, and by the file's own VTIMEZONE alone, as a program without that database does."""
    calendar = calendar_of(data)
    own_zones = {str(zone["TZID"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}

    def by_own_zone(moment: date | datetime) -> date | datetime:
        return moment.replace(tzinfo=own_zones[str(moment.tzinfo)]) if isinstance(moment, datetime) else moment

    readings: dict[str, dict[str, tuple[str, str]]] = {"icalendar": {}, "icalendar, own VTIMEZONE": {}}
    for vevent in calendar.walk("VEVENT"):
        uid = str(vevent["UID"])
        readings["icalendar"][uid] = (shown_moment(vevent.start), shown_moment(vevent.end))
        readings["icalendar, own VTIMEZONE"][uid] = (shown_moment(by_own_zone(vevent.start)), shown_moment(by_own_zone(vevent.end)))
    return readings


def read_with_node(paths: list[Path]) -> list[dict[str, dict[str, tuple[str, str]]]]:
    """For each file, UID → (start, end) as ical.js and node-ical read them."""
    result = subprocess.run([NODE, str(CALENDAR_READER), *map(str, paths)],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    return [{parser: {event["uid"]: (event["start"], event["end"]) for event in events}
             for parser, events in json.loads(line).items()}
            for line in result.stdout.splitlines()]


def assert_read_alike(calendars: dict[str, bytes], expected: dict[str, tuple[str, str]], folder: Path) -> None:
    """Every calendar read by icalendar, ical.js and node-ical gives every event the expected times."""
    paths = []
    for uri, data in calendars.items():
        path = folder / uri.replace("/", "__")
        path.write_bytes(data)
        paths.append(path)
    differences = []
    for (uri, data), node_readings in zip(calendars.items(), read_with_node(paths), strict=True):
        readings = {**read_with_icalendar(data), **node_readings}
        for parser, times in readings.items():
            assert set(times) <= set(expected), f"{uri}: {parser} read unknown events {set(times) - set(expected)}"
            differences += [f"{uri}: {parser} reads {uid} as {read} instead of {expected[uid]}"
                            for uid, read in times.items() if read != expected[uid]]
        assert set(readings["icalendar"]) == set(readings["ical.js"]) == set(readings["node-ical"]), uri
    assert differences == [], "\n".join(differences)


@needs_node
def test_every_parser_reads_the_same_times(sample_site, tmp_path):
    calendars = calendars_of(sample_site({"events.yaml": ZONE_EVENTS}), "https://demo.example.eu/", date(2024, 1, 10))
    assert len(calendars) == 1 + len(yaml.safe_load(ZONE_EVENTS))
    assert_read_alike(calendars, expected_times(ZONE_EVENTS, "demo"), tmp_path)


@needs_node
def test_every_parser_reads_the_example_calendars_alike(example_calendars, tmp_path):
    events_yaml = (REPO / "events.yaml").read_text(encoding="utf-8")
    assert_read_alike(example_calendars, expected_times(events_yaml, "tex4im"), tmp_path)


@needs_node
def test_a_zone_whose_rules_change_is_read_alike_too(sample_site, tmp_path):
    calendars = calendars_of(sample_site({"events.yaml": CHANGING_RULES_EVENTS}), "https://demo.example.eu/", date(2024, 1, 10))
    (zone,) = calendar_of(calendars["events.ics"]).walk("VTIMEZONE")
    assert "RRULE" not in zone.to_ical().decode() and "RDATE" in zone.to_ical().decode()
    assert_read_alike(calendars, expected_times(CHANGING_RULES_EVENTS, "demo"), tmp_path)


# --- DTSTAMP: never after the build day, the same in every rebuild --------------------------------------

STAMP_EVENTS = """\
- id: held
  title: Workshop already held
  start: 2022-03-10
  location: {city: Porto, country: PT}
- id: moved
  title: Meeting moved to May
  start: "2022-05-02T10:00"
  timezone: Europe/Lisbon
  updated: 2022-02-20
  location: {city: Porto, country: PT}
- id: far-webinar
  title: Webinar in 2098
  start: "2098-06-01T10:00"
  end: "2098-06-01T11:00"
  timezone: Europe/Brussels
  online: true
  status: cancelled
"""
STAMP_DAY = date(2022, 3, 15)
STAMP_EPOCH = "1647302400"  # 15 March 2022, 00:00 UTC, as a reproducible build sets SOURCE_DATE_EPOCH


def stamps(data: bytes) -> dict[str, datetime]:
    return {str(vevent["UID"]).split("@")[0]: vevent["DTSTAMP"].dt for vevent in calendar_of(data).walk("VEVENT")}


def midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc)


def test_no_stamp_is_later_than_the_build_day(sample_site, example_calendars):
    calendars = calendars_of(sample_site({"events.yaml": STAMP_EVENTS}), "https://demo.example.eu/", STAMP_DAY)
    for uri, data in calendars.items():
        assert all(stamp < midnight(STAMP_DAY + timedelta(days=1)) for stamp in stamps(data).values()), uri
    assert stamps(calendars["events.ics"]) == {
        "held": midnight(date(2022, 3, 10)),  # held before the build day: the day it started
        "moved": midnight(date(2022, 2, 20)),  # its `updated` day
        "far-webinar": midnight(STAMP_DAY),  # still to come, cancelled: the build day
    }
    (far,) = calendar_of(calendars["events/far-webinar.ics"]).walk("VEVENT")
    assert str(far["STATUS"]) == "CANCELLED" and far["DTSTART"].dt.year == 2098
    for uri, data in example_calendars.items():
        assert all(stamp <= midnight(EXAMPLE_DAY) for stamp in stamps(data).values()), uri


def test_two_builds_give_the_same_calendars(sample_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", STAMP_EPOCH)
    assert build_day() == STAMP_DAY
    root = sample_site({"events.yaml": STAMP_EVENTS + ZONE_EVENTS})

    def build() -> dict[str, bytes]:
        generated = generate(ProjectFolder(root, root / "content", cache_dir=None), build_day(), "https://demo.example.eu/")
        return {uri: data for uri, data in generated.files.items() if uri.endswith(".ics")}

    first, second = build(), build()
    assert len(first) == 1 + len(yaml.safe_load(STAMP_EVENTS + ZONE_EVENTS))
    assert first == second
    assert stamps(first["events.ics"])["far-webinar"].date() == STAMP_DAY


# --- VTIMEZONE: yearly rules, or one RDATE a line -------------------------------------------------------


def zone_lines(data: bytes) -> list[str]:
    """The lines of every VTIMEZONE, unfolded."""
    lines, inside = [], False
    for line in data.replace(b"\r\n ", b"").decode("utf-8").split("\r\n"):
        inside = inside or line == "BEGIN:VTIMEZONE"
        if inside:
            lines.append(line)
        inside = inside and line != "END:VTIMEZONE"
    return lines


def test_no_time_zone_lists_changes_with_commas(sample_site, example_calendars):
    calendars = {f"example {uri}": data for uri, data in example_calendars.items()}
    for name, events in (("zones", ZONE_EVENTS), ("changing rules", CHANGING_RULES_EVENTS), ("stamps", STAMP_EVENTS)):
        made = calendars_of(sample_site({"events.yaml": events}), "https://demo.example.eu/", STAMP_DAY)
        calendars.update({f"{name} {uri}": data for uri, data in made.items()})
    rdates = 0
    for name, data in calendars.items():
        for line in zone_lines(data):
            assert not (line.startswith("RDATE") and "," in line), f"{name}: {line}"
            rdates += line.startswith("RDATE")
    assert rdates > 0  # the changing rules are written with RDATE, one a line


def test_time_zones_have_yearly_rules_as_big_calendar_services_write_them(sample_site):
    calendars = calendars_of(sample_site({"events.yaml": ZONE_EVENTS}), "https://demo.example.eu/", STAMP_DAY)
    zones = {str(zone["TZID"]): zone for zone in calendar_of(calendars["events.ics"]).walk("VTIMEZONE")}
    assert list(zones) == ["Europe/Berlin", "Europe/Istanbul", "Europe/Lisbon", "Europe/Rome", "Europe/Stockholm"]  # sorted
    for tzid in ("Europe/Berlin", "Europe/Rome", "Europe/Stockholm"):
        parts = {part.name: part for part in zones[tzid].subcomponents}
        assert sorted(parts) == ["DAYLIGHT", "STANDARD"] and len(zones[tzid].subcomponents) == 2, tzid
        assert parts["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
        assert parts["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
        assert parts["DAYLIGHT"]["DTSTART"].dt == datetime(2022, 3, 27, 2, 0)  # 01:00 UTC, on the clock before
        assert parts["STANDARD"]["DTSTART"].dt == datetime(2022, 10, 30, 3, 0)
    (istanbul,) = zones["Europe/Istanbul"].subcomponents
    assert istanbul.name == "STANDARD" and "RRULE" not in istanbul and "RDATE" not in istanbul
    assert istanbul["TZOFFSETFROM"].to_ical() == istanbul["TZOFFSETTO"].to_ical() == "+0300"


@pytest.mark.parametrize(("tzid", "first_year", "last_year"), [
    ("Europe/Stockholm", 2019, 2020), ("Europe/Dublin", 2023, 2023), ("America/New_York", 2021, 2022),
    ("Australia/Sydney", 2022, 2023), ("Asia/Dubai", 2023, 2023), ("UTC", 2023, 2023),
    ("Europe/Istanbul", 2015, 2017), ("America/Sao_Paulo", 2018, 2019), ("Europe/Moscow", 2010, 2015),
])
def test_a_time_zone_gives_the_zone_database_offsets_in_its_years(tzid, first_year, last_year):
    """A program without the zone database reads a local time with the VTIMEZONE alone (icalendar
    builds a time zone from it): every three hours of those years, and every quarter of an hour where
    the clocks change, it must give the offset zoneinfo gives. Times that happen twice or never are
    left out: which one is meant is the program's choice."""
    zone = ZoneInfo(tzid)
    written = calendar_of(b"BEGIN:VCALENDAR\r\n" + vtimezone(tzid, first_year, last_year).to_ical() + b"END:VCALENDAR\r\n")
    (own_zone,) = written.walk("VTIMEZONE")
    own = own_zone.to_tz(lookup_tzid=False)
    wrong = []

    def check(wall: datetime) -> timedelta:
        offset = wall.replace(tzinfo=zone).utcoffset()
        if offset == wall.replace(tzinfo=zone, fold=1).utcoffset() and wall.replace(tzinfo=own).utcoffset() != offset:
            wrong.append(f"{wall:%Y-%m-%d %H:%M}: {wall.replace(tzinfo=own).utcoffset()} instead of {offset}")
        return offset

    wall = datetime(first_year, 1, 1)
    offset = check(wall)
    while wall.year <= last_year:
        following = wall + timedelta(hours=3)
        if check(following) != offset:
            for quarter in range(1, 12):
                check(wall + timedelta(minutes=15 * quarter))
        wall, offset = following, check(following)
    assert wrong[:5] == [], tzid
