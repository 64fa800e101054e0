"""The languages a site can be written in, and the kit's own words in each of them.

The kit's labels and sentences are English message ids in gettext catalogues
(consortia/locale/<code>/LC_MESSAGES/consortia.po), which a translator opens in any PO editor;
dates, numbers, country and language names come from the Unicode CLDR through Babel. The language
being written is a context variable: `speaking("it")` around a rendering makes every wording,
template and feed of it Italian.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)
"""The 24 official languages of the European Union."""
PARTNER_LANGUAGES = ("is", "mk", "no", "sq", "sr", "tr", "uk")
"""Languages of countries taking part in COSME, the Single Market Programme and Interreg IPA."""
SUPPORTED = tuple(sorted(EU_LANGUAGES + PARTNER_LANGUAGES))
SOURCE_LANGUAGE = "en"
"""The language of the message ids: it needs no catalogue."""
DEFAULT_LANGUAGES = (SOURCE_LANGUAGE,)
"""A site's languages when project.yaml does not say."""

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "consortia"

# CLDR data by language code: English as written in Europe (15 October 2019, not October 15, 2019);
# Norwegian is written in Bokmål unless a site says otherwise.
_CLDR_LOCALES = {"en": "en_150", "no": "nb"}
# Material for MkDocs names Norwegian Bokmål "nb", and has no Irish or Maltese of its own:
# overrides/partials/languages/ holds those.
_THEME_LANGUAGES = {"no": "nb"}

_speaking: ContextVar[str] = ContextVar("speaking", default=SOURCE_LANGUAGE)


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Everything worded inside the block is in the language `code`."""
    token = _speaking.set(code)
    try:
        yield
    finally:
        _speaking.reset(token)


def current() -> str:
    """The language being written now."""
    return _speaking.get()


def cldr_locale(code: str | None = None) -> Locale:
    """The CLDR locale of a language (of the current one when None)."""
    return _parsed_locale(code or current())


@lru_cache(maxsize=None)
def _parsed_locale(code: str) -> Locale:
    # Every date and number of a large site asks for its locale: parsed once per language.
    return Locale.parse(_CLDR_LOCALES.get(code, code))


_EUROPEAN_LOCALES = {"en": "en_GB", "pt": "pt_PT"}
"""Where CLDR's likeliest territory of a language is outside Europe (en_US, pt_BR)."""


def og_locale(code: str) -> str:
    """The language as Open Graph names a locale, language_TERRITORY: it_IT, el_GR, en_GB."""
    if code in _EUROPEAN_LOCALES:
        return _EUROPEAN_LOCALES[code]
    likely = get_global("likely_subtags").get(cldr_locale(code).language, "")
    language, _script, territory = (likely.split("_") + ["", "", ""])[:3]
    return f"{language}_{territory}" if territory else cldr_locale(code).language


def theme_language(code: str) -> str:
    """The language as Material for MkDocs names its translations."""
    return _THEME_LANGUAGES.get(code, code)


def own_name(code: str) -> str:
    """A language as its speakers name it, as a language menu lists it: Italiano, Deutsch, Čeština."""
    language = Locale.parse(cldr_locale(code).language)
    name = language.get_display_name(language)
    return name[:1].upper() + name[1:]


def english_name(code: str) -> str:
    """A language's English name, for messages to the site's editors: Italian, German."""
    return cldr_locale(code).get_language_name("en")


def catalogue_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def translations(code: str) -> NullTranslations:
    """The kit's messages in a language, read from its PO file (compiled in memory: the PO file
    is the one source a translator edits, with no compiled copy to forget)."""
    path = catalogue_path(code)
    if code == SOURCE_LANGUAGE or not path.exists():
        return NullTranslations()
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=_CLDR_LOCALES.get(code, code), domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(message: str) -> str:
    """`message` in the current language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or the right plural form of a message for `count`, in the current language."""
    return translations(current()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, in the sense `context` gives it ("trade register", "Register")."""
    return translations(current()).pgettext(context, message)


_ = gettext
