"""Markdown written in records, as HTML for places outside the site's pages (feeds, calendars)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import lxml.html
import markdown


def page_link(url: str) -> str:
    """A link to a Markdown source (about.md, x/index.md) as the page's address (about/, x/)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return url
    path = parts.path.removesuffix(".md").removesuffix("index")
    path = path if path.endswith("/") or not path else path + "/"
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def markdown_to_html(text: str, base_url: str) -> str:
    """HTML of `text` with every link and picture made absolute against `base_url`.

    Feed readers show an entry away from the site, so a relative address would break there.
    `base_url` is the folder of the page's Markdown source, against which MkDocs resolves the
    same links on the site. Raw HTML in the text is rewritten too.
    """
    html = markdown.Markdown(extensions=["attr_list", "tables"]).convert(text)
    if not html.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    fragment.rewrite_links(lambda link: urljoin(base_url, page_link(link)), resolve_base_href=False)
    inner = [fragment.text or ""] + [lxml.html.tostring(child, encoding="unicode") for child in fragment]
    return "".join(inner)
