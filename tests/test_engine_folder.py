"""The build folder Zensical builds from: the main language's pages with their theme data in front
matter, the published files, the theme without Material-only overrides, and a config without the hook."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from conftest import REPO
from consortia.engine_folder import CONFIG_FILE, CONTENT, MATERIAL_ONLY, THEME, finish_site, write_build_folder
from consortia.pipeline import ProjectFolder, generate
from consortia.settings import read_settings


@pytest.fixture(scope="module")
def build_folder(tmp_path_factory):
    settings = read_settings(REPO / "mkdocs.yml")
    project = ProjectFolder.at(REPO, logo=settings.get("theme", "logo"))
    generated = generate(project, date(2019, 11, 1), settings.get("site_url"))
    folder = tmp_path_factory.mktemp("zensical") / ".site-zensical"
    pages = write_build_folder(project, settings, generated, folder)
    return folder, pages, generated


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_every_page_of_the_main_language_is_there_and_no_other(build_folder):
    folder, pages, generated = build_folder
    assert set(generated.pages) | {"about.md", "contact.md"} == set(pages)
    assert {path.relative_to(folder / CONTENT).as_posix() for path in (folder / CONTENT).rglob("*.md")} == set(pages)
    assert (folder / CONTENT / "about.md").read_text(encoding="utf-8").endswith((REPO / "content" / "about.md").read_text(encoding="utf-8"))


def test_each_page_keeps_its_front_matter_and_carries_its_theme_data(build_folder):
    folder, _pages, generated = build_folder
    event = front_matter(folder / CONTENT / "events" / "kick-off-biella.md")
    assert event["title"] == "TEX4IM kick-off meeting"
    assert ["property", "og:title", "TEX4IM kick-off meeting"] in event["kit"]["link_preview"]
    assert event["kit"]["structured"] == generated.structured["events/kick-off-biella.md"]
    about = front_matter(folder / CONTENT / "about.md")  # a page without front matter: described by its heading and first paragraph
    tags = {name: content for _attribute, name, content in about["kit"]["link_preview"]}
    assert tags["og:title"] == "About the project" and tags["og:description"].startswith("TEX4IM – Textile Clusters")
    # The main language alone: no other language is named.
    assert about["kit"]["alternates"] == [] and "og:locale:alternate" not in tags


def test_the_published_files_are_there_and_the_withheld_pictures_are_not(build_folder):
    folder, _pages, generated = build_folder
    for uri, data in generated.files.items():
        assert (folder / CONTENT / uri).read_bytes() == data
    assert (folder / CONTENT / "results" / "tex4im-joint-strategy.pdf").is_file()
    assert generated.pictures.withheld and not any((folder / CONTENT / uri).exists() for uri in generated.pictures.withheld)


def test_the_theme_leaves_out_materials_search_and_the_config_the_hook(build_folder):
    folder, _pages, _generated = build_folder
    assert (folder / THEME / "main.html").read_bytes() == (REPO / "overrides" / "main.html").read_bytes()
    assert not any((folder / THEME / uri).exists() for uri in MATERIAL_ONLY)
    config = yaml.safe_load((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    assert "hooks" not in config and config["plugins"] == ["search"]
    assert config["docs_dir"] == CONTENT and config["theme"]["custom_dir"] == THEME
    assert "content.action.edit" not in config["theme"]["features"]
    assert config["nav"][0] == {"Home": "index.md"} and config["extra"]["alternate"] is False
    assert config["extra"]["kit"]["funding_statement"] == "Co-funded by the COSME programme of the European Union"
    assert config["extra"]["brand"] == {"primary": "#1b4965", "accent": "#b0432d"}


def test_a_pasted_video_waits_for_a_click(tmp_path):
    page = tmp_path / "about" / "index.html"
    page.parent.mkdir()
    page.write_text('<p><iframe src="https://www.youtube-nocookie.com/embed/x" title="Film"></iframe></p>', encoding="utf-8")
    finish_site(tmp_path, ["about.md"])
    assert "<iframe" not in page.read_text(encoding="utf-8")
