"""The link-preview pictures: 1200×630, every script of the EU's languages in a font that has its
letters, the same bytes from the same records, drawn once and then taken from the cache."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from conftest import REPO
from consortia import previews
from consortia.images import web_image
from consortia.previews import FONT_FOLDER, FONTS, Card, CardStyle, MissingFonts, draw_card, preview_pictures, wrapped

STYLE = CardStyle("#1b4965", None, "Co-funded by the COSME programme of the European Union", "TEX4IM")
TITLES = {
    "el": "Συνάντηση έναρξης της σύμπραξης για την κλωστοϋφαντουργία στη Θεσσαλονίκη",
    "bg": "Среща за стартиране на партньорството в София",
    "uk": "Зустріч партнерів у Львові: ґудзики, їжак, єдність",
    "latin": "Łódź, Čeština, Ħal Qormi, Āraišu ezers, Šiauliai, Őrség, Târgu Mureș, Ærø, Straße, Ísafjörður, Ğ",
}
"""Titles with the letters of every EU language's alphabet and the scripts beside Latin."""
EXAMPLE_CARDS = {
    "docs/preview-event.png": Card("Events", "Cancelled: TEX4IM final conference", ("23 April 2020", "Museo del Tessuto, Prato, Italy")),
    "docs/preview-partner.png": Card("Partners", "CITEVE – Technological Centre for the Textile and Clothing Industry of Portugal",
                                     ("Vila Nova de Famalicão, Portugal",), web_image(REPO / "content/assets/logos/citeve.png", None), logo=True),
}
"""The two pictures the README shows, drawn again and compared byte for byte."""


def example_style() -> CardStyle:
    import resvg_py
    logo = bytes(resvg_py.svg_to_bytes(svg_string=(REPO / "content/assets/brand/logo.svg").read_text(encoding="utf-8"), height=120))
    return CardStyle("#1b4965", logo, STYLE.statement, "TEX4IM")


@pytest.mark.parametrize("path", sorted(EXAMPLE_CARDS))
def test_the_pictures_in_the_readme_are_what_the_kit_draws(path):
    data, media_type = draw_card(EXAMPLE_CARDS[path], example_style())
    assert media_type == "image/png" and data == (REPO / path).read_bytes(), f"{path} changed: look at it, then update it"


@pytest.mark.parametrize("weight", sorted(FONTS))
@pytest.mark.parametrize("script", sorted(TITLES))
def test_the_font_has_every_letter_of_every_script(weight, script):
    letters = TTFont(FONT_FOLDER / FONTS[weight]).getBestCmap()
    missing = {char for char in TITLES[script] if not char.isspace() and ord(char) not in letters}
    assert missing == set()


def test_a_card_is_the_size_a_link_preview_wants_and_the_same_every_time():
    card = Card("Εκδηλώσεις", TITLES["el"], ("15 Ιανουαρίου 2019",))
    data, media_type = draw_card(card, STYLE)
    assert Image.open(io.BytesIO(data)).size == (1200, 630) and media_type == "image/png"
    assert draw_card(card, STYLE)[0] == data
    assert draw_card(Card("Εκδηλώσεις", TITLES["bg"]), STYLE)[0] != data


def test_a_photo_makes_a_jpeg():
    photo = web_image(next((REPO / "content").rglob("*.jpg")), None)
    data, media_type = draw_card(Card("News", "A photo", (), photo), STYLE)
    assert media_type == "image/jpeg" and Image.open(io.BytesIO(data)).format == "JPEG"


def test_long_titles_and_words_wrap_inside_the_width():
    font = previews._font("bold", 62)
    lines = wrapped("Supercalifragilisticexpialidociousandthensomemoreletters of a title", font, 400)
    assert len(lines) > 2 and all(font.getlength(line) <= 400 for line in lines)
    assert "".join(lines).replace(" ", "") == "Supercalifragilisticexpialidociousandthensomemoreletters of a title".replace(" ", "")


def test_a_very_long_title_still_fits_the_picture():
    data, _media_type = draw_card(Card("News", "word " * 200), STYLE)
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def test_a_drawn_card_is_taken_from_the_cache_next_time(tmp_path, monkeypatch):
    cards = {"previews/events/kick-off": Card("Events", "Kick-off")}
    first = preview_pictures(cards, STYLE, tmp_path)
    monkeypatch.setattr(previews, "draw_card", lambda *arguments: pytest.fail("drawn again"))
    again = preview_pictures(cards, STYLE, tmp_path)
    assert again == first and first["previews/events/kick-off"].uri == "previews/events/kick-off.png"


def test_a_picture_found_once_is_not_read_from_the_cache_folder_again_by_the_same_process(tmp_path, monkeypatch):
    """The preview builds again after every edit: thousands of pictures read again cost it a third of a second."""
    cards = {"previews/events/kick-off": Card("Events", "Kick-off"), "previews/events/fair": Card("Events", "Fair")}
    first = preview_pictures(cards, STYLE, tmp_path)
    monkeypatch.setattr(previews, "_cached", lambda *arguments: pytest.fail("read again"))
    again = preview_pictures(cards, STYLE, tmp_path)
    assert again == first and again["previews/events/fair"].data is first["previews/events/fair"].data
    monkeypatch.undo()  # a picture not seen yet is looked for in the folder
    edited = preview_pictures({**cards, "previews/events/fair": Card("Events", "Textile fair")}, STYLE, tmp_path)
    assert edited["previews/events/fair"].data != first["previews/events/fair"].data  # drawn anew, not taken


def test_cards_drawn_at_once_are_the_cards_drawn_one_by_one(tmp_path):
    cards = {f"previews/events/e{number}": Card("Events", f"Matchmaking day {number} in Łódź", ("12 May 2024", "Porto"))
             for number in range(12)}
    together = preview_pictures(cards, STYLE, None)
    assert [together[stem].data for stem in cards] == [draw_card(card, STYLE)[0] for card in cards.values()]


def test_missing_fonts_say_how_to_install_them(monkeypatch, tmp_path):
    monkeypatch.setattr(previews, "FONT_FOLDER", tmp_path)
    previews._loaded_font.cache_clear()
    try:
        with pytest.raises(MissingFonts, match="sudo apt-get install fonts-dejavu-core"):
            draw_card(Card("Events", "Kick-off"), STYLE)
    finally:
        previews._loaded_font.cache_clear()
