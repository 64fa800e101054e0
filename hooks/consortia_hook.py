"""MkDocs glue, the only module that knows MkDocs: it hands the consortia package's pages and files
to MkDocs. MkDocs caches hook modules between builds, so nothing is kept here: a build's output
travels on that build's config, and whether the run previews (`mkdocs serve`, which shows drafts)
on the process environment, which lives exactly as long as the run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from consortia.addresses import record_edit_url
from consortia.embeds import defer_embeds
from consortia.pipeline import CLASH, ProjectFolder, build_day, generate
from consortia.preview import PREVIEW, Refused, keep_last_good_site, watched_folders
from consortia.printing import PrintProblem, print_newsletters
from consortia.problems import SiteProblems
from consortia.settings import check_brand, read_settings


class RecordsRefused(Refused, Abort):
    """The records have problems: nothing was built, and the last site was left as it was."""


def _refuse(report: str, lines: list[str]) -> None:
    print(report, file=sys.stderr)  # where `consortia check` puts problems too
    raise RecordsRefused("The site was not built.", lines)


def _folder(config: MkDocsConfig) -> ProjectFolder:
    return ProjectFolder.at(Path(config.config_file_path).parent, Path(config.docs_dir), config.theme.get("logo"))


def on_startup(command: str, dirty: bool) -> None:
    """Drafts are shown only while previewing: never by `mkdocs build` or `gh-deploy`."""
    os.environ[PREVIEW] = "1" if command == "serve" else ""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate and generate before MkDocs cleans the site folder, so bad data leaves it untouched."""
    brand, problems = check_brand(read_settings(Path(config.config_file_path)))
    try:
        preview = os.environ.get(PREVIEW) == "1"
        config.extra["consortia"] = generate(_folder(config), build_day(), config.site_url, include_drafts=preview)
    except SiteProblems as refused:
        problems = sorted([*refused.problems, *problems])
    except OSError as error:  # a cache that cannot be written: a full disk, a read-only folder
        _refuse(*_one_line(f"could not write {error.filename}: {error.strerror}"))
    if problems:
        _refuse(SiteProblems(problems).report(), [str(problem) for problem in problems])
    # Only checked colours reach the pages' style element (overrides/main.html), as #rrggbb.
    config.extra["brand"] = {"primary": brand.primary, "accent": brand.accent} if brand else None
    return config


def _one_line(message: str) -> tuple[str, list[str]]:
    return message, [message]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages (record pages outside the navigation) and files; a hand-written page
    replaces a default page and is then, like it, reached from the footer."""
    generated, folder = config.extra["consortia"], _folder(config)
    candidates = {
        uri: File.generated(config, uri, content=markdown,
                            inclusion=InclusionLevel.UNDEFINED if generated.in_menu(uri) else InclusionLevel.NOT_IN_NAV)
        for uri, markdown in generated.pages.items()
    }
    # Files.append would silently replace a hand-written page with the same address.
    taken = {file.url: file for file in files.documentation_pages()}
    hand_written = {uri: taken[file.url] for uri, file in candidates.items() if file.url in taken}
    pages, clashes = generated.pages_beside(lambda uri: folder.shown(hand_written[uri].src_uri) if uri in hand_written else None)
    if clashes:
        lines = [f"{clash}: {CLASH}" for clash in clashes]
        _refuse("\n".join(lines), lines)
    for uri in pages:
        files.append(candidates[uri])
    for replacement in hand_written.values():
        if replacement.inclusion.is_in_nav():
            replacement.inclusion = InclusionLevel.NOT_IN_NAV
    for uri, data in generated.files.items():
        files.append(File.generated(config, uri, content=data))
    for file in [file for file in files if file.src_uri in generated.pictures.withheld or file.src_uri in generated.pictures.cleaned]:
        files.remove(file)
        if file.src_uri in generated.pictures.cleaned:
            files.append(File.generated(config, file.src_uri, content=generated.pictures.cleaned[file.src_uri]))
    return files


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
    try:
        print_newsletters(Path(config.site_dir), config.extra["consortia"].catalogue, config.site_url, _folder(config).cache_dir)
    except PrintProblem as problem:
        _refuse(*_one_line(str(problem)))
    except OSError as error:
        _refuse(*_one_line(f"could not write {error.filename}: {error.strerror}"))


def on_serve(server, config: MkDocsConfig, builder):
    """Rebuild when a record file or a template changes; keep the last good site on a bad edit."""
    for folder, recursive in watched_folders(_folder(config).root):
        server.watch(os.fspath(folder), recursive=recursive)
    server.builder = keep_last_good_site(server.builder, Path(config.site_dir))
    return server
