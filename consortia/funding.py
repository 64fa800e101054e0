"""The EU funding statement in every language the kit speaks, and the check that a site's statement
names the European Union in full in each of its languages (the EU's visibility rules: next to the
emblem, never "EU").

`OFFICIAL` is the wording the EU publishes with its emblem ("Co-funded by the European Union" in the
24 official languages, and as the Commission's delegations write it in the partner countries'
languages); `UNION` is how each language writes "the European Union", in the cases a statement uses
("Europäische Union", "der Europäischen Union").
"""

from __future__ import annotations

import difflib
import re

from consortia.languages import english_name

OFFICIAL = {
    "bg": "Съфинансирано от Европейския съюз",
    "cs": "Spolufinancováno Evropskou unií",
    "da": "Medfinansieret af Den Europæiske Union",
    "de": "Kofinanziert von der Europäischen Union",
    "el": "Συγχρηματοδοτείται από την Ευρωπαϊκή Ένωση",
    "en": "Co-funded by the European Union",
    "es": "Cofinanciado por la Unión Europea",
    "et": "Kaasrahastanud Euroopa Liit",
    "fi": "Euroopan unionin osarahoittama",
    "fr": "Cofinancé par l’Union européenne",
    "ga": "Arna chómhchistiú ag an Aontas Eorpach",
    "hr": "Sufinancira Europska unija",
    "hu": "Az Európai Unió társfinanszírozásával",
    "it": "Cofinanziato dall’Unione europea",
    "lt": "Bendrai finansuoja Europos Sąjunga",
    "lv": "Līdzfinansē Eiropas Savienība",
    "mt": "Kofinanzjat mill-Unjoni Ewropea",
    "nl": "Medegefinancierd door de Europese Unie",
    "pl": "Współfinansowane przez Unię Europejską",
    "pt": "Cofinanciado pela União Europeia",
    "ro": "Cofinanțat de Uniunea Europeană",
    "sk": "Spolufinancované Európskou úniou",
    "sl": "Sofinancira Evropska unija",
    "sv": "Medfinansieras av Europeiska unionen",
    "is": "Samfjármagnað af Evrópusambandinu",
    "mk": "Кофинансирано од Европската Унија",
    "no": "Medfinansiert av Den europeiske union",
    "sq": "Bashkëfinancuar nga Bashkimi Evropian",
    "sr": "Суфинансира Европска унија",
    "tr": "Avrupa Birliği tarafından eş finanse edilmektedir",
    "uk": "Співфінансується Європейським Союзом",
}

UNION = {
    "bg": ["Европейския съюз", "Европейският съюз", "Европейски съюз"],
    "cs": ["Evropská unie", "Evropské unie", "Evropskou unií", "Evropské unii"],
    "da": ["Europæiske Union", "Europæiske Unions"],
    "de": ["Europäische Union", "Europäischen Union"],
    "el": ["Ευρωπαϊκή Ένωση", "Ευρωπαϊκής Ένωσης", "Ευρωπαϊκή Ένωσή"],
    "en": ["European Union"],
    "es": ["Unión Europea"],
    "et": ["Euroopa Liit", "Euroopa Liidu", "Euroopa Liidult", "Euroopa Liidust"],
    "fi": ["Euroopan unioni", "Euroopan unionin", "Euroopan unionilta", "Euroopan unionista"],
    "fr": ["Union européenne"],
    "ga": ["Aontas Eorpach", "Aontais Eorpaigh"],
    "hr": ["Europska unija", "Europske unije", "Europskoj uniji", "Europskom unijom"],
    "hu": ["Európai Unió", "Európai Unió által", "Európai Unióból"],
    "it": ["Unione europea"],
    "lt": ["Europos Sąjunga", "Europos Sąjungos", "Europos Sąjungą"],
    "lv": ["Eiropas Savienība", "Eiropas Savienības"],
    "mt": ["Unjoni Ewropea"],
    "nl": ["Europese Unie"],
    "pl": ["Unia Europejska", "Unię Europejską", "Unii Europejskiej"],
    "pt": ["União Europeia"],
    "ro": ["Uniunea Europeană", "Uniunii Europene"],
    "sk": ["Európska únia", "Európskou úniou", "Európskej únie"],
    "sl": ["Evropska unija", "Evropske unije", "Evropsko unijo"],
    "sv": ["Europeiska unionen", "Europeiska unionens"],
    "is": ["Evrópusambandið", "Evrópusambandinu", "Evrópusambandsins"],
    "mk": ["Европската Унија", "Европска Унија"],
    "no": ["europeiske union", "Den europeiske union"],
    "sq": ["Bashkimi Evropian", "Bashkimit Evropian", "Bashkimi Europian"],
    "sr": ["Европска унија", "Европске уније", "Evropska unija", "Evropske unije"],
    "tr": ["Avrupa Birliği", "Avrupa Birliğinin"],
    "uk": ["Європейський Союз", "Європейським Союзом", "Європейського Союзу"],
}


def _names_union(statement: str, code: str) -> bool:
    # Letter case differs between style guides ("Unione Europea"); a line break or two spaces are
    # still the same words.
    words = " ".join(statement.split()).casefold()
    return any(re.search(rf"(?<!\w){re.escape(form.casefold())}(?!\w)", words) for form in UNION[code])


def statement_problem(statement: str, code: str) -> str | None:
    """Why `statement`, written in the language `code`, does not name the European Union in full; None when it does."""
    if _names_union(statement, code):
        return None
    language = english_name(code)
    example = f'"{OFFICIAL[code]}"'
    nearest = _nearest_form(statement, code)
    if nearest:
        return f'{nearest[0]!r} is not how {language} writes the European Union: write "{nearest[1]}", e.g. {example}'
    said = "" if code == "en" else f' ({language} for "European Union")'
    return f'write "{UNION[code][0]}" in full{said}, e.g. {example}'


def _nearest_form(statement: str, code: str) -> tuple[str, str] | None:
    """(what was written, the form it is closest to) for a misspelt name of the Union: 'Europaischen Uniion'."""
    words = statement.split()
    best, found = 0.8, None  # below this, it is not a slip of the Union's name but another text
    for form in UNION[code]:
        size = len(form.split())
        for index in range(len(words) - size + 1):
            written = " ".join(words[index:index + size]).strip(".,;:!?()\"'")
            ratio = difflib.SequenceMatcher(None, written.casefold(), form.casefold()).ratio()
            if ratio > best:
                best, found = ratio, (written, form)
    return found
