"""Records → iCalendar files that calendar programs subscribe to or import.

A calendar event's UID comes from the event id and the project's acronym only, so an event keeps
its place in people's calendars when it is retitled, moved or the site changes its domain.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from consortia.addresses import CALENDAR_FILE, event_calendar_uri, page_uri, site_path, slug
from consortia.catalogue import Catalogue
from consortia.feeds import event_updated
from consortia.records import Event
from consortia.wording import STATUS_PREFIX, calendar_name, event_place

_STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def calendar_files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """The calendar of every event, and each event's own calendar, by URI in the built site."""
    writer = _CalendarWriter(catalogue, site_url.rstrip("/") + "/")
    files = {CALENDAR_FILE: writer.calendar(catalogue.events, calendar_name(catalogue.project))}
    for event in catalogue.events:
        files[event_calendar_uri(event)] = writer.calendar([event], event.title)
    return files


class _CalendarWriter:
    """Writes the calendars of one site; the site calendar and every event's own calendar share
    each event and time zone, serialised once per build."""

    def __init__(self, catalogue: Catalogue, base_url: str) -> None:
        self.catalogue = catalogue
        self.project = catalogue.project
        self.base_url = base_url
        self.zones: dict[str, bytes] = {}
        self.events: dict[str, bytes] = {}

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
        # One VTIMEZONE per zone used, in a fixed order (add_missing_timezones follows set order), then
        # the events: the components as icalendar writes them, put between the calendar's own lines.
        zones = sorted({event.timezone for event in events if event.has_times})
        head, tail = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
        components = [self._zone_ical(zone) for zone in zones] + [self._event_ical(event) for event in events]
        return head + b"".join(components) + b"END:VCALENDAR" + tail

    def _zone_ical(self, zone: str) -> bytes:
        if zone not in self.zones:  # building a VTIMEZONE from the zone database is slow: once per zone
            self.zones[zone] = icalendar.Timezone.from_tzid(zone).to_ical()
        return self.zones[zone]

    def _event_ical(self, event: Event) -> bytes:
        if event.id not in self.events:
            self.events[event.id] = self._calendar_event(event).to_ical()
        return self.events[event.id]

    def _page(self, event: Event) -> str:
        return self.base_url + site_path(page_uri(event))

    def _calendar_event(self, event: Event) -> icalendar.Event:
        entry = icalendar.Event()
        entry.add("uid", f"{event.id}@{slug(self.project.acronym)}.consortia")
        entry.add("dtstamp", event_updated(event))
        entry.add("summary", f"{STATUS_PREFIX[event.status]}{event.title}")
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
            lines.append(f"Registration: {event.registration}")
        lines.append(f"Details: {self._page(event)}")
        return "\n".join(lines)


def _calendar_times(event: Event) -> tuple[date | datetime, date | datetime | None]:
    """Whole days as dates with an exclusive end; times in the event's own zone."""
    if not event.has_times:
        return event.start, event.last_day + timedelta(days=1)
    zone = ZoneInfo(event.timezone)
    return event.start.replace(tzinfo=zone), event.end.replace(tzinfo=zone) if event.end else None
