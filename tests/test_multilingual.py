"""Tests for consortia.multilingual: where each language lives and how its pages point to each other."""

from __future__ import annotations

import re

from consortia.multilingual import (
    alternates,
    folder_link,
    hand_written_language,
    hand_written_pages,
    language_prefix,
    language_site_url,
    sitemap_with_alternates,
)

LANGUAGES = ("en", "it")
SITE = "https://www.tex4im.eu/"


def test_the_main_language_is_at_the_root_and_every_other_under_its_code():
    assert language_prefix("en", LANGUAGES) == ""
    assert language_prefix("it", LANGUAGES) == "it/"
    assert language_site_url(SITE, "it", LANGUAGES) == "https://www.tex4im.eu/it/"
    assert language_site_url("https://example.eu/project", "en", LANGUAGES) == "https://example.eu/project/"


def test_each_page_links_to_itself_in_every_language():
    found = alternates("partners/citeve/", "it", LANGUAGES, SITE)
    assert [(alt.code, alt.name, alt.href, alt.url) for alt in found] == [
        ("en", "English", "../../../partners/citeve/", "https://www.tex4im.eu/partners/citeve/"),
        ("it", "Italiano", "./", "https://www.tex4im.eu/it/partners/citeve/"),
    ]
    home = alternates("", "en", LANGUAGES, SITE)
    assert [alt.href for alt in home] == ["./", "it/"]


def test_a_site_with_one_language_has_no_alternates():
    assert alternates("partners/", "en", ("en",), SITE) == []


def test_the_not_found_page_links_by_absolute_path():
    assert [alt.href for alt in alternates("404.html", "it", LANGUAGES, "https://example.eu/tex4im/")] == ["/tex4im/", "/tex4im/it/"]


def test_folder_links():
    assert folder_link("it/partners/", "partners/x/") == "../../it/partners/"
    assert folder_link("", "") == "./"
    assert folder_link("", "it/") == "../"


def test_hand_written_translations_follow_the_suffix_convention():
    assert hand_written_language("about.it.md", LANGUAGES) == ("about.md", "it")
    assert hand_written_language("news/2020.it.md", LANGUAGES) == ("news/2020.md", "it")
    assert hand_written_language("about.md", LANGUAGES) == ("about.md", None)
    # Only the site's own languages: a page named notes.de.md is a page of its own here.
    assert hand_written_language("notes.de.md", LANGUAGES) == ("notes.de.md", None)


def test_the_sitemap_lists_every_page_in_every_language_with_its_alternates():
    written = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
               "    <url>\n         <loc>https://www.tex4im.eu/</loc>\n    </url>\n"
               "    <url>\n         <loc>https://www.tex4im.eu/partners/</loc>\n    </url>\n</urlset>")
    sitemap = sitemap_with_alternates(written, LANGUAGES, SITE)
    assert re.findall(r"<loc>([^<]*)</loc>", sitemap) == [
        "https://www.tex4im.eu/", "https://www.tex4im.eu/it/", "https://www.tex4im.eu/partners/", "https://www.tex4im.eu/it/partners/"]
    assert sitemap.count('hreflang="it" href="https://www.tex4im.eu/it/partners/"') == 2
    assert sitemap.count('hreflang="x-default" href="https://www.tex4im.eu/partners/"') == 2


def test_each_language_shows_its_own_version_of_a_hand_written_page():
    uris = ["about.md", "about.it.md", "contact.md", "news.it.md", "notes.de.md"]
    english = hand_written_pages(uris, "en", LANGUAGES)
    assert english.shown == {"about.md": "about.md", "contact.md": "contact.md", "notes.de.md": "notes.de.md"}
    assert english.untranslated == frozenset()
    italian = hand_written_pages(uris, "it", LANGUAGES)
    assert italian.shown == {"about.md": "about.it.md", "contact.md": "contact.md", "notes.de.md": "notes.de.md",
                             "news.md": "news.it.md"}
    assert italian.untranslated == {"contact.md", "notes.de.md"}
