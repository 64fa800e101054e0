"""Tests for consortia.page_numbers: the slots of a printed issue's contents and how they are filled."""

from __future__ import annotations

import lxml.html
from conftest import REPO

from consortia.page_numbers import FILL_IN_BROWSER, SLOT_ARTICLE, SLOT_CLASS, page_number_slot, with_page_numbers


def test_a_slot_is_an_empty_span_naming_its_article():
    assert page_number_slot("hello") == '<span class="cs-contents__page" data-page-of="hello"></span>'


def test_slot_markup_escapes_the_id():
    slot = page_number_slot('a"><script>x</script>')
    assert "<script>" not in slot
    element = lxml.html.fragment_fromstring(slot)
    assert (element.tag, element.get(SLOT_ARTICLE), element.text) == ("span", 'a"><script>x</script>', None)


def test_page_numbers_go_into_the_empty_contents_cells():
    html = '<li><a href="#a">A</a> <span class="cs-contents__page" data-page-of="a"></span></li>'
    assert with_page_numbers(html, {"a": 7}).endswith('data-page-of="a">7</span></li>')


def test_with_page_numbers_fills_only_slots():
    html = (f'<ol><li>{page_number_slot("first")}</li><li>{page_number_slot("second")}</li></ol>'
            '<span class="other" data-page-of="first"></span><span class="cs-contents__page"></span>')
    filled = with_page_numbers(html, {"first": 3, "second": 5, "unused": 9})
    assert filled == (
        '<ol><li><span class="cs-contents__page" data-page-of="first">3</span></li>'
        '<li><span class="cs-contents__page" data-page-of="second">5</span></li></ol>'
        '<span class="other" data-page-of="first"></span><span class="cs-contents__page"></span>'
    )


def test_a_page_without_slots_is_left_as_it_is():
    html = "<p>No contents here: 3 pages.</p>"
    assert with_page_numbers(html, {"a": 1}) == html


def test_the_browser_fills_the_same_slots():
    assert f'".{SLOT_CLASS}"' in FILL_IN_BROWSER
    assert f'"{SLOT_ARTICLE}"' in FILL_IN_BROWSER


def test_the_stylesheet_shows_the_slots_only_in_print():
    css = (REPO / "overrides" / "assets" / "consortia" / "consortia.css").read_text(encoding="utf-8")
    assert f".md-typeset .{SLOT_CLASS} {{ display: none; }}" in css
    print_rules = css[css.index("@media print"):]
    assert f".{SLOT_CLASS} {{ display: inline;" in print_rules
