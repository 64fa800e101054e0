"""Where each language of a multilingual site lives, and how its pages point to each other.

The main language is at the site's root (/partners/citeve/), every other language under its code
(/en/partners/citeve/); every page exists in every language (a page with no translation shows the
main language's text), so the same page in another language is the same address under another
prefix. A site with one language has no prefix, no language menu and no alternates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from consortia.languages import own_name

HAND_WRITTEN_TRANSLATION = re.compile(r"^(?P<stem>.+)\.(?P<code>[a-z]{2})\.md$")
"""content/about.en.md: the English version of content/about.md (mkdocs-static-i18n's convention)."""


def language_prefix(code: str, languages: tuple[str, ...]) -> str:
    """'' for the main language, 'en/' for English on a site whose main language is another."""
    return "" if code == languages[0] else f"{code}/"


def language_site_url(site_url: str, code: str, languages: tuple[str, ...]) -> str:
    """The public address of the site in one language: https://www.tex4im.eu/it/."""
    return site_url.rstrip("/") + "/" + language_prefix(code, languages)


@dataclass(frozen=True)
class Alternate:
    """The page being shown, in one of the site's languages."""

    code: str
    name: str
    """The language as its speakers name it (Italiano), for the language menu."""
    href: str
    """Relative to the page being shown, for the language menu."""
    url: str
    """Absolute, for <link rel="alternate" hreflang> and the sitemap."""


def alternates(page_url: str, here: str, languages: tuple[str, ...], site_url: str) -> list[Alternate]:
    """The page at `page_url` (partners/citeve/, relative to its language's root) in every language,
    as seen from its version in the language `here`. A 404 page is shown at any address, so it links
    by absolute path."""
    if len(languages) < 2:
        return []
    shown_at = language_prefix(here, languages) + page_url
    found = []
    for code in languages:
        target = language_prefix(code, languages) + page_url
        if page_url == "404.html":
            href = urlsplit(site_url).path.rstrip("/") + "/" + language_prefix(code, languages)
        else:
            href = folder_link(target, shown_at)
        found.append(Alternate(code, own_name(code), href, language_site_url(site_url, code, languages) + page_url))
    return found


def folder_link(target: str, start: str) -> str:
    """A relative link between two folder addresses (en/partners/ from partners/x/: ../../en/partners/)."""
    target_parts, start_parts = target.strip("/").split("/"), start.strip("/").split("/")
    target_parts, start_parts = [part for part in target_parts if part], [part for part in start_parts if part]
    common = 0
    while common < min(len(target_parts), len(start_parts)) and target_parts[common] == start_parts[common]:
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) + "/" if parts else "./"


def hand_written_language(content_uri: str, languages: tuple[str, ...]) -> tuple[str, str | None]:
    """(the page it translates, its language) for content/about.en.md; (the URI, None) for a page in
    the main language. Only the site's own languages count: notes.de.md on a site without German is a page of its own."""
    match = HAND_WRITTEN_TRANSLATION.match(content_uri)
    if match and match["code"] in languages:
        return f"{match['stem']}.md", match["code"]
    return content_uri, None


@dataclass(frozen=True)
class HandWrittenPages:
    """The hand-written pages of one language's build."""

    shown: dict[str, str]
    """Each page (about.md) → the file of content/ it shows in this language (about.en.md, or about.md itself)."""
    untranslated: frozenset[str]
    """The pages shown in the main language because this language has no version of them."""


def hand_written_pages(content_uris: list[str], language: str, languages: tuple[str, ...]) -> HandWrittenPages:
    """Which file of content/ each hand-written page shows in the build of `language`; the other
    languages' versions (about.it.md in the English build) are left out."""
    pages, translations = [], {}
    for uri in content_uris:
        page, code = hand_written_language(uri, languages)
        if code is None:
            pages.append(uri)
        elif code == language:
            translations[page] = uri
    shown = {page: translations.get(page, page) for page in pages}
    shown.update({page: uri for page, uri in translations.items() if page not in shown})  # a page only translated
    untranslated = frozenset(page for page in pages if page not in translations) if language != languages[0] else frozenset()
    return HandWrittenPages(shown, untranslated)


_SITEMAP_URL = re.compile(r"<url>\s*<loc>(?P<loc>[^<]*)</loc>(?P<rest>.*?)</url>", re.DOTALL)


def sitemap_with_alternates(main_sitemap: str, languages: tuple[str, ...], site_url: str) -> str:
    """The main language's sitemap (as MkDocs writes it) with every page in every language, each
    naming its versions in the others (xhtml:link hreflang, and x-default for the main language)."""
    root = language_site_url(site_url, languages[0], languages)
    entries = []
    for match in _SITEMAP_URL.finditer(main_sitemap):
        path = match["loc"].removeprefix(root)
        versions = [(code, language_site_url(site_url, code, languages) + path) for code in languages]
        links = "".join(f'\n         <xhtml:link rel="alternate" hreflang="{code}" href="{escape(url)}"/>' for code, url in versions)
        links += f'\n         <xhtml:link rel="alternate" hreflang="x-default" href="{escape(versions[0][1])}"/>'
        rest = match["rest"].strip()
        for _code, url in versions:
            entries.append(f"    <url>\n         <loc>{escape(url)}</loc>{links}\n         {rest}\n    </url>" if rest
                           else f"    <url>\n         <loc>{escape(url)}</loc>{links}\n    </url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            + "\n".join(entries) + "\n</urlset>\n")
