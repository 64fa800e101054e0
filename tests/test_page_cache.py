"""The generated pages' HTML is converted once and used again while the page is the same."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import consortia, write_site
from consortia.page_cache import Conversion, ConvertedPages
from test_build import copy_kit

CONVERSION = Conversion("<p>Hi</p>", [{"level": 2, "id": "a", "name": "A", "children": []}], "Hi", ["a"], {"events/x.md": {"b": "x.md#b"}})


def _pages(tmp_path: Path, addresses=("index.md\t./",), settings=("toc",)) -> ConvertedPages:
    return ConvertedPages.of_build(tmp_path, "en", list(settings), list(addresses))


def test_a_kept_conversion_comes_back_whole(tmp_path):
    pages = _pages(tmp_path)
    key = pages.key("partners/alpha.md", "# Alpha\n")
    pages.keep(key, CONVERSION)
    assert _pages(tmp_path).kept(key) == CONVERSION


def test_the_page_its_address_the_sites_addresses_and_the_markdown_settings_change_the_key(tmp_path):
    key = _pages(tmp_path).key("partners/alpha.md", "# Alpha\n")
    assert _pages(tmp_path).key("partners/alpha.md", "# Alpha!\n") != key
    assert _pages(tmp_path).key("partners/beta.md", "# Alpha\n") != key
    assert _pages(tmp_path, addresses=("index.md\t./", "partners/gamma.md\tpartners/gamma/")).key("partners/alpha.md", "# Alpha\n") != key
    assert _pages(tmp_path, settings=("toc", "tables")).key("partners/alpha.md", "# Alpha\n") != key


def test_a_damaged_entry_is_converted_again(tmp_path):
    pages = _pages(tmp_path)
    key = pages.key("partners/alpha.md", "# Alpha\n")
    pages.keep(key, CONVERSION)
    (tmp_path / "html" / "en" / f"{key}.json").write_text('{"html": "<p>cut', encoding="utf-8")
    assert _pages(tmp_path).kept(key) is None


def test_a_full_build_forgets_what_it_did_not_use(tmp_path):
    first = _pages(tmp_path)
    old, kept = first.key("old.md", "x"), first.key("kept.md", "y")
    first.keep(old, CONVERSION)
    first.keep(kept, CONVERSION)
    second = _pages(tmp_path)
    assert second.kept(kept) == CONVERSION
    second.forget_unused()
    assert sorted(path.stem for path in (tmp_path / "html" / "en").iterdir()) == [kept]


def test_without_a_cache_folder_nothing_is_kept(tmp_path):
    pages = ConvertedPages.of_build(None, "en", [], [])
    pages.keep("k", CONVERSION)
    assert pages.kept("k") is None
    assert list(tmp_path.iterdir()) == []


def _heading(site: Path, url: str) -> str:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser").find("h1").get_text()


def test_a_second_build_takes_the_record_pages_html_from_the_first(tmp_path):
    root = copy_kit(write_site(tmp_path / "project", {}))
    assert consortia(root, "build", "--site-dir", str(tmp_path / "cold")).returncode == 0
    kept = sorted((root / ".cache" / "consortia" / "html" / "en").glob("*.json"))
    assert len(kept) > 5  # every generated page: home, lists, records, legal pages
    assert consortia(root, "build", "--site-dir", str(tmp_path / "warm")).returncode == 0
    cold = {path.relative_to(tmp_path / "cold"): path.read_bytes() for path in (tmp_path / "cold").rglob("*") if path.is_file()}
    warm = {path.relative_to(tmp_path / "warm"): path.read_bytes() for path in (tmp_path / "warm").rglob("*") if path.is_file()}
    assert cold == warm  # a page from the cache is byte for byte the page converted

    # The second build did not convert the page: what its cache entry says is what it shows.
    for entry in kept:
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps({**data, "html": data["html"].replace("Alpha Cluster</h1>", "Alpha (kept)</h1>")}), encoding="utf-8")
    assert consortia(root, "build").returncode == 0
    assert _heading(root / "site", "partners/alpha") == "Alpha (kept)"

    # An edited record's page is converted again, from its new Markdown.
    partners = root / "partners.yaml"
    partners.write_text(partners.read_text(encoding="utf-8").replace("name: Alpha Cluster", "name: Alpha Textiles"), encoding="utf-8")
    assert consortia(root, "build").returncode == 0
    assert _heading(root / "site", "partners/alpha") == "Alpha Textiles"
    assert _heading(root / "site", "partners/beta") == "Beta Association"
