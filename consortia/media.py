"""Turn every image a record names into a web image, give logo-less partners a placeholder, and
say what becomes of the other pictures in content/: a record's original stays out of the site
(its web copy is published), a hand-written page's picture is published without camera data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from consortia.images import ImageError, WebImage, placeholder_logo, web_image, without_metadata
from consortia.problems import Problem, problem_at
from consortia.records import Partner, Site

LOGO_BOX = (480, 240)
"""Logos are shown small; a bounded box keeps the partner wall light."""
PICTURE_BOX = (1600, 1600)
"""Wide enough for a full-width picture on a large screen."""
PHONE_BOX = (800, 800)
"""A picture's copy for phones: a 390 px screen at twice its pixels needs no more."""


@dataclass(frozen=True)
class Media:
    """Processed pictures by their path under content/, each partner's logo by partner id, and the
    size in bytes of every other file a record names (results' files, signed agreements)."""

    images: dict[str, WebImage]
    logos: dict[str, WebImage]
    sizes: dict[str, int] = field(default_factory=dict)
    phone_copies: dict[str, WebImage] = field(default_factory=dict)
    """The smaller copy of each picture wider than a phone needs, by its path under content/."""

    def logo(self, partner: Partner) -> WebImage:
        """The partner's processed logo, or its placeholder."""
        return self.logos[partner.id]

    def files(self) -> dict[str, bytes]:
        """Every processed file by its URI in the built site."""
        every = [*self.images.values(), *self.logos.values(), *self.phone_copies.values()]
        return {image.uri: image.data for image in sorted(every, key=lambda image: image.uri)}


PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff")


@dataclass(frozen=True)
class ContentPictures:
    """What the build does with the pictures in content/, by their path there."""

    withheld: frozenset[str]
    """Originals a record names (logos, pictures): never published, as they may be large and carry camera data."""
    cleaned: dict[str, bytes]
    """Pictures of hand-written pages that carried camera data, GPS positions or text: published as these bytes."""


def content_pictures(site: Site, content_dir: Path, cache_dir: Path | None) -> ContentPictures:
    """Withhold the records' originals unless a hand-written page links one on purpose; clean the rest."""
    pages = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(content_dir.rglob("*.md"))]
    linked = lambda path: any(path.rsplit("/", 1)[-1] in text for text in pages)
    # Signed agreements and results' files are published as they are; pictures get web copies instead.
    named = {path for _record, location, path in site.file_references() if location[-1] not in ("document", "path")}
    withheld = frozenset(path for path in named if not linked(path))
    cleaned = {}
    for picture in sorted(content_dir.rglob("*")):
        uri = picture.relative_to(content_dir).as_posix()
        if uri in withheld or picture.suffix.lower() not in PICTURE_SUFFIXES or not picture.is_file():
            continue
        clean = without_metadata(picture.read_bytes(), cache_dir)
        if clean is not None:
            cleaned[uri] = clean
    return ContentPictures(withheld, cleaned)


def prepare_media(site: Site, content_dir: Path, cache_dir: Path | None) -> tuple[Media, list[Problem]]:
    """Process each referenced image once; a bad image becomes a problem at the field that names it."""
    images: dict[str, WebImage] = {}
    logos: dict[str, WebImage] = {}
    sizes: dict[str, int] = {}
    problems: list[Problem] = []
    for record, location, path in site.file_references():
        named_as = location[-1]
        done = logos if named_as == "logo" else images
        key = record.id if named_as == "logo" else path
        if named_as in ("document", "path"):
            sizes[path] = (content_dir / path).stat().st_size
            continue
        if key in done:
            continue
        try:
            done[key] = web_image(content_dir / path, cache_dir, box=LOGO_BOX if named_as == "logo" else PICTURE_BOX)
        except ImageError as error:
            problems.append(problem_at(record, location, f"{path!r} {error}"))
    for partner in site.partners:
        if not partner.logo:
            logos[partner.id] = placeholder_logo(partner.display_name)
    return Media(images, logos, sizes, _phone_copies(images, content_dir, cache_dir)), problems


def _phone_copies(images: dict[str, WebImage], content_dir: Path, cache_dir: Path | None) -> dict[str, WebImage]:
    """A smaller copy of every raster picture wider than PHONE_BOX (an SVG scales by itself)."""
    return {path: web_image(content_dir / path, cache_dir, box=PHONE_BOX) for path, image in images.items()
            if image.media_type != "image/svg+xml" and image.width > PHONE_BOX[0]}
