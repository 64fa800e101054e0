"""Normalise logos and record images into small, metadata-free, deterministic web files."""

import hashlib
import io
import json
import re
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageCms, ImageOps, ImageStat

from consortia.addresses import slug
from consortia.files import write_atomic

FORMAT_VERSION = "consortia-images-2"  # bump whenever output bytes or what is cached beside them would change
MAX_FILE_BYTES = 20_000_000
MAX_PIXELS = 40_000_000
READABLE_FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "TIFF")
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
NOT_AN_IMAGE = "is not a picture the kit can read (PNG, JPEG, GIF, WebP, TIFF, SVG): export it as PNG or JPEG"
SVG_NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class WebImage:
    """An image ready for the built site."""

    uri: str
    data: bytes
    width: int
    height: int
    media_type: str
    backdrop: str = "light"
    """The tile the image must be shown on to be seen: "dark" for a light logo on a transparent background."""


LIGHT_ON_WHITE = 1.6
"""Below this contrast with white, the visible part of a transparent image is too light for a white tile."""


class ImageError(ValueError):
    """A problem with an image a person can act on; the message is one line without the path."""


def web_image(source: Path, cache_dir: Path | None, *, box: tuple[int, int] = (1600, 1600)) -> WebImage:
    """Return `source` as a web-ready image that fits within `box`, using `cache_dir` if given."""
    data = _read_source(Path(source))
    if Path(source).suffix.lower() == ".svg":
        width, height = _check_svg(data)
        return _web_image(source, data, width, height, "image/svg+xml")
    key = hashlib.sha256(f"{FORMAT_VERSION}\0{box[0]}x{box[1]}\0".encode() + data).hexdigest()
    cached = _cache_get(cache_dir, key) if cache_dir is not None else None
    if cached is not None:
        return _web_image(source, *cached)
    converted = _convert(data, box)
    if cache_dir is not None:
        _cache_put(Path(cache_dir), key, *converted)
    return _web_image(source, *converted)


def placeholder_logo(label: str) -> WebImage:
    """Return a neutral SVG tile showing `label`, for partners without a logo."""
    label = " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", label).split()) or "?"
    shown = label if len(label) <= 40 else label[:39] + "…"
    size = min(24, max(10, 360 // len(shown)))
    title = escape(label, {'"': "&quot;"})
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120"'
        f' role="img" aria-label="{title}">'
        '<rect x="1" y="1" width="238" height="118" rx="16" fill="#f1f3f5" stroke="#ced4da" stroke-width="2"/>'
        f'<text x="120" y="60" text-anchor="middle" dominant-baseline="central"'
        f' font-family="system-ui, sans-serif" font-size="{size}" fill="#495057">{escape(shown)}</text>'
        "</svg>\n"
    ).encode()
    digest = hashlib.sha256(svg).hexdigest()[:16]
    return WebImage(f"media/placeholder-{digest}.svg", svg, 240, 120, "image/svg+xml")


def _web_image(source: Path, data: bytes, width: int, height: int, media_type: str, backdrop: str = "light") -> WebImage:
    """Name the output after its content so the URI changes exactly when the bytes do."""
    name = slug(Path(source).stem, fallback="image")
    digest = hashlib.sha256(data).hexdigest()[:16]
    return WebImage(f"media/{digest}-{name}.{EXTENSIONS[media_type]}", data, width, height, media_type, backdrop)


def _read_source(source: Path) -> bytes:
    """Read the file, refusing oversized ones before loading them into memory."""
    try:
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImageError(f"is {size / 1e6:.1f} MB; the limit is 20 MB — compress or scale it down before adding it")
        return source.read_bytes()
    except OSError as e:
        raise ImageError(f"could not be read ({e.strerror or e})") from None


def _check_svg(data: bytes) -> tuple[int, int]:
    """Refuse unsafe or malformed SVG and return its (width, height), 0 where unknown."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.I):
        raise ImageError("is an SVG with a DOCTYPE or entity declarations, which are not allowed; re-export it as plain SVG")
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise ImageError("is not a well-formed SVG file; re-export it as SVG, PNG or JPEG") from None
    if root.tag not in ("svg", SVG_NS + "svg"):
        raise ImageError("is not an SVG image (its root element is not <svg>); re-export it as SVG, PNG or JPEG")
    # The tree check catches what the text regex misses, e.g. namespaced <svg:script> or &#106;avascript:.
    unsafe = re.search(rb"<script|\son\w+\s*=|javascript:", data, re.I) or any(
        el.tag.rsplit("}", 1)[-1].lower() == "script"
        or any(k.rsplit("}", 1)[-1].lower().startswith("on") or "javascript:" in re.sub(r"\s", "", v).lower()
               for k, v in el.attrib.items())
        for el in root.iter()
    )
    if unsafe:
        raise ImageError("is an SVG containing scripts or event handlers, which are not allowed; remove them or export as PNG")
    return _svg_size(root)


def _svg_size(root: ET.Element) -> tuple[int, int]:
    """Read the size from width/height in pixels, else from the viewBox."""
    number = r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*"
    sizes = [re.fullmatch(number, root.get(name, "")) for name in ("width", "height")]
    if all(sizes):
        return round(float(sizes[0][1])), round(float(sizes[1][1]))
    parts = re.split(r"[\s,]+", root.get("viewBox", "").strip())
    try:
        return (round(float(parts[2])), round(float(parts[3]))) if len(parts) == 4 else (0, 0)
    except ValueError:
        return 0, 0


def _convert(data: bytes, box: tuple[int, int]) -> tuple[bytes, int, int, str, str]:
    """Decode, normalise and re-encode; every Pillow failure becomes an ImageError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = _decode(data)
            fmt = im.format
            im = _normalise(im)
            im.thumbnail(box, Image.Resampling.LANCZOS)
            return (*_encode(im, fmt), backdrop_for(im))
    except ImageError:
        raise
    except Image.UnidentifiedImageError:
        raise ImageError(NOT_AN_IMAGE) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        pixels = re.search(r"\((\d+) pixels\)", str(e))
        raise ImageError(_too_big(int(pixels[1]) if pixels else None)) from None
    except Exception:  # noqa: BLE001 - damaged files raise many different exception types inside Pillow
        raise ImageError("is damaged or incomplete; re-export it as PNG or JPEG") from None


def backdrop_for(im: Image.Image) -> str:
    """"dark" when what can be seen of a transparent image is so light that it would vanish on white."""
    if im.mode != "RGBA":
        return "light"
    seen = im.getchannel("A").point(lambda alpha: 255 if alpha >= 128 else 0)
    if not seen.getbbox():
        return "light"
    grey = ImageStat.Stat(im.convert("L"), mask=seen).mean[0] / 255
    luminance = grey / 12.92 if grey <= 0.04045 else ((grey + 0.055) / 1.055) ** 2.4
    return "dark" if 1.05 / (luminance + 0.05) < LIGHT_ON_WHITE else "light"


def _too_big(pixels: int | None, size: tuple[int, int] | None = None) -> str:
    """Explain the pixel limit in a person's terms."""
    mp = f"{pixels / 1e6:.1f}".removesuffix(".0") + " megapixels" if pixels else "too large to process safely"
    what = f"{size[0]}×{size[1]} pixels ({mp})" if size else mp
    return f"is {what}; the limit is {MAX_PIXELS // 1_000_000} megapixels — scale it down before adding it"


def _decode(data: bytes) -> Image.Image:
    """Check the header size, verify the file, then decode it (open is lazy, so nothing is decoded early)."""
    im = Image.open(io.BytesIO(data), formats=READABLE_FORMATS)
    if im.width * im.height > MAX_PIXELS:
        raise ImageError(_too_big(im.width * im.height, im.size))
    im.verify()
    im = Image.open(io.BytesIO(data), formats=READABLE_FORMATS)  # verify() leaves the image unusable
    im.load()
    return im


def _normalise(im: Image.Image) -> Image.Image:
    """Apply EXIF orientation and convert to 8-bit sRGB RGB or RGBA with no metadata."""
    alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    icc = im.info.get("icc_profile")
    im = ImageOps.exif_transpose(im)
    if im.mode.startswith("I;16"):
        im = im.convert("I")
    if im.mode in ("I", "F"):
        # Pillow clips rather than scales wide values; assume 16-bit data, or 0..1 for float.
        scale = 255 if im.mode == "F" and im.getextrema()[1] <= 1 else 1 / 257
        im = im.point(lambda v: v * scale).convert("L")
    mode = "RGBA" if alpha else "RGB"
    im = _to_srgb(im, icc, mode) if icc else im.convert(mode)
    im.info.clear()
    return im


def _to_srgb(im: Image.Image, icc: bytes, mode: str) -> Image.Image:
    """Convert through the embedded ICC profile when it is usable, else plainly."""
    if im.mode in ("RGB", "RGBA", "CMYK", "L") and not (mode == "RGBA" and im.mode != "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return im.convert(mode)


def _encode(im: Image.Image, source_format: str | None) -> tuple[bytes, int, int, str]:
    """Encode as PNG for transparency and flat graphics, JPEG for photographs."""
    out = io.BytesIO()
    if im.mode == "RGBA" or source_format in ("PNG", "GIF"):
        im.save(out, "PNG", optimize=False, icc_profile=None)
        media_type = "image/png"
    else:
        im.save(out, "JPEG", quality=85, optimize=False, progressive=False, exif=b"", icc_profile=None)
        media_type = "image/jpeg"
    return out.getvalue(), im.width, im.height, media_type


_METADATA = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "iptc")
"""Where camera data, GPS positions and editing history hide in Pillow's view of a file."""
_ORIENTATION = 0x0112


def without_metadata(data: bytes, cache_dir: Path | None) -> bytes | None:
    """A picture of a hand-written page as published: the same picture without camera data, GPS
    position or text chunks; None when it carries none (or is not a JPEG, PNG or WebP picture)."""
    try:
        im = Image.open(io.BytesIO(data), formats=("JPEG", "PNG", "WEBP"))
    except (Image.UnidentifiedImageError, OSError):
        return None
    if not any(key in im.info for key in _METADATA) and not getattr(im, "text", None):
        return None
    key = hashlib.sha256(f"{FORMAT_VERSION}\0clean\0".encode() + data).hexdigest()
    cached = Path(cache_dir) / f"{key}.clean" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    cleaned = _saved_without_metadata(im)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, cleaned)
    return cleaned


def _saved_without_metadata(im: Image.Image) -> bytes:
    """Re-save in the same format: JPEG with its own quantisation (no visible change) unless it must
    be turned upright first, as the orientation it had in its camera data goes with that data."""
    out, icc = io.BytesIO(), im.info.get("icc_profile")
    turned = im.format == "JPEG" and im.getexif().get(_ORIENTATION, 1) != 1
    if turned:
        im = ImageOps.exif_transpose(im)
    if im.format == "JPEG" or turned:
        options = {"quality": 90} if turned else {"quality": "keep", "subsampling": "keep"}
        im.save(out, "JPEG", icc_profile=icc, comment=b"", **options)
    elif im.format == "PNG":
        im.save(out, "PNG", icc_profile=icc)
    else:
        im.save(out, "WEBP", quality=90, icc_profile=icc)
    return out.getvalue()


def _cache_get(cache_dir: Path, key: str) -> tuple[bytes, int, int, str, str] | None:
    """Return a cached conversion, or None when absent or unreadable."""
    try:
        meta = json.loads((Path(cache_dir) / f"{key}.json").read_text(encoding="utf-8"))
        data = (Path(cache_dir) / f"{key}.{EXTENSIONS[meta['media_type']]}").read_bytes()
        return data, int(meta["width"]), int(meta["height"]), meta["media_type"], meta["backdrop"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cache_put(cache_dir: Path, key: str, data: bytes, width: int, height: int, media_type: str, backdrop: str) -> None:
    """Store a conversion; the sidecar is written last so its presence means the entry is complete."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    meta = {"width": width, "height": height, "media_type": media_type, "backdrop": backdrop}
    write_atomic(cache_dir / f"{key}.{EXTENSIONS[media_type]}", data)
    write_atomic(cache_dir / f"{key}.json", json.dumps(meta, sort_keys=True).encode())
