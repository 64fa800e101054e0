"""The typing slips a communication officer makes every day, recognised so that a message can
name them in plain words: invisible characters and typographic dashes and quotes pasted from a
word processor, dates written the way people say them, country names for codes, time zone
abbreviations for places. Each function returns the words of a message, or None.
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

import pycountry

from consortia.wording import country_name

INVISIBLE = {
    "\u00a0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u2009": "a thin space",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner",
    "\ufeff": "an invisible byte order mark",
    "\u00ad": "a soft hyphen",
    "\t": "a tab",
}
"""Characters a reader cannot see on screen, by what to call them."""

DASHES = {
    "\u2010": "a typographic hyphen (‐)",
    "\u2011": "a non-breaking hyphen (‑)",
    "\u2012": "a figure dash (‒)",
    "\u2013": "an en dash (–)",
    "\u2014": "an em dash (—)",
    "\u2212": "a minus sign (−)",
}
"""Dashes that look like a hyphen but are not one, as word processors put them in dates."""

CURLY_QUOTES = "“”„‟‘’‚‛«»"


def shown(value: object) -> str:
    """A value as a message quotes it: text between straight quotes, its invisible characters
    written as ⍽ so that the reader sees where they are."""
    if not isinstance(value, str):
        return repr(value)
    return "'" + "".join("⍽" if char in INVISIBLE else char for char in value) + "'"


def invisible_character(value: str) -> str | None:
    """'starts with a non-breaking space', or None when every character can be seen."""
    for char, name in INVISIBLE.items():
        if char in value:
            where = "starts with" if value.startswith(char) else "ends with" if value.endswith(char) else "contains"
            return f"{where} {name} (shown as ⍽): delete it"
    return None


def wrapped_in_curly_quotes(value: str) -> bool:
    """True for “Jena” or ‘Jena’: quotes a word processor made, which YAML takes as part of the text."""
    return len(value) >= 2 and value[0] in CURLY_QUOTES and value[-1] in CURLY_QUOTES


CURLY_QUOTES_MESSAGE = "curly quotes “ ” from a word processor are part of the text: use straight quotes or none"


def value_slip(value: object) -> str | None:
    """The slip that keeps a short value (an id, code, date, time, address) from being read, if any."""
    if not isinstance(value, str):
        return None
    if wrapped_in_curly_quotes(value.strip()):
        return f"{shown(value)}: {CURLY_QUOTES_MESSAGE}"
    invisible = invisible_character(value)
    if invisible:
        return f"{shown(value)} {invisible}"
    for char, name in DASHES.items():
        if char in value:
            return f"{shown(value)}: the dash in it is {name}: type a hyphen (-)"
    return None


_SPOKEN_DATES = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y.%m.%d")
"""Ways people write a date; day before month, as Europe writes it."""


def spoken_date(value: str) -> str | None:
    """'March 14, 2023' → '2023-03-14', for a message that proposes the fix."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value.strip())
    for pattern in _SPOKEN_DATES:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def country_code_for(name: str) -> str | None:
    """'Germany' → 'DE (Germany)', 'Czech Republic' → 'CZ (Czechia)': the code someone meant."""
    try:
        country = pycountry.countries.lookup(name.strip())
    except LookupError:
        matches = pycountry.countries.search_fuzzy(name.strip()) if len(name.strip()) > 3 else []
        if not matches:
            return None
        country = matches[0]
    return f"{country.alpha_2} ({country_name(country.alpha_2)})"


@lru_cache(maxsize=1)
def zones_by_country() -> dict[str, tuple[str, ...]]:
    """The time zones of each country (ISO code), from the zone database's own table."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _position, zone, *_comment = line.split("\t")
            zones.setdefault(code, []).append(zone)
    return {code: tuple(names) for code, names in zones.items()}


_ABBREVIATIONS = {
    "CET": "Europe/Brussels", "CEST": "Europe/Brussels", "MET": "Europe/Brussels", "MEST": "Europe/Brussels",
    "EET": "Europe/Athens", "EEST": "Europe/Athens", "WET": "Europe/Lisbon", "WEST": "Europe/Lisbon",
    "GMT": "Europe/London", "BST": "Europe/London", "IST": "Europe/Dublin", "MSK": "Europe/Moscow",
    "EST": "America/New_York", "EDT": "America/New_York", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
}
"""Clock names people write for a zone, with a city that keeps that clock."""

_UNIVERSAL = {"UTC", "Etc/UTC"}


def geographic(zone: str) -> bool:
    """True for a zone named after a place (Europe/Vilnius, or its old name Europe/Kiev) or for UTC;
    false for clock names such as CET or EST5EDT."""
    return zone in _UNIVERSAL or ("/" in zone and not zone.startswith(("Etc/", "SystemV/")))


def zone_suggestion(value: str, country: str | None) -> str:
    """What to write instead of `value` as the time zone of an event in `country` (or online)."""
    if country and country in zones_by_country():
        zones = zones_by_country()[country]
        return f"use {' or '.join(zones[:3])}"
    if value.upper() in _ABBREVIATIONS:
        return f"did you mean {_ABBREVIATIONS[value.upper()]}? (write the zone of a city whose clock the times follow)"
    close = difflib.get_close_matches(value, sorted(_place_zones()), n=1, cutoff=0.7)
    if close:
        return f"did you mean {close[0]}?"
    return "write the zone of a city whose clock the times follow, such as Europe/Brussels"


def zone_problem(zone: str, country: str | None, moment: datetime) -> str | None:
    """Why `zone` gives the wrong clock for an event in `country` (None: online) around `moment`, or None."""
    if country is None:
        return None if geographic(zone) else f"{zone} is a name for a clock, not for a place: {zone_suggestion(zone, None)}"
    zones = zones_by_country().get(country, ())
    if zone in zones or (geographic(zone) and _same_clock(zone, zones, moment)):
        return None
    return f"{zone} is not the time zone of {country_name(country)}: {zone_suggestion(zone, country)}"


def _same_clock(zone: str, zones: tuple[str, ...], moment: datetime) -> bool:
    """True when `zone` (an old name, say Europe/Kiev) keeps the clock of one of `zones` all year."""
    samples = [moment.replace(month=month, day=15, tzinfo=None) for month in (1, 4, 7, 10)]
    offsets = lambda name: [ZoneInfo(name).utcoffset(sample) for sample in samples]
    return any(offsets(zone) == offsets(other) for other in zones)


@lru_cache(maxsize=1)
def _place_zones() -> frozenset[str]:
    return frozenset(zone for zone in available_timezones() if geographic(zone))


def windows_path(value: str) -> bool:
    """True for assets\\logos\\x.png, as Windows' Explorer copies a path."""
    return "\\" in value
