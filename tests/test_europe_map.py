"""The partner map: the bundled geometry and the SVG made from it."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from consortia.europe_map import load_geometry, partner_map_svg

SVG = "{http://www.w3.org/2000/svg}"


def link_for(code: str) -> str:
    return f"../partners/?country={code}#partner-filter"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_geometry_has_the_countries_of_europe():
    geometry = load_geometry()
    for code in ("PT", "ES", "CZ", "SE", "FR", "IT", "RO", "DE", "IE", "CY", "MT", "LU", "IS", "TR", "UA", "GB", "NO"):
        assert geometry.countries[code].startswith("M"), code
    assert list(geometry.countries) == sorted(geometry.countries)
    assert "MT" in geometry.markers and "DE" not in geometry.markers  # a dot only where the shape is too small


def test_geometry_view_box_is_sane():
    geometry = load_geometry()
    x, y, width, height = map(float, geometry.view_box.split())
    assert (x, y) == (0, 0)
    assert 400 <= width <= 2000 and 0.5 * width <= height <= 1.5 * width
    for code, path in geometry.countries.items():
        assert re.fullmatch(r"([Mml][-.\d ]+z?)*", path), code
    for cx, cy in geometry.markers.values():
        assert 0 <= cx <= width and 0 <= cy <= height


def test_geometry_is_read_only():
    geometry = load_geometry()
    assert load_geometry() is geometry
    try:
        geometry.countries["XX"] = "M0 0z"  # type: ignore[index]
    except TypeError:
        pass
    else:
        raise AssertionError("the cached geometry could be changed")


def test_output_is_deterministic():
    first = partner_map_svg({"PT": 1, "IT": 2, "CZ": 1}, link_for, "Partner map")
    second = partner_map_svg({"CZ": 1, "IT": 2, "PT": 1}, link_for, "Partner map")
    assert first == second


def test_svg_is_named_by_its_title():
    root = parse(partner_map_svg({"PT": 1}, link_for, "Partner map"))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Partner map"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("role") is None  # it holds links: not a single image


def test_partner_country_is_a_labelled_link():
    root = parse(partner_map_svg({"PT": 1, "IT": 2}, link_for, "Partner map"))
    links = {link.get("aria-label"): link for link in root.iter(f"{SVG}a")}
    assert set(links) == {"Portugal: 1 partner", "Italy: 2 partners"}
    portugal = links["Portugal: 1 partner"]
    assert portugal.get("href") == "../partners/?country=PT#partner-filter"
    assert portugal.find(f"{SVG}title").text == "Portugal: 1 partner"
    assert portugal.find(f"{SVG}path").get("class") == "cs-map__partner"
    assert portugal.find(f"{SVG}path").get("d") == load_geometry().countries["PT"]


def test_country_without_partners_is_not_a_link():
    geometry = load_geometry()
    root = parse(partner_map_svg({"PT": 1}, link_for, "Partner map"))
    land = root.find(f"{SVG}g[@class='cs-map__land']")
    assert land.get("aria-hidden") == "true"
    drawn = {path.get("d") for path in land.iter(f"{SVG}path")}
    assert geometry.countries["ES"] in drawn and geometry.countries["PT"] not in drawn
    assert [link.get("aria-label") for link in root.iter(f"{SVG}a")] == ["Portugal: 1 partner"]


def test_small_partner_country_gets_a_dot_and_far_countries_are_left_out():
    root = parse(partner_map_svg({"MT": 1, "JP": 3}, link_for, "Partner map"))
    (malta,) = root.iter(f"{SVG}a")
    assert malta.get("aria-label") == "Malta: 1 partner"
    assert malta.find(f"{SVG}circle") is not None


def test_text_is_escaped():
    svg = partner_map_svg({"PT": 1}, lambda code: f'/p?country={code}&kind="x"', 'Map <of> "partners" & more')
    assert "<of>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == 'Map <of> "partners" & more'
    assert next(root.iter(f"{SVG}a")).get("href") == '/p?country=PT&kind="x"'


def test_country_label_is_escaped(monkeypatch):
    monkeypatch.setattr("consortia.wording.country_name", lambda code: "<b>Côte d'Azur</b> & \"co\"")
    svg = partner_map_svg({"FR": 2}, link_for, "Partner map")
    assert "<b>" not in svg
    link = next(parse(svg).iter(f"{SVG}a"))
    assert link.get("aria-label") == "<b>Côte d'Azur</b> & \"co\": 2 partners"
    assert link.find(f"{SVG}title").text == link.get("aria-label")
