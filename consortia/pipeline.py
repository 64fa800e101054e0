"""The whole path from a project folder to generated pages: load → check → process images → render.

Front ends (the MkDocs hook, the command line, tests) call this and nothing deeper.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from consortia.catalogue import Catalogue
from consortia.check import check_site
from consortia.feeds import Feed, feed_catalogue, feed_files
from consortia.load import Site, load_site
from consortia.media import Media, prepare_media
from consortia.opendata import open_data_files
from consortia.problems import Problem, SiteProblems
from consortia.render import DEFAULT_PAGES, page_sources, page_url, render_pages


@dataclass(frozen=True)
class Project:
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
    def at(cls, root: Path, content_dir: Path | None = None, logo: str | None = None) -> Project:
        """The usual layout: content/ and .cache/ inside `root`."""
        root = root.resolve()
        return cls(root, content_dir or root / "content", root / ".cache" / "consortia", logo)


@dataclass(frozen=True)
class GeneratedSite:
    """What the build adds to the hand-written content."""

    site: Site
    catalogue: Catalogue
    pages: dict[str, str]
    """Markdown by source URI, e.g. partners/citeve.md."""
    files: dict[str, bytes]
    """Other files by URI, e.g. processed images, feeds, calendars."""
    feeds: list[Feed]
    """The feeds and calendars among the files, for the page <head> and the Subscribe page."""
    sources: dict[str, tuple[str, int]]
    """Record pages by source URI → (YAML file, line) where the record is written."""
    default_pages: frozenset[str] = frozenset(DEFAULT_PAGES)
    """URIs among `pages` that a hand-written page at the same address replaces (legal notice, privacy, accessibility)."""

    def pages_beside(self, hand_written_at: Callable[[str], str | None]) -> tuple[dict[str, str], list[str]]:
        """The generated pages to publish next to the hand-written ones, and the hand-written files in the way.

        `hand_written_at(uri)` names the hand-written file at the address of the generated page `uri`, or
        gives None. A hand-written page wins over a default page, which is then left out; at the address
        of any other generated page (a record or section page) it is a clash, and the build must stop.
        """
        pages: dict[str, str] = {}
        clashes: set[str] = set()
        for uri, markdown in self.pages.items():
            hand_written = hand_written_at(uri)
            if hand_written is None:
                pages[uri] = markdown
            elif uri not in self.default_pages:
                clashes.add(hand_written)
        return pages, sorted(clashes)


CLASH = "the kit generates this page from the YAML records; rename or remove the file"


def clash_problems(generated: GeneratedSite, content_dir: Path) -> list[Problem]:
    """Hand-written pages in content/ at the address of a generated record or section page."""
    taken = {
        page_url(path.relative_to(content_dir).as_posix()): f"content/{path.relative_to(content_dir).as_posix()}"
        for path in content_dir.rglob("*.md")
    }
    _pages, clashes = generated.pages_beside(lambda uri: taken.get(page_url(uri)))
    return [Problem(clash, 0, "", CLASH) for clash in clashes]


def build_day() -> date:
    """The day the site is built for: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def validate(project: Project) -> tuple[Site | None, Media | None, list[Problem]]:
    """Load and check every record and image; collect every problem."""
    site, problems = load_site(project.root)
    if site is None:
        return None, None, problems
    problems = check_site(site, project.content_dir)
    if problems:
        return site, None, problems
    media, problems = prepare_media(site, project.content_dir, project.cache_dir)
    return site, media, problems


def site_url_problems(site_url: str | None) -> list[Problem]:
    """Feeds and calendars need absolute links, so the site's address must be known."""
    if site_url:
        return []
    message = "site_url is missing: feeds and calendars need the site's address, e.g. site_url: https://www.example.eu/"
    return [Problem("mkdocs.yml", 1, "site_url", message)]


def generate(project: Project, today: date, site_url: str | None, *, include_drafts: bool = False) -> GeneratedSite:
    """Every generated page and file; raises SiteProblems listing all problems when the data is bad.

    `site_url` is the site's public address (mkdocs.yml site_url): feeds and calendars need absolute links.
    `include_drafts` adds draft newsletter issues to the pages, for the preview; feeds and open data
    never hold them.
    """
    site, media, problems = validate(project)
    problems += site_url_problems(site_url)
    if problems:
        raise SiteProblems(sorted(problems))
    published = Catalogue(site, today)
    catalogue = Catalogue(site, today, include_drafts=True) if include_drafts else published
    feeds = feed_catalogue(published)
    files = {**media.files(), **feed_files(published, media, site_url)}
    files.update(open_data_files(published, site_url))
    pages = render_pages(catalogue, media, feeds, brand_logo=project.logo)
    return GeneratedSite(site, catalogue, pages, files, feeds, page_sources(catalogue))
