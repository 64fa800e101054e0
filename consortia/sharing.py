"""What a page shows when its link is shared: the preview picture of each record and section page,
its text alternative, and whether it is an article (Open Graph's og:type) with its dates. The
theme writes these into each page's <head>; a page without a picture of its own (a hand-written
or legal page) shares the home page's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import resvg_py

from consortia.catalogue import Article, Catalogue
from consortia.languages import _, og_locale
from consortia.media import Media
from consortia.pages import MENU_LABELS, PlannedPage
from consortia.previews import HEIGHT, WIDTH, Card, CardStyle, PreviewPicture, preview_pictures
from consortia.records import Agreement, Event, NewsletterIssue, Partner, Result, Topic
from consortia.settings import DEFAULT_PRIMARY
from consortia.wording import country_name, event_place, event_when, human_date, kind_label, titled_with_status

HOME = "index.md"


@dataclass(frozen=True)
class SharedPage:
    """One page as a shared link shows it."""

    image: str
    """The preview picture's URI in the site."""
    media_type: str
    image_alt: str
    article: bool = False
    """og:type article (with its dates) rather than website."""
    published: date | None = None
    modified: date | None = None


def link_preview_tags(shared: SharedPage, *, title: str, description: str, url: str, site_name: str, site_url: str,
                      language: str, languages: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The page's Open Graph and Twitter tags as (attribute, name, content): <meta property="og:title" …>."""
    og = [
        ("og:type", "article" if shared.article else "website"), ("og:site_name", site_name), ("og:title", title),
        ("og:description", _shortened(description)), ("og:url", url), ("og:image", site_url.rstrip("/") + "/" + shared.image),
        ("og:image:type", shared.media_type), ("og:image:width", str(WIDTH)), ("og:image:height", str(HEIGHT)),
        ("og:image:alt", shared.image_alt), ("og:locale", og_locale(language)),
        *(("og:locale:alternate", og_locale(code)) for code in languages if code != language),
    ]
    if shared.article:
        og += [("article:published_time", shared.published.isoformat()), ("article:modified_time", shared.modified.isoformat())]
    twitter = [("twitter:card", "summary_large_image"), ("twitter:image:alt", shared.image_alt)]
    return [("property", name, content) for name, content in og] + [("name", name, content) for name, content in twitter]


DESCRIPTION_LENGTH = 300
"""What link previews show of a description at most (LinkedIn cuts earlier)."""


def _shortened(text: str) -> str:
    """`text` cut at a word before DESCRIPTION_LENGTH characters, with an ellipsis, when longer."""
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"


def card_style(catalogue: Catalogue, primary: str | None, logo: Path | None) -> CardStyle:
    """The site's colour, logo (an SVG drawn by resvg) and funding statement, for every picture."""
    project = catalogue.project
    picture = None
    if logo is not None and logo.is_file():
        data = logo.read_bytes()
        picture = bytes(resvg_py.svg_to_bytes(svg_string=data.decode("utf-8"), height=120)) if logo.suffix == ".svg" else data
    return CardStyle(primary or DEFAULT_PRIMARY, picture, str(project.funding_statement), project.acronym)


def shared_pages(planned: list[PlannedPage], catalogue: Catalogue, media: Media, style: CardStyle,
                 cache_dir: Path | None) -> tuple[dict[str, SharedPage], dict[str, bytes]]:
    """Each generated page's shared view by source URI, and the preview pictures by URI."""
    cards = {page.uri: (page, card) for page in planned if (card := page_card(page, catalogue, media)) is not None}
    pictures = preview_pictures({_picture_stem(uri): card for uri, (_page, card) in cards.items()}, style, cache_dir)
    shared: dict[str, SharedPage] = {}
    files: dict[str, bytes] = {}
    for uri, (page, card) in cards.items():
        picture = pictures[_picture_stem(uri)]
        files[picture.uri] = picture.data
        shared[uri] = _shared(page, card, picture, catalogue)
    return shared, files


def _picture_stem(uri: str) -> str:
    """previews/events/kick-off for events/kick-off.md, previews/partners/index for the directory."""
    return "previews/" + uri.removesuffix(".md")


def _shared(page: PlannedPage, card: Card, picture: PreviewPicture, catalogue: Catalogue) -> SharedPage:
    article = next((value for value in page.context.values() if isinstance(value, Article)), None)
    alt = card.alt(catalogue.project.acronym)
    if article is None:
        return SharedPage(picture.uri, picture.media_type, alt)
    return SharedPage(picture.uri, picture.media_type, alt, True, article.date, article.item.updated or article.date)


def page_card(page: PlannedPage, catalogue: Catalogue, media: Media) -> Card | None:
    """What the page's picture shows; None for pages that share the home page's (legal pages)."""
    records = list(page.context.values())
    record = records[0] if len(records) == 1 and not isinstance(records[0], list) else None
    if record is not None and type(record) in _RECORD_CARDS:
        return _RECORD_CARDS[type(record)](record, catalogue, media)
    section = section_of(page.uri)
    if page.uri == HOME:
        project = catalogue.project
        return Card(str(project.programme), str(project.title), (str(project.tagline),) if project.tagline else ())
    if section is None:
        return None
    label = _(MENU_LABELS[section])
    return Card(label, label, (str(catalogue.project.title),))


def section_of(uri: str) -> str | None:
    """The section a page belongs to (news/page/2.md → news/index.md)."""
    if uri in MENU_LABELS:
        return uri
    folder = uri.split("/")[0] + "/index.md"
    return folder if folder in MENU_LABELS and uri != folder else None


def _partner_card(partner: Partner, catalogue: Catalogue, media: Media) -> Card:
    logo = media.logo(partner) if partner.logo else None
    where = ", ".join(part for part in (partner.city, country_name(partner.country)) if part)
    return Card(_("Partners"), str(partner.name), (where,), logo, logo=True)


def _event_card(event: Event, catalogue: Catalogue, media: Media) -> Card:
    picture = media.images.get(event.image) if event.image else None
    place = event_place(event, short=True)
    if event.location is not None and event.location.venue:
        place = f"{event.location.venue}, {place}"
    return Card(_("Events"), titled_with_status(event), (event_when(event), place), picture)


def _article_card(article: Article, catalogue: Catalogue, media: Media) -> Card:
    picture = media.images.get(article.item.image) if article.item.image else None
    kicker = _("News") if article.issue is None else _("Newsletters")
    return Card(kicker, str(article.item.title), (human_date(article.date),), picture)


_RECORD_CARDS = {
    Partner: _partner_card,
    Event: _event_card,
    Article: _article_card,
    Agreement: lambda agreement, catalogue, media: Card(
        _("Agreements"), str(agreement.title), (_("Signed %(date)s") % {"date": human_date(agreement.signed)},)),
    NewsletterIssue: lambda issue, catalogue, media: Card(_("Newsletters"), str(issue.title), (human_date(issue.date),)),
    Topic: lambda topic, catalogue, media: Card(_("Priorities"), str(topic.title), (str(catalogue.project.title),)),
    Result: lambda result, catalogue, media: Card(
        _("Results"), str(result.title), (f"{kind_label(result.kind)} · {human_date(result.date)}",)),
}
"""Each record page's picture, by the kind of record it shows."""
