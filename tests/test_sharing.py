"""Every page of the built example, read as LinkedIn's or Mastodon's crawler reads it: Open Graph
and Twitter tags present and absolute, the preview picture there at the size the tags state, and
JSON-LD that parses; in each language of the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from consortia.sharing import DESCRIPTION_LENGTH, SharedPage, link_preview_tags

SITE_URL = "https://www.tex4im.eu/"
REQUIRED = ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:image", "og:image:type",
            "og:image:width", "og:image:height", "og:image:alt", "og:locale", "twitter:card")


def head_of(html: Path) -> tuple[dict[str, list[str]], BeautifulSoup]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    tags: dict[str, list[str]] = {}
    for meta in soup.head.find_all("meta"):
        name = meta.get("property") or meta.get("name")
        if name:
            tags.setdefault(name, []).append(meta.get("content", ""))
    return tags, soup


def pages(site: Path) -> list[Path]:
    return [html for html in sorted(site.rglob("index.html"))]


def test_every_page_has_its_link_preview(built_example):
    for html in pages(built_example):
        tags, soup = head_of(html)
        missing = [name for name in REQUIRED if not tags.get(name) or not tags[name][0].strip()]
        assert missing == [], f"{html}: {missing}"
        canonical = soup.head.find("link", rel="canonical")["href"]
        assert tags["og:url"] == [canonical] and canonical.startswith(SITE_URL)
        image = tags["og:image"][0]
        assert image.startswith(SITE_URL + "previews/") or image.startswith(SITE_URL + "it/previews/"), html
        with Image.open(built_example / image.removeprefix(SITE_URL)) as picture:
            assert [str(side) for side in picture.size] == tags["og:image:width"] + tags["og:image:height"]
            assert Image.MIME[picture.format] == tags["og:image:type"][0]
        assert len(tags["og:description"][0]) <= DESCRIPTION_LENGTH + 1


def test_pages_say_their_language_and_the_others(built_example):
    english, _soup = head_of(built_example / "partners" / "citeve" / "index.html")
    italian, _soup = head_of(built_example / "it" / "partners" / "citeve" / "index.html")
    assert english["og:locale"] == ["en_GB"] and english["og:locale:alternate"] == ["it_IT"]
    assert italian["og:locale"] == ["it_IT"] and italian["og:locale:alternate"] == ["en_GB"]
    assert italian["og:image"] == [SITE_URL + "it/previews/partners/citeve.png"]
    assert italian["og:url"] == [SITE_URL + "it/partners/citeve/"]


def test_an_article_is_shared_as_one(built_example):
    tags, _soup = head_of(built_example / "news" / "kick-off-report" / "index.html")
    assert tags["og:type"] == ["article"] and tags["article:published_time"] == ["2018-09-27"]
    assert tags["og:image:alt"][0].startswith("TEX4IM: ")
    event, _soup = head_of(built_example / "events" / "kick-off-biella" / "index.html")
    assert event["og:type"] == ["website"] and "article:published_time" not in event


def test_a_hand_written_page_shares_the_home_picture_and_its_first_paragraph(built_example):
    tags, soup = head_of(built_example / "about" / "index.html")
    assert tags["og:image"] == [SITE_URL + "previews/index.png"]
    first = " ".join(soup.find("article").find("p").get_text().split())
    assert tags["og:description"][0].rstrip("…")[:100] == first[:100]


def test_json_ld_on_every_page_parses(built_example):
    for html in pages(built_example):
        _tags, soup = head_of(html)
        for script in soup.find_all("script", type="application/ld+json"):
            assert json.loads(script.string)["@context"] == "https://schema.org", html


def test_a_long_description_is_cut_at_a_word():
    shared = SharedPage("previews/index.png", "image/png", "TEX4IM")
    tags = link_preview_tags(shared, title="T", description="word " * 200, url=SITE_URL, site_name="TEX4IM",
                             site_url=SITE_URL, language="en", languages=("en",))
    description = dict((name, content) for _attribute, name, content in tags)["og:description"]
    assert description.endswith("word…") and len(description) <= DESCRIPTION_LENGTH + 1
