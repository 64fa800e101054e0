"""Records → RSS 2.0, Atom and iCalendar files that feed readers and calendars trust.

Entry ids come from the record type and id only (never a title, the order or the domain), and
every date is derived from the records or the build day, so the same records give the same bytes.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
from feedgen.feed import FeedGenerator
from lxml import etree
from markupsafe import escape as _escape

from consortia.catalogue import Article, Catalogue
from consortia.html import absolute_links, safe_html
from consortia.media import Media
from consortia.records import Event, Topic
from consortia.render import event_calendar_uri, event_place, event_when, page_uri, page_url

GENERATOR = "Consortia"
CALENDAR_FILE = "events.ics"
STATUS_WORDS = {"scheduled": "", "postponed": "Postponed: ", "cancelled": "Cancelled: "}


@dataclass(frozen=True)
class Feed:
    """One subscribable file, for the page <head>, the Subscribe page and the README."""

    uri: str
    """Where it lives in the built site, e.g. feeds/news.rss.xml."""
    title: str
    media_type: str


def feed_catalogue(catalogue: Catalogue) -> list[Feed]:
    """Every feed and calendar the site publishes, the site-wide ones first."""
    acronym = catalogue.project.acronym
    feeds = [
        Feed("feeds/news.rss.xml", f"{acronym} news (RSS)", "application/rss+xml"),
        Feed("feeds/news.atom.xml", f"{acronym} news (Atom)", "application/atom+xml"),
        Feed("feeds/events.rss.xml", f"{acronym} events (RSS)", "application/rss+xml"),
        Feed("feeds/events.atom.xml", f"{acronym} events (Atom)", "application/atom+xml"),
        Feed(CALENDAR_FILE, f"{acronym} events calendar", "text/calendar"),
    ]
    for topic in catalogue.topics:
        feeds.append(Feed(f"feeds/topics/{topic.id}.rss.xml", f"{acronym}: {topic.title} (RSS)", "application/rss+xml"))
        feeds.append(Feed(f"feeds/topics/{topic.id}.atom.xml", f"{acronym}: {topic.title} (Atom)", "application/atom+xml"))
    return feeds


def feed_files(catalogue: Catalogue, media: Media, site_url: str) -> dict[str, bytes]:
    """Every feed and calendar file by its URI in the built site."""
    writer = _FeedWriter(catalogue, media, site_url.rstrip("/") + "/")
    files: dict[str, bytes] = {}
    files.update(writer.feed_pair("news", "news", "The latest news", articles=catalogue.latest_articles))
    files.update(writer.feed_pair("events", "events", "Events", events=_newest_first(catalogue.events)))
    for topic in catalogue.topics:
        tagged = catalogue.of_topic(topic)
        files.update(writer.feed_pair(f"topics/{topic.id}", f"topic {topic.id}", f"News and events: {topic.title}",
                                      articles=tagged["articles"], events=_newest_first(tagged["events"])))
    files[CALENDAR_FILE] = writer.calendar(catalogue.events, f"{catalogue.project.acronym} events")
    for event in catalogue.events:
        files[event_calendar_uri(event)] = writer.calendar([event], event.title)
    return files


def _atom_bytes(generator: FeedGenerator, pretty: bool) -> bytes:
    """Atom from feedgen, with the rel and type its entry links lose (feedgen 1.0 drops them)."""
    feed = etree.fromstring(generator.atom_str(pretty=False))
    enclosures = {
        link["href"]: link for entry in generator.entry() for link in entry.link() if link.get("rel") == "enclosure"
    }
    for element in feed.iterfind(f"{{{_ATOM}}}entry/{{{_ATOM}}}link"):
        enclosure = enclosures.get(element.get("href"))
        if enclosure:
            element.attrib.update({"rel": "enclosure", "type": enclosure["type"], "length": enclosure["length"]})
        else:
            element.set("rel", "alternate")
    return etree.tostring(feed, pretty_print=pretty, xml_declaration=True, encoding="UTF-8")


_ATOM = "http://www.w3.org/2005/Atom"


def _newest_first(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda event: (event.start.isoformat(), event.id), reverse=True)


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.utc)


class _FeedWriter:
    """Builds the files of one site: knows its address, project and pictures."""

    def __init__(self, catalogue: Catalogue, media: Media, base_url: str) -> None:
        self.catalogue = catalogue
        self.project = catalogue.project
        self.media = media
        self.base_url = base_url
        # A stable naming authority of our own, so ids survive a move to another domain (RFC 4151).
        self.tag_prefix = f"tag:consortia,{self.project.start.isoformat()}:{_slug(self.project.acronym)}"
        # An entry appears in several feeds (RSS, Atom, each of its topics): render its HTML once.
        self.html: dict[tuple[str, ...], str] = {}
        # The site calendar and every event's own calendar share these: each is serialised once per build.
        self.zones: dict[str, bytes] = {}
        self.entries: dict[str, bytes] = {}

    def url(self, uri: str) -> str:
        """The absolute address of a page or file of the site."""
        return self.base_url + (page_url(uri) if uri.endswith(".md") else uri)

    def source_folder(self, record: object) -> str:
        """The absolute address of the folder of a record page's Markdown source, the base of its links."""
        return self.base_url + posixpath.dirname(page_uri(record)) + "/"

    def tag(self, *parts: str) -> str:
        """A permanent entry id such as tag:consortia,2018-09-01:tex4im/news/2020-06/item."""
        return "/".join((self.tag_prefix, *parts))

    # --- RSS and Atom --------------------------------------------------------------------

    def feed_pair(self, name: str, id_part: str, subtitle: str, *, articles: list[Article] = (),
                  events: list[Event] = ()) -> dict[str, bytes]:
        """The same entries as RSS 2.0 and as Atom."""
        rss_uri, atom_uri = f"feeds/{name}.rss.xml", f"feeds/{name}.atom.xml"
        files = {}
        # RSS carries HTML as CDATA in content:encoded; Atom as escaped text of type "html".
        formats = ((rss_uri, FeedGenerator.rss_str, "CDATA"), (atom_uri, _atom_bytes, "html"))
        for uri, render, content_type in formats:
            generator = self._generator(id_part, subtitle, uri)
            for entry in [*map(self._article_entry, articles), *map(self._event_entry, events)]:
                entry(generator.add_entry(order="append"), content_type)
            generator.updated(self._newest_update(articles, events))
            generator.lastBuildDate(self._newest_update(articles, events))
            files[uri] = render(generator, pretty=True)
        return files

    def _generator(self, id_part: str, subtitle: str, self_uri: str) -> FeedGenerator:
        project = self.project
        generator = FeedGenerator()
        generator.id(self.tag("feed", *id_part.split()))
        generator.title(f"{project.acronym}: {subtitle}")
        generator.subtitle(project.tagline or project.title)
        # feedgen takes the last link for RSS's <channel><link>, which must be the site itself.
        generator.link(href=self.url(self_uri), rel="self")
        generator.link(href=self.base_url, rel="alternate")
        generator.language("en")
        generator.author({"name": project.acronym, **({"email": project.contact.email} if project.contact.email else {})})
        generator.generator(GENERATOR, uri="https://consortia.invalid/")
        generator.rights(project.disclaimer)
        return generator

    def _newest_update(self, articles: list[Article], events: list[Event]) -> datetime:
        days = [self._article_updated(article) for article in articles]
        days += [self._event_updated(event) for event in events]
        return max(days, default=_midnight_utc(self.project.start))

    def _article_updated(self, article: Article) -> datetime:
        return _midnight_utc(article.item.updated or article.date)

    def _event_updated(self, event: Event) -> datetime:
        return _midnight_utc(event.updated or event.start_day)

    def _article_entry(self, article: Article):
        item, link = article.item, self.url(page_uri(article))

        def fill(entry, content_type: str) -> None:
            entry.id(self.tag("news", article.issue.id, item.id))
            entry.guid(self.tag("news", article.issue.id, item.id), permalink=False)
            entry.title(item.title)
            entry.link(href=link)
            entry.published(_midnight_utc(article.date))
            entry.updated(self._article_updated(article))
            entry.description(item.summary or item.title)
            entry.content(self._article_html(article), type=content_type)
            entry.author({"name": self.project.acronym})
            for topic in self._topics(item.topics):
                entry.category(term=topic.id, label=topic.title, scheme=self.url("topics/index.md"))
            if item.image:
                picture = self.media.images[item.image]
                entry.enclosure(self.url(picture.uri), str(len(picture.data)), picture.media_type)

        return fill

    def _article_html(self, article: Article) -> str:
        key = ("news", article.issue.id, article.item.id)
        if key not in self.html:
            self.html[key] = self._render_article_html(article)
        return self.html[key]

    def _render_article_html(self, article: Article) -> str:
        item = article.item
        parts = [f"<p><strong>{_escape(item.summary)}</strong></p>"] if item.summary else []
        if item.image:
            picture = self.media.images[item.image]
            parts.append(f'<p><img src="{self.url(picture.uri)}" alt="{_escape(item.image_alt)}" '
                         f'width="{picture.width}" height="{picture.height}"></p>')
        parts.append(safe_html(item.body, absolute_links(self.source_folder(article))))
        return "\n".join(parts)

    def _event_entry(self, event: Event):
        link = self.url(page_uri(event))

        def fill(entry, content_type: str) -> None:
            entry.id(self.tag("event", event.id))
            entry.guid(self.tag("event", event.id), permalink=False)
            entry.title(f"{STATUS_WORDS[event.status]}{event.title}")
            entry.link(href=link)
            entry.published(_midnight_utc(event.start_day))
            entry.updated(self._event_updated(event))
            entry.description(f"{event_when(event)} · {event_place(event)}. {event.summary}".strip())
            entry.content(self._event_html(event), type=content_type)
            entry.author({"name": self.project.acronym})
            for topic in self._topics(event.topics):
                entry.category(term=topic.id, label=topic.title, scheme=self.url("topics/index.md"))

        return fill

    def _event_html(self, event: Event) -> str:
        if ("event", event.id) not in self.html:
            self.html[("event", event.id)] = self._render_event_html(event)
        return self.html[("event", event.id)]

    def _render_event_html(self, event: Event) -> str:
        facts = [("When", event_when(event)), ("Where", event_place(event))]
        if event.status != "scheduled":
            facts.append(("Status", event.status.capitalize()))
        rows = "".join(f"<li><strong>{label}:</strong> {_escape(value)}</li>" for label, value in facts)
        summary = f"<p>{_escape(event.summary)}</p>" if event.summary else ""
        return f"<ul>{rows}</ul>{summary}\n{safe_html(event.description, absolute_links(self.source_folder(event)))}"

    def _topics(self, topic_ids: tuple[str, ...]) -> list[Topic]:
        return [self.catalogue.topic(topic_id) for topic_id in topic_ids]

    # --- iCalendar -----------------------------------------------------------------------

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
        if event.id not in self.entries:
            self.entries[event.id] = self._calendar_event(event).to_ical()
        return self.entries[event.id]

    def _calendar_event(self, event: Event) -> icalendar.Event:
        entry = icalendar.Event()
        entry.add("uid", f"{event.id}@{_slug(self.project.acronym)}.consortia")
        entry.add("dtstamp", self._event_updated(event))
        entry.add("summary", f"{STATUS_WORDS[event.status]}{event.title}")
        start, end = _calendar_times(event)
        entry.add("dtstart", start)
        if end is not None:
            entry.add("dtend", end)
        entry.add("location", event_place(event))
        entry.add("url", self.url(page_uri(event)))
        entry.add("description", self._calendar_description(event))
        entry.add("status", {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}[event.status])
        # Calendars apply a change only when the sequence grows; a cancellation is one.
        entry.add("sequence", 1 if event.status == "cancelled" else 0)
        for topic in self._topics(event.topics):
            entry.add("categories", topic.title)
        return entry

    def _calendar_description(self, event: Event) -> str:
        lines = [event.summary] if event.summary else []
        if event.registration:
            lines.append(f"Registration: {event.registration}")
        lines.append(f"Details: {self.url(page_uri(event))}")
        return "\n".join(lines)


def _calendar_times(event: Event) -> tuple[date | datetime, date | datetime | None]:
    """Whole days as dates with an exclusive end; times in the event's own zone."""
    if not event.has_times:
        return event.start, event.last_day + timedelta(days=1)
    zone = ZoneInfo(event.timezone)
    return event.start.replace(tzinfo=zone), event.end.replace(tzinfo=zone) if event.end else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "project"


