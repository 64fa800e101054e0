"""Hostile content pasted into every text field of every record type never runs in a visitor's browser."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from browser_harness import DESKTOP, browser, open_page, serve
from conftest import consortia, write_site
from test_build import copy_kit

REPO = Path(__file__).resolve().parent.parent
# Each piece would set window.__pwned if it ran; the Jinja expression must stay as typed.
PAYLOAD = (
    "<script>window.__pwned = 1</script>"
    '<img src="x" onerror="window.__pwned = 1">'
    '<a href="javascript:window.__pwned = 1">click</a>'
    '<a href="data:text/html,<script>parent.__pwned = 1</script>">data</a>'
    '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>'
    '<svg onload="window.__pwned = 1"></svg>'
    '"><b onmouseover="window.__pwned = 1">quote</b>'
    " {{ 7*7 }}"
)


def text(value: str = "") -> str:
    """A YAML string holding `value` and the payload."""
    return json.dumps(f"{value}{PAYLOAD}")


def hostile_files() -> dict[str, str]:
    return {
        "project.yaml": f"""\
            acronym: {text("DEMO")}
            title: {text("Demo")}
            tagline: {text()}
            programme: {text("COSME")}
            call: {text()}
            grant_agreement: {text()}
            start: 2022-01-01
            end: 2030-12-31
            coordinator: alpha
            summary: {text()}
            objectives: [{text()}]
            activities: [{{title: {text()}, description: {text()}}}]
            topics: [{{id: green, title: {text()}, description: {text()}}}]
            indicators: [{{id: reach, label: {text()}, target: 10, achieved: 3, unit: {text()}}}]
            funding_statement: {text("Co-funded by the European Union")}
            disclaimer: {text()}
            contact: {{email: info@example.eu, address: {text()}, phone: {text()}}}
            accessibility: {{limitations: [{text()}]}}
            """,
        "partners.yaml": f"""\
            - id: alpha
              name: {text("Alpha")}
              short_name: {text()}
              role: coordinator
              country: PT
              region: {text()}
              city: {text()}
              description: {text()}
              topics: [green]
            """,
        "events.yaml": f"""\
            - id: meeting
              title: {text("Meeting")}
              start: "2029-05-03T09:30"
              timezone: Europe/Lisbon
              location: {{venue: {text()}, address: {text()}, city: {text()}, country: PT}}
              organisers: [alpha]
              summary: {text()}
              description: {text()}
              agenda: [{{time: "09:30", title: {text()}, speaker: {text()}}}]
              topics: [green]
              links: [{{title: {text()}, url: "https://example.eu/"}}]
            """,
        "agreements.yaml": f"""\
            - id: pact
              title: {text("Pact")}
              signed: 2023-01-01
              parties: [alpha, {{name: {text()}, url: "https://example.eu/", description: {text()}}}]
              summary: {text()}
              actions: [{text()}]
              topics: [green]
            """,
        "newsletters/2024-01.yaml": f"""\
            title: {text("Issue")}
            date: 2024-01-15
            editorial: {text()}
            items:
              - id: story
                title: {text("Story")}
                summary: {text()}
                body: {text()}
                partners: [alpha]
                events: [meeting]
                topics: [green]
                links: [{{title: {text()}, url: "https://example.eu/"}}]
            """,
        "content/about.md": "# About\n",
        "content/contact.md": "# Contact\n",
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_kit(write_site(tmp_path_factory.mktemp("hostile"), hostile_files()))
    result = consortia(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_no_script_runs_on_any_page(hostile_site):
    pages = sorted(path.parent.relative_to(hostile_site).as_posix() for path in hostile_site.rglob("index.html"))
    assert len(pages) > 15
    ran = []
    with serve(hostile_site) as url, browser() as instance, open_page(instance, url, DESKTOP) as (page, _requests):
        page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
        for path in pages:
            page.goto(url + ("" if path == "." else path + "/"), wait_until="load")
            page.mouse.move(10, 10)
            if page.evaluate("window.__pwned !== undefined"):
                ran.append(path)
    assert ran == []


def test_search_results_show_hostile_titles_as_typed(hostile_site):
    """Pagefind gives a title as the page's text, and Material writes it as HTML: the kit's worker escapes it."""
    with serve(hostile_site) as url, browser() as instance, open_page(instance, url, DESKTOP) as (page, _requests):
        page.goto(url, wait_until="load")
        page.keyboard.press("/")
        page.keyboard.type("pwned")
        page.locator(".md-search-result__item a").first.wait_for()
        page.mouse.move(400, 300)
        assert page.evaluate("window.__pwned === undefined")
        assert "<script>window.__pwned = 1</script>" in page.locator(".md-search-result__item h1").first.inner_text()


def test_jinja_in_records_shows_as_typed(hostile_site):
    page = lxml.html.fromstring((hostile_site / "partners" / "alpha" / "index.html").read_bytes())
    shown = page.find(".//main").text_content()
    assert "{{ 7*7 }}" in shown
    assert "49" not in shown


def test_markup_in_text_fields_is_shown_not_run(hostile_site):
    partner = (hostile_site / "partners" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in partner
    assert "<script>window.__pwned" not in partner
    for html in hostile_site.rglob("*.html"):
        assert active_content(lxml.html.fromstring(html.read_bytes())) == [], html


SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")
"""The <script> types a browser runs; others (application/ld+json) are data, never run."""


def active_content(tree) -> list[str]:
    """Script elements, event-handler attributes and script addresses in an HTML tree."""
    found = [f"<{element.tag}>" for element in tree.iter("script")
             if "__pwned" in (element.text or "") and element.get("type", "") in SCRIPT_TYPES]
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name.startswith("on") and "__pwned" in value:
                found.append(f"{element.tag} {name}")
            if name == "srcdoc" or name in ("href", "src") and value.strip().lower().startswith(("javascript:", "data:")):
                found.append(f"{element.tag} {name}={value[:40]}")
    return found


def test_feeds_carry_no_active_content(hostile_site):
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in (hostile_site / "feeds").rglob("*.atom.xml"):
        for content in etree.parse(str(feed)).iter(f"{atom}content"):
            assert active_content(lxml.html.fromstring(f"<div>{content.text}</div>")) == [], feed.name
