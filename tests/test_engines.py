"""The same records on other engines. ProperDocs, the maintained fork of MkDocs 1.6, builds the
example into the same site, byte for byte, but for the generator it names in every page. Zensical,
which runs no MkDocs hook, builds it from a folder of the generated pages (a preview, in the main
language only), and its site passes the browser checks every MkDocs site passes."""

from __future__ import annotations

import os
import re

import pytest

from browser_harness import PAGE_TYPES, serve
from conftest import REPO, broken_links, consortia, write_site
from test_build import copy_kit
from test_browser import FUNDING, assert_accessible_private_funded_and_quiet

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_same_site(built_example, tmp_path):
    result = consortia(REPO, "build", "--engine", "properdocs", "--site-dir", os.fspath(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert b"ProperDocs" in (tmp_path / "site" / "index.html").read_bytes()
    mkdocs, properdocs = _files(built_example), _files(tmp_path / "site")
    assert sorted(mkdocs) == sorted(properdocs)
    assert [name for name in mkdocs if mkdocs[name] != properdocs[name]] == []


def _files(site) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): GENERATOR.sub(b"", path.read_bytes())
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("zensical") / "site"
    result = consortia(REPO, "build", "--engine", "zensical", "--site-dir", os.fspath(site_dir))
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="module")
def zensical_url(zensical_site):
    with serve(zensical_site) as url:
        yield url


def test_zensical_builds_every_page_of_the_main_language(built_example, zensical_site):
    """Every page of the MkDocs site's main language and its newsletter PDF, with the theme's EU band, footer and feeds."""
    def pages(site):
        return {path.relative_to(site).as_posix() for path in site.rglob("index.html") if not path.is_relative_to(site / "it")}

    assert pages(zensical_site) == pages(built_example)
    assert (zensical_site / "newsletters" / "2020-06" / "tex4im-newsletter-2020-06.pdf").is_file()
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert 'class="cs-funding"' in home and 'class="md-footer cs-footer"' in home
    assert 'type="application/rss+xml" title="TEX4IM news (RSS)"' in home
    assert 'hreflang="it"' not in home and not (zensical_site / "it").exists()


def test_zensical_pages_carry_their_link_preview_and_search_engine_data(zensical_site):
    event = (zensical_site / "events" / "kick-off-biella" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="TEX4IM kick-off meeting">' in event
    assert '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Event"' in event
    about = (zensical_site / "about" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="About the project">' in about


def test_every_link_of_the_zensical_site_resolves(zensical_site):
    assert broken_links(zensical_site) == []


@pytest.mark.parametrize(("size", "scheme"), [("desktop", "light"), ("phone", "dark")])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_zensical_page_is_accessible_private_funded_and_quiet(chromium, zensical_url, name, size, scheme):
    assert_accessible_private_funded_and_quiet(chromium, zensical_url, PAGE_TYPES[name], size, scheme, FUNDING)


def test_a_failed_zensical_build_leaves_the_last_site(tmp_path):
    root = copy_kit(write_site(tmp_path, {}))
    (root / "overrides" / "main.html").write_text("{% if %}", encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the last good site", encoding="utf-8")
    result = consortia(root, "build", "--engine", "zensical")
    assert result.returncode != 0
    assert "site/ was left as it was" in result.stderr
    assert [path.name for path in (root / "site").iterdir()] == ["index.html"]
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the last good site"
