"""Records → RSS 2.0 and Atom feeds that feed readers trust.

Each article and event becomes one entry value, written alike into every feed that holds it (RSS
and Atom, site-wide and per topic). Entry ids come from the project's acronym and the record type
and id only (never a title, the order, the domain or a date of the project), and every date is
derived from the records or the build day, so the same records give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path

import feedgen.entry
from feedgen.feed import FeedGenerator
from lxml import etree
from markupsafe import escape

from consortia.addresses import feed_pair_uris, page_uri, site_path, slug
from consortia.catalogue import Article, Catalogue
from consortia.html import absolute_links_of, safe_html
from consortia.images import WebImage
from consortia.kept_files import Fingerprints, KeptFiles
from consortia.media import Media
from consortia.reads import Comparison, Kept
from consortia.records import Event, Project, Result, Topic
from consortia.languages import _, current
from consortia.wording import event_place, event_status, event_when, feed_heading, titled_with_status

GENERATOR = "Consortia"
ID_AUTHORITY = "tag:consortia,2026"
"""The naming authority of every entry id (RFC 4151): ours, dated once, so that ids survive a move
to another domain and a corrected project start date."""

_ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedEntry:
    """One article or event as a feed entry, the same in RSS and Atom."""

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    description: str
    html: str
    """The full text as HTML with absolute links."""
    author: str
    topics: tuple[Topic, ...]
    enclosure: tuple[str, str, str] | None = None
    """A picture sent with the entry: its absolute address, size in bytes and media type."""


def midnight_utc(day: date) -> datetime:
    """A day as the aware moment feeds and calendars need."""
    return datetime.combine(day, time(), tzinfo=timezone.utc)


def event_updated(event: Event) -> datetime:
    """When an event's entry last changed: its `updated` day, else the day it starts."""
    return midnight_utc(event.updated or event.start_day)


def entry_id(project: Project, *parts: str) -> str:
    """A permanent entry id such as tag:consortia,2026:tex4im/news/2020-06/item."""
    return "/".join((f"{ID_AUTHORITY}:{slug(project.acronym)}", *parts))


def newest_first(events: list[Event]) -> list[Event]:
    """Events by start, the latest first, as a feed lists them."""
    return sorted(events, key=lambda event: (event.start.isoformat(), event.id), reverse=True)


def feed_files(catalogue: Catalogue, media: Media, site_url: str, cache_dir: Path | None = None) -> dict[str, bytes]:
    """Every RSS and Atom feed by its URI in the built site; each feed pair kept in `cache_dir`
    (when given) while what it is made from is the same."""
    writer = _FeedWriter(catalogue, media, site_url.rstrip("/") + "/", KeptFiles.in_cache(cache_dir, "feeds", current()))
    files: dict[str, bytes] = {}
    files.update(writer.feed_pair("news", _("The latest news"), catalogue.latest_articles, []))
    files.update(writer.feed_pair("events", _("Events"), [], newest_first(catalogue.events)))
    files.update(writer.feed_pair("results", _("Results"), [], [], catalogue.results))
    for topic in catalogue.topics:
        tagged = catalogue.of_topic(topic)
        files.update(writer.feed_pair(f"topics/{topic.id}", _("News and events: %(topic)s") % {"topic": topic.title},
                                      tagged["articles"], newest_first(tagged["events"])))
    writer.on_disk.forget_unused()
    return files


KEPT_FEEDS = Kept()
"""Each feed pair as this process wrote it last: writing a feed of thousands of entries is most of
its time, and an edit changes few feeds."""


class _FeedWriter:
    """Writes the feeds of one site: knows its address, project and pictures, and makes each
    record's entry once however many feeds hold it."""

    def __init__(self, catalogue: Catalogue, media: Media, base_url: str, on_disk: KeptFiles) -> None:
        self.catalogue = catalogue
        self.project = catalogue.project
        self.media = media
        self.base_url = base_url
        self.on_disk = on_disk
        self.entries: dict[str, FeedEntry] = {}
        self.comparison = Comparison(set())
        self.fingerprints = Fingerprints.for_build("feeds", current())

    def url(self, uri: str) -> str:
        """The absolute address of a page or file of the site."""
        return self.base_url + site_path(uri)

    def feed_pair(self, name: str, subtitle: str, articles: list[Article], events: list[Event],
                  results: list[Result] = ()) -> dict[str, bytes]:
        """The same entries as RSS 2.0 and as Atom: kept on disk while the records they are made
        from are the same, else kept from this process's last build while its entries are the same."""
        def made() -> dict[str, bytes]:
            entries = [*map(self._article_entry, articles), *map(self._event_entry, events), *map(self._result_entry, results)]
            return KEPT_FEEDS.get((name, self.base_url, current()), (subtitle, self.project, entries),
                                  lambda: self._feed_pair(name, subtitle, entries), self.comparison)
        pictures = [self._picture(article) for article in articles]
        made_from = (name, subtitle, self.base_url, current(), self.project, articles, pictures, events, list(results))
        return self.on_disk.get(self.fingerprints.of(*made_from), made)

    def _feed_pair(self, name: str, subtitle: str, entries: list[FeedEntry]) -> dict[str, bytes]:
        newest = max((entry.updated for entry in entries), default=midnight_utc(self.project.start))
        rss_uri, atom_uri = feed_pair_uris(name)
        # RSS carries HTML as CDATA in content:encoded; Atom as escaped text of type "html".
        formats = ((rss_uri, FeedGenerator.rss_str, "CDATA"), (atom_uri, _atom_bytes, "html"))
        files = {}
        for uri, render, content_type in formats:
            generator = self._generator(name, subtitle, uri)
            for entry in entries:
                generator.add_entry(self._written(entry, content_type), order="append")
            generator.updated(newest)
            generator.lastBuildDate(newest)
            files[uri] = render(generator, pretty=True)
        return files

    def _generator(self, name: str, subtitle: str, self_uri: str) -> FeedGenerator:
        project = self.project
        generator = FeedGenerator()
        generator.id(entry_id(project, "feed", *name.split("/")))
        generator.title(feed_heading(project, subtitle))
        generator.subtitle(project.tagline or project.title)
        # feedgen takes the last link for RSS's <channel><link>, which must be the site itself.
        generator.link(href=self.url(self_uri), rel="self")
        generator.link(href=self.base_url, rel="alternate")
        generator.language(current())
        generator.author({"name": project.acronym, **({"email": project.contact.email} if project.contact.email else {})})
        generator.generator(GENERATOR, uri="https://consortia.invalid/")
        generator.rights(project.disclaimer)
        return generator

    def _written(self, entry: FeedEntry, content_type: str) -> _WrittenEntry:
        """`entry` as feedgen writes it, kept from the last build while the entry is the same: an
        edited event is one entry of feeds of thousands, each written in RSS and in Atom."""
        def write() -> _WrittenEntry:
            written = _WrittenEntry()
            _write_entry(written, entry, content_type, self.url("topics/index.md"))
            return written
        return KEPT_FEEDS.get(("written", entry.id, content_type, self.base_url, current()), entry, write, self.comparison)

    def _once(self, key: str, made_from: object, make: Callable[[], FeedEntry]) -> FeedEntry:
        """The entry `make` gives, made once per build, and kept from the last build while what it is made from is the same."""
        if key not in self.entries:
            self.entries[key] = KEPT_FEEDS.get(("entry", key, self.base_url, current()), (made_from, self.project), make, self.comparison)
        return self.entries[key]

    def _picture(self, article: Article) -> WebImage | None:
        return self.media.images[article.item.image] if article.item.image else None

    def _article_entry(self, article: Article) -> FeedEntry:
        key = f"post/{article.item.id}" if article.issue is None else f"news/{article.issue.id}/{article.item.id}"
        return self._once(key, (article, self._picture(article)), lambda: self._make_article_entry(article))

    def _make_article_entry(self, article: Article) -> FeedEntry:
        item = article.item
        picture = self._picture(article)
        parts = [f"<p><strong>{escape(item.summary)}</strong></p>"] if item.summary else []
        if picture:
            parts.append(f'<p><img src="{self.url(picture.uri)}" alt="{escape(item.image_alt)}" '
                         f'width="{picture.width}" height="{picture.height}"></p>')
        parts.append(safe_html(item.body, absolute_links_of(page_uri(article), self.base_url)))
        return FeedEntry(
            id=entry_id(self.project, "post", item.id) if article.issue is None else entry_id(self.project, "news", article.issue.id, item.id),
            title=item.title,
            link=self.url(page_uri(article)),
            published=midnight_utc(article.date),
            updated=midnight_utc(item.updated or article.date),
            description=item.summary or item.title,
            html="\n".join(parts),
            author=self.project.acronym,
            topics=self._topics(item.topics),
            enclosure=picture and (self.url(picture.uri), str(len(picture.data)), picture.media_type),
        )

    def _event_entry(self, event: Event) -> FeedEntry:
        return self._once(f"event/{event.id}", event, lambda: self._make_event_entry(event))

    def _make_event_entry(self, event: Event) -> FeedEntry:
        facts = [(_("When"), event_when(event)), (_("Where"), event_place(event))]
        if event.status != "scheduled":
            facts.append((_("Status"), event_status(event)))
        rows = "".join(f"<li><strong>{label}:</strong> {escape(value)}</li>" for label, value in facts)
        summary = f"<p>{escape(event.summary)}</p>" if event.summary else ""
        description = safe_html(event.description, absolute_links_of(page_uri(event), self.base_url))
        return FeedEntry(
            id=entry_id(self.project, "event", event.id),
            title=titled_with_status(event),
            link=self.url(page_uri(event)),
            published=midnight_utc(event.start_day),
            updated=event_updated(event),
            description=f"{event_when(event)} · {event_place(event)}. {event.summary}".strip(),
            html=f"<ul>{rows}</ul>{summary}\n{description}",
            author=self.project.acronym,
            topics=self._topics(event.topics),
        )

    def _result_entry(self, result: Result) -> FeedEntry:
        return self._once(f"result/{result.id}", result, lambda: self._make_result_entry(result))

    def _make_result_entry(self, result: Result) -> FeedEntry:
        summary = f"<p><strong>{escape(result.summary)}</strong></p>" if result.summary else ""
        files = "".join(f'<li><a href="{self.url(file.path)}">{escape(file.title)}</a></li>' for file in result.files)
        description = safe_html(result.description, absolute_links_of(page_uri(result), self.base_url))
        return FeedEntry(
            id=entry_id(self.project, "result", result.id),
            title=result.title,
            link=self.url(page_uri(result)),
            published=midnight_utc(result.date),
            updated=midnight_utc(result.date),
            description=result.summary or result.title,
            html=f"{summary}\n{description}" + (f"<ul>{files}</ul>" if files else ""),
            author=self.project.acronym,
            topics=self._topics(result.topics),
        )

    def _topics(self, topic_ids: tuple[str, ...]) -> tuple[Topic, ...]:
        return tuple(self.catalogue.topic(topic_id) for topic_id in topic_ids)


class _WrittenEntry(feedgen.entry.FeedEntry):
    """A feedgen entry that makes its RSS and Atom elements once, however many feeds and builds hold
    it. Each feed is written out as soon as it is made, so an element taken into the next feed's tree
    (lxml moves it) has already been written where it was."""

    def __init__(self) -> None:
        super().__init__()
        self._elements: dict[tuple[str, bool], etree._Element] = {}

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        return self._made("atom", extensions, super().atom_entry)

    def rss_entry(self, extensions: bool = True) -> etree._Element:
        return self._made("rss", extensions, super().rss_entry)

    def _made(self, kind: str, extensions: bool, make: Callable[[bool], etree._Element]) -> etree._Element:
        if (kind, extensions) not in self._elements:
            self._elements[(kind, extensions)] = make(extensions)
        return self._elements[(kind, extensions)]


def _write_entry(target, entry: FeedEntry, content_type: str, topic_scheme: str) -> None:
    """Fill a feedgen entry from `entry`."""
    target.id(entry.id)
    target.guid(entry.id, permalink=False)
    target.title(entry.title)
    target.link(href=entry.link)
    target.published(entry.published)
    target.updated(entry.updated)
    target.description(entry.description)
    target.content(entry.html, type=content_type)
    target.author({"name": entry.author})
    for topic in entry.topics:
        target.category(term=topic.id, label=topic.title, scheme=topic_scheme)
    if entry.enclosure:
        target.enclosure(*entry.enclosure)


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
