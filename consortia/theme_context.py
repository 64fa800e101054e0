"""What the theme's templates (overrides/) show beyond the engine's own context, as plain data in
the build's language: the same dictionaries whichever engine renders them. MkDocs gets them from
the hook (config.extra.kit, and each page's meta.kit); an engine that runs no hook, such as
Zensical, from the build folder's config file and each page's front matter (engine_folder.py).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from consortia.html import first_paragraph
from consortia.languages import _, gettext, speaking
from consortia.multilingual import alternates
from consortia.pages import MENU_LABELS

if TYPE_CHECKING:
    from consortia.pipeline import GeneratedSite


def site_context(generated: GeneratedSite) -> dict:
    """What every page of one language shows: config.extra.kit."""
    project = generated.catalogue.project
    with speaking(generated.language):
        return {
            "language": generated.language,
            "funding_statement": str(project.funding_statement),
            "disclaimer": str(project.disclaimer),
            "acronym": project.acronym,
            "title": str(project.title),
            "grant_agreement": _("Grant agreement %(number)s") % {"number": project.grant_agreement} if project.grant_agreement else "",
            "email": project.contact.email or "",
            "archive_notice": generated.archive_notice or "",
            "feeds": [{"uri": feed.uri, "title": feed.title, "media_type": feed.media_type}
                      for feed in generated.feeds if feed.site_wide],
            "footer_links": [{"address": address, "label": gettext(label)} for address, label in generated.footer_links],
            "preview": generated.preview,
            "today": generated.catalogue.today.isoformat(),
            "words": _theme_words(),
        }


def _theme_words() -> dict[str, str]:
    """The kit's sentences in the theme, by the name the templates use; the 404 page's links are
    placeholders (%(partners)s …) for the templates to fill with addresses."""
    return {
        "about_this_site": _("About this site"),
        "page_not_found": _("Page not found"),
        "no_page_here": _("There is no page at this address. It may have moved, or the link may contain a typing error."),
        "go_home": _("Go to the home page"),
        "sections": _('<a href="%(partners)s">Partners</a>, <a href="%(events)s">events</a> and <a href="%(newsletters)s">newsletters</a>'),
        "use_search": _("Or use the search at the top of the page."),
    }


def page_context(generated: GeneratedSite, uri: str, url: str, *, canonical_url: str, meta: dict, title: str, html: str,
                 site_name: str, site_description: str) -> dict:
    """What one page's <head> and language menu hold (meta.kit): the page in every language
    (`alternates`: code, name, href, url), its Open Graph and Twitter tags (`link_preview`:
    attribute, name, content) and its schema.org JSON-LD blocks (`structured`).

    `uri` is the page's source (partners/citeve.md), `url` its address in its language
    (partners/citeve/), `meta` its front matter, `title` the title the engine gives it and `html`
    its content: a page whose front matter has no title or description is described by these.
    """
    description = meta.get("description") or first_paragraph(html) or site_description or site_name
    tags = generated.link_preview(uri, title=meta.get("title") or title or site_name, description=description,
                                  url=canonical_url, site_name=site_name)
    return {
        "alternates": [asdict(alternate) for alternate in alternates(url, generated.language, generated.languages, generated.site_url)],
        "link_preview": [list(tag) for tag in tags],
        "structured": generated.structured.get(uri, []),
    }


def translated_palette(palette: object, language: str) -> object:
    """The light and dark toggles' names (mkdocs.yml theme.palette) in `language`."""
    if not isinstance(palette, list):
        return palette
    with speaking(language):
        return [_with_toggle_named(scheme) for scheme in palette]


def _with_toggle_named(scheme: object) -> object:
    toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
    if not isinstance(toggle, dict) or not toggle.get("name"):
        return scheme
    name = toggle["name"]  # a variable: Babel would take the keys of toggle["name"] for a message
    return {**scheme, "toggle": {**toggle, "name": gettext(name)}}


def named_menu(entries: list, language: str) -> list:
    """mkdocs.yml's menu with the kit's sections named in `language` where it names none
    (- partners/index.md); a hand-written page without a name takes its own title."""
    with speaking(language):
        return [_named_entry(entry) for entry in entries]


def _named_entry(entry: object) -> object:
    if isinstance(entry, str) and entry in MENU_LABELS:
        return {gettext(MENU_LABELS[entry]): entry}
    if isinstance(entry, dict):
        return {name: [_named_entry(item) for item in value] if isinstance(value, list) else value for name, value in entry.items()}
    return entry
