"""Markdown written in records, as HTML for places outside the site's pages (feeds, calendars)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from urllib.parse import urljoin, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


def page_link(url: str) -> str:
    """A link to a Markdown source (about.md, x/index.md) as the page's address (about/, x/)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return url
    path = parts.path.removesuffix(".md").removesuffix("index")
    path = path if path.endswith("/") or not path else path + "/"
    return path + (f"#{parts.fragment}" if parts.fragment else "")


class _AbsoluteLinks(Treeprocessor):
    """Feed readers show an entry away from the site: every link and picture needs a full address."""

    def __init__(self, md: markdown.Markdown, base_url: str) -> None:
        super().__init__(md)
        self.base_url = base_url

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                if element.get(attribute) is not None:
                    element.set(attribute, urljoin(self.base_url, page_link(element.get(attribute))))


class _AbsoluteLinksExtension(Extension):
    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_AbsoluteLinks(md, self.base_url), "consortia-absolute-links", 0)


def markdown_to_html(text: str, base_url: str) -> str:
    """HTML of `text`, with links and pictures resolved against `base_url`, the page the text belongs to."""
    converter = markdown.Markdown(extensions=["attr_list", "tables", _AbsoluteLinksExtension(base_url)])
    return converter.convert(text)
