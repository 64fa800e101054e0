"""Tests for consortia.html: Markdown from records → cleaned HTML with links resolved for pages and feeds."""

from __future__ import annotations

import lxml.html
import pytest

from consortia.html import absolute_links, links_from_page, safe_html


def unchanged(url: str) -> str:
    return url


def elements(html: str) -> list[lxml.html.HtmlElement]:
    return list(lxml.html.fragment_fromstring(html, create_parent="div").iter())


# --- cleaning ------------------------------------------------------------------------------------


def test_markdown_becomes_html():
    assert safe_html("Our **team** in [Porto](https://porto.example.pt/).", unchanged) == (
        '<p>Our <strong>team</strong> in <a href="https://porto.example.pt/" rel="noopener noreferrer">Porto</a>.</p>'
    )


def test_scripts_are_dropped():
    html = safe_html("Hello <script>alert(1)</script> world\n\n<script src=https://evil.example/x.js></script>", unchanged)
    assert "script" not in html and "alert" not in html
    assert "Hello" in html and "world" in html


def test_event_handlers_are_dropped():
    html = safe_html('<p onclick="steal()">Hi <img src="a.png" alt="A" onerror="steal()"></p>', unchanged)
    assert "steal" not in html
    assert [(element.tag, dict(element.attrib)) for element in elements(html)][1:] == [
        ("p", {}), ("img", {"src": "a.png", "alt": "A"})
    ]


@pytest.mark.parametrize("address", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4="])
def test_javascript_and_data_links_lose_their_address(address):
    html = safe_html(f'[click](<{address}>) and <a href="{address}">here</a>', unchanged)
    links = [element for element in elements(html) if element.tag == "a"]
    assert len(links) == 2 and all(link.get("href") is None for link in links)
    assert "alert" not in html and "data:" not in html


def test_pasted_ids_are_dropped():
    assert 'id="' not in safe_html('<span id="header" class="note">x</span>', unchanged)


def test_nothing_left_after_cleaning_is_empty():
    assert safe_html("<script>alert(1)</script>", unchanged) == ""
    assert safe_html("", unchanged) == ""


def test_every_link_and_picture_goes_through_the_link_function():
    html = safe_html("[a](about.md) ![b](assets/b.png)", lambda url: f"/x/{url}")
    assert [element.get("href") or element.get("src") for element in elements(html)[2:]] == ["/x/about.md", "/x/assets/b.png"]


# --- links from a generated page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "written", "expected"),
    [
        ("legal.md", "about.md", "../about/"),
        ("index.md", "about.md", "about/"),
        ("events/webinar.md", "../about.md", "../../about/"),
        ("events/webinar.md", "kick-off.md#agenda", "../kick-off/#agenda"),
        ("newsletters/2020-06/index.md", "story.md", "story/"),
        ("newsletters/2020-06/story.md", "index.md", "../"),
        ("partners/alpha.md", "../media/logo.png", "../../media/logo.png"),
        ("partners/alpha.md", "../partners/index.md", "../"),
    ],
)
def test_links_from_page_resolve_like_mkdocs_then_point_from_the_pages_address(page, written, expected):
    assert links_from_page(page)(written) == expected


@pytest.mark.parametrize("written", ["https://example.eu/x.md", "mailto:info@example.eu", "/about/", "#agenda", "//cdn.example/x"])
def test_links_from_page_leave_absolute_addresses_and_fragments_alone(written):
    assert links_from_page("events/webinar.md")(written) == written


# --- links in feeds ------------------------------------------------------------------------------------


def test_absolute_links_resolve_against_the_pages_source_folder():
    link = absolute_links("https://www.example.eu/events/")
    assert link("../about.md#team") == "https://www.example.eu/about/#team"
    assert link("kick-off.md") == "https://www.example.eu/events/kick-off/"
    assert link("../media/photo.jpg") == "https://www.example.eu/media/photo.jpg"
    assert link("#agenda") == "https://www.example.eu/events/#agenda"


def test_absolute_links_leave_other_sites_alone():
    link = absolute_links("https://www.example.eu/events/")
    assert link("https://other.example/page.md") == "https://other.example/page.md"
    assert link("mailto:info@example.eu") == "mailto:info@example.eu"
