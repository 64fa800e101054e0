"""Every sentence and label the kit composes from records: dates, places, counts, names of
countries and kinds, feed and calendar titles. Pages, feeds, calendars, open data, PDFs and the
command line all word things through here, so a wording is decided (and translated) in one place.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pycountry

if TYPE_CHECKING:
    from consortia.records import Event, NewsletterIssue, Project

_MONTHS = (
    "January February March April May June July August September October November December"
).split()

KIND_LABELS = {
    "public-body": "Public body",
    "sme": "SME",
    "kick-off": "Kick-off meeting",
    "general-assembly": "General assembly",
    "peer-review": "Peer review",
    "study-visit": "Study visit",
}
"""Kinds of partner and event whose label is not the id with its first letter capitalised."""

STATUS_PREFIX = {"scheduled": "", "postponed": "Postponed: ", "cancelled": "Cancelled: "}
"""Put before an event's title in feeds and calendars, which have no banner to say it."""

LEGAL_PAGE_LABELS = {"legal.md": "Legal notice", "privacy.md": "Privacy", "accessibility.md": "Accessibility"}
"""The footer's links to the pages every public site needs, by source URI."""

FOOTER_TITLE_LENGTH = 60
"""Longer issue titles are shortened in the printed footer, which has one line."""


def human_date(day: date) -> str:
    """15 October 2019."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def event_when(event: Event) -> str:
    """A plain-language date, and times with their zone, e.g. '15 October 2019, 09:30–17:00 (Europe/Stockholm, CEST)'."""
    start, end = event.start, event.end
    if not isinstance(start, datetime):
        if end is None or end == start:
            return human_date(start)
        return f"{human_date(start)} – {human_date(end)}"
    zone = ZoneInfo(event.timezone)
    abbreviation = start.replace(tzinfo=zone).tzname()
    until = ""
    if end is not None:
        until = f"–{end:%H:%M}" if end.date() == start.date() else f" – {human_date(end.date())}, {end:%H:%M}"
    return f"{human_date(start.date())}, {start:%H:%M}{until} ({event.timezone}, {abbreviation})"


def event_place(event: Event, short: bool = False) -> str:
    """'Online', or the venue (just the city when `short`), or both."""
    place = event.location
    if place is None:
        return "Online"
    parts = [place.city] if short else [place.venue, place.address, place.city]
    where = ", ".join([*(part for part in parts if part), country_name(place.country)])
    return f"Online and {where}" if event.online else where


def event_status(event: Event) -> str:
    """Scheduled, Postponed or Cancelled."""
    return event.status.capitalize()


def country_name(code: str) -> str:
    """PT → Portugal; the common name where ISO's official one is long (CZ → Czechia); an unknown
    code as it is."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def kind_label(kind: str) -> str:
    """kick-off → Kick-off meeting; cluster → Cluster."""
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


def partner_count(count: int) -> str:
    """1 partner; 2 partners."""
    return f"{count} partner{'' if count == 1 else 's'}"


def country_partners(code: str, count: int) -> str:
    """Portugal: 1 partner; Italy: 2 partners."""
    return f"{country_name(code)}: {partner_count(count)}"


def partner_map_title(project: Project) -> str:
    """The partner map's accessible name."""
    return f"Map of Europe: the countries of the {project.acronym} partners"


def feed_title(project: Project, subject: str, format_name: str) -> str:
    """'TEX4IM news (RSS)' for the page <head> and the Subscribe page."""
    return f"{project.acronym} {subject} ({format_name})"


def topic_feed_title(project: Project, topic_title: str, format_name: str) -> str:
    """'TEX4IM: Circular economy (RSS)'."""
    return f"{project.acronym}: {topic_title} ({format_name})"


def feed_heading(project: Project, subject: str) -> str:
    """A feed's own title inside the feed, e.g. 'TEX4IM: The latest news'."""
    return f"{project.acronym}: {subject}"


def calendar_name(project: Project) -> str:
    """The name a calendar program shows for the site's calendar."""
    return f"{project.acronym} events"


def print_footer(project: Project, issue: NewsletterIssue) -> str:
    """'TEX4IM · June 2020 newsletter', the printed pages' running footer before the page number."""
    title = issue.title
    if len(title) > FOOTER_TITLE_LENGTH:
        title = title[: FOOTER_TITLE_LENGTH - 1].rstrip() + "…"
    return f"{project.acronym} · {title}"
