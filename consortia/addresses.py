"""The address scheme: where every generated page and file lives in the built site.

Pages are named by their Markdown source URI (partners/citeve.md), which MkDocs publishes at a
folder address (partners/citeve/). Every other module asks here, so an address is written once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from consortia.catalogue import Article, Catalogue
from consortia.records import Agreement, Event, NewsletterIssue, Partner, Result, Topic
from consortia.wording import calendar_title, feed_title, topic_feed_title

CALENDAR_FILE = "events.ics"
"""The calendar of every event."""


def slug(text: str, fallback: str = "project") -> str:
    """Lowercase ASCII letters and digits joined by single hyphens: 'TEX4IM 2.0' → 'tex4im-2-0',
    'Česká Móda' → 'ceska-moda'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or fallback


_RECORD_PAGES = {
    Partner: lambda partner: f"partners/{partner.id}.md",
    Event: lambda event: f"events/{event.id}.md",
    Agreement: lambda agreement: f"agreements/{agreement.id}.md",
    NewsletterIssue: lambda issue: f"newsletters/{issue.id}/index.md",
    Article: lambda article: f"news/{article.item.id}.md" if article.issue is None else f"newsletters/{article.issue.id}/{article.item.id}.md",
    Topic: lambda topic: f"topics/{topic.id}.md",
    Result: lambda result: f"results/{result.id}.md",
}


def page_uri(record: object) -> str:
    """The source URI of a record's page; MkDocs turns partners/x.md into /partners/x/."""
    for kind, address in _RECORD_PAGES.items():
        if isinstance(record, kind):
            return address(record)
    raise TypeError(f"no page for {type(record).__name__}")


def page_url(uri: str) -> str:
    """partners/x.md → partners/x/, partners/index.md → partners/, index.md → ''."""
    stem = uri.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def site_path(uri: str) -> str:
    """A page's address (for a Markdown source URI) or a file's own URI, relative to the site root."""
    return page_url(uri) if uri.endswith(".md") else uri


def relative_path(target: str, start_folder: str) -> str:
    """The path of `target` seen from `start_folder` (both relative to the site root).

    posixpath.relpath does the same, but it was a fifth of the render time on large sites.
    """
    target_parts = target.split("/")
    start_parts = start_folder.split("/") if start_folder else []
    common = 0
    while common < min(len(start_parts), len(target_parts) - 1) and start_parts[common] == target_parts[common]:
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


def news_page_uri(number: int) -> str:
    """The news list's page `number` (from 1): news/index.md, then news/page/2.md, …"""
    return "news/index.md" if number == 1 else f"news/page/{number}.md"


def event_calendar_uri(event: Event) -> str:
    """The single-event calendar linked from the event page ("Add to calendar")."""
    return f"events/{event.id}.ics"


def issue_pdf_uri(catalogue: Catalogue, issue: NewsletterIssue) -> str:
    """Where an issue's PDF is published: beside its page, under a name that still says what it is
    once downloaded (tex4im-newsletter-2020-06.pdf)."""
    # An acronym is short, but nothing stops one from being a sentence: a file name must stay short.
    acronym = slug(catalogue.project.acronym, fallback="")[:24].strip("-")
    return f"newsletters/{issue.id}/{acronym + '-' if acronym else ''}newsletter-{issue.id}.pdf"


def issue_email_uri(issue: NewsletterIssue, kind: str) -> str:
    """A file of the issue's e-mail edition, beside its page: `kind` html, txt (the plain-text part) or eml (both, as a message)."""
    return f"newsletters/{issue.id}/email.{kind}"


def record_edit_url(repo_url: str, edit_uri: str, docs_folder: str, path: str, line: int) -> str:
    """The host's editor for a record's YAML file at its line: edit_uri names the docs folder
    (e.g. edit/main/content/); the records sit one level up, at the repository's root."""
    base = repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/"
    base = base.removesuffix(f"{docs_folder.strip('/')}/")
    return f"{base}{path}#L{line}"


def page_sources(catalogue: Catalogue) -> dict[str, tuple[str, int]]:
    """For each record page, the YAML file and line where the record is written (for "edit this page")."""
    sources = {}
    for record in (*catalogue.partners, *catalogue.events, *catalogue.agreements, *catalogue.issues, *catalogue.results):
        sources[page_uri(record)] = (record.origin.path, record.origin.line)
    for article in catalogue.articles:
        if article.issue is None:
            sources[page_uri(article)] = (article.item.origin.path, article.item.origin.line)
        else:
            index = article.issue.items.index(article.item)
            sources[page_uri(article)] = (article.issue.origin.path, article.issue.origin.line_of(("items", index)))
    return sources


@dataclass(frozen=True)
class Feed:
    """One subscribable file, for the page <head>, the Subscribe page and the README."""

    uri: str
    """Where it lives in the built site, e.g. feeds/news.rss.xml."""
    title: str
    media_type: str
    site_wide: bool = True
    """False for a topic's feeds, which only the topic's page and the Subscribe page list."""


RSS, ATOM, CALENDAR = "application/rss+xml", "application/atom+xml", "text/calendar"


def feed_pair_uris(name: str) -> tuple[str, str]:
    """The RSS and Atom addresses of the feed `name` (news, events, topics/<id>)."""
    return f"feeds/{name}.rss.xml", f"feeds/{name}.atom.xml"


def site_feeds(catalogue: Catalogue) -> list[Feed]:
    """Every feed and calendar the site publishes, the site-wide ones first."""
    project = catalogue.project
    feeds = []
    for name in ("news", "events", "results"):
        rss, atom = feed_pair_uris(name)
        feeds += [Feed(rss, feed_title(project, name, "RSS"), RSS), Feed(atom, feed_title(project, name, "Atom"), ATOM)]
    feeds.append(Feed(CALENDAR_FILE, calendar_title(project), CALENDAR))
    for topic in catalogue.topics:
        rss, atom = feed_pair_uris(f"topics/{topic.id}")
        feeds.append(Feed(rss, topic_feed_title(project, topic.title, "RSS"), RSS, site_wide=False))
        feeds.append(Feed(atom, topic_feed_title(project, topic.title, "Atom"), ATOM, site_wide=False))
    return feeds
