"""The EU emblem as a picture, for places that cannot show the SVG: link-preview images and e-mails
(many mail programs show no SVG). Drawn by resvg from the same file the pages use."""

from __future__ import annotations

import functools
from pathlib import Path

import resvg_py

EMBLEM_SVG = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "consortia" / "eu-emblem.svg"
"""The emblem the pages show (the theme's assets, beside the package)."""


@functools.cache
def emblem_png(height: int) -> bytes:
    """The emblem (3:2) as PNG, `height` pixels high; the same bytes every time."""
    return bytes(resvg_py.svg_to_bytes(svg_string=EMBLEM_SVG.read_text(encoding="utf-8"), height=height))
