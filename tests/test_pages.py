"""Tests for consortia.pages: which pages the kit generates, with which template and of what kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import REPO

from consortia.catalogue import Article, Catalogue
from consortia.load import load_site
from consortia.pages import DEFAULT_PAGES, SECTION_PAGES, PageKind, PlannedPage, planned_pages

ISSUE = "title: March news\ndate: 2024-03-01\nitems:\n  - id: hello\n    title: Hello\n  - id: again\n    title: Again\n"
DRAFT = "title: April news\ndate: 2024-04-01\ndraft: true\nitems:\n  - id: soon\n    title: Soon\n"
AGREEMENT = "- id: mou\n  title: MoU\n  signed: 2022-05-01\n  parties: [alpha, beta]\n"


def catalogue_of(root: Path, **options) -> Catalogue:
    site, problems = load_site(root)
    assert problems == []
    return Catalogue(site, date(2024, 6, 1), **options)


def planned_in(sample_site, files: dict[str, str] | None = None, **options) -> tuple[Catalogue, list[PlannedPage]]:
    files = {"agreements.yaml": AGREEMENT, "newsletters/2024-03.yaml": ISSUE, "newsletters/2024-04.yaml": DRAFT, **(files or {})}
    catalogue = catalogue_of(sample_site(files), **options)
    return catalogue, list(planned_pages(catalogue))


def of_kind(pages: list[PlannedPage], kind: PageKind) -> list[PlannedPage]:
    return [page for page in pages if page.kind is kind]


def test_every_section_page_is_planned_first_in_the_menus_order(sample_site):
    _catalogue, pages = planned_in(sample_site)
    sections = [(page.uri, page.template) for page in pages[: len(SECTION_PAGES) + 1]]
    assert sections == [
        ("index.md", "home/page.md.j2"),
        ("partners/index.md", "partner/list.md.j2"),
        ("events/index.md", "event/list.md.j2"),
        ("agreements/index.md", "agreement/list.md.j2"),
        ("newsletters/index.md", "newsletter/list.md.j2"),
        ("topics/index.md", "topic/list.md.j2"),
        ("results/index.md", "result/list.md.j2"),
        ("subscribe.md", "subscribe/page.md.j2"),
        ("news/index.md", "news/list.md.j2"),  # the first page of the news; its further pages are records
    ]
    assert all(page.context == {} for page in pages[: len(SECTION_PAGES)])
    assert of_kind(pages, PageKind.SECTION) == pages[: len(SECTION_PAGES) + 1]


def test_the_default_pages_are_the_legal_ones(sample_site):
    _catalogue, pages = planned_in(sample_site)
    defaults = [(page.uri, page.template, page.context) for page in of_kind(pages, PageKind.DEFAULT)]
    assert defaults == [
        ("legal.md", "legal/notice.md.j2", {}),
        ("privacy.md", "legal/privacy.md.j2", {}),
        ("accessibility.md", "legal/accessibility.md.j2", {}),
    ]


def test_one_record_page_per_record_with_its_template_and_record(sample_site):
    catalogue, pages = planned_in(sample_site)
    (issue,) = catalogue.issues
    alpha, beta = catalogue.partners
    records = [(page.uri, page.template, page.context) for page in of_kind(pages, PageKind.RECORD)]
    assert records == [
        ("partners/alpha.md", "partner/page.md.j2", {"partner": alpha}),
        ("partners/beta.md", "partner/page.md.j2", {"partner": beta}),
        ("events/kick-off.md", "event/page.md.j2", {"event": catalogue.event("kick-off")}),
        ("agreements/mou.md", "agreement/page.md.j2", {"agreement": catalogue.agreements[0]}),
        ("newsletters/2024-03/index.md", "newsletter/page.md.j2", {"issue": issue}),
        ("newsletters/2024-03/hello.md", "article/page.md.j2", {"article": Article(issue, issue.items[0])}),
        ("newsletters/2024-03/again.md", "article/page.md.j2", {"article": Article(issue, issue.items[1])}),
        ("topics/green.md", "topic/page.md.j2", {"topic": catalogue.topic("green")}),
    ]


def test_draft_issues_are_planned_only_when_the_catalogue_shows_drafts(sample_site):
    _catalogue, published = planned_in(sample_site)
    _catalogue, previewed = planned_in(sample_site, include_drafts=True)
    assert "newsletters/2024-04/index.md" not in {page.uri for page in published}
    new = [page.uri for page in previewed if page not in published]
    # The news list shows the draft's article too, in the preview.
    assert new == ["news/index.md", "newsletters/2024-04/index.md", "newsletters/2024-04/soon.md"]


def test_the_news_is_paged_newest_first(sample_site):
    posts = "".join(f"- id: post-{number:02}\n  title: Post {number}\n  date: 2025-03-{number:02}\n" for number in range(1, 27))
    catalogue, pages = planned_in(sample_site, files={"news.yaml": posts})
    news = [page for page in pages if page.template == "news/list.md.j2"]
    assert [(page.uri, page.kind, page.context["page_number"], page.context["page_count"]) for page in news] == [
        ("news/index.md", PageKind.SECTION, 1, 3), ("news/page/2.md", PageKind.RECORD, 2, 3), ("news/page/3.md", PageKind.RECORD, 3, 3)]
    shown = [article.item.id for page in news for article in page.context["articles"]]
    assert shown == [article.item.id for article in catalogue.latest_articles] and len(news[0].context["articles"]) == 12
    assert shown[0] == "post-26"


def test_every_page_has_its_own_address(sample_site):
    _catalogue, pages = planned_in(sample_site)
    assert len({page.uri for page in pages}) == len(pages)


def test_every_planned_template_exists():
    pages = list(planned_pages(catalogue_of(REPO)))
    templates = {page.template for page in pages} | set(SECTION_PAGES.values()) | set(DEFAULT_PAGES.values())
    assert [template for template in sorted(templates) if not (REPO / "templates" / template).is_file()] == []

