"""The pages the kit generates: for each, its address, its template and what kind of page it is.

The kind decides what a front end does with a page: section pages go in the menu, record pages
are reached from sections and from search, default pages (legal notice, privacy notice,
accessibility statement) are linked from the footer and give way to a hand-written page at the
same address. The front ends (the MkDocs hook, `consortia check`) read this list; none keeps its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from consortia.addresses import news_page_uri, page_uri
from consortia.catalogue import Catalogue
from consortia.wording import N_


class PageKind(Enum):
    """What a generated page is to the site's menu and to hand-written pages."""

    SECTION = "section"
    """In the menu (home, partners, events, …)."""
    RECORD = "record"
    """One record's page; not in the menu."""
    DEFAULT = "default"
    """A page every public site needs; a hand-written page at its address replaces it."""


@dataclass(frozen=True)
class PlannedPage:
    """A page to render: where, with which template, and with what beyond the catalogue."""

    uri: str
    """Markdown source URI, e.g. partners/citeve.md."""
    template: str
    """Under templates/, e.g. partner/page.md.j2."""
    kind: PageKind
    context: dict = field(default_factory=dict)
    """The template's own variables (the record shown)."""


SECTION_PAGES = {
    "index.md": "home/page.md.j2",
    "partners/index.md": "partner/list.md.j2",
    "events/index.md": "event/list.md.j2",
    "agreements/index.md": "agreement/list.md.j2",
    "newsletters/index.md": "newsletter/list.md.j2",
    "topics/index.md": "topic/list.md.j2",
    "results/index.md": "result/list.md.j2",
    "subscribe.md": "subscribe/page.md.j2",
}
"""The pages of the menu's sections, by source URI."""

MENU_LABELS = {
    "index.md": N_("Home"), "partners/index.md": N_("Partners"), "events/index.md": N_("Events"), "news/index.md": N_("News"),
    "agreements/index.md": N_("Agreements"), "newsletters/index.md": N_("Newsletters"),
    "topics/index.md": N_("Priorities"), "subscribe.md": N_("Subscribe"), "results/index.md": N_("Results"),
}
"""The menu's names of the sections, in every language, where mkdocs.yml's nav names none (- partners/index.md)."""

DEFAULT_PAGES = {
    "legal.md": "legal/notice.md.j2",
    "privacy.md": "legal/privacy.md.j2",
    "accessibility.md": "legal/accessibility.md.j2",
}
"""Pages every public site needs, by source URI: generated from project.yaml, and replaced by a
hand-written page at the same address (content/privacy.md, …) when there is one."""


NEWS_PAGE_SIZE = 12
"""News cards on each page of /news/, the newest first (/news/, /news/page/2/, …)."""


def planned_pages(catalogue: Catalogue) -> Iterator[PlannedPage]:
    """Every page the kit generates for `catalogue`, in a stable order."""
    for uri, template in SECTION_PAGES.items():
        yield PlannedPage(uri, template, PageKind.SECTION)
    yield from _news_pages(catalogue)
    for uri, template in DEFAULT_PAGES.items():
        yield PlannedPage(uri, template, PageKind.DEFAULT)
    records = (
        ("partner", catalogue.partners),
        ("event", catalogue.events),
        ("agreement", catalogue.agreements),
        ("issue", catalogue.issues),
        ("article", catalogue.articles),
        ("topic", catalogue.topics),
        ("result", catalogue.results),
    )
    for name, shown in records:
        folder = "newsletter" if name == "issue" else name
        for record in shown:
            yield PlannedPage(page_uri(record), f"{folder}/page.md.j2", PageKind.RECORD, {name: record})


def _news_pages(catalogue: Catalogue) -> Iterator[PlannedPage]:
    """/news/ (in the menu) and its further pages, every news post and newsletter article once."""
    articles = catalogue.latest_articles
    chunks = [articles[start:start + NEWS_PAGE_SIZE] for start in range(0, len(articles), NEWS_PAGE_SIZE)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        context = {"articles": chunk, "page_number": number, "page_count": len(chunks)}
        yield PlannedPage(news_page_uri(number), "news/list.md.j2", PageKind.SECTION if number == 1 else PageKind.RECORD, context)
