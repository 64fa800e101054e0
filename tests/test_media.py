"""Tests for consortia.media: every named image is processed once, bad ones become problems, placeholders fill gaps."""

from __future__ import annotations

import io

from conftest import problems_of
from PIL import Image

from consortia.images import NOT_AN_IMAGE
from consortia.media import LOGO_BOX
from consortia.pipeline import ProjectFolder, validate

ALPHA_WITH_LOGO = "- id: alpha\n  name: Alpha\n  role: coordinator\n  country: PT\n  logo: assets/alpha.png\n"
BETA = "- id: beta\n  name: Beta Association\n  country: CZ\n"


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def media_of(root):
    site, media, problems = validate(ProjectFolder.at(root))
    assert problems == []
    return site, media


def test_logo_that_is_not_an_image(sample_site):
    root = sample_site({"partners.yaml": ALPHA_WITH_LOGO + BETA, "content/assets/alpha.png": b"<html>not a logo</html>"})
    assert problems_of(root) == [f"partners.yaml:5: partners[0].logo: 'assets/alpha.png' {NOT_AN_IMAGE}"]


def test_svg_logo_with_a_script(sample_site):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    partners = ALPHA_WITH_LOGO.replace("alpha.png", "alpha.svg") + BETA
    root = sample_site({"partners.yaml": partners, "content/assets/alpha.svg": svg})
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].logo: 'assets/alpha.svg' is an SVG containing scripts or event handlers,"
        " which are not allowed; remove them or export as PNG"
    ]


def test_png_logo_is_processed_within_the_logo_box(sample_site):
    root = sample_site({"partners.yaml": ALPHA_WITH_LOGO + BETA, "content/assets/alpha.png": png((1000, 300))})
    site, media = media_of(root)
    logo = media.logo(site.partners[0])
    assert logo.media_type == "image/png"
    assert (logo.width, logo.height) == (LOGO_BOX[0], 144)
    assert logo.uri.startswith("media/") and logo.uri.endswith("-alpha.png")
    assert Image.open(io.BytesIO(logo.data)).size == (480, 144)


def test_partners_without_a_logo_get_a_placeholder(sample_site):
    site, media = media_of(sample_site({}))
    for partner in site.partners:
        placeholder = media.logo(partner)
        assert placeholder.media_type == "image/svg+xml"
        assert placeholder.uri.startswith("media/placeholder-") and placeholder.uri.endswith(".svg")
        assert partner.display_name.encode() in placeholder.data
    assert media.images == {}
    assert sorted(media.files()) == sorted(media.logo(partner).uri for partner in site.partners)


def test_an_image_named_twice_is_processed_once_and_documents_are_skipped(sample_site):
    event = (
        "- id: e\n  title: E\n  start: 2022-02-01\n  online: true\n"
        "  image: assets/photo.png\n  image_alt: Photo\n"
    )
    issue = "title: March\ndate: 2024-03-01\nitems:\n  - id: a\n    title: A\n    image: assets/photo.png\n    image_alt: Photo\n"
    agreement = "- id: mou\n  title: MoU\n  signed: 2022-05-01\n  parties: [alpha]\n  document: mou.pdf\n"
    root = sample_site({
        "events.yaml": event,
        "newsletters/2024-03.yaml": issue,
        "agreements.yaml": agreement,
        "content/assets/photo.png": png((2000, 1000)),
        "content/mou.pdf": b"%PDF-1.4\n",
    })
    _site, media = media_of(root)
    assert list(media.images) == ["assets/photo.png"]
    photo = media.images["assets/photo.png"]
    assert (photo.width, photo.height) == (1600, 800)
    assert photo.uri in media.files()


# --- what of content/ reaches the site ----------------------------------------------------------------


def test_originals_named_by_records_are_withheld_and_page_pictures_cleaned(sample_site):
    from test_images import camera_jpeg

    from consortia.media import content_pictures

    root = sample_site({
        "partners.yaml": ALPHA_WITH_LOGO.replace("alpha.png", "alpha.jpg") + BETA,
        "content/assets/alpha.jpg": camera_jpeg(),
        "content/assets/team.jpg": camera_jpeg(),
        "content/assets/plain.png": png((8, 8)),
        "content/about.md": "# About\n\n![The team](assets/team.jpg)\n",
    })
    site, _media = media_of(root)
    pictures = content_pictures(site, root / "content", None)
    assert pictures.withheld == {"assets/alpha.jpg"}
    assert set(pictures.cleaned) == {"assets/team.jpg"}
    assert b"PhoneMaker" not in pictures.cleaned["assets/team.jpg"]


def test_a_records_picture_that_a_page_links_on_purpose_is_published_cleaned(sample_site):
    from test_images import camera_jpeg

    from consortia.media import content_pictures

    root = sample_site({
        "partners.yaml": ALPHA_WITH_LOGO.replace("alpha.png", "alpha.jpg") + BETA,
        "content/assets/alpha.jpg": camera_jpeg(),
        "content/press.md": "# Press\n\n[Our logo in print quality](assets/alpha.jpg)\n",
    })
    site, _media = media_of(root)
    pictures = content_pictures(site, root / "content", None)
    assert pictures.withheld == frozenset()
    assert set(pictures.cleaned) == {"assets/alpha.jpg"}


def test_a_built_site_holds_no_original_and_no_camera_data(tmp_path):
    from conftest import consortia, write_site
    from test_build import copy_kit
    from test_images import camera_jpeg

    root = copy_kit(write_site(tmp_path, {
        "partners.yaml": ALPHA_WITH_LOGO.replace("alpha.png", "alpha.jpg") + BETA,
        "content/assets/alpha.jpg": camera_jpeg(),
        "content/assets/team.jpg": camera_jpeg(),
        "content/about.md": "# About\n\n![The team](assets/team.jpg)\n",
    }))
    result = consortia(root, "build")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert not (site / "assets" / "alpha.jpg").exists()
    published = [path for path in site.rglob("*") if path.suffix in (".jpg", ".png")]
    assert any(path.name == "team.jpg" for path in published)
    for path in published:
        data = path.read_bytes()
        assert b"PhoneMaker" not in data and b"GPSLatitude" not in data, path
        assert "exif" not in Image.open(path).info, path
