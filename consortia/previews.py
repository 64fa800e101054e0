"""The picture a shared link shows (LinkedIn, Mastodon, messengers): 1200×630, one per record and
section page, drawn with Pillow in the project's colours with its logo, the page's title, the
event's date and place, the record's picture or the partner's logo, and the EU emblem with the
funding statement (EU visibility rules apply to social media posts too).

Pictures are cached by what they show, so an unchanged page costs nothing on the next build, and
the same records give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import resvg_py
from PIL import Image, ImageDraw, ImageFont, ImageOps

from consortia.emblem import emblem_png
from consortia.files import write_atomic
from consortia.images import WebImage
from consortia.languages import current

SIZE = WIDTH, HEIGHT = 1200, 630
FORMAT_VERSION = "consortia-previews-3"  # bump whenever the drawing changes
FONT_FOLDER = Path(os.environ.get("CONSORTIA_FONTS") or "/usr/share/fonts/truetype/dejavu")
"""DejaVu Sans (Debian's fonts-dejavu-core, in the README's set-up line): Latin with every EU
diacritic, Greek and Cyrillic, the same file on every machine of a Debian release. On another
system, CONSORTIA_FONTS names a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf."""
FONTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
WHITE, INK = (255, 255, 255), (26, 26, 26)
MARGIN = 56
BAND_HEIGHT = 124
"""The white band at the bottom: the emblem and the funding statement."""
PICTURE_BOX = (384, 390)


class MissingFonts(RuntimeError):
    """The fonts the pictures are written in are not installed; the message says how to install them."""


@dataclass(frozen=True)
class CardStyle:
    """What every preview picture of a site shares."""

    primary: str
    """The brand's primary colour (#rrggbb), checked for white text on it."""
    logo: bytes | None
    """The site's logo as PNG, or None."""
    statement: str
    """The funding statement, in the pictures' language."""
    acronym: str


@dataclass(frozen=True)
class Card:
    """What one page's preview picture shows."""

    kicker: str
    """The section, e.g. "Events"."""
    title: str
    details: tuple[str, ...] = ()
    """Short lines under the title: an event's date and place."""
    picture: WebImage | None = None
    """The record's picture, or the partner's logo (`logo` then)."""
    logo: bool = False

    def alt(self, acronym: str) -> str:
        """The picture's text alternative: what it says."""
        return " – ".join([f"{acronym}: {self.title}", *self.details])


@dataclass(frozen=True)
class PreviewPicture:
    uri: str
    data: bytes
    media_type: str


def preview_pictures(cards: dict[str, Card], style: CardStyle, cache_dir: Path | None) -> dict[str, PreviewPicture]:
    """Each card drawn (or taken from the cache), by the URI stem it is named after (previews/events/x).
    The cards not cached yet are drawn on every core: Pillow lets go of Python's lock while it
    encodes a picture, most of the drawing's time, so a first build of thousands of pages waits less."""
    keys = {stem: _key(card, style) for stem, card in cards.items()}
    earlier = _FOUND.get((cache_dir, current()), {}) if cache_dir is not None else {}
    found = {stem: earlier.get(key) or _cached(cache_dir, key) for stem, key in keys.items()}
    missing = [stem for stem, cached in found.items() if cached is None]
    with ThreadPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 1) or 1) as pool:
        found.update(zip(missing, pool.map(lambda stem: draw_card(cards[stem], style), missing)))
    if cache_dir is not None and missing:
        (cache_dir / "previews").mkdir(parents=True, exist_ok=True)
        for stem in missing:
            data, media_type = found[stem]
            write_atomic(cache_dir / "previews" / f"{keys[stem]}.{_EXTENSIONS[media_type]}", data)
    if cache_dir is not None:
        _FOUND[(cache_dir, current())] = {keys[stem]: picture for stem, picture in found.items()}
    return {stem: PreviewPicture(f"{stem}.{_EXTENSIONS[media_type]}", data, media_type) for stem, (data, media_type) in found.items()}


_FOUND: dict[tuple[Path, str], dict[str, tuple[bytes, str]]] = {}
"""The pictures of each language's last build in this process, by key, as in the cache folder: the
preview's next build reads none of its thousands of pictures from the disk again (the bytes are
the same objects its last site holds, so this costs no memory of its own)."""


_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}


def _key(card: Card, style: CardStyle) -> str:
    picture = hashlib.sha256(card.picture.data).hexdigest() if card.picture else None
    logo = hashlib.sha256(style.logo).hexdigest() if style.logo else None
    shown = [FORMAT_VERSION, card.kicker, card.title, card.details, picture, card.logo, style.primary, logo, style.statement]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:32]


def _cached(cache_dir: Path | None, key: str) -> tuple[bytes, str] | None:
    for media_type, extension in _EXTENSIONS.items():
        path = cache_dir / "previews" / f"{key}.{extension}" if cache_dir is not None else None
        if path is not None and path.is_file():
            return path.read_bytes(), media_type
    return None


def draw_card(card: Card, style: CardStyle) -> tuple[bytes, str]:
    """The picture's bytes and media type: PNG for flat colour and text, JPEG when it holds a photo."""
    canvas = Image.new("RGB", SIZE, style.primary)
    draw = ImageDraw.Draw(canvas)
    text_right = WIDTH - MARGIN
    if card.picture is not None:
        text_right = _draw_picture(canvas, card.picture, card.logo) - 40
    left = MARGIN + (_draw_logo(canvas, style.logo) + 24 if style.logo else 0)
    draw.text((left, MARGIN + 30), style.acronym, font=_font("bold", 32), fill=WHITE, anchor="lm")
    left += _font("bold", 32).getlength(style.acronym + "  ")
    kicker = _fitted(f"· {card.kicker}", _font("regular", 30), text_right - left)
    draw.text((left, MARGIN + 30), kicker, font=_font("regular", 30), fill=_mixed(style.primary, 0.8), anchor="lm")
    bottom = _draw_title(draw, card.title, MARGIN, 168, text_right - MARGIN)
    for line in card.details:
        draw.text((MARGIN, bottom + 22), _fitted(line, _font("regular", 30), text_right - MARGIN), font=_font("regular", 30),
                  fill=_mixed(style.primary, 0.88))
        bottom += 44
    _draw_band(canvas, draw, style.statement)
    photo = card.picture is not None and not card.logo
    return _encoded(canvas, "JPEG" if photo else "PNG"), "image/jpeg" if photo else "image/png"


def _draw_title(draw: ImageDraw.ImageDraw, title: str, left: int, top: int, width: int) -> int:
    """The title in the largest size that fits in four lines (three at the larger sizes); gives its bottom."""
    for size, most in ((62, 3), (54, 3), (46, 4), (40, 4)):
        font = _font("bold", size)
        lines = wrapped(title, font, width)
        if len(lines) <= most:
            break
    else:
        lines = lines[:most]
        lines[-1] = _fitted(lines[-1] + "…", font, width)
    leading = round(size * 1.18)
    for number, line in enumerate(lines):
        draw.text((left, top + number * leading), line, font=font, fill=WHITE)
    return top + len(lines) * leading


def wrapped(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` in lines no wider than `width`; a word wider than a line (a long acronym, a web
    address) is broken where it must be."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
            continue
        while font.getlength(word) > width:
            cut = next((n for n in range(len(word) - 1, 0, -1) if font.getlength(word[:n]) <= width), 1)
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines or [""]


def _fitted(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`line`, shortened with an ellipsis if it is wider than `width`."""
    while font.getlength(line) > width and len(line) > 1:
        line = line[:-2] + "…"
    return line


def _draw_logo(canvas: Image.Image, logo: bytes) -> int:
    """The site's logo on a white tile at the top left; gives the tile's width."""
    picture = Image.open(io.BytesIO(logo)).convert("RGBA")
    picture.thumbnail((220, 60), Image.Resampling.LANCZOS)
    tile = Image.new("RGB", (picture.width + 28, 84), WHITE)
    tile.paste(picture, (14, (84 - picture.height) // 2), picture)
    canvas.paste(tile, (MARGIN, MARGIN - 12), _rounded_mask(tile.size, 14))
    return tile.width


def _draw_picture(canvas: Image.Image, picture: WebImage, logo: bool) -> int:
    """The record's photo (cropped to fill) or logo (whole, on white) at the right; gives its left edge."""
    image = _opened(picture)
    box = PICTURE_BOX
    if logo:
        tile = Image.new("RGB", box, WHITE)
        image.thumbnail((box[0] - 64, box[1] - 64), Image.Resampling.LANCZOS)
        tile.paste(image, ((box[0] - image.width) // 2, (box[1] - image.height) // 2), image)
    else:
        tile = ImageOps.fit(image.convert("RGB"), box, Image.Resampling.LANCZOS)
    left = WIDTH - MARGIN - box[0]
    canvas.paste(tile, (left, MARGIN - 12), _rounded_mask(box, 18))
    return left


def _opened(picture: WebImage) -> Image.Image:
    data = picture.data
    if picture.media_type == "image/svg+xml":
        data = bytes(resvg_py.svg_to_bytes(svg_string=data.decode("utf-8"), width=PICTURE_BOX[0] * 2))
    return Image.open(io.BytesIO(data)).convert("RGBA")


def _draw_band(canvas: Image.Image, draw: ImageDraw.ImageDraw, statement: str) -> None:
    """The emblem and the funding statement on white, along the bottom."""
    top = HEIGHT - BAND_HEIGHT
    draw.rectangle((0, top, WIDTH, HEIGHT), fill=WHITE)
    emblem = Image.open(io.BytesIO(emblem_png(72))).convert("RGBA")
    canvas.paste(emblem, (MARGIN, top + (BAND_HEIGHT - emblem.height) // 2), emblem)
    left = MARGIN + emblem.width + 24
    for size in (28, 24, 20):
        font = _font("bold", size)
        lines = wrapped(statement, font, WIDTH - MARGIN - left)
        if len(lines) <= 2:
            break
    leading = round(size * 1.25)
    first = top + (BAND_HEIGHT - leading * len(lines[:2])) // 2
    for number, line in enumerate(lines[:2]):
        draw.text((left, first + number * leading), line, font=font, fill=INK)


@functools.cache
def _rounded_mask(size: tuple[int, int], radius: int) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=radius, fill=255)
    return mask


def _mixed(colour: str, white_share: float) -> tuple[int, int, int]:
    """`colour` blended towards white: secondary text that still reads on the brand colour."""
    rgb = [int(colour[index:index + 2], 16) for index in (1, 3, 5)]
    return tuple(round(channel + (255 - channel) * white_share) for channel in rgb)


def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    # A font for each drawing thread: FreeType's faces are not made to be used by two at once.
    return _loaded_font(weight, size, threading.get_ident())


@functools.cache
def _loaded_font(weight: str, size: int, thread: int) -> ImageFont.FreeTypeFont:
    path = FONT_FOLDER / FONTS[weight]
    if not path.is_file():
        raise MissingFonts(f"the link-preview pictures are written in DejaVu Sans, which is missing ({path}): "
                           "sudo apt-get install fonts-dejavu-core (or point CONSORTIA_FONTS at a folder holding it)")
    # The basic layout (no libraqm, which not every Pillow has) gives the same pixels everywhere;
    # the EU's scripts need no shaping.
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _encoded(canvas: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        canvas.save(buffer, "JPEG", quality=88, optimize=True)
    else:
        # zlib's run-length strategy suits flat colour and text: a third of the default's time
        # (most of drawing a card), for pictures of about 80 KB instead of 55 KB.
        canvas.save(buffer, "PNG", compress_type=zlib.Z_RLE)
    return buffer.getvalue()
