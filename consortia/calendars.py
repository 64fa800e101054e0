"""Records → iCalendar files that calendar programs subscribe to or import.

A calendar event's UID comes from the event id and the project's acronym only, so an event keeps
its place in people's calendars when it is retitled, moved or the site changes its domain.

DTSTAMP is the event's `updated` day, else the day it starts, but never later than the build day
(`catalogue.today`, which reproducible builds take from SOURCE_DATE_EPOCH): an event already held keeps
its start day, an event still to come is stamped with the day the calendar was built, and a rebuild
for the same day gives the same bytes. A stamp never lies in the future, as RFC 5545 wants.

Each zone the events use is written as one VTIMEZONE in the form Outlook and Google write: a STANDARD
and a DAYLIGHT part, each with the first change of the year before the first event as DTSTART and a
yearly RRULE such as FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU; a zone without summer time gets one STANDARD
part with its offset. The rules are read from the zone database (zoneinfo): the changes from the year
before the first event to the last event's year are found, and a rule is written only if it gives
every one of them and no other. Where no yearly rule does (the zone changed its rules in those
years), each part lists its changes with one RDATE a line, never comma-separated: ical.js (Thunderbird,
Nextcloud and many web calendars) reads only the first of comma-separated values, and ignores DTSTART
when RDATE is present, so there every change is an RDATE, the first one too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from importlib import metadata
from pathlib import Path
import zoneinfo
from zoneinfo import ZoneInfo

import icalendar

from consortia.addresses import CALENDAR_FILE, event_calendar_uri, page_uri, site_path, slug
from consortia.catalogue import Catalogue
from consortia.feeds import midnight_utc
from consortia.kept_files import Fingerprints, KeptFiles
from consortia.records import Event
from consortia.languages import _, current
from consortia.reads import Comparison, Kept
from consortia.wording import calendar_name, event_place, time_zone, titled_with_status

_STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def calendar_files(catalogue: Catalogue, site_url: str, cache_dir: Path | None = None) -> dict[str, bytes]:
    """The calendar of every event, and each event's own calendar, by URI in the built site; kept
    in `cache_dir` (when given) while the events, the project and the day are the same."""
    writer = _CalendarWriter(catalogue, site_url.rstrip("/") + "/")
    on_disk = KeptFiles.in_cache(cache_dir, "calendars", current())
    zones = sorted({event.timezone for event in catalogue.events if event.timezone})
    made_from = (writer.base_url, current(), catalogue.today, catalogue.project, catalogue.events, _zone_data(zones))
    files = on_disk.get(Fingerprints.for_build("calendars", current()).of(*made_from), writer.calendars)
    on_disk.forget_unused()
    return files


KEPT_CALENDARS = Kept()
"""Each event's calendar entry and calendar file as this process wrote them last (the preview's
next build writes again only those of an edited event)."""


class _CalendarWriter:
    """Writes the calendars of one site; the site calendar and every event's own calendar share
    each event and time zone, serialised once and kept while unchanged."""

    def __init__(self, catalogue: Catalogue, base_url: str) -> None:
        self.catalogue = catalogue
        self.project = catalogue.project
        self.base_url = base_url
        self.comparison = Comparison(set())

    def calendars(self) -> dict[str, bytes]:
        """The calendar of every event, and each event's own calendar, by URI."""
        files = {CALENDAR_FILE: self.calendar(self.catalogue.events, calendar_name(self.project))}
        for event in self.catalogue.events:
            files[event_calendar_uri(event)] = self.kept(("calendar", event.id), event, lambda: self.calendar([event], event.title))
        return files

    def calendar(self, events: list[Event], name: str) -> bytes:
        """An RFC 5545 calendar of `events`, with the time zones their times use."""
        calendar = icalendar.Calendar()
        calendar.add("prodid", f"-//Consortia//{self.project.acronym} events//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        # Subscribed calendars ask again after this long.
        calendar.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "P1D")
        # One VTIMEZONE per zone used, sorted by name, covering the years of this calendar's events in
        # it; then the events: the components as icalendar writes them, put between the calendar's lines.
        years: dict[str, tuple[int, int]] = {}
        for event in events:
            if event.has_times:
                first, last = years.get(event.timezone, (event.start.year, event.last_day.year))
                years[event.timezone] = (min(first, event.start.year), max(last, event.last_day.year))
        head, tail = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
        components = [_zone_ical(zone, *years[zone]) for zone in sorted(years)]
        components += [self._event_ical(event) for event in events]
        return head + b"".join(components) + b"END:VCALENDAR" + tail

    def kept(self, key: tuple, event: Event, make: Callable[[], bytes]) -> bytes:
        """What `make` gives for `event`, kept while the event, the project, the day and the site's
        address and language are the same."""
        return KEPT_CALENDARS.get((*key, self.base_url, current()), (event, self.project, self.catalogue.today), make, self.comparison)

    def _event_ical(self, event: Event) -> bytes:
        return self.kept(("event", event.id), event, lambda: self._calendar_event(event).to_ical())

    def _page(self, event: Event) -> str:
        return self.base_url + site_path(page_uri(event))

    def _calendar_event(self, event: Event) -> icalendar.Event:
        entry = icalendar.Event()
        entry.add("uid", f"{event.id}@{slug(self.project.acronym)}.consortia")
        entry.add("dtstamp", midnight_utc(min(event.updated or event.start_day, self.catalogue.today)))
        entry.add("summary", titled_with_status(event))
        start, end = _calendar_times(event)
        entry.add("dtstart", start)
        if end is not None:
            entry.add("dtend", end)
        entry.add("location", event_place(event))
        entry.add("url", self._page(event))
        entry.add("description", self._description(event))
        entry.add("status", _STATUS[event.status])
        # Calendars apply a change only when the sequence grows; a cancellation is one.
        entry.add("sequence", 1 if event.status == "cancelled" else 0)
        for topic_id in event.topics:
            entry.add("categories", self.catalogue.topic(topic_id).title)
        return entry

    def _description(self, event: Event) -> str:
        lines = [event.summary] if event.summary else []
        if event.registration:
            lines.append(_("Registration: %(address)s") % {"address": event.registration})
        lines.append(_("Details: %(address)s") % {"address": self._page(event)})
        return "\n".join(lines)


def _zone_data(zones: list[str]) -> list[str]:
    """Where the time zones' rules come from, and when that changed: a new time zone database
    (Debian's tzdata, or Python's tzdata package where there is none) gives new VTIMEZONEs."""
    stamps = []
    for zone in zones:
        found = next((Path(folder, zone) for folder in zoneinfo.TZPATH if Path(folder, zone).is_file()), None)
        state = found.stat() if found else None
        stamps.append(f"{found} {state.st_size} {state.st_mtime_ns}" if state else f"{zone} tzdata {_tzdata_version()}")
    return stamps


@lru_cache(maxsize=1)
def _tzdata_version() -> str:
    try:
        return metadata.version("tzdata")
    except metadata.PackageNotFoundError:
        return "none"


@lru_cache(maxsize=None)
def _zone_ical(zone: str, first_year: int, last_year: int) -> bytes:
    """A zone's VTIMEZONE for those years: the site calendar and the events' own share most zones."""
    return vtimezone(zone, first_year, last_year).to_ical()


def _calendar_times(event: Event) -> tuple[date | datetime, date | datetime | None]:
    """Whole days as dates with an exclusive end; times in the event's own zone."""
    if not event.has_times:
        return event.start, event.last_day + timedelta(days=1)
    zone = time_zone(event.timezone)
    return event.start.replace(tzinfo=zone), event.end.replace(tzinfo=zone) if event.end else None


# --- VTIMEZONE: the zone database's changes as yearly rules -------------------------------------------

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _Clock:
    """What a zone's clocks show at one moment."""

    offset: timedelta
    dst: timedelta
    name: str


@dataclass(frozen=True)
class _Change:
    """A change of a zone's clocks: `local` is the wall time it happens at, read on the clock before."""

    local: datetime
    before: _Clock
    after: _Clock

    @property
    def daylight(self) -> bool:
        # Ireland's zone has negative summer time in the database (winter is dst = -1 h): there the
        # change to the smaller negative value, summer, is the daylight one, as calendar programs expect.
        return self.after.dst > timedelta(0) or self.after.dst > self.before.dst

    @property
    def kind(self) -> tuple[bool, timedelta, timedelta, str]:
        return self.daylight, self.before.offset, self.after.offset, self.after.name


def _clock(zone: ZoneInfo, seconds: int) -> _Clock:
    moment = datetime.fromtimestamp(seconds, zone)
    return _Clock(moment.utcoffset() or timedelta(0), moment.dst() or timedelta(0), moment.tzname() or "")


def _changes(zone: ZoneInfo, start: int, end: int) -> list[_Change]:
    """Every change of the zone's clocks from `start` to `end` (POSIX seconds), found day by day and then
    to the second; no zone changes its clocks twice in one day."""
    changes = []
    here, clock = start, _clock(zone, start)
    while here < end:
        step = min(here + 86400, end)
        if _clock(zone, step) == clock:
            here = step
            continue
        low, high = here, step  # the clocks show `clock` at low and something else at high
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if _clock(zone, middle) == clock else (low, middle)
        after = _clock(zone, high)
        local = datetime.fromtimestamp(high, timezone.utc).replace(tzinfo=None) + clock.offset
        changes.append(_Change(local, clock, after))
        here, clock = high, after
    return changes


def _weekday_in_month(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The `ordinal`th (1 to 4, or -1 for the last) `weekday` (0 = Monday) of a month."""
    if ordinal > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    last = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _yearly_rule(changes: list[_Change], years: range) -> dict[str, object] | None:
    """The yearly RRULE giving exactly `changes`, one in each of `years`, if there is one."""
    if [change.local.year for change in changes] != list(years):
        return None
    first = changes[0].local
    weekday, month = first.weekday(), first.month
    # The last Sunday of October, say, or the second Sunday of March: a day of the last week may be either.
    ordinals = [-1] if first.date() == _weekday_in_month(first.year, month, weekday, -1) else []
    ordinals += [(first.day - 1) // 7 + 1] if first.day <= 28 else []
    for ordinal in ordinals:
        given = [datetime.combine(_weekday_in_month(change.local.year, month, weekday, ordinal), first.time())
                 for change in changes]
        if given == [change.local for change in changes]:
            return {"freq": "yearly", "bymonth": month, "byday": f"{ordinal}{_WEEKDAYS[weekday]}"}
    return None


def _part(daylight: bool, start: datetime, before: _Clock, after: _Clock) -> icalendar.TimezoneStandard | icalendar.TimezoneDaylight:
    part = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
    part.add("dtstart", start)
    part.add("tzname", after.name)
    part.add("tzoffsetfrom", before.offset)
    part.add("tzoffsetto", after.offset)
    return part


def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The VTIMEZONE of a zone, right for every time from `first_year` to `last_year`.

    The changes are read from the year before `first_year` on, so each part starts before the first
    event: ical.js counts a time before the first change as UTC."""
    zone = time_zone(tzid)
    years = range(first_year - 1, last_year + 1)
    start = datetime(years.start, 1, 1)  # local midnight of New Year's Day
    start_seconds = int(start.replace(tzinfo=zone).timestamp())
    changes = _changes(zone, start_seconds, int(datetime(years.stop, 1, 1, tzinfo=zone).timestamp()))
    kinds: dict[tuple[bool, timedelta, timedelta, str], list[_Change]] = {}
    for change in changes:
        kinds.setdefault(change.kind, []).append(change)
    result = icalendar.Timezone()
    result.add("tzid", tzid)
    if not changes:  # no summer time in those years: one STANDARD part with the zone's offset
        clock = _clock(zone, start_seconds)
        result.add_component(_part(False, start, clock, clock))
        return result
    rules = {kind: _yearly_rule(kind_changes, years) for kind, kind_changes in kinds.items()}
    parts = []
    if all(rules.values()):
        for kind, kind_changes in kinds.items():
            part = _part(kind[0], kind_changes[0].local, kind_changes[0].before, kind_changes[0].after)
            part.add("rrule", rules[kind])
            parts.append(part)
    else:  # rules changed in those years: the clocks at the start, then each change on a line of its own
        clock = _clock(zone, start_seconds)
        parts.append(_part(clock.dst > timedelta(0), start, clock, clock))
        for kind, kind_changes in kinds.items():
            part = _part(kind[0], kind_changes[0].local, kind_changes[0].before, kind_changes[0].after)
            if len(kind_changes) > 1:
                for change in kind_changes:
                    part.add("rdate", change.local)
            parts.append(part)
    for part in sorted(parts, key=lambda part: part.decoded("dtstart")):
        result.add_component(part)
    return result
