"""Tests for consortia.settings: mkdocs.yml's brand colours checked like records, with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from consortia.settings import Brand, check_brand, contrast, read_settings

SETTINGS = """\
site_name: Demo
site_url: https://www.example.eu/
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  brand:
    primary: "{primary}"
    accent: "{accent}"
"""


def brand_of(tmp_path: Path, primary: str = "#1b4965", accent: str = "#b0432d"):
    path = tmp_path / "mkdocs.yml"
    path.write_text(SETTINGS.format(primary=primary, accent=accent), encoding="utf-8")
    brand, problems = check_brand(read_settings(path))
    return brand, [str(problem) for problem in problems]


def test_good_colours_come_back_as_hex(tmp_path):
    assert brand_of(tmp_path, "#1B4965", "rgb(176, 67, 45)") == (Brand("#1b4965", "#b0432d"), [])
    assert brand_of(tmp_path, "navy", "#b0432d")[0] == Brand("#000080", "#b0432d")


def test_a_typo_is_not_a_colour(tmp_path):
    assert brand_of(tmp_path, "#1b496")[1] == [
        "mkdocs.yml:8: extra.brand.primary: '#1b496' is not a colour: write it as #RRGGBB, e.g. \"#1b4965\""
    ]


def test_a_light_colour_is_refused_with_a_darker_one_proposed(tmp_path):
    _brand, problems = brand_of(tmp_path, accent="#f4d35e")
    assert problems == [
        "mkdocs.yml:9: extra.brand.accent: #f4d35e and white have a contrast of 1.5:1, below the 4.5:1 that text"
        " needs to be readable: choose a darker colour, such as #867434"
    ]
    assert contrast((0x86, 0x74, 0x34), (255, 255, 255)) >= 4.5


def test_nothing_can_end_the_style_element(tmp_path):
    _brand, problems = brand_of(tmp_path, primary="red;}</style><script>alert(1)</script>")
    assert len(problems) == 1 and "is not a colour" in problems[0]


def test_an_unquoted_colour_is_a_comment_in_yaml(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: Demo\nextra:\n  brand:\n    primary: #1b4965\n    accent: '#b0432d'\n", encoding="utf-8")
    assert [str(problem) for problem in check_brand(read_settings(path))[1]] == [
        'mkdocs.yml:4: extra.brand.primary: give a colour, e.g. "#1b4965" (in quotes: # starts a comment in YAML)'
    ]


def test_without_brand_colours_the_theme_keeps_its_own(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: Demo\n", encoding="utf-8")
    assert check_brand(read_settings(path)) == (None, [])


@pytest.mark.parametrize(("pair", "ratio"), [(((0, 0, 0), (255, 255, 255)), 21.0), (((255, 255, 255), (255, 255, 255)), 1.0)])
def test_contrast_follows_wcag(pair, ratio):
    assert contrast(*pair) == pytest.approx(ratio)


def test_the_built_page_carries_the_checked_colours(built_example):
    html = (built_example / "index.html").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #1b4965;" in html
    assert "--cs-accent: #b0432d;" in html
