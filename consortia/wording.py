"""Every sentence and label the kit composes from records: dates, places, counts, names of
countries and kinds, feed and calendar titles. Pages, feeds, calendars, open data, PDFs and the
command line all word things through here, so a wording is decided (and translated) in one place.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date

if TYPE_CHECKING:
    from consortia.records import Agreement, Event, NewsletterIssue, Project

LOCALE = "en_150"
"""English as written in Europe (15 October 2019), from the Unicode CLDR through Babel."""

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
    return format_date(day, "long", locale=LOCALE)


def agenda_day(event: Event, day_number: int) -> str:
    """The date of an agenda's day 2, as a heading: 'Wednesday, 15 March 2023'."""
    return format_date(event.start_day + timedelta(days=day_number - 1), "full", locale=LOCALE)


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
    where = address_line([*parts, country_name(place.country)])
    return f"Online and {where}" if event.online else where


def address_line(parts: list[str]) -> str:
    """The given parts of an address, each once, joined by commas: a street address that ends with
    its city ("Rue X 1, 38000 Grenoble") is not followed by the city again, nor a city by a region of
    the same name."""
    kept: list[str] = []
    for part in parts:
        said = part.casefold()
        if part and not any(earlier.casefold() == said or earlier.casefold().endswith(" " + said) for earlier in kept):
            kept.append(part)
    return ", ".join(kept)


def event_status(event: Event) -> str:
    """Scheduled, Postponed or Cancelled."""
    return event.status.capitalize()


def agreement_status(agreement: Agreement, today: date) -> str:
    """'Active', 'Active until 31 December 2025', 'Ended on 31 December 2025' or 'Ended', as on `today`:
    an end date that has passed ends the agreement whatever its status says."""
    if agreement.ends and agreement.ends < today:
        return f"Ended on {human_date(agreement.ends)}"
    if agreement.status == "ended":
        return "Ended"
    return f"Active until {human_date(agreement.ends)}" if agreement.ends else "Active"


def country_name(code: str) -> str:
    """PT → Portugal, CZ → Czechia, XK → Kosovo, as the Unicode CLDR names them; an unknown code as it is."""
    return Locale.parse(LOCALE).territories.get(code, code)


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
    """'TEX4IM · June 2020 newsletter', the printed pages' running footer before the page number;
    just the title when it names the project already ('TEX4IM Newsletter — June 2020')."""
    title = issue.title
    if len(title) > FOOTER_TITLE_LENGTH:
        title = title[: FOOTER_TITLE_LENGTH - 1].rstrip() + "…"
    return title if project.acronym.casefold() in issue.title.casefold() else f"{project.acronym} · {title}"


def site_address(site_url: str) -> str:
    """https://www.tex4im.eu/ → www.tex4im.eu, as a printed page names a website."""
    return site_url.split("://", 1)[-1].rstrip("/")
