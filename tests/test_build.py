"""Real `mkdocs build --strict` of the example and of a user's own data, checked with an HTML parser."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from PIL import Image
from bs4 import BeautifulSoup

from conftest import broken_links, consortia, example_yaml, indexed_pages, web_pages, write_site

REPO = Path(__file__).resolve().parent.parent
KIT_FILES = ("mkdocs.yml", "hooks", "overrides", "templates")


@pytest.fixture(scope="module")
def example_site(built_example) -> Path:
    return built_example


def page(site_dir: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def example_records() -> dict[str, list[dict]]:
    return {name: example_yaml(f"{name}.yaml") for name in ("partners", "events", "agreements")}


def test_every_record_is_at_its_url(example_site):
    for name, records in example_records().items():
        for record in records:
            title = page(example_site, f"{name}/{record['id']}").find("h1").get_text()
            assert title == (record.get("name") or record["title"])
    issue = example_yaml("newsletters", "2020-06.yaml")
    assert page(example_site, "newsletters/2020-06").find("h1").get_text() == issue["title"]
    for item in issue["items"]:
        # A post the issue includes is at its own address, like every post.
        address = f"news/{item['post']}" if "post" in item else f"newsletters/2020-06/{item['id']}"
        title = next(post for post in example_yaml("news.yaml") if post["id"] == item["post"])["title"] if "post" in item else item["title"]
        assert page(example_site, address).find("h1").get_text() == title


def test_search_index_has_every_record(example_site):
    indexed = indexed_pages(example_site)
    for name, records in example_records().items():
        for record in records:
            assert indexed[f"{name}/{record['id']}/"]["meta"]["title"].startswith(record.get("name") or record["title"])


def test_home_page_looks_like_a_project_site(example_site):
    home = page(example_site, "")
    assert home.select_one(".cs-hero h1").get_text(" ", strip=True).startswith("TEX4IM")
    assert home.select_one(".cs-hero a.md-button--primary")["href"] == "partners/"
    assert len(home.select(".cs-logos img")) == 8
    assert "Co-funded by the COSME programme of the European Union" in home.select_one(".cs-funding").get_text()
    tabs = [link.get_text(strip=True) for link in home.select(".md-tabs__link")]
    assert tabs[:4] == ["Home", "About the project", "Partners", "Events"]  # label-less entries: the pages' own titles


def test_record_pages_are_not_listed_in_the_navigation(example_site):
    nav_links = {link["href"] for link in page(example_site, "partners").select("nav.md-nav--primary a[href]")}
    assert not any("citeve" in href for href in nav_links)
    assert len(nav_links) < 12  # the sections, not one entry per record


def test_partner_directory_can_be_filtered(example_site):
    directory = page(example_site, "partners")
    countries = [option["value"] for option in directory.select("select[name=country] option")]
    assert countries == ["", "CZ", "ES", "FR", "IT", "PT", "RO", "SE"]
    assert {card["data-country"] for card in directory.select("[data-country]")} == set(countries[1:])


def test_internal_links_and_assets_resolve(example_site):
    assert broken_links(example_site) == []


def test_the_search_index_keeps_labels_and_values_apart(example_site):
    """A partner is found by its short name: "Short name CITEVE", not "Short nameCITEVE"."""
    assert "Short name CITEVE Role Partner" in indexed_pages(example_site)["partners/citeve/"]["content"]


def test_phones_get_the_small_copy_of_a_picture_and_print_the_whole(example_site):
    cover = page(example_site, "newsletters/2020-06").select_one("img.cs-cover__picture")
    candidates = dict(reversed(candidate.split()) for candidate in cover["srcset"].split(", "))
    assert set(candidates) == {"800w", "1600w"} and cover["sizes"] == "(max-width: 480px) 100vw, 1600px"
    assert candidates["1600w"] == cover["src"]
    folder = example_site / "newsletters" / "2020-06"
    for width, address in candidates.items():
        with Image.open(folder / address) as picture:
            assert f"{picture.width}w" == width
    card = page(example_site, "news").select_one("img.cs-card__image")
    assert int(card["width"]) <= 800  # a card is small on every screen: the small copy only


def test_no_request_leaves_the_site(example_site):
    for html in web_pages(example_site):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("img[src], link[rel=stylesheet], link[rel=icon], script[src], iframe[src]"):
            assert not urlsplit(element.get("src") or element.get("href")).netloc, f"{html}: {element}"


def test_logos_are_processed_images(example_site):
    media = sorted(path.suffix for path in (example_site / "media").iterdir())
    assert set(media) <= {".png", ".jpg", ".svg"}
    assert not list(example_site.rglob("*.tif*"))


def copy_kit(destination: Path) -> Path:
    """The kit's files into a user's project, with the pages and logo the example's mkdocs.yml names."""
    for name in KIT_FILES:
        source = REPO / name
        target = destination / name
        shutil.copytree(source, target) if source.is_dir() else shutil.copy(source, target)
    (destination / "content").mkdir(parents=True, exist_ok=True)
    for name in ("about.md", "contact.md"):
        if not (destination / "content" / name).exists():
            (destination / "content" / name).write_text(f"# {name}\n", encoding="utf-8")
    (destination / "content" / "assets" / "brand").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "content" / "assets" / "brand" / "logo.svg", destination / "content" / "assets" / "brand")
    return destination


def test_a_users_own_data_builds_the_same_way(tmp_path):
    root = copy_kit(write_site(tmp_path, {}))
    result = consortia(root, "build")
    assert result.returncode == 0, result.stderr
    assert page(root / "site", "partners/alpha").find("h1").get_text() == "Alpha Cluster"
    assert page(root / "site", "events/kick-off").find("h1").get_text() == "Kick-off meeting"


def test_bad_data_leaves_the_last_good_site_untouched(tmp_path):
    root = copy_kit(write_site(tmp_path, {}))
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    (root / "events.yaml").write_text("- id: kick-off\n  title: Kick-off\n  start: 2022-02-30\n  online: true\n")
    result = consortia(root, "build")
    assert result.returncode == 1
    assert "events.yaml:3: events[0].start: '2022-02-30' is not a valid date" in result.stderr
    assert "Traceback" not in result.stderr
    assert [path.name for path in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "last good site"


def test_a_page_written_by_hand_cannot_replace_a_generated_one(tmp_path):
    root = copy_kit(write_site(tmp_path, {"content/partners/index.md": "# Mine\n"}))
    result = consortia(root, "build")
    assert result.returncode != 0
    assert "content/partners/index.md: the kit generates this page" in result.stdout + result.stderr


def test_two_builds_are_byte_identical(example_site, tmp_path):
    second = tmp_path / "site"
    assert consortia(REPO, "build", "--site-dir", os.fspath(second)).returncode == 0
    first_files = sorted(path.relative_to(example_site) for path in example_site.rglob("*") if path.is_file())
    second_files = sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    assert first_files == second_files
    assert [path for path in first_files if (example_site / path).read_bytes() != (second / path).read_bytes()] == []


def test_a_page_at_the_same_address_cannot_replace_a_generated_one(tmp_path):
    root = copy_kit(write_site(tmp_path, {"content/events.md": "# My events\n"}))
    result = consortia(root, "build")
    assert result.returncode != 0
    assert "content/events.md: the kit generates this page" in result.stdout + result.stderr


def test_unicode_survives_into_pages_search_and_feeds(example_site):
    searchable = " ".join(entry["meta"]["title"] + " " + entry["content"] for entry in indexed_pages(example_site).values())
    for name in ("Severovýchod", "Borås", "Città Studi", "Tèxtils"):
        assert name in searchable
    assert "Severovýchod" in page(example_site, "partners/clutex").get_text()
    assert "Borås" in (example_site / "events.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert all(path.name.isascii() for path in example_site.rglob("*"))


def test_edit_button_opens_the_records_yaml_at_its_line(tmp_path):
    root = copy_kit(write_site(tmp_path, {}))
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("# repo_url:", "repo_url:").replace("# edit_uri:", "edit_uri:"))
    assert consortia(root, "build").returncode == 0
    edit = page(root / "site", "partners/beta").select_one("a.md-content__button[href*='/edit/']")
    assert edit["href"] == "https://github.com/your-org/your-site/edit/main/partners.yaml#L5"
    assert page(root / "site", "about").select_one("a.md-content__button")["href"].endswith("/edit/main/content/about.md")
