"""Markdown written in records → safe HTML, for the site's pages and for feeds.

Record text is often pasted from partners' e-mails and websites, so it is rendered and then
cleaned with an allow-list: no script, no event handlers, no javascript: or data: addresses.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import lxml.html
import markdown
import nh3

from consortia.addresses import page_url, relative_path

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption", "figure",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
# No id: a pasted id could clash with, or override, the page's own elements.
_ATTRIBUTES = {
    "*": {"class", "title", "lang"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
_SCHEMES = {"http", "https", "mailto"}


# One converter for the whole build, reset before each text: building a new one for each of the
# thousands of Markdown fields was a tenth of a large site's build time.
_MARKDOWN = markdown.Markdown(extensions=["attr_list", "tables"])


KEPT_TEXTS = 50_000
"""Record texts kept rendered (with the links of one page or feed each): a large site's every text
in every language, which its page, feeds and e-mails render again at every build of the preview."""


@lru_cache(maxsize=KEPT_TEXTS)
def safe_html(text: str, link: Callable[[str], str]) -> str:
    """`text` (Markdown) as cleaned HTML, every link and picture address passed through `link`.

    Kept for the same text and the same `link` (links_from_page and absolute_links_of give one
    function for one page): both decide the result, and rendering is the build's dearest step."""
    html = _MARKDOWN.reset().convert(text)
    cleaned = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES)
    if not cleaned.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    fragment.rewrite_links(link, resolve_base_href=False)
    return "".join([fragment.text or "", *(lxml.html.tostring(child, encoding="unicode") for child in fragment)])


def absolute_links(base_url: str) -> Callable[[str], str]:
    """For feeds, read away from the site: every address made absolute against `base_url`,
    the folder of the record page's Markdown source (as MkDocs resolves them on the site)."""
    return lambda url: urljoin(base_url, _page_address(url))


@lru_cache(maxsize=KEPT_TEXTS)
def absolute_links_of(page_uri: str, site_url: str) -> Callable[[str], str]:
    """For a record read away from the site (a feed, an e-mail): the links of the record's page
    (its Markdown source URI) made absolute on `site_url`, which ends with a slash."""
    folder = posixpath.dirname(page_uri)
    return absolute_links(site_url + (folder + "/" if folder else ""))


def _page_address(url: str) -> str:
    """A link to a Markdown source (about.md, x/index.md#top) as the page's address (about/, x/#top)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return url
    return page_url(parts.path) + (f"#{parts.fragment}" if parts.fragment else "")


@lru_cache(maxsize=KEPT_TEXTS)
def links_from_page(page_uri: str) -> Callable[[str], str]:
    """For a generated page: a relative address written in a record, resolved like MkDocs resolves
    links of the page's Markdown source, then made relative to the page's final address."""
    source_folder = posixpath.dirname(page_uri)
    page_folder = page_url(page_uri).rstrip("/")

    def link(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return url
        target = posixpath.normpath(posixpath.join(source_folder, parts.path))
        target = page_url(target) if target.endswith(".md") else target
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return relative_path(target, page_folder) + fragment

    return link


def first_paragraph(html: str) -> str:
    """The text of the first paragraph of a page's HTML ("" when it has none): a hand-written page's
    description where its front matter gives none."""
    if not html.strip():
        return ""
    paragraph = lxml.html.fragment_fromstring(html, create_parent="div").find(".//p")
    return " ".join(paragraph.text_content().split()) if paragraph is not None else ""
