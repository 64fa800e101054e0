"""The site as a folder that an engine running no MkDocs hook can build (Zensical): the hand-written
pages of the main language, every generated page and file, the theme's files, and a config file
derived from mkdocs.yml holding, as plain data, what the hook gives the templates under MkDocs
(consortia/theme_context.py). generate() has loaded, checked and rendered; this only writes.

A preview: the main language only, as if the site had no other (no language menu, no alternates).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.html
import markdown
import yaml

from consortia.addresses import page_url
from consortia.embeds import defer_embeds
from consortia.languages import theme_language
from consortia.multilingual import hand_written_pages
from consortia.pipeline import GeneratedSite, ProjectFolder
from consortia.settings import Settings, check_brand
from consortia.theme_context import named_menu, page_context, site_context, translated_palette

CONFIG_FILE = "mkdocs.yml"
"""The build folder's config, in MkDocs' format, which Zensical reads."""
CONTENT, THEME, SITE = "content", "theme", "site"
"""The build folder's pages and files, theme files and built site (Zensical keeps the site inside its folder)."""

MATERIAL_ONLY = frozenset({"partials/header.html", "partials/search.html"})
"""Overrides of Material's header and search box, for the kit's search in Material's search dialog:
Zensical has a search of its own, a button in its header opening a dialog that its script draws."""

_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(?P<meta>.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""YAML front matter as MkDocs reads it (mkdocs.utils.meta)."""


def main_language_only(generated: GeneratedSite) -> GeneratedSite:
    """The pages of the main language as a site with that language alone: no page names another."""
    project = generated.site.project.model_copy(update={"languages": generated.languages[:1]})
    return replace(generated, site=replace(generated.site, project=project))


def write_build_folder(project: ProjectFolder, settings: Settings, generated: GeneratedSite, folder: Path) -> list[str]:
    """Write the build folder of `project` (its mkdocs.yml read into `settings`), whose pages and
    files `generated` holds in the main language, afresh into `folder`; gives the pages' sources."""
    shutil.rmtree(folder, ignore_errors=True)
    hand_written = _hand_written_pages(project.content_dir, generated)
    taken = {page_url(page): page for page in hand_written}
    # `consortia build` refuses a hand-written page at a record's address before building (clash_problems).
    pages, _clashes = generated.pages_beside(lambda uri: taken.get(page_url(uri)))
    pages.update(hand_written)
    single = main_language_only(generated)
    for uri, text in pages.items():
        _write(folder / CONTENT / uri, _with_page_context(text, uri, single, settings).encode("utf-8"))
    for uri, data in {**_content_files(project.content_dir, generated), **generated.files}.items():
        _write(folder / CONTENT / uri, data)
    overrides = project.root / str(settings.get("theme", "custom_dir") or "overrides")
    shutil.copytree(overrides, folder / THEME, ignore=lambda directory, names: [
        name for name in names if (Path(directory) / name).relative_to(overrides).as_posix() in MATERIAL_ONLY])
    config = _config(settings, single)
    (folder / CONFIG_FILE).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return sorted(pages)


def _hand_written_pages(content_dir: Path, generated: GeneratedSite) -> dict[str, str]:
    """Each hand-written page of the main language by its address's source (about.md), its text."""
    sources = [path.relative_to(content_dir).as_posix() for path in sorted(content_dir.rglob("*.md")) if not _hidden(path, content_dir)]
    plan = hand_written_pages(sources, generated.language, generated.languages)
    return {page: (content_dir / source).read_text(encoding="utf-8") for page, source in plan.shown.items()}


def _content_files(content_dir: Path, generated: GeneratedSite) -> dict[str, bytes]:
    """The other files of content/ (pictures, documents) as the site publishes them: records'
    original pictures withheld, pictures with camera data or positions cleaned."""
    files = {}
    for path in sorted(content_dir.rglob("*")):
        uri = path.relative_to(content_dir).as_posix()
        if path.is_file() and path.suffix != ".md" and not _hidden(path, content_dir) and uri not in generated.pictures.withheld:
            files[uri] = generated.pictures.cleaned.get(uri) or path.read_bytes()
    return files


def _hidden(path: Path, content_dir: Path) -> bool:
    """Files and folders whose name starts with a dot, which MkDocs leaves out of the site."""
    return any(part.startswith(".") for part in path.relative_to(content_dir).parts)


def _with_page_context(text: str, uri: str, generated: GeneratedSite, settings: Settings) -> str:
    """The page with its part of the theme's data (meta.kit) in its front matter."""
    found = _FRONT_MATTER.match(text)
    meta = (yaml.safe_load(found["meta"]) if found else None) or {}
    body = text[found.end():] if found else text
    html = "" if meta.get("title") and meta.get("description") else _rendered(body, settings)
    url = page_url(uri)
    site_url = str(settings.get("site_url"))
    meta["kit"] = page_context(generated, uri, url, canonical_url=site_url.rstrip("/") + "/" + url, meta=meta,
                               title=_first_heading(html), html=html, site_name=str(settings.get("site_name")),
                               site_description=str(settings.get("site_description") or ""))
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000) + "---\n" + body


def _rendered(body: str, settings: Settings) -> str:
    """The page's Markdown as HTML, with the site's Markdown extensions, for its title and first paragraph."""
    names, options = [], {}
    for entry in settings.get("markdown_extensions") or []:
        name, option = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if option:
            options[name] = option
    return markdown.markdown(body, extensions=names, extension_configs=options)


def _first_heading(html: str) -> str:
    """The text of the page's first <h1>, which MkDocs takes as the title of a page that names none."""
    heading = lxml.html.fragment_fromstring(html, create_parent="div").find(".//h1") if html.strip() else None
    return " ".join(heading.text_content().split()) if heading is not None else ""


def _config(settings: Settings, generated: GeneratedSite) -> dict:
    """mkdocs.yml without the hook, with Zensical's search, the theme in the build's language and
    the kit's data in `extra`; no "edit this page", whose address would be the build folder's copy
    of a page."""
    config = {key: value for key, value in settings.values.items() if key not in ("hooks", "edit_uri")}
    config["plugins"] = ["search"]  # Zensical's own (see MATERIAL_ONLY)
    theme = dict(config.get("theme") or {})
    # Zensical's classic look is Material's, which the kit's style sheet is written for.
    theme.update(custom_dir=THEME, variant="classic", language=theme_language(generated.language),
                 palette=translated_palette(theme.get("palette"), generated.language))
    theme["features"] = [feature for feature in theme.get("features") or [] if feature != "content.action.edit"]
    brand, _problems = check_brand(settings)  # `consortia build` refuses a site with problems first
    if config.get("nav"):
        config["nav"] = named_menu(config["nav"], generated.language)
    config.update(docs_dir=CONTENT, site_dir=SITE, theme=theme,
                  extra={**(config.get("extra") or {}), "kit": site_context(generated), "alternate": False,  # no language menu
                         "brand": {"primary": brand.primary, "accent": brand.accent} if brand else None})
    return config


def finish_site(site_dir: Path, pages: list[str]) -> None:
    """What the hook does to each page's HTML under MkDocs (`pages` by source): videos and maps
    pasted into pages load only when the visitor asks."""
    for uri in pages:
        page = site_dir / page_url(uri) / "index.html"
        if page.is_file():
            page.write_text(defer_embeds(page.read_text(encoding="utf-8")), encoding="utf-8")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
