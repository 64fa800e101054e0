"""Click-to-load embeds: a video or map pasted into a page loads nothing from its host until the
visitor asks for it, because loading it would send the visitor's address to that host (GDPR).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Known hosts get a friendly name; any other embedded page is handled the same way.
_HOSTS = {
    "youtube.com": ("YouTube", "video"),
    "youtube-nocookie.com": ("YouTube", "video"),
    "vimeo.com": ("Vimeo", "video"),
    "google.com": ("Google Maps", "map"),
    "openstreetmap.org": ("OpenStreetMap", "map"),
}
_IFRAME = re.compile(r"""<iframe\b(?P<attributes>(?:[^>"']|"[^"]*"|'[^']*')*)>.*?</iframe>""", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""(?P<name>[a-zA-Z-]+)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")


def defer_embeds(html: str) -> str:
    """Every <iframe> of another site replaced by a placeholder with a button that loads it."""
    return _IFRAME.sub(_placeholder, html)


def _placeholder(match: re.Match) -> str:
    attributes = {
        found["name"].lower(): found["double"] if found["double"] is not None else found["single"]
        for found in _ATTRIBUTE.finditer(match["attributes"])
    }
    source = attributes.get("src", "")
    host = urlsplit(source).hostname or ""
    if not host:
        return match.group(0)
    service, kind = _service(host)
    title = attributes.get("title") or f"Embedded {kind} from {service}"
    return str(Markup(
        '<figure class="cs-embed" data-embed-src="{source}" data-embed-title="{title}">'
        '<p class="cs-embed__title">{title}</p>'
        "<p>This {kind} is hosted by {service}. Loading it sends your IP address to {service}.</p>"
        '<p><button type="button" class="md-button md-button--primary cs-embed__load">Load the {kind}</button> '
        '<a href="{source}">Open it on {service}</a></p>'
        "</figure>"
    ).format(source=source, title=title, kind=kind, service=escape(service)))


def _service(host: str) -> tuple[str, str]:
    for domain, service in _HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return service
    return host, "content"
