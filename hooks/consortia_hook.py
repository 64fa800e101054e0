"""MkDocs glue: the only module that knows MkDocs. It asks the consortia package for the
generated pages and hands them to MkDocs; all logic lives in the package.

MkDocs caches hook modules between builds, so this module keeps no build's state: what a build
generates travels on that build's config. It remembers one fact of the whole run: whether it is
a preview (`mkdocs serve`), which shows draft newsletter issues.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel

from consortia.embeds import defer_embeds
from consortia.pipeline import CLASH, Project, build_day, generate
from consortia.printing import PrintProblem, print_newsletters
from consortia.problems import SiteProblems
from consortia.render import record_edit_url

_SECTION_PAGES = {"index.md", "partners/index.md", "events/index.md", "agreements/index.md",
                  "newsletters/index.md", "topics/index.md", "subscribe.md"}


_run = {"preview": False}


def on_startup(command: str, dirty: bool) -> None:
    """Drafts are shown only while previewing: never by `mkdocs build` or `gh-deploy`."""
    _run["preview"] = command == "serve"


def _project(config: MkDocsConfig) -> Project:
    return Project.at(Path(config.config_file_path).parent, Path(config.docs_dir), config.theme.get("logo"))


class RecordsRefused(Abort):
    """The records have problems: nothing was built, and the last site was left as it was."""


def _refuse(report: str) -> None:
    """Stop the build. The problems go to standard error, where `consortia check` puts them too."""
    print(report, file=sys.stderr)
    raise RecordsRefused("The site was not built.")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate and generate before MkDocs cleans the site folder, so bad data leaves it untouched."""
    try:
        generated = generate(_project(config), build_day(), config.site_url, include_drafts=_run["preview"])
    except SiteProblems as problems:
        _refuse(problems.report())
    config.extra["consortia"] = generated
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages (record pages outside the navigation) and processed images."""
    generated = config.extra["consortia"]
    candidates = {
        uri: File.generated(config, uri, content=markdown, inclusion=_inclusion(uri))
        for uri, markdown in generated.pages.items()
    }
    # Files.append would silently replace a hand-written page with the same address.
    taken = {file.url: file for file in files.documentation_pages()}

    def hand_written_at(uri: str) -> str | None:
        file = taken.get(candidates[uri].url)
        return None if file is None else f"content/{file.src_uri}"

    pages, clashes = generated.pages_beside(hand_written_at)
    if clashes:
        _refuse("\n".join(f"{clash}: {CLASH}" for clash in clashes))
    for uri in pages:
        files.append(candidates[uri])
    for uri in sorted(candidates.keys() - pages.keys()):
        # A hand-written page replaced this default page; like it, it is reached from the footer, not the menu.
        replacement = taken[candidates[uri].url]
        if replacement.inclusion.is_in_nav():
            replacement.inclusion = InclusionLevel.NOT_IN_NAV
    for uri, data in generated.files.items():
        files.append(File.generated(config, uri, content=data))
    return files


def _inclusion(uri: str) -> InclusionLevel:
    """Section pages go in the menu; record pages are reached from them and from search, legal pages from the footer."""
    return InclusionLevel.UNDEFINED if uri in _SECTION_PAGES else InclusionLevel.NOT_IN_NAV


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """A record page's "edit this page" opens the record's YAML file at its line, when the site names its repository."""
    source = config.extra["consortia"].sources.get(page.file.src_uri)
    if source and config.repo_url and config.edit_uri:
        page.edit_url = record_edit_url(config.repo_url, config.edit_uri, Path(config.docs_dir).name, *source)
    return markdown


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    """Videos and maps pasted into pages load only when the visitor asks (no request to their host before)."""
    return defer_embeds(html)


def on_post_build(config: MkDocsConfig) -> None:
    """Print each newsletter issue's page into its PDF (from the cache when nothing changed)."""
    generated = config.extra["consortia"]
    try:
        print_newsletters(Path(config.site_dir), generated.catalogue, config.site_url, _project(config).cache_dir)
    except PrintProblem as problem:
        _refuse(str(problem))


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when a record file or a template changes."""
    project = _project(config)
    # The folder, not each file: an editor that saves by replacing a file would end a watch on the file.
    server.watch(os.fspath(project.root), recursive=False)
    for folder in ("newsletters", "templates"):
        if (project.root / folder).is_dir():
            server.watch(os.fspath(project.root / folder))
    server.builder = _keep_last_good_site(server.builder)
    return server


def _keep_last_good_site(builder: Callable[[], None]) -> Callable[[], None]:
    """While previewing, a bad edit prints its problems and the preview keeps showing the last good
    site (MkDocs would hold every request until the next good build)."""

    def build() -> None:
        try:
            builder()
        except RecordsRefused:
            print("Fix the lines above and save: the preview shows the last good site until then.", file=sys.stderr)

    return build
