"""The site settings the kit reads from mkdocs.yml, checked like records: the site's address and
the brand colours, which end up in every page's style and must keep text readable (WCAG AA).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import ImageColor

from consortia.problems import Problem, nearest_line

SETTINGS_FILE = "mkdocs.yml"
AA_CONTRAST = 4.5
"""WCAG 2.1 AA for normal text."""
WHITE = (255, 255, 255)
DEFAULT_PRIMARY = "#4051b5"
"""Material's indigo: the site's colour when mkdocs.yml sets no extra.brand (previews, e-mails)."""


@dataclass(frozen=True)
class Brand:
    """The brand colours as #rrggbb, safe to write into a style element."""

    primary: str
    """Header, headings and the home page's hero, under white text."""
    accent: str
    """Buttons and highlights, as text on white and under white text."""


@dataclass(frozen=True)
class Settings:
    """What the kit uses of mkdocs.yml, with the line of every value."""

    values: dict
    lines: dict[tuple, int]

    def get(self, *path: str) -> object:
        """The value at extra.brand.primary, say; None when it is not there."""
        value: object = self.values
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def line_of(self, *path: str) -> int:
        return nearest_line(self.lines, path)


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain settings, passing over the !!python/name: and !ENV tags it may hold."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(path: Path) -> Settings:
    """mkdocs.yml's values and lines; empty when it cannot be read (MkDocs itself reports that)."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_SettingsLoader)
        values = yaml.load(text, Loader=_SettingsLoader)
    except (OSError, yaml.YAMLError):
        return Settings({}, {})
    lines: dict[tuple, int] = {}
    _record_lines(node, (), lines)
    return Settings(values if isinstance(values, dict) else {}, lines)


def _record_lines(node: yaml.Node | None, location: tuple, lines: dict[tuple, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[location + (key.value,)] = key.start_mark.line + 1
                _record_lines(value, location + (key.value,), lines)


def check_brand(settings: Settings) -> tuple[Brand | None, list[Problem]]:
    """The brand colours, each a CSS colour dark enough for white text and for text on white."""
    if settings.get("extra", "brand") is None:
        return None, []
    colours, problems = {}, []
    for name in ("primary", "accent"):
        value = settings.get("extra", "brand", name)
        message, colour = _colour_problem(value)
        if message:
            problems.append(Problem(SETTINGS_FILE, settings.line_of("extra", "brand", name), f"extra.brand.{name}", message))
        colours[name] = colour
    if problems:
        return None, problems
    return Brand(**{name: "#%02x%02x%02x" % colour for name, colour in colours.items()}), []


def _colour_problem(value: object) -> tuple[str | None, tuple[int, int, int] | None]:
    if not isinstance(value, str) or not value.strip():
        return "give a colour, e.g. \"#1b4965\" (in quotes: # starts a comment in YAML)", None
    try:
        colour = ImageColor.getrgb(value.strip())[:3]
    except ValueError:
        return f"{value!r} is not a colour: write it as #RRGGBB, e.g. \"#1b4965\"", None
    ratio = contrast(colour, WHITE)
    if ratio < AA_CONTRAST:
        darker = "#%02x%02x%02x" % darkened_for_white_text(colour)
        return (f"{value.strip()} and white have a contrast of {ratio:.1f}:1, below the {AA_CONTRAST}:1 that text "
                f"needs to be readable: choose a darker colour, such as {darker}"), None
    return None, colour


def relative_luminance(colour: tuple[int, int, int]) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = map(linear, colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG 2.1's contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darkened_for_white_text(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """The same hue, darkened in steps of 5% until white text on it reaches AA."""
    for step in range(1, 21):
        candidate = tuple(round(channel * (1 - step / 20)) for channel in colour)
        if contrast(candidate, WHITE) >= AA_CONTRAST:
            return candidate
    return (0, 0, 0)
