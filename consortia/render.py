"""Records → Markdown pages, through the templates in templates/<type>/{page,list,card}.md.j2.

Which pages exist is decided in pages.py, their addresses in addresses.py and every composed
sentence in wording.py; this module only fills the templates.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from babel.numbers import format_decimal, format_percent

from consortia import languages, wording
from consortia.addresses import Feed, event_calendar_uri, feed_pair_uris, issue_email_uri, issue_pdf_uri, news_page_uri, page_uri, page_url, relative_path
from consortia.catalogue import Catalogue, sort_key
from consortia.europe_map import partner_map_svg
from consortia.html import links_from_page, safe_html
from consortia.images import WebImage
from consortia.media import Media
from consortia.page_numbers import page_number_slot
from consortia.pages import PlannedPage
from consortia.records import Agreement, NewsletterIssue, Partner, Result, Text
from consortia.incremental import folders_digest
from consortia.reads import Comparison, KeptPages
from consortia.template_cache import keep_compiled

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
EMBLEM = "assets/consortia/eu-emblem.svg"
"""The EU emblem, shipped with the theme overrides (overrides/partials/eu-emblem.html draws it for the theme)."""


def render_pages(
    planned: list[PlannedPage],
    catalogue: Catalogue,
    media: Media,
    feeds: list[Feed],
    templates_dir: Path = TEMPLATES_DIR,
    *,
    site_url: str,
    brand_logo: str | None = None,
    cache_dir: Path | None = None,
    rendered: set[str] | None = None,
) -> dict[str, str]:
    """Each planned page's Markdown, by source URI, in the plan's order.

    `site_url` and `brand_logo` (the site's logo, a path relative to content/) go on the printed
    newsletter cover; `cache_dir` keeps the compiled templates between builds. A page rendered by an
    earlier build of this process is used again while all it read is unchanged (consortia/reads.py);
    `rendered` is given the URIs of the pages rendered afresh."""
    environment = keep_compiled(_environment(templates_dir, media), cache_dir)
    shared = {"brand_logo": brand_logo, "feeds": feeds, "site_url": site_url}
    inputs = (folders_digest([templates_dir]), site_url, brand_logo, repr(feeds), _media_shown(media, catalogue))
    comparison = Comparison(rendered if rendered is not None else set())

    def rendered(page: PlannedPage) -> str:
        template = environment.get_template(page.template)
        return KEPT_PAGES.render(languages.current(), page.uri, (page.template, inputs), page.context, catalogue,
                                 lambda reading: template.render(page_uri=page.uri, catalogue=reading, **shared, **page.context),
                                 comparison)

    return {page.uri: rendered(page) for page in planned}


KEPT_PAGES = KeptPages()
"""The pages this process rendered last, for its next build (the preview's next edit)."""


def _media_shown(media: Media, catalogue: Catalogue) -> tuple:
    """What pages show of the pictures: their addresses, sizes and tiles (not their bytes). A
    partner's drawn placeholder comes from the partner's record, which the pages' reads compare."""
    logos = {partner.id: media.logo(partner) for partner in catalogue.partners if partner.logo}
    shown = lambda images: sorted((path, image.uri, image.width, image.height, image.backdrop) for path, image in images.items())
    return (shown(media.images), shown(logos), shown(media.phone_copies), sorted(media.sizes.items()))


WORDING_FILTERS = {
    "place": wording.event_place, "address_line": wording.address_line, "site_address": wording.site_address,
    "day": wording.human_date, "when": wording.event_when, "agenda_day": wording.agenda_day,
    "country": wording.country_name, "label": wording.kind_label,
}
"""Filters that word a record's facts (wording.py), by their name in the templates."""


def _environment(templates_dir: Path, media: Media) -> Environment:
    # Strict: a misspelt name in a template is an error, not an empty text; every record text escaped.
    # Each build makes its own environment, so a template is read once a build, not looked at again
    # on disk for each of thousands of pages (auto_reload).
    environment = Environment(loader=FileSystemLoader(templates_dir), autoescape=True, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_escape_braces,
                              extensions=["jinja2.ext.i18n"], auto_reload=False)
    install_kit_messages(environment)
    environment.filters.update(WORDING_FILTERS)
    environment.filters.update(
        url=_url,
        calendar=event_calendar_uri,
        href=_href,
        links=_links,
        image=lambda path: media.images[path],
        # A card shows its picture a few hundred pixels wide on every screen: the phone copy is enough.
        card_image=lambda path: media.phone_copies.get(path) or media.images[path],
        logo=media.logo,
        src=_media_url,
        srcset=_srcset(media),
        markdown=_markdown,
        yaml_text=_front_matter_text,
        by_country=partners_by_country,
        backdrop=_backdrop,
        agreement_status=_agreement_status,
        print_footer=_print_footer,
        pdf_name=_pdf_name,
        status=wording.event_status,
        appeared_in=wording.appeared_in,
        file_size=wording.file_size,
        file_kind=wording.file_kind,
        licence_name=wording.licence_name,
        licence_url=wording.licence_url,
        size_of=lambda path: media.sizes[path],
        citation=_citation,
        number=lambda value: format_decimal(value, locale=languages.cldr_locale()),
        percent=lambda share: format_percent(round(share, 2), locale=languages.cldr_locale()),
        plain=str,
    )
    environment.globals.update(
        partner_map=_partner_map,
        page_number_slot=page_number_slot,
        feed_uris=feed_pair_uris,
        news_page=news_page_uri,
        eu_emblem=_eu_emblem,
        email_file=issue_email_uri,
    )
    return environment


def install_kit_messages(environment: Environment) -> None:
    """`_()`, `ngettext()`, `pgettext()` and `{% trans %}` in templates say the kit's words in the
    language being written (languages.speaking); a paragraph in `{% trans %}` is one message, its
    lines joined. As with Jinja's newstyle gettext, the translation is markup and the values put into
    it are escaped, braces included (see _escape_braces)."""

    def say(message: str, **values: object) -> Markup:
        return _filled(languages.gettext(message), values)

    def say_counted(singular: str, plural: str, num: int, **values: object) -> Markup:
        return _filled(languages.ngettext(singular, plural, num), {"num": num, **values})

    def say_in_context(context: str, message: str, **values: object) -> Markup:
        return _filled(languages.pgettext(context, message), values)

    environment.globals.update(_=say, gettext=say, ngettext=say_counted, pgettext=say_in_context)
    environment.newstyle_gettext = True  # {% trans %} passes its values to the callables above
    environment.policies["ext.i18n.trimmed"] = True


def _filled(message: str, values: dict[str, object]) -> Markup:
    return Markup(message) % {name: _escaped(value) for name, value in values.items()} if values else Markup(message)


@pass_context
def _url(context: dict, target: object) -> str:
    """A link from the page being rendered to a record's page (or to a source URI)."""
    uri = target if isinstance(target, str) else page_uri(target)
    return relative_path(uri, posixpath.dirname(context["page_uri"]))


@pass_context
def _href(context: dict, target: object) -> str:
    """A link for raw HTML, which MkDocs does not rewrite: relative between the pages' final URLs."""
    uri = target if isinstance(target, str) else page_uri(target)
    here = page_url(context["page_uri"]).rstrip("/")
    return relative_path(page_url(uri).rstrip("/") + "/", here).removesuffix("/") + "/"


@pass_context
def _links(context: dict, ids: tuple[str, ...], kind: str, html: bool = False) -> Markup:
    """Links to the records with these ids, e.g. item.partners | links("partner"); Markdown unless `html`."""
    catalogue = context["catalogue"]
    records = [getattr(catalogue, kind)(record_id) for record_id in ids]
    names = [escape(getattr(record, "display_name", None) or record.title) for record in records]
    if html:
        links = [Markup('<a href="{}">{}</a>').format(_href(context, record), name) for name, record in zip(names, records)]
    else:
        links = [f"[{name}]({_url(context, record)})" for name, record in zip(names, records)]
    return Markup(", ".join(links))


@pass_context
def _partner_map(context: dict) -> Markup:
    """The map of the partners' countries (raw HTML); each links to the directory filtered to it."""
    directory = _href(context, "partners/index.md")
    catalogue = context["catalogue"]
    counts = Counter(partner.country for partner in catalogue.partners)
    link = lambda code: f"{directory}?country={code}#partner-filter"
    return partner_map_svg(dict(counts), link, wording.partner_map_title(catalogue.project))


def partners_by_country(partners: list[Partner]) -> list[tuple[str, list[Partner]]]:
    """(country code, its partners in the given order), countries in alphabetical order of name."""
    groups: dict[str, list[Partner]] = {}
    for partner in partners:
        groups.setdefault(partner.country, []).append(partner)
    return sorted(groups.items(), key=lambda group: sort_key(wording.country_name(group[0])))


@pass_context
def _eu_emblem(context: dict, height: int, alt: str = "") -> Markup:
    """The EU emblem (3:2), as raw HTML (which MkDocs does not rewrite: relative to the page's final
    address); `alt` only where it is not beside the funding statement's words."""
    source = relative_path(EMBLEM, page_url(context["page_uri"]).rstrip("/"))
    return Markup('<img src="{}" alt="{}" width="{}" height="{}">').format(source, alt, height * 3 // 2, height)


@pass_context
def _citation(context: dict, result: Result) -> str:
    catalogue = context["catalogue"]
    return wording.citation(result, catalogue.project, [str(catalogue.partner(partner).display_name) for partner in result.partners])


@pass_context
def _agreement_status(context: dict, agreement: Agreement) -> str:
    return wording.agreement_status(agreement, context["catalogue"].today, context["catalogue"].archived)


def _backdrop(image: WebImage) -> Markup:
    """The class (in a Markdown attribute list) that puts a light logo on a dark tile; nothing for others."""
    return Markup(" .cs-backdrop--dark") if image.backdrop == "dark" else Markup("")


@pass_context
def _media_url(context: dict, image: WebImage) -> str:
    return relative_path(image.uri, posixpath.dirname(context["page_uri"]))


PHONE_SIZES = "(max-width: 480px) 100vw, 1600px"
"""Phones take the copy their screen needs; every wider screen, and print (an A4 page is wider
than 480 px), the whole picture, as before there were copies."""


def _srcset(media: Media):
    @pass_context
    def attributes(context: dict, path: str) -> Markup:
        """A picture's srcset and sizes for a Markdown attribute list (nothing without a phone copy):
        relative to the page's final address, since MkDocs rewrites only src."""
        small = media.phone_copies.get(path)
        if small is None:
            return Markup("")
        big, here = media.images[path], page_url(context["page_uri"]).rstrip("/")
        candidates = ", ".join(f"{relative_path(image.uri, here)} {image.width}w" for image in (small, big))
        return Markup(' srcset="{}" sizes="{}"').format(candidates, PHONE_SIZES)
    return attributes


def _escape_braces(value: object) -> object:
    """Text from records is HTML-escaped by autoescape; its braces are escaped too, because
    Markdown would read "{ … }" at the end of a heading as an attribute list. A text shown in
    another language than the page's says so (WCAG 3.1.2)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        html = _escaped(value)
        return Markup(f'<span lang="{value.lang}">{html}</span>') if _foreign(value) else html
    return value


def _escaped(value: object) -> object:
    """A value HTML-escaped, with its braces."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))
    return value


def _foreign(text: object) -> bool:
    """A record's text in another language than the page's: one with no translation into it (WCAG 3.1.2)."""
    return isinstance(text, Text) and text.lang is not None and text.lang != languages.current()


@pass_context
def _pdf_name(context: dict, issue: NewsletterIssue) -> str:
    """The issue's PDF as linked from the issue's page, which is in the same folder."""
    return posixpath.basename(issue_pdf_uri(context["catalogue"], issue))


@pass_context
def _print_footer(context: dict, issue: NewsletterIssue) -> Markup:
    """The printed pages' running footer as CSS content: "TEX4IM · June 2020 newsletter · page " counter(page) …"""
    footer = wording.print_footer(context["catalogue"].project, issue) + " · "
    parts = []
    for piece in re.split(r"(%\(page\)s|%\(pages\)s)", languages.gettext(wording.PAGE_OF_PAGES)):
        if piece in ("%(page)s", "%(pages)s"):
            parts += [css_string(footer), f"counter({piece[2:-2]})"] if footer else [f"counter({piece[2:-2]})"]
            footer = ""
        elif piece or footer:
            footer += piece
    if footer:
        parts.append(css_string(footer))
    return Markup(" ".join(parts))


def css_string(text: str) -> str:
    """A quoted CSS string; quotes, backslashes, angle brackets, ampersands and braces become CSS
    escapes, so no record text can end the string or the <style> element it is in."""
    escaped = "".join(char if char.isalnum() or char in " .,:;·–—-_!?()'/€" else f"\\{ord(char):x} " for char in text)
    return f'"{escaped}"'


def _front_matter_text(text: str) -> Markup:
    """A quoted front-matter value. HTML-escaped too: MkDocs puts titles into pages unescaped."""
    return Markup(json.dumps(str(escape(text)), ensure_ascii=False))


@pass_context
def _markdown(context: dict, text: str, inline: bool = False) -> Markup:
    """Markdown written in a record, as cleaned HTML with its links resolved for this page.

    `inline` drops the paragraph around a one-paragraph text, for list items."""
    page = context["page_uri"]
    html = safe_html(text, links_from_page(page)).strip()
    lang = f' lang="{text.lang}"' if _foreign(text) else ""
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return Markup(f"<span{lang}>{html[3:-4]}</span>" if lang else html[3:-4])
    # One block of HTML, which Markdown passes through as it is.
    return Markup(f'<div class="cs-prose"{lang}>\n{html}\n</div>') if html else Markup("")
