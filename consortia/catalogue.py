"""Read-only views over a site's records: lookups, orderings and relations the pages show."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar

from consortia.records import Agreement, Event, NewsItem, NewsletterIssue, NewsPost, Partner, PostInIssue, Result, Site, Topic

T = TypeVar("T")


@dataclass(frozen=True)
class Article:
    """A newsletter item together with the issue it appeared in, or a news post (whose issue is None)."""

    issue: NewsletterIssue | None
    item: NewsItem

    @property
    def date(self) -> date:
        """The item's own date, else the issue's."""
        return self.item.date or self.issue.date


def sort_key(text: str) -> str:
    """Order names as a reader expects: Čeština with C, Ålesund with A, case ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def event_moment(event: Event) -> datetime:
    """The event's start as a comparable local date-time (midnight for whole-day events)."""
    start = event.start
    return start if isinstance(start, datetime) else datetime.combine(start, time())


class Catalogue:
    """Every record of a site, indexed for the pages, with `today` fixed for past/upcoming splits.

    An archived site (a project that is over) is shown as of its last recorded day rather than the
    build day, so that rebuilding it on any later day gives the same site."""

    def __init__(self, site: Site, today: date, *, include_drafts: bool = False) -> None:
        self.site = site
        self.project = site.project
        self.preview: bool = include_drafts
        """Shown in the preview (`make serve`), which holds the drafts and the communication officer's help."""
        archived = site.project.archived
        self.archived: bool = today > site.project.end if archived is None else archived
        self.today = last_recorded_day(site) if self.archived else today
        coordinator_first = lambda partner: (partner.id != site.project.coordinator, sort_key(partner.display_name))
        self.partners: list[Partner] = sorted(site.partners, key=coordinator_first)
        self.events: list[Event] = sorted(site.events, key=event_moment)
        self.agreements: list[Agreement] = sorted(site.agreements, key=lambda agreement: agreement.signed, reverse=True)
        self.issues: list[NewsletterIssue] = sorted(
            (issue for issue in site.newsletters if include_drafts or not issue.draft),
            key=lambda issue: (issue.date, issue.id),
            reverse=True,
        )
        self.posts: list[NewsPost] = sorted(site.news, key=lambda post: (post.date, post.id), reverse=True)
        self._posts = {post.id: post for post in site.news}
        # Each article once: an issue that includes a post shows it, but the post keeps its own page.
        self.articles: list[Article] = [
            *(Article(issue, item) for issue in self.issues for item in issue.items if isinstance(item, NewsItem)),
            *(Article(None, post) for post in self.posts),
        ]
        self.results: list[Result] = sorted(site.results, key=lambda result: (result.date, result.id), reverse=True)
        self.topics: list[Topic] = list(site.project.topics)
        self._partners = {partner.id: partner for partner in site.partners}
        self._events = {event.id: event for event in site.events}
        self._topics = {topic.id: topic for topic in self.topics}
        # Reverse indexes, built once: scanning every record for every page would grow with the square of the site.
        self._events_by_organiser = _index(self.events, lambda event: event.organisers)
        self._agreements_by_party = _index(self.agreements, lambda agreement: agreement.parties)
        self._articles_by_partner = _index(self.articles, lambda article: article.item.partners)
        self._articles_by_event = _index(self.articles, lambda article: article.item.events)
        self._results_by_partner = _index(self.results, lambda result: result.partners)
        self._by_topic = {
            "partners": _index(self.partners, lambda partner: partner.topics),
            "events": _index(self.events, lambda event: event.topics),
            "agreements": _index(self.agreements, lambda agreement: agreement.topics),
            "articles": _index(self.articles, lambda article: article.item.topics),
            "results": _index(self.results, lambda result: result.topics),
        }

    def partner(self, partner_id: str) -> Partner:
        """The partner with this id."""
        return self._partners[partner_id]

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        return self._events[event_id]

    def issue_articles(self, issue: NewsletterIssue) -> list[Article]:
        """The issue's articles in its order, each included post as the post itself."""
        return [Article(None, self._posts[item.post]) if isinstance(item, PostInIssue) else Article(issue, item)
                for item in issue.items]

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id."""
        return self._topics[topic_id]

    @property
    def coordinator(self) -> Partner:
        """The coordinating partner."""
        return self._partners[self.project.coordinator]

    @property
    def upcoming_events(self) -> list[Event]:
        """Events not yet over on `today`, soonest first; none on an archived site."""
        return [] if self.archived else [event for event in self.events if event.last_day >= self.today]

    @property
    def past_events(self) -> list[Event]:
        """Events over before `today` (every event on an archived site), latest first."""
        return [event for event in reversed(self.events) if self.archived or event.last_day < self.today]

    @property
    def latest_articles(self) -> list[Article]:
        """Newsletter items and news posts, newest first."""
        return sorted(self.articles, key=lambda article: article.date, reverse=True)

    @property
    def countries(self) -> list[str]:
        """Country codes of the partners, each once, in alphabetical order of code."""
        return sorted({partner.country for partner in self.partners})

    @property
    def partner_kinds(self) -> list[str]:
        """Kinds of organisation among the partners, each once."""
        return sorted({partner.kind for partner in self.partners})

    @property
    def elapsed_percent(self) -> int:
        """How much of the project's duration has passed on `today`, 0 to 100."""
        total = (self.project.end - self.project.start).days or 1
        passed = (self.today - self.project.start).days
        return max(0, min(100, round(100 * passed / total)))

    def events_of(self, partner: Partner) -> list[Event]:
        """Events the partner organises."""
        return self._events_by_organiser.get(partner.id, [])

    def agreements_of(self, partner: Partner) -> list[Agreement]:
        """Agreements the partner is party to."""
        return self._agreements_by_party.get(partner.id, [])

    def articles_about_partner(self, partner: Partner) -> list[Article]:
        """Newsletter items that name the partner."""
        return self._articles_by_partner.get(partner.id, [])

    def results_of(self, partner: Partner) -> list[Result]:
        """Results the partner made."""
        return self._results_by_partner.get(partner.id, [])

    @property
    def result_kinds(self) -> list[str]:
        """Kinds of result among the results, each once."""
        return sorted({result.kind for result in self.results})

    @property
    def result_years(self) -> list[int]:
        """Years in which results were published, the latest first."""
        return sorted({result.date.year for result in self.results}, reverse=True)

    def articles_about_event(self, event: Event) -> list[Article]:
        """Newsletter items that name the event."""
        return self._articles_by_event.get(event.id, [])

    def of_topic(self, topic: Topic) -> dict[str, list]:
        """Every record tagged with the topic, by section."""
        return {section: index.get(topic.id, []) for section, index in self._by_topic.items()}


def last_recorded_day(site: Site) -> date:
    """The latest day the records speak of (the project's end, an event, an issue, a post, a
    signature): an archived site is shown as on that day, whatever day it is built."""
    days = [site.project.end, *(event.last_day for event in site.events), *(issue.date for issue in site.newsletters),
            *(post.date for post in site.news), *(agreement.signed for agreement in site.agreements)]
    return max(days)


def _index(records: Iterable[T], keys: Callable[[T], Iterable[object]]) -> dict[str, list[T]]:
    """Records by each string key they name, in the records' order."""
    index: dict[str, list[T]] = {}
    for record in records:
        for key in dict.fromkeys(keys(record)):
            if isinstance(key, str):
                index.setdefault(key, []).append(record)
    return index
