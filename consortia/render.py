"""Records → Markdown pages, through the templates in templates/<type>/{page,list,card}.md.j2."""

from __future__ import annotations

import json
import re
import posixpath
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pycountry
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from consortia.catalogue import Article, Catalogue, sort_key
from consortia.europe_map import partner_map_svg
from consortia.html import links_from_page, safe_html
from consortia.images import WebImage
from consortia.media import Media
from consortia.records import Agreement, Event, NewsletterIssue, Partner, Topic

if TYPE_CHECKING:
    from consortia.feeds import Feed

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

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


DEFAULT_PAGES = {
    "legal.md": "legal/notice.md.j2",
    "privacy.md": "legal/privacy.md.j2",
    "accessibility.md": "legal/accessibility.md.j2",
}
"""Pages every public site needs, by source URI: generated from project.yaml, and replaced by a
hand-written page at the same address (content/privacy.md, …) when there is one."""


def page_uri(record: object) -> str:
    """The source URI of a record's page; MkDocs turns partners/x.md into /partners/x/."""
    if isinstance(record, Partner):
        return f"partners/{record.id}.md"
    if isinstance(record, Event):
        return f"events/{record.id}.md"
    if isinstance(record, Agreement):
        return f"agreements/{record.id}.md"
    if isinstance(record, NewsletterIssue):
        return f"newsletters/{record.id}/index.md"
    if isinstance(record, Article):
        return f"newsletters/{record.issue.id}/{record.item.id}.md"
    if isinstance(record, Topic):
        return f"topics/{record.id}.md"
    raise TypeError(f"no page for {type(record).__name__}")


def page_sources(catalogue: Catalogue) -> dict[str, tuple[str, int]]:
    """For each record page, the YAML file and line where the record is written (for "edit this page")."""
    sources = {}
    for record in (*catalogue.partners, *catalogue.events, *catalogue.agreements, *catalogue.issues):
        sources[page_uri(record)] = (record.origin.path, record.origin.line)
    for article in catalogue.articles:
        index = article.issue.items.index(article.item)
        sources[page_uri(article)] = (article.issue.origin.path, article.issue.origin.line_of(("items", index)))
    return sources


def record_edit_url(repo_url: str, edit_uri: str, docs_folder: str, path: str, line: int) -> str:
    """The host's editor for a record's YAML file at its line: edit_uri names the docs folder
    (e.g. edit/main/content/); the records sit one level up, at the repository's root."""
    base = repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/"
    base = base.removesuffix(f"{docs_folder.strip('/')}/")
    return f"{base}{path}#L{line}"


def event_calendar_uri(event: Event) -> str:
    """The single-event calendar linked from the event page ("Add to calendar")."""
    return f"events/{event.id}.ics"


def issue_pdf_uri(catalogue: Catalogue, issue: NewsletterIssue) -> str:
    """Where an issue's PDF is published: beside its page, under a name that still says what it is
    once downloaded (tex4im-newsletter-2020-06.pdf)."""
    # An acronym is short, but nothing stops one from being a sentence: a file name must stay short.
    acronym = "-".join(re.findall(r"[a-z0-9]+", catalogue.project.acronym.lower()))[:24].strip("-")
    return f"newsletters/{issue.id}/{acronym + '-' if acronym else ''}newsletter-{issue.id}.pdf"


def render_pages(
    catalogue: Catalogue,
    media: Media,
    feeds: list[Feed],
    templates_dir: Path = TEMPLATES_DIR,
    *,
    brand_logo: str | None = None,
) -> dict[str, str]:
    """Every generated page's Markdown, by source URI, in a stable order.

    `brand_logo` is the site's logo (a path relative to content/), for the printed newsletter cover."""
    environment = _environment(templates_dir, media)
    pages: dict[str, str] = {}

    def add(uri: str, template: str, **context: object) -> None:
        template = environment.get_template(template)
        pages[uri] = template.render(page_uri=uri, site=catalogue, brand_logo=brand_logo, **context)

    add("index.md", "home/page.md.j2")
    add("partners/index.md", "partner/list.md.j2")
    add("events/index.md", "event/list.md.j2")
    add("agreements/index.md", "agreement/list.md.j2")
    add("newsletters/index.md", "newsletter/list.md.j2")
    add("topics/index.md", "topic/list.md.j2")
    add("subscribe.md", "subscribe/page.md.j2", feeds=feeds)
    for uri, template in DEFAULT_PAGES.items():
        add(uri, template)
    for partner in catalogue.partners:
        add(page_uri(partner), "partner/page.md.j2", partner=partner)
    for event in catalogue.events:
        add(page_uri(event), "event/page.md.j2", event=event)
    for agreement in catalogue.agreements:
        add(page_uri(agreement), "agreement/page.md.j2", agreement=agreement)
    for issue in catalogue.issues:
        add(page_uri(issue), "newsletter/page.md.j2", issue=issue)
    for article in catalogue.articles:
        add(page_uri(article), "article/page.md.j2", article=article)
    for topic in catalogue.topics:
        add(page_uri(topic), "topic/page.md.j2", topic=topic)
    return pages


def _environment(templates_dir: Path, media: Media) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_escape_braces,
    )
    environment.filters.update(
        url=_url,
        calendar=event_calendar_uri,
        href=_href,
        links=_links,
        place=event_place,
        image=lambda path: media.images[path],
        logo=media.logo,
        src=_media_url,
        day=human_date,
        when=event_when,
        country=country_name,
        label=kind_label,
        markdown=_markdown,
        yaml_text=_front_matter_text,
        by_country=partners_by_country,
        print_footer=_print_footer,
        pdf_name=_pdf_name,
    )
    environment.globals.update(partner_map=_partner_map)
    return environment


@pass_context
def _url(context: dict, target: object) -> str:
    """A link from the page being rendered to a record's page (or to a source URI)."""
    uri = target if isinstance(target, str) else page_uri(target)
    return relative_path(uri, posixpath.dirname(context["page_uri"]))


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


def page_url(uri: str) -> str:
    """partners/x.md → partners/x/, partners/index.md → partners/, index.md → ''."""
    stem = uri.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


@pass_context
def _href(context: dict, target: object) -> str:
    """A link for raw HTML, which MkDocs does not rewrite: relative between the pages' final URLs."""
    uri = target if isinstance(target, str) else page_uri(target)
    here = page_url(context["page_uri"]).rstrip("/")
    return relative_path(page_url(uri).rstrip("/") + "/", here).removesuffix("/") + "/"


@pass_context
def _links(context: dict, ids: tuple[str, ...], kind: str, html: bool = False) -> Markup:
    """Links to the records with these ids, e.g. item.partners | links("partner"); Markdown unless `html`."""
    site = context["site"]
    records = [getattr(site, kind)(record_id) for record_id in ids]
    names = [escape(getattr(record, "display_name", None) or record.title) for record in records]
    if html:
        links = [Markup('<a href="{}">{}</a>').format(_href(context, record), name) for name, record in zip(names, records)]
    else:
        links = [f"[{name}]({_url(context, record)})" for name, record in zip(names, records)]
    return Markup(", ".join(links))


@pass_context
def _partner_map(context: dict, title: str) -> Markup:
    """The map of the partners' countries (raw HTML); each links to the directory filtered to it."""
    directory = _href(context, "partners/index.md")
    counts = Counter(partner.country for partner in context["site"].partners)
    return partner_map_svg(dict(counts), lambda code: f"{directory}?country={code}#partner-filter", title)


def partners_by_country(partners: list[Partner]) -> list[tuple[str, list[Partner]]]:
    """(country code, its partners in the given order), countries in alphabetical order of name."""
    groups: dict[str, list[Partner]] = {}
    for partner in partners:
        groups.setdefault(partner.country, []).append(partner)
    return sorted(groups.items(), key=lambda group: sort_key(country_name(group[0])))


@pass_context
def _media_url(context: dict, image: WebImage) -> str:
    return relative_path(image.uri, posixpath.dirname(context["page_uri"]))


def _escape_braces(value: object) -> object:
    """Text from records is HTML-escaped by autoescape; its braces are escaped too, because
    Markdown would read "{ … }" at the end of a heading as an attribute list."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))
    return value


@pass_context
def _pdf_name(context: dict, issue: NewsletterIssue) -> str:
    """The issue's PDF as linked from the issue's page, which is in the same folder."""
    return posixpath.basename(issue_pdf_uri(context["site"], issue))


FOOTER_TITLE_LENGTH = 60
"""Longer issue titles are shortened in the printed footer, which has one line."""


@pass_context
def _print_footer(context: dict, issue: NewsletterIssue) -> Markup:
    """"TEX4IM · June 2020 newsletter" as a CSS string for the printed pages' running footer."""
    title = issue.title if len(issue.title) <= FOOTER_TITLE_LENGTH else issue.title[: FOOTER_TITLE_LENGTH - 1].rstrip() + "…"
    return Markup(css_string(f"{context['site'].project.acronym} · {title}"))


def css_string(text: str) -> str:
    """A quoted CSS string; quotes, backslashes, angle brackets, ampersands and braces become CSS
    escapes, so no record text can end the string or the <style> element it is in."""
    escaped = "".join(char if char.isalnum() or char in " .,:;·–—-_!?()'/€" else f"\\{ord(char):x} " for char in text)
    return f'"{escaped}"'


def _front_matter_text(text: str) -> Markup:
    """A quoted front-matter value. HTML-escaped too: MkDocs puts titles into pages unescaped."""
    return Markup(json.dumps(str(escape(text)), ensure_ascii=False))


@pass_context
def _markdown(context: dict, text: str, inline: bool = False) -> Markup:
    """Markdown written in a record, as cleaned HTML with its links resolved for this page.

    `inline` drops the paragraph around a one-paragraph text, for list items."""
    page = context["page_uri"]
    html = safe_html(text, links_from_page(page, page_url, relative_path)).strip()
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return Markup(html[3:-4])
    # One block of HTML, which Markdown passes through as it is.
    return Markup(f'<div class="cs-prose">\n{html}\n</div>') if html else Markup("")


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


def country_name(code: str) -> str:
    """PT → Portugal; uses the common name where ISO's official one is long."""
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def kind_label(kind: str) -> str:
    """kick-off → Kick-off meeting; cluster → Cluster."""
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())
