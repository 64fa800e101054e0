"""MkDocs glue, the only module that knows MkDocs: it hands the consortia package's pages and files
to MkDocs. MkDocs caches hook modules between builds, so nothing is kept here: a build's output
travels on that build's config, and whether the run previews (`mkdocs serve`, which shows drafts)
on the process environment, which lives exactly as long as the run.

A multilingual site is one MkDocs build per language: the main language's build writes the site's
root and then builds every other language into its folder (site/en/), each with its own theme
language, search index, feeds and PDFs; the main build then writes the sitemap of all of them.
"""

from __future__ import annotations

import gzip
import logging
import os
import sys
import threading
from datetime import date, datetime, time, timezone
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import clean_directory

from consortia.addresses import record_edit_url
from consortia.embeds import defer_embeds
from consortia.incremental import Rebuild, file_digests, forget_last_build, page_digests, plan_rebuild, remember_build, remove_built, site_digest
from consortia.languages import gettext, ngettext, pgettext, speaking, theme_language
from consortia.multilingual import hand_written_pages, language_site_url, sitemap_with_alternates
from consortia.page_cache import Conversion, ConvertedPages
from consortia.previews import MissingFonts
from consortia.pipeline import CLASH, ProjectFolder, build_day, generate, preview_printer
from consortia.preview import (
    INCREMENTAL, PREVIEW, PROBLEMS_FILE, Refused, forget_made_on_request, keep_last_good_site, languages_on_request, one_build_at_a_time,
    outdate_languages, pdfs_on_request, preview_indexer, quiet_dirty_builds, search_on_request, watch_often, watched_folders,
)
from consortia.printing import PrintProblem, print_newsletters
from consortia.problems import SiteProblems
from consortia.render import TEMPLATES_DIR
from consortia.search import IndexProblem, empty_material_index, write_index
from consortia.settings import check_brand, read_settings
from consortia.template_cache import keep_compiled
from consortia.theme_context import named_menu, page_context, site_context, translated_palette


class RecordsRefused(Refused, Abort):
    """The records have problems: nothing was built, and the last site was left as it was."""


def _refuse(report: str, lines: list[str]) -> None:
    print(report, file=sys.stderr)  # where `consortia check` puts problems too
    raise RecordsRefused("The site was not built.", lines)


def _folder(config: MkDocsConfig) -> ProjectFolder:
    return ProjectFolder.at(Path(config.config_file_path).parent, Path(config.docs_dir), config.theme.get("logo"))


def on_startup(command: str, dirty: bool) -> None:
    """Drafts are shown only while previewing: never by `mkdocs build` or `gh-deploy`. A dirty
    preview (`consortia serve`) builds again only what an edit changed."""
    os.environ[PREVIEW] = "1" if command == "serve" else ""
    os.environ[INCREMENTAL] = "1" if command == "serve" and dirty else ""
    quiet_dirty_builds(logging.getLogger("mkdocs.commands.build"))


LANGUAGE_BUILD = "consortia_language_build"
"""config.extra of a build of a language other than the main one: its code, the site's main address
and the records the main build checked."""
CONVERTED = "consortia_converted"
"""config.extra: the generated pages' HTML kept from earlier builds (ConvertedPages)."""


@event_priority(100)  # before the search plugin reads the theme's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate and generate before MkDocs cleans the site folder, so bad data leaves it untouched."""
    brand, problems = check_brand(read_settings(Path(config.config_file_path)))
    language, site_url, checked = config.extra.get(LANGUAGE_BUILD) or (None, config.site_url, None)
    try:
        preview = os.environ.get(PREVIEW) == "1"
        generated = generate(_folder(config), build_day(), site_url, include_drafts=preview, language=language, checked=checked,
                             unsubscribe=(config.extra.get("newsletter") or {}).get("unsubscribe"), brand=brand)
        config.extra["consortia"] = generated
        config.extra["kit"] = site_context(generated)
    except SiteProblems as refused:
        problems = sorted([*refused.problems, *problems])
    except OSError as error:  # a cache that cannot be written: a full disk, a read-only folder
        _refuse(*_one_line(f"could not write {error.filename}: {error.strerror}"))
    except MissingFonts as missing:
        _refuse(*_one_line(str(missing)))
    if problems:
        _refuse(SiteProblems(problems).report(), [str(problem) for problem in problems])
    for note in generated.notes:  # plain lines, not MkDocs warnings: --strict would stop the build
        print(note, file=sys.stderr)
    # Only checked colours reach the pages' style element (overrides/main.html), as #rrggbb.
    config.extra["brand"] = {"primary": brand.primary, "accent": brand.accent} if brand else None
    _speak(config, generated.language, len(generated.languages) > 1)
    config.extra["pagefind"] = _searched_by_pagefind(config)
    if LANGUAGE_BUILD in config.extra:  # mkdocs.yml describes the site in its main language
        config.site_description = str(generated.catalogue.project.tagline or generated.catalogue.project.title)
    return config


def _speak(config: MkDocsConfig, language: str, multilingual: bool) -> None:
    """Material's words, the search's stemming, <html lang>, the light and dark toggles and the
    menu's names of the kit's sections in the build's language."""
    config.theme["language"] = theme_language(language)
    config.theme["palette"] = translated_palette(config.theme.get("palette"), language)
    if config.nav:
        config.nav = named_menu(config.nav, language)
    # Material shows its language menu when `alternate` is set; its items are each page's own
    # versions (overrides/partials/alternate.html), not Material's list of language home pages.
    config.extra["alternate"] = multilingual


def on_env(env, config: MkDocsConfig, files: Files):
    """The kit's words in the build's language for partials/search.html, the one template that still
    says them with `_()` (the others read them from config.extra.kit, as Zensical can)."""
    language = config.extra["consortia"].language
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(*(_in(language, say) for say in (gettext, ngettext)), newstyle=True,
                                  pgettext=_in(language, pgettext))
    return keep_compiled(env, _folder(config).cache_dir)  # Material's templates compiled once, not at every build


def _in(language: str, say):
    def said(*arguments):
        with speaking(language):
            return say(*arguments)
    return said


def on_page_context(context: dict, page, config: MkDocsConfig, nav) -> dict:
    """The page's part of the theme's data, as Zensical reads it from front matter (page.meta.kit):
    the page in every language, how its link shows when shared (Open Graph), its schema.org data."""
    page.meta["kit"] = page_context(config.extra["consortia"], page.file.src_uri, page.url, canonical_url=page.canonical_url,
                                    meta=page.meta, title=page.title, html=page.content or "", site_name=config.site_name,
                                    site_description=config.site_description or "")
    return context


def _one_line(message: str) -> tuple[str, list[str]]:
    return message, [message]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages (record pages outside the navigation) and files; a hand-written page
    replaces a default page and is then, like it, reached from the footer."""
    generated, folder = config.extra["consortia"], _folder(config)
    config.extra["consortia_untranslated"] = _hand_written_in_language(files, config, generated.language, generated.languages)
    in_menu = _menu_pages(config)
    rebuild = _rebuild(config, generated) if os.environ.get(INCREMENTAL) == "1" else None
    candidates = {
        uri: _generated(config, uri, rebuild and uri not in rebuild.pages, content=markdown,
                        inclusion=InclusionLevel.UNDEFINED if generated.in_menu(uri) and in_menu(uri) else InclusionLevel.NOT_IN_NAV)
        for uri, markdown in generated.pages.items()
    }
    # Files.append would silently replace a hand-written page with the same address.
    taken = {file.url: file for file in files.documentation_pages()}
    hand_written = {uri: taken[file.url] for uri, file in candidates.items() if file.url in taken}
    pages, clashes = generated.pages_beside(lambda uri: folder.shown(hand_written[uri].src_uri) if uri in hand_written else None)
    if clashes:
        lines = [f"{clash}: {CLASH}" for clash in clashes]
        _refuse("\n".join(lines), lines)
    if rebuild:
        _start_rebuild(config, files, rebuild, in_menu)
    for uri in pages:
        files.append(candidates[uri])
    for replacement in hand_written.values():
        if replacement.inclusion.is_in_nav():
            replacement.inclusion = InclusionLevel.NOT_IN_NAV
    for uri, data in generated.files.items():
        files.append(_generated(config, uri, rebuild and uri not in rebuild.files, content=data))
    if config.extra["pagefind"]:
        files.append(File.generated(config, "search/search_index.json", content=empty_material_index(generated.language)))
    for file in [file for file in files if file.src_uri in generated.pictures.withheld or file.src_uri in generated.pictures.cleaned]:
        files.remove(file)
        if file.src_uri in generated.pictures.cleaned:
            files.append(File.generated(config, file.src_uri, content=generated.pictures.cleaned[file.src_uri]))
    config.extra[CONVERTED] = ConvertedPages.of_build(folder.cache_dir, generated.language, [config.markdown_extensions, config.mdx_configs],
                                                      [f"{file.src_uri}\t{file.url}" for file in files])
    return files


class _Unchanged(File):
    """A generated page or file that the preview's last build wrote as it is now: a dirty build leaves it."""

    def is_modified(self) -> bool:
        return False


class _Rebuilt(File):
    """A hand-written page of the menu, built at every build of the preview: the menu of every page
    built shows its title, which MkDocs knows only from a page it reads."""

    def is_modified(self) -> bool:
        return True


def _generated(config: MkDocsConfig, uri: str, unchanged: bool | None, **source) -> File:
    return (_Unchanged if unchanged else File).generated(config, uri, **source)


def _rebuild(config: MkDocsConfig, generated) -> Rebuild:
    """What this build of the preview writes, against the last build's note in the site folder."""
    settings = Path(config.config_file_path)
    shown_everywhere = [settings, TEMPLATES_DIR, Path(config.docs_dir), *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]
    theme_values = {key: value for key, value in config.extra.items() if key not in ("consortia", LANGUAGE_BUILD, CONVERTED)}
    return plan_rebuild(Path(config.site_dir), site_digest(shown_everywhere, generated, theme_values),
                        page_digests(generated, with_sources=bool(config.repo_url and config.edit_uri)),
                        file_digests(generated.files), always=[PROBLEMS_FILE])


def _start_rebuild(config: MkDocsConfig, files: Files, rebuild: Rebuild, in_menu) -> None:
    """Empty the site folder, or remove what is no longer generated; the menu's hand-written pages are built again."""
    site_dir = Path(config.site_dir)
    forget_last_build(site_dir)
    forget_made_on_request(site_dir)
    if rebuild.everything:
        clean_directory(config.site_dir)
    else:
        remove_built(site_dir, [Path(File(uri, None, config.site_dir, config.use_directory_urls).abs_dest_path) for uri in rebuild.removed])
    for page in [file for file in files.documentation_pages() if in_menu(file.src_uri)]:
        files.remove(page)
        rebuilt = _Rebuilt.generated(config, page.src_uri, abs_src_path=page.abs_src_path, inclusion=page.inclusion)
        rebuilt.generated_by = page.generated_by  # a file of content/ keeps its "edit this page"
        files.append(rebuilt)
    config.extra["consortia_rebuild"] = rebuild


def _searched_by_pagefind(config: MkDocsConfig) -> bool:
    """Pagefind searches the site unless mkdocs.yml lists Material's own search plugin (the offline
    archive does: Pagefind's index cannot be read from disk)."""
    return "material/search" not in config.plugins


def _menu_pages(config: MkDocsConfig):
    """Whether mkdocs.yml's menu names a page: a section it leaves out (a site made before the kit
    had /news/) is still published, reached from its links, without MkDocs' warning about a page
    missing from the menu."""
    named: set[str] = set()
    pending = list(config.nav or [])
    while pending:
        entry = pending.pop()
        if isinstance(entry, str):
            named.add(entry)
        elif isinstance(entry, dict):
            pending.extend(entry.values())
        elif isinstance(entry, list):
            pending.extend(entry)
    return lambda uri: config.nav is None or uri in named


def _hand_written_in_language(files: Files, config: MkDocsConfig, language: str, languages: tuple[str, ...]) -> frozenset[str]:
    """Each hand-written page in the build's language (content/about.en.md at about/ in the English
    build); gives the pages left untranslated."""
    found = {file.src_uri: file for file in files.documentation_pages()}
    plan = hand_written_pages(list(found), language, languages)
    for uri, file in found.items():
        if uri not in plan.shown or plan.shown[uri] != uri:
            files.remove(file)
    for page, source in plan.shown.items():
        if source != page:
            files.append(File.generated(config, page, abs_src_path=found[source].abs_src_path))
    return plan.untranslated


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """A record page's "edit this page" opens the record's YAML file at its line, when the site names
    its repository; a generated page's HTML comes from an earlier build when its Markdown is unchanged."""
    source = config.extra["consortia"].sources.get(page.file.src_uri)
    if source and config.repo_url and config.edit_uri:
        page.edit_url = record_edit_url(config.repo_url, config.edit_uri, Path(config.docs_dir).name, *source)
    if page.file.src_uri in config.extra["consortia"].pages:
        page.render = _converted_once(page, config.extra[CONVERTED])
    return markdown


def _converted_once(page, converted: ConvertedPages):
    """`page.render`, which converts the page's Markdown only when no earlier build kept its conversion."""
    convert = page.render

    def render(config: MkDocsConfig, files: Files) -> None:
        key = converted.key(page.file.src_uri, page.markdown)
        kept = converted.kept(key)
        if kept is None:
            convert(config, files)
            converted.keep(key, Conversion(page.content, _toc_tokens(page.toc), page._title_from_render, sorted(page.present_anchor_ids or ()),
                                           {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()}))
            return
        page.content, page.toc, page._title_from_render = kept.html, get_toc(kept.toc), kept.title
        page.present_anchor_ids = set(kept.anchors)
        page.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in kept.links_to_anchors.items()}

    return render


def _toc_tokens(toc) -> list[dict]:
    """A table of contents back as the tokens MkDocs makes it from."""
    return [{"level": link.level, "id": link.id, "name": link.title, "children": _toc_tokens(link.children)} for link in toc]


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    """Videos and maps pasted into pages load only when the visitor asks (no request to their host
    before); a hand-written page shown untranslated says which language it is in (WCAG 3.1.2)."""
    html = defer_embeds(html)
    if page.file.src_uri in config.extra["consortia_untranslated"]:
        html = f'<div lang="{config.extra["consortia"].languages[0]}">\n{html}\n</div>'
    return html


def on_post_build(config: MkDocsConfig) -> None:
    """Print each newsletter issue's page into its PDF (from the cache when nothing changed; in the
    preview only when a PDF is asked for); the main language's build then builds the other
    languages (in the preview, when they are visited) and the sitemap of them all."""
    generated = config.extra["consortia"]
    site_dir = Path(config.site_dir)
    try:
        if not generated.preview:  # the preview prints a PDF when it is asked for (on_serve)
            with speaking(generated.language):
                print_newsletters(site_dir, generated.catalogue, config.site_url, _folder(config).cache_dir)
        if LANGUAGE_BUILD not in config.extra and len(generated.languages) > 1:
            _build_other_languages(config, generated)
            sitemap = sitemap_with_alternates((site_dir / "sitemap.xml").read_text(encoding="utf-8"), generated.languages, generated.site_url)
            (site_dir / "sitemap.xml").write_text(sitemap, encoding="utf-8")
        _compress_sitemap(site_dir, generated.catalogue.today)
        if config.extra["pagefind"] and os.environ.get(INCREMENTAL) != "1":  # the dirty preview's when asked (on_serve)
            others = [] if LANGUAGE_BUILD in config.extra else generated.languages[1:]  # in their folders: site/it/
            write_index(site_dir, generated.language, others)
        if "consortia_rebuild" in config.extra:
            remember_build(site_dir, config.extra["consortia_rebuild"])
        else:  # a dirty build converts a few pages: what it did not use is still the site's
            config.extra[CONVERTED].forget_unused()
    except (PrintProblem, IndexProblem) as problem:
        _refuse(*_one_line(str(problem)))
    except OSError as error:
        _refuse(*_one_line(f"could not write {error.filename}: {error.strerror}"))


def _build_other_languages(config: MkDocsConfig, generated) -> None:
    """The site in each language but the main one, each into its folder; the dirty preview builds
    one when it is visited instead (on_serve), so that an edit shows in the time one language takes."""
    if os.environ.get(INCREMENTAL) == "1":
        outdate_languages(Path(config.site_dir), generated.languages)
        return
    for code in generated.languages[1:]:
        _build_language(config.config_file_path, Path(config.site_dir), code, generated.site_url, generated.languages,
                        strict=config.strict, checked=generated.checked)


def _build_language(settings: str, site_dir: Path, code: str, site_url: str, languages: tuple[str, ...], *, strict: bool,
                    checked=None) -> None:
    """The site in the language `code`, into its folder of the site (site/en/), from the records the
    main language's build `checked` (read and checked again when None)."""
    language_config = load_config(settings, site_dir=os.fspath(site_dir / code), site_url=language_site_url(site_url, code, languages),
                                  strict=strict)
    language_config.extra[LANGUAGE_BUILD] = (code, site_url, checked)
    build(language_config, dirty=os.environ.get(INCREMENTAL) == "1")


def _language_builder(config: MkDocsConfig):
    """For the preview: builds a language into its folder of the preview's site, from the records as they are now."""
    def build_language(code: str, languages: tuple[str, ...]) -> None:
        _build_language(config.config_file_path, Path(config.site_dir), code, config.site_url, languages, strict=config.strict)
    return build_language


def _compress_sitemap(site_dir: Path, day: date) -> None:
    """sitemap.xml.gz as the sitemap is now (with every language), stamped with the kit's day, as the
    sitemap's dates are (MkDocs stamps it with the build time: an archived site would change nightly)."""
    stamp = int(datetime.combine(day, time(), tzinfo=timezone.utc).timestamp())
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=stamp) as compressed:
        compressed.write((site_dir / "sitemap.xml").read_bytes())


def on_serve(server, config: MkDocsConfig, builder):
    """Rebuild when a record file or a template changes, looking every tenth of a second; keep the
    last good site on a bad edit; build a language other than the main one when it is visited, print
    a newsletter's PDF when its link is followed, and write a language's search index when its
    search starts."""
    builds = threading.Lock()
    watch_often(server, [path for path in (config.docs_dir, config.config_file_path) if path], builds)
    for folder, recursive in watched_folders(_folder(config).root):
        server.watch(os.fspath(folder), recursive=recursive)
    if config.theme.custom_dir:  # overrides/: a change to the theme builds every page again
        server.watch(config.theme.custom_dir)
    server.builder = keep_last_good_site(one_build_at_a_time(server.builder, builds), Path(config.site_dir))
    printer = preview_printer(_folder(config), Path(config.site_dir), config.site_url)
    server.set_app(pdfs_on_request(server.get_app(), Path(config.site_dir), server.mount_path, printer))
    indexer = preview_indexer(Path(config.site_dir), config.extra["consortia"].languages)
    server.set_app(search_on_request(server.get_app(), Path(config.site_dir), server.mount_path, indexer))
    server.set_app(languages_on_request(server.get_app(), Path(config.site_dir), server.mount_path, builds, _language_builder(config)))
    return server
