"""Tests for consortia.languages: the kit's own words in every language it supports, from catalogues
a translator can open in any PO editor, and dates and names from the CLDR."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from babel.messages.pofile import read_po

from consortia.languages import (
    EU_LANGUAGES,
    LOCALE_DIR,
    SOURCE_LANGUAGE,
    SUPPORTED,
    catalogue_path,
    gettext,
    ngettext,
    own_name,
    speaking,
    theme_language,
)
from consortia.wording import country_name, human_date

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
TRANSLATED = [code for code in SUPPORTED if code != SOURCE_LANGUAGE]
TEMPLATE = LOCALE_DIR / "consortia.pot"


def message_ids(path) -> set[tuple[str | None, object]]:
    with path.open("rb") as catalogue:
        return {(message.context, message.id) for message in read_po(catalogue) if message.id}


def test_the_kit_speaks_the_eu_languages_and_those_of_the_partner_countries():
    assert len(EU_LANGUAGES) == 24
    assert {"tr", "no", "is", "sq", "sr", "mk", "uk"} <= set(SUPPORTED)
    assert len(SUPPORTED) == 31


def test_the_template_holds_every_message_of_the_code_and_templates(tmp_path):
    extracted = tmp_path / "extracted.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F", "babel.cfg",
                    "-k", "N_", "--no-location", "-o", str(extracted), "."],
                   cwd=LOCALE_DIR.parent.parent, check=True)
    assert message_ids(extracted) == message_ids(TEMPLATE), "run `make messages` and translate what is new"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalogue_is_complete_and_keeps_the_placeholders(code):
    with catalogue_path(code).open("rb") as file:
        catalogue = read_po(file)
    assert {(message.context, message.id) for message in catalogue if message.id} == message_ids(TEMPLATE)
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(texts), f"{code}: untranslated: {ids[0]!r}"
        assert "fuzzy" not in message.flags, f"{code}: marked fuzzy: {ids[0]!r}"
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in texts:
            found = set(PLACEHOLDER.findall(text))
            # A singular may say "one" instead of the number; nothing else may go missing or appear.
            assert found <= wanted and wanted - found <= {"%(num)d", "%(count)s"}, f"{code}: {ids[0]!r} → {text!r}"
        if isinstance(message.id, tuple):
            assert len(texts) == catalogue.num_plurals, f"{code}: plural forms of {ids[0]!r}"


def test_words_follow_the_language_being_spoken():
    assert gettext("Organised by") == "Organised by"
    with speaking("it"):
        assert gettext("Organised by") == "Organizzato da"
        assert ngettext("%(num)d partner", "%(num)d partners", 3) % {"num": 3} == "3 partner"
        with speaking("de"):
            assert gettext("Organised by") == "Veranstaltet von"
        assert gettext("Organised by") == "Organizzato da"
    assert gettext("Organised by") == "Organised by"


def test_plural_forms_follow_each_languages_rules():
    with speaking("pl"):
        forms = {ngettext("%(num)d partner", "%(num)d partners", count) % {"num": count} for count in (1, 2, 5)}
    assert len(forms) == 3  # 1 partner, 2 partnerzy, 5 partnerów


def test_dates_and_country_names_come_from_the_cldr():
    day = date(2019, 10, 15)
    assert human_date(day) == "15 October 2019"
    expected = {"it": "15 ottobre 2019", "de": "15. Oktober 2019", "cs": "15. října 2019", "el": "15 Οκτωβρίου 2019",
                "bg": "15 октомври 2019\u202fг.", "pt": "15 de outubro de 2019"}
    for code, written in expected.items():
        with speaking(code):
            assert human_date(day) == written
    with speaking("it"):
        assert country_name("CZ") == "Cechia"
    with speaking("uk"):
        assert country_name("DE") == "Німеччина"


def test_languages_are_named_as_their_speakers_name_them():
    assert [own_name(code) for code in ("it", "de", "cs", "no", "en")] == ["Italiano", "Deutsch", "Čeština", "Norsk bokmål", "English"]


def test_material_gets_its_name_of_each_language():
    assert theme_language("no") == "nb"
    assert theme_language("it") == "it"
