"""The whole path from a project folder to generated pages: load → check → process images → render.

Front ends (the MkDocs hook, the command line, tests) call this and nothing deeper.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

from consortia.addresses import Feed, page_sources, page_url, site_feeds
from consortia.calendars import calendar_files
from consortia.catalogue import Catalogue
from consortia.check import check_site
from consortia.email_edition import Mailing, email_files, email_notes
from consortia.feeds import feed_files
from consortia.languages import speaking
from consortia.load import load_site
from consortia.multilingual import language_prefix, language_site_url
from consortia.media import ContentPictures, Media, content_pictures, prepare_media
from consortia.opendata import open_data_files
from consortia.pages import PageKind, PlannedPage, planned_pages
from consortia.preview import PROBLEMS_FILE, problems_file
from consortia.printing import print_newsletters
from consortia.problems import Problem, SiteProblems
from consortia.records import Site
from consortia.settings import Brand
from consortia.render import render_pages
from consortia.search import FACETS_FILE, facets_file, with_facets
from consortia.sharing import HOME, SharedPage, card_style, link_preview_tags, shared_pages
from consortia.structured_data import structured_data
from consortia.wording import LEGAL_PAGE_LABELS, archive_notice


@dataclass(frozen=True)
class ProjectFolder:
    """Where a project's files are."""

    root: Path
    """The folder holding project.yaml, partners.yaml, …"""
    content_dir: Path
    """The MkDocs docs folder (content/)."""
    cache_dir: Path | None = None
    """Where processed images and printed newsletters are kept between builds."""
    logo: str | None = None
    """The site's logo, relative to content/ (mkdocs.yml theme.logo), for the printed newsletters' cover."""

    @classmethod
    def at(cls, root: Path, content_dir: Path | None = None, logo: str | None = None) -> ProjectFolder:
        """The usual layout: content/ and .cache/ inside `root`."""
        root = root.resolve()
        return cls(root, content_dir or root / "content", root / ".cache" / "consortia", logo)

    def shown(self, content_uri: str) -> str:
        """A hand-written page as messages name it: content/about.md."""
        return f"{self.content_dir.name}/{content_uri}"


@dataclass(frozen=True)
class Checked:
    """A project's records and processed media once every check passed, in every language: what
    the build of each further language starts from, without reading and checking them again."""

    site: Site
    media: Media


@dataclass(frozen=True)
class GeneratedSite:
    """What the build adds to the hand-written content."""

    site: Site
    catalogue: Catalogue
    pages: dict[str, str]
    """Markdown by source URI, e.g. partners/citeve.md."""
    kinds: dict[str, PageKind]
    """What each of `pages` is: a section (in the menu), a record or a default page."""
    files: dict[str, bytes]
    """Other files by URI, e.g. processed images, feeds, calendars."""
    feeds: list[Feed]
    """The feeds and calendars among the files, for the page <head> and the Subscribe page."""
    sources: dict[str, tuple[str, int]]
    """Record pages by source URI → (YAML file, line) where the record is written."""
    pictures: ContentPictures
    """Which pictures of content/ stay out of the site, and which are published cleaned."""
    preview: bool = False
    """Built for the preview: drafts shown, and the problems of a refused edit shown on every page."""
    language: str = "en"
    """The language of these pages and files."""
    site_url: str = ""
    """The site's public address (of its main language)."""
    archive_notice: str | None = None
    """Shown on every page once the project is over (catalogue.archived), in the pages' language."""
    checked: Checked | None = None
    """The records and media these pages were made from, for the site's other languages."""
    shared: dict[str, SharedPage] = field(default_factory=dict)
    """How each generated page shows as a shared link (its preview picture), by source URI."""
    structured: dict[str, list[str]] = field(default_factory=dict)
    """Each generated page's schema.org JSON-LD blocks, by source URI, ready for a <script> element."""
    notes: tuple[str, ...] = ()
    """Lines for whoever builds, about something to set or know (the build goes on), e.g. that the
    newsletter e-mails have no unsubscribe link yet."""
    rendered: frozenset[str] = frozenset()
    """The pages rendered afresh, by source URI: the others were kept from this process's last build,
    unchanged (consortia/reads.py)."""

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language of the site, the main one first."""
        return self.site.languages

    @property
    def footer_links(self) -> list[tuple[str, str]]:
        """(address, label) of the pages every public site needs, for the footer of every page."""
        return [(page_url(uri), LEGAL_PAGE_LABELS[uri]) for uri, kind in self.kinds.items() if kind is PageKind.DEFAULT]

    def link_preview(self, uri: str, *, title: str, description: str, url: str, site_name: str) -> list[tuple[str, str, str]]:
        """The Open Graph and Twitter tags of the page at source `uri` (a page without a picture of
        its own, such as a hand-written one, shows the home page's)."""
        shared = self.shared.get(uri) or self.shared[HOME]
        site_url = language_site_url(self.site_url, self.language, self.languages)
        return link_preview_tags(shared, title=title, description=description, url=url, site_name=site_name,
                                 site_url=site_url, language=self.language, languages=self.languages)

    def in_menu(self, uri: str) -> bool:
        """True for a section page: record pages are reached from sections and search, default pages from the footer."""
        return self.kinds[uri] is PageKind.SECTION

    def pages_beside(self, hand_written_at: Callable[[str], str | None]) -> tuple[dict[str, str], list[str]]:
        """The generated pages to publish next to the hand-written ones, and the hand-written files in the way."""
        kept, clashes = pages_beside(self.kinds.items(), hand_written_at)
        return {uri: self.pages[uri] for uri in kept}, clashes


CLASH = "the kit generates this page from the YAML records; rename or remove the file"


def pages_beside(kinds: Iterable[tuple[str, PageKind]], hand_written_at: Callable[[str], str | None]) -> tuple[list[str], list[str]]:
    """The generated pages (URIs with their kinds) to publish, and the hand-written files in the way.

    `hand_written_at(uri)` names the hand-written file at the address of the generated page `uri`, or
    gives None. A hand-written page wins over a default page, which is then left out; at the address
    of any other generated page (a record or section page) it is a clash, and the build must stop.
    """
    kept: list[str] = []
    clashes: set[str] = set()
    for uri, kind in kinds:
        hand_written = hand_written_at(uri)
        if hand_written is None:
            kept.append(uri)
        elif kind is not PageKind.DEFAULT:
            clashes.add(hand_written)
    return kept, sorted(clashes)


def build_day() -> date:
    """The day the site is built for: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def validate(folder: ProjectFolder) -> tuple[Site | None, Media | None, list[Problem]]:
    """Load and check every record and image; collect every problem."""
    site, problems = load_site(folder.root)
    if site is None:
        return None, None, problems
    problems = check_site(site, folder.content_dir)
    if problems:
        return site, None, problems
    media, problems = prepare_media(site, folder.content_dir, folder.cache_dir)
    return site, media, problems


def site_url_problems(site_url: str | None) -> list[Problem]:
    """Feeds and calendars need absolute links, so the site's address must be known."""
    if site_url:
        return []
    message = "site_url is missing: feeds and calendars need the site's address, e.g. site_url: https://www.example.eu/"
    return [Problem("mkdocs.yml", 1, "site_url", message)]


def clash_problems(site: Site, folder: ProjectFolder, today: date) -> list[Problem]:
    """Hand-written pages in content/ at the address of a generated record or section page
    (found from the page plan, without rendering)."""
    taken = {}
    for path in folder.content_dir.rglob("*.md"):
        uri = path.relative_to(folder.content_dir).as_posix()
        taken[page_url(uri)] = folder.shown(uri)
    kinds = [(page.uri, page.kind) for page in planned_pages(Catalogue(site, today))]
    _kept, clashes = pages_beside(kinds, lambda uri: taken.get(page_url(uri)))
    return [Problem(clash, 0, "", CLASH) for clash in clashes]


def generate(
    folder: ProjectFolder, today: date, site_url: str | None, *, include_drafts: bool = False, language: str | None = None,
    checked: Checked | None = None, unsubscribe: str | None = None, brand: Brand | None = None,
) -> GeneratedSite:
    """Every generated page and file; raises SiteProblems listing all problems when the data is bad.

    `site_url` is the site's public address (mkdocs.yml site_url): feeds and calendars need absolute
    links, which for a language other than the main one are under its code (https://…/en/).
    `include_drafts` builds for the preview: draft newsletter issues in the pages (feeds and open data
    never hold them), and the file in which a refused edit's problems will be shown.
    `language` is the language of the pages and files (the site's main language when None).
    `checked` is what an earlier call (for another language of the same build) validated: given, the
    records are not read and checked again.
    `unsubscribe` is the newsletter e-mails' unsubscribe link: the mail service's merge tag or an
    address (mkdocs.yml extra.newsletter.unsubscribe); `brand` the site's checked colours, for them and the link-preview pictures.
    """
    if checked is None:
        site, media, problems = validate(folder)
        problems += site_url_problems(site_url)
        if problems:
            raise SiteProblems(sorted(problems))
        checked = Checked(site, media)
    site, media = checked.site, checked.media
    language = language or site.languages[0]
    with speaking(language):
        generated = _generate_in(site.in_language(language), media, folder, today,
                                 language_site_url(site_url, language, site.languages), include_drafts, language,
                                 unsubscribe, brand)
    return replace(generated, site_url=site_url, checked=checked)


def _generate_in(
    site: Site, media: Media, folder: ProjectFolder, today: date, site_url: str, include_drafts: bool, language: str,
    unsubscribe: str | None, brand: Brand | None,
) -> GeneratedSite:
    published = Catalogue(site, today)
    catalogue = Catalogue(site, today, include_drafts=True) if include_drafts else published
    feeds = site_feeds(published)
    files = {**media.files(), **feed_files(published, media, site_url, folder.cache_dir), **calendar_files(published, site_url, folder.cache_dir)}
    files.update(open_data_files(published, site_url))
    mailing = Mailing(site_url, unsubscribe, brand.primary if brand else None)
    emails = email_files(catalogue, media, mailing, folder.cache_dir)
    files.update(emails)
    files[FACETS_FILE] = facets_file(planned_pages(catalogue), catalogue)
    if include_drafts:
        files[PROBLEMS_FILE] = problems_file([])
    planned: list[PlannedPage] = list(planned_pages(catalogue))
    rendered: set[str] = set()
    pages = with_facets(render_pages(planned, catalogue, media, feeds, site_url=site_url, brand_logo=folder.logo,
                                     cache_dir=folder.cache_dir, rendered=rendered), planned, catalogue)
    kinds = {page.uri: page.kind for page in planned}
    logo = folder.content_dir / folder.logo if folder.logo else None
    shared, previews = shared_pages(planned, catalogue, media, card_style(catalogue, brand.primary if brand else None, logo), folder.cache_dir)
    files.update(previews)
    pictures = content_pictures(site, folder.content_dir, folder.cache_dir)
    notice = archive_notice(site.project) if catalogue.archived else None
    notes = email_notes(catalogue, emails, mailing, said_once=language == site.languages[0])
    return GeneratedSite(site, catalogue, pages, kinds, files, feeds, page_sources(catalogue), pictures, include_drafts,
                         language, archive_notice=notice, notes=tuple(notes), shared=shared,
                         structured=structured_data(planned, catalogue, media, site_url, shared), rendered=frozenset(rendered))


def preview_printer(folder: ProjectFolder, site_dir: Path, site_url: str) -> Callable[[str | None], None]:
    """For the preview, which prints newsletter PDFs only when one is asked for: a function printing
    every issue of a language (the main one for None), drafts included, from the records as they are
    now, into that language's folder of `site_dir`. Records with problems print nothing: the
    preview already shows the problems."""

    def print_language(code: str | None) -> None:
        site, _media, problems = validate(folder)
        if problems:
            return
        code = code if code in site.languages else site.languages[0]
        with speaking(code):
            catalogue = Catalogue(site.in_language(code), build_day(), include_drafts=True)
            print_newsletters(site_dir / language_prefix(code, site.languages), catalogue,
                              language_site_url(site_url, code, site.languages), folder.cache_dir)

    return print_language
