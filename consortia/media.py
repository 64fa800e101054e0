"""Turn every image a record names into a web image, and give logo-less partners a placeholder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from consortia.check import file_references, problem_at
from consortia.images import ImageError, WebImage, placeholder_logo, web_image
from consortia.load import Site
from consortia.problems import Problem
from consortia.records import Partner

LOGO_BOX = (480, 240)
"""Logos are shown small; a bounded box keeps the partner wall light."""


@dataclass(frozen=True)
class Media:
    """Processed images by their path under content/, and placeholder logos by partner id."""

    images: dict[str, WebImage]
    placeholders: dict[str, WebImage]

    def logo(self, partner: Partner) -> WebImage:
        """The partner's processed logo, or its placeholder."""
        return self.images[partner.logo] if partner.logo else self.placeholders[partner.id]

    def files(self) -> dict[str, bytes]:
        """Every processed file by its URI in the built site."""
        every = [*self.images.values(), *self.placeholders.values()]
        return {image.uri: image.data for image in sorted(every, key=lambda image: image.uri)}


def prepare_media(site: Site, content_dir: Path, cache_dir: Path | None) -> tuple[Media, list[Problem]]:
    """Process each referenced image once; a bad image becomes a problem at the field that names it."""
    images: dict[str, WebImage] = {}
    problems: list[Problem] = []
    for record, location, path in file_references(site):
        if location[-1] == "document" or path in images:
            continue
        box = LOGO_BOX if location[-1] == "logo" else (1600, 1600)
        try:
            images[path] = web_image(content_dir / path, cache_dir, box=box)
        except ImageError as error:
            problems.append(problem_at(record, location, f"{path!r} {error}"))
    placeholders = {
        partner.id: placeholder_logo(partner.display_name) for partner in site.partners if not partner.logo
    }
    return Media(images, placeholders), problems
