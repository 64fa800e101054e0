"""The partner map: an inline SVG map of Europe with the partners' countries as links.

The country shapes are bundled in consortia/data/europe-map.json (made once by
tools/make_europe_map.py from Natural Earth): nothing is fetched when building or viewing.
Countries outside the map (a partner in Canada, say) are simply not drawn; the text list that the
templates put under the map names every country.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from markupsafe import Markup

from consortia.catalogue import sort_key
from consortia.wording import country_name, country_partners

MAP_FILE = Path(__file__).resolve().parent / "data" / "europe-map.json"
MARKER_RADIUS = 4  # map units: small partner countries (Malta, Luxembourg's size and below) get a dot


class MapGeometry(NamedTuple):
    """The bundled map: its viewBox, SVG path data by ISO 3166 alpha-2 code, marker points of small countries."""

    view_box: str
    countries: Mapping[str, str]
    markers: Mapping[str, tuple[float, float]]


@lru_cache(maxsize=1)
def load_geometry() -> MapGeometry:
    """The bundled map, read once; read-only mappings, so the cached copy cannot be changed."""
    document = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    markers = {code: (x, y) for code, (x, y) in document.get("markers", {}).items()}
    return MapGeometry(document["viewBox"], MappingProxyType(document["countries"]), MappingProxyType(markers))


def partner_map_svg(countries: dict[str, int], link_for: Callable[[str], str], title: str, *, id_prefix: str = "cs-map") -> Markup:
    """An inline <svg>: every country in neutral grey, the partners' countries (code → number of
    partners) as links to `link_for(code)`, labelled "Country: n partners". `title` names the map
    for screen readers; `id_prefix` keeps its id unique if a page has two maps."""
    geometry = load_geometry()
    title_id = f"{id_prefix}-title"
    lines = [
        Markup('<svg class="cs-map__svg" xmlns="http://www.w3.org/2000/svg" viewBox="{}" aria-labelledby="{}">').format(
            geometry.view_box, title_id
        ),
        Markup('<title id="{}">{}</title>').format(title_id, title),
        Markup('<g class="cs-map__land" aria-hidden="true">'),
    ]
    for code, path in sorted(geometry.countries.items()):
        if path and code not in countries:
            lines.append(Markup('<path d="{}"/>').format(path))
    lines.append(Markup("</g>"))
    lines.append(Markup('<g class="cs-map__partners">'))
    # By name, as the text list under the map; dots of small countries last, so no neighbour covers them.
    shown = sorted((code for code in countries if code in geometry.countries), key=lambda code: (code in geometry.markers, sort_key(country_name(code)), code))
    for code in shown:
        label = country_partners(code, countries[code])
        shapes = [Markup('<path class="cs-map__partner" d="{}"/>').format(geometry.countries[code])] if geometry.countries[code] else []
        if code in geometry.markers:
            x, y = geometry.markers[code]
            shapes.append(Markup('<circle class="cs-map__partner cs-map__dot" cx="{}" cy="{}" r="{}"/>').format(x, y, MARKER_RADIUS))
        lines.append(
            Markup('<a href="{}" aria-label="{}"><title>{}</title>{}</a>').format(
                link_for(code), label, label, Markup("").join(shapes)
            )
        )
    lines.append(Markup("</g>"))
    lines.append(Markup("</svg>"))
    return Markup("\n").join(lines)
