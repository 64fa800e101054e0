"""Tests for consortia.images: normalisation, refusal, determinism, caching and placeholders."""

from __future__ import annotations

import io
import struct
import time
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from consortia import images
from consortia.images import ImageError, WebImage, placeholder_logo, web_image

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def make_image(path: Path, mode: str = "RGB", size=(64, 48), fmt: str | None = None, **save) -> Path:
    """Write a non-uniform image so resampling and encoding have real work to do."""
    im = Image.linear_gradient("L").resize(size)
    if mode in ("I;16", "I"):
        im = im.convert("I").point(lambda v: v * 257).convert(mode)
    elif mode == "P":
        im = im.convert("RGB").quantize(16)
    elif mode != "L":
        im = im.convert(mode)
    im.save(path, fmt, **save)
    return path


def decode(img: WebImage) -> Image.Image:
    out = Image.open(io.BytesIO(img.data))
    out.load()
    return out


def png_with_header_size(path: Path, width: int, height: int) -> Path:
    """A valid 1×1 PNG whose IHDR claims another size (with a correct CRC), as a bomb would."""
    buf = io.BytesIO()
    Image.new("1", (1, 1)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))
    return path


# --- modes and formats -----------------------------------------------------


def test_cmyk_jpeg_becomes_rgb_jpeg(tmp_path):
    img = web_image(make_image(tmp_path / "logo.jpg", "CMYK", (120, 80), "JPEG"), None)
    out = decode(img)
    assert (img.media_type, out.format, out.mode, out.size) == ("image/jpeg", "JPEG", "RGB", (120, 80))
    assert (img.width, img.height) == (120, 80)


def test_palette_png_with_transparency_becomes_rgba_png(tmp_path):
    src = tmp_path / "pal.png"
    im = Image.new("P", (10, 10), 0)
    im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    im.paste(1, (5, 0, 10, 10))
    im.save(src, transparency=0)
    img = web_image(src, None)
    out = decode(img)
    assert (img.media_type, out.mode) == ("image/png", "RGBA")
    assert out.getpixel((0, 0))[3] == 0
    assert out.getpixel((9, 9)) == (0, 0, 255, 255)


def test_rgba_keeps_alpha_as_png(tmp_path):
    src = tmp_path / "a.webp"
    im = Image.new("RGBA", (20, 20), (10, 20, 30, 0))
    im.paste((200, 100, 50, 255), (0, 0, 10, 20))
    im.save(src, "WEBP", lossless=True)
    img = web_image(src, None)
    out = decode(img)
    assert (img.media_type, out.mode) == ("image/png", "RGBA")
    assert out.getpixel((15, 10))[3] == 0 and out.getpixel((2, 10)) == (200, 100, 50, 255)


@pytest.mark.parametrize(
    ("mode", "fmt", "suffix", "media_type", "out_mode"),
    [
        ("LA", "PNG", "png", "image/png", "RGBA"),
        ("L", "JPEG", "jpg", "image/jpeg", "RGB"),
        ("1", "PNG", "png", "image/png", "RGB"),
        ("P", "GIF", "gif", "image/png", "RGB"),
        ("RGB", "TIFF", "tif", "image/jpeg", "RGB"),
        ("RGB", "WEBP", "webp", "image/jpeg", "RGB"),
        ("I;16", "PNG", "png", "image/png", "RGB"),
        ("I", "TIFF", "tif", "image/jpeg", "RGB"),
    ],
)
def test_modes_and_formats_normalise(tmp_path, mode, fmt, suffix, media_type, out_mode):
    img = web_image(make_image(tmp_path / f"x.{suffix}", mode, (30, 20), fmt), None)
    out = decode(img)
    assert (img.media_type, out.mode, out.size) == (media_type, out_mode, (30, 20))


def test_sixteen_bit_is_scaled_not_clipped(tmp_path):
    src = tmp_path / "deep.png"
    im = Image.new("I;16", (2, 1))
    im.putpixel((0, 0), 65535)
    im.putpixel((1, 0), 32896)
    im.save(src)
    out = decode(web_image(src, None))
    assert out.getpixel((0, 0)) == (255, 255, 255)
    assert out.getpixel((1, 0)) == (128, 128, 128)


# --- geometry ----------------------------------------------------------------


def test_large_jpeg_fits_box_keeping_aspect(tmp_path):
    img = web_image(make_image(tmp_path / "big.jpg", "RGB", (4000, 3000), "JPEG"), None)
    assert (img.width, img.height) == (1600, 1200)
    assert decode(img).size == (1600, 1200)


def test_custom_box(tmp_path):
    img = web_image(make_image(tmp_path / "tall.png", "RGB", (300, 900)), None, box=(200, 200))
    assert (img.width, img.height) == (67, 200)


def test_small_image_not_upscaled(tmp_path):
    img = web_image(make_image(tmp_path / "small.png", "RGB", (40, 30)), None)
    assert (img.width, img.height) == (40, 30)


def test_exif_orientation_applied_and_exif_removed(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6
    src = make_image(tmp_path / "phone.jpg", "RGB", (80, 40), "JPEG", exif=exif.tobytes())
    img = web_image(src, None)
    out = decode(img)
    assert (img.width, img.height) == (40, 80) == out.size
    assert "exif" not in out.info and len(out.getexif()) == 0
    assert b"Exif\x00\x00" not in img.data


# --- metadata -----------------------------------------------------------------


def test_png_metadata_stripped(tmp_path):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Someone Private")
    info.add_itxt("Comment", "secret", zip=True)
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    src = make_image(tmp_path / "meta.png", "RGB", (20, 20), pnginfo=info, icc_profile=SRGB_ICC, exif=exif)
    assert b"tEXt" in src.read_bytes() and b"iCCP" in src.read_bytes()
    img = web_image(src, None)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"iCCP", b"eXIf", b"pHYs", b"tIME"):
        assert chunk not in img.data
    assert not decode(img).info.keys() & {"Author", "Comment", "icc_profile", "exif"}


def test_jpeg_metadata_stripped(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    src = make_image(tmp_path / "meta.jpg", "RGB", (20, 20), "JPEG", exif=exif.tobytes(), icc_profile=SRGB_ICC)
    img = web_image(src, None)
    out = decode(img)
    assert "exif" not in out.info and "icc_profile" not in out.info
    assert b"CameraMaker" not in img.data and b"ICC_PROFILE" not in img.data


# --- determinism and naming -------------------------------------------------


@pytest.mark.parametrize(("name", "mode", "fmt"), [("p.jpg", "CMYK", "JPEG"), ("p.png", "RGBA", "PNG")])
def test_deterministic_without_cache(tmp_path, name, mode, fmt):
    src = make_image(tmp_path / name, mode, (2000, 500), fmt)
    assert web_image(src, None) == web_image(src, None)


def test_uri_is_content_hash_and_slug(tmp_path):
    img = web_image(make_image(tmp_path / "Logo Université.PNG", "RGB", (10, 10), "PNG"), None)
    assert img.uri.startswith("media/") and img.uri.endswith("-logo-universite.png")
    digest = img.uri.removeprefix("media/").split("-")[0]
    assert len(digest) == 16 and int(digest, 16) >= 0


# --- cache ----------------------------------------------------------------


def test_cache_hit_does_not_decode_again(tmp_path, monkeypatch):
    src = make_image(tmp_path / "logo.png", "RGBA", (50, 40))
    cache = tmp_path / "cache" / "images"
    first = web_image(src, cache)
    assert sorted(p.suffix for p in cache.iterdir()) == [".json", ".png"]

    def refuse(*args, **kwargs):
        raise AssertionError("Image.open called on a cache hit")

    monkeypatch.setattr(Image, "open", refuse)
    assert web_image(src, cache) == first


def test_cache_matches_uncached_and_depends_on_box(tmp_path):
    src = make_image(tmp_path / "photo.jpg", "RGB", (800, 600), "JPEG")
    cache = tmp_path / "cache"
    assert web_image(src, cache) == web_image(src, None)
    small = web_image(src, cache, box=(100, 100))
    assert (small.width, small.height) == (100, 75)
    assert len(list(cache.glob("*.json"))) == 2


def test_cache_hit_uses_current_file_name(tmp_path):
    cache = tmp_path / "cache"
    a = web_image(make_image(tmp_path / "alpha.png", "RGB", (10, 10)), cache)
    b = web_image(make_image(tmp_path / "beta.png", "RGB", (10, 10)), cache)
    assert a.data == b.data and a.uri.endswith("-alpha.png") and b.uri.endswith("-beta.png")


def test_corrupt_cache_entry_is_rebuilt(tmp_path):
    src = make_image(tmp_path / "logo.png", "RGB", (10, 10))
    cache = tmp_path / "cache"
    first = web_image(src, cache)
    next(cache.glob("*.json")).write_text("{not json")
    assert web_image(src, cache) == first


# --- refusals ---------------------------------------------------------------


def test_text_file_named_png_is_refused(tmp_path):
    src = tmp_path / "logo.png"
    src.write_text("this is not a picture\n")
    with pytest.raises(ImageError) as exc:
        web_image(src, None)
    assert str(exc.value) == (
        "is not a picture the kit can read (PNG, JPEG, GIF, WebP, TIFF, SVG): export it as PNG or JPEG"
    )


def test_unsupported_format_is_refused(tmp_path):
    src = make_image(tmp_path / "logo.bmp", "RGB", (10, 10), "BMP")
    with pytest.raises(ImageError, match="is not a picture the kit can read"):
        web_image(src, None)


@pytest.mark.parametrize(("name", "fmt"), [("cut.png", "PNG"), ("cut.jpg", "JPEG")])
def test_truncated_file_is_refused(tmp_path, name, fmt):
    data = make_image(tmp_path / f"full-{name}", "RGB", (200, 200), fmt).read_bytes()
    (tmp_path / name).write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageError) as exc:
        web_image(tmp_path / name, None)
    assert str(exc.value) == "is damaged or incomplete; re-export it as PNG or JPEG"


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ImageError, match="could not be read"):
        web_image(tmp_path / "nope.png", None)


def test_file_over_20_mb_is_refused_without_reading(tmp_path, monkeypatch):
    src = tmp_path / "huge.png"
    with src.open("wb") as f:
        f.truncate(21_000_000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the oversized file"))
    with pytest.raises(ImageError, match=r"is 21\.0 MB; the limit is 20 MB"):
        web_image(src, None)


def test_too_many_pixels_is_refused_from_header(tmp_path):
    src = png_with_header_size(tmp_path / "wide.png", 8000, 6000)
    with pytest.raises(ImageError) as exc:
        web_image(src, None)
    assert str(exc.value) == (
        "is 8000×6000 pixels (48 megapixels); the limit is 40 megapixels — scale it down before adding it"
    )


def test_decompression_bomb_is_refused_quickly(tmp_path):
    src = png_with_header_size(tmp_path / "bomb.png", 30000, 30000)
    start = time.monotonic()
    with pytest.raises(ImageError, match="megapixels") as exc:
        web_image(src, None)
    assert time.monotonic() - start < 2
    assert "900 megapixels" in str(exc.value)


def test_pillow_bomb_warning_is_an_error(tmp_path, monkeypatch):
    # Between Pillow's warning threshold and our own limit, the warning alone must refuse the image.
    monkeypatch.setattr(images, "MAX_PIXELS", 10**12)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    src = make_image(tmp_path / "warn.png", "RGB", (40, 30))
    with pytest.raises(ImageError, match="megapixels"):
        web_image(src, None)


# --- SVG ---------------------------------------------------------------------

GOOD_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="60"><rect width="10" height="10"/></svg>'


def test_svg_passes_through_unchanged(tmp_path):
    src = tmp_path / "logo.svg"
    src.write_bytes(GOOD_SVG)
    img = web_image(src, tmp_path / "cache")
    assert (img.data, img.width, img.height, img.media_type) == (GOOD_SVG, 120, 60, "image/svg+xml")
    assert img.uri.startswith("media/") and img.uri.endswith("-logo.svg")


@pytest.mark.parametrize(
    ("attrs", "size"),
    [('viewBox="0 0 300 150"', (300, 150)), ('width="100%" viewBox="0,0,40.4,20"', (40, 20)), ("", (0, 0))],
)
def test_svg_size_from_viewbox_or_unknown(tmp_path, attrs, size):
    src = tmp_path / "v.svg"
    src.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" {attrs}/>')
    img = web_image(src, None)
    assert (img.width, img.height) == size


@pytest.mark.parametrize(
    "body",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<a x:href="javascript:alert(1)"><rect/></a></svg>',
        '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)"/></svg>',
    ],
)
def test_svg_with_script_is_refused(tmp_path, body):
    src = tmp_path / "evil.svg"
    src.write_text(body)
    with pytest.raises(ImageError, match="scripts or event handlers"):
        web_image(src, None)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "DOCTYPE"),
        ("<svg><rect></svg>", "not a well-formed SVG"),
        ("<html/>", "root element is not <svg>"),
    ],
)
def test_bad_svg_is_refused(tmp_path, body, message):
    src = tmp_path / "bad.svg"
    src.write_text(body)
    with pytest.raises(ImageError, match=message):
        web_image(src, None)


# --- placeholder -------------------------------------------------------------


def test_placeholder_escapes_label_and_is_valid_xml():
    img = placeholder_logo('Fish <&> "Chips" Ltd')
    root = ET.fromstring(img.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}text").text == 'Fish <&> "Chips" Ltd'
    assert root.get("aria-label") == 'Fish <&> "Chips" Ltd'
    assert b"<&>" not in img.data


def test_placeholder_is_deterministic_and_named_by_hash():
    a, b = placeholder_logo("Acme"), placeholder_logo("Acme")
    assert a == b and a != placeholder_logo("Other")
    assert a.uri.startswith("media/placeholder-") and a.uri.endswith(".svg")
    assert (a.media_type, a.width, a.height) == ("image/svg+xml", 240, 120)


def test_placeholder_survives_awkward_labels():
    for label in ("", "   ", "bell\x07char", "x" * 200):
        ET.fromstring(placeholder_logo(label).data)


# --- logos that would vanish on their tile --------------------------------------------------


def logo_on_transparent(path: Path, colour: tuple[int, int, int]) -> Path:
    """A logo: a filled square of `colour` in the middle of a transparent canvas."""
    image = Image.new("RGBA", (80, 40), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (40, 20), (*colour, 255)), (20, 10))
    image.save(path, "PNG")
    return path


def test_a_white_logo_on_transparency_gets_a_dark_tile(tmp_path):
    assert web_image(logo_on_transparent(tmp_path / "white.png", (255, 255, 255)), None).backdrop == "dark"
    assert web_image(logo_on_transparent(tmp_path / "pale.png", (235, 240, 245)), None).backdrop == "dark"


def test_a_dark_or_opaque_logo_keeps_the_light_tile(tmp_path):
    assert web_image(logo_on_transparent(tmp_path / "navy.png", (10, 30, 90)), None).backdrop == "light"
    assert web_image(make_image(tmp_path / "white.jpg", size=(40, 20)), None).backdrop == "light"


def test_the_backdrop_survives_the_cache(tmp_path):
    source = logo_on_transparent(tmp_path / "white.png", (255, 255, 255))
    web_image(source, tmp_path / "cache")
    assert web_image(source, tmp_path / "cache").backdrop == "dark"


# --- pictures of hand-written pages -------------------------------------------------------------


def camera_jpeg(orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: maker, GPS position, a comment and XMP."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (45.0, 11.0, 30.0), 3: "E", 4: (9.0, 10.0, 5.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes(), comment=b"holiday",
                                                   xmp=b"<x:xmpmeta>GPSLatitude</x:xmpmeta>")
    return buffer.getvalue()


def test_camera_data_and_gps_are_removed(tmp_path):
    cleaned = images.without_metadata(camera_jpeg(), tmp_path)
    opened = Image.open(io.BytesIO(cleaned))
    assert not {"exif", "xmp", "comment"} & set(opened.info)
    assert b"PhoneMaker" not in cleaned and b"GPSLatitude" not in cleaned and b"holiday" not in cleaned
    assert opened.size == (60, 40)


def test_a_turned_photo_is_stood_upright_when_its_orientation_goes(tmp_path):
    cleaned = images.without_metadata(camera_jpeg(orientation=6), None)
    assert Image.open(io.BytesIO(cleaned)).size == (40, 60)


def test_png_text_chunks_are_removed(tmp_path):
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "45N 9E")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG", pnginfo=info)
    assert b"45N 9E" not in images.without_metadata(buffer.getvalue(), None)


def test_a_picture_without_metadata_is_published_as_it_is():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    assert images.without_metadata(buffer.getvalue(), None) is None
    assert images.without_metadata(b"not a picture", None) is None
