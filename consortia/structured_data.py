"""schema.org JSON-LD for search engines: Event on event pages (dates with their UTC offset, status,
attendance mode, place or online address), NewsArticle on articles and news posts, Organization on
partner pages and, for the project, on the home page, a CreativeWork of the right kind on result
pages, and a BreadcrumbList on every page below the home page. Every address is absolute.

The JSON goes into a <script> element, so "<", ">" and "&" are written as \\u escapes: a title
holding "</script>" stays inside the data.
"""

from __future__ import annotations

import json
import mimetypes
from datetime import datetime

from consortia.addresses import page_uri, site_path
from consortia.catalogue import Article, Catalogue
from consortia.languages import _
from consortia.media import Media
from consortia.pages import MENU_LABELS, PlannedPage
from consortia.records import Event, Partner, Result
from consortia.sharing import HOME, SharedPage, section_of
from consortia.wording import licence_url, time_zone

SCHEMA = "https://schema.org"
EVENT_STATUSES = {"scheduled": "EventScheduled", "postponed": "EventPostponed", "cancelled": "EventCancelled"}
RESULT_TYPES = {
    "deliverable": "Report", "report": "Report", "policy-brief": "Report", "publication": "ScholarlyArticle",
    "dataset": "Dataset", "presentation": "PresentationDigitalDocument", "video": "VideoObject",
}
"""The schema.org type of each kind of result; the others are a plain CreativeWork."""
HEADLINE_LENGTH = 110
"""Google's longest article headline."""


def json_ld(data: dict) -> str:
    """`data` as JSON that cannot end the <script> element holding it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def structured_data(planned: list[PlannedPage], catalogue: Catalogue, media: Media, site_url: str,
                    shared: dict[str, SharedPage]) -> dict[str, list[str]]:
    """The JSON-LD blocks of every generated page, by source URI."""
    graph = _Graph(catalogue, media, site_url.rstrip("/") + "/", shared)
    return {page.uri: [json_ld(block) for block in graph.blocks(page)] for page in planned}


class _Graph:
    def __init__(self, catalogue: Catalogue, media: Media, site_url: str, shared: dict[str, SharedPage]) -> None:
        self.catalogue, self.media, self.site_url, self.shared = catalogue, media, site_url, shared

    def url(self, uri: str) -> str:
        """The absolute address of a page (by its source URI) or a file (in the pages' language)."""
        return self.site_url + site_path(uri)

    def blocks(self, page: PlannedPage) -> list[dict]:
        record = next(iter(page.context.values()), None) if len(page.context) == 1 else None
        main = self._main(page.uri, record)
        trail = self._breadcrumbs(page.uri, record)
        return [{"@context": SCHEMA, **block} for block in (main, trail) if block]

    def _main(self, uri: str, record: object) -> dict | None:
        if uri == HOME:
            return self.project(full=True)
        if isinstance(record, Event):
            return self.event(record)
        if isinstance(record, Article):
            return self.article(record)
        if isinstance(record, Partner):
            return self.partner(record)
        if isinstance(record, Result):
            return self.result(record)
        return None

    def project(self, full: bool = False) -> dict:
        project = self.catalogue.project
        data = {"@type": "Organization", "@id": self.url(HOME) + "#project",
                "name": str(project.title), "alternateName": project.acronym, "url": self.url(HOME)}
        if not full:
            return data
        data.update({
            "description": str(project.tagline or project.title),
            "foundingDate": project.start.isoformat(), "dissolutionDate": project.end.isoformat(),
            "funder": {"@type": "GovernmentOrganization", "name": _("European Union")},
            "member": [self.organisation(partner) for partner in self.catalogue.partners],
            "image": self._images(HOME),
        })
        if project.contact.email:
            data["email"] = project.contact.email
        return data

    def organisation(self, partner: Partner) -> dict:
        data = {"@type": "Organization", "name": str(partner.name), "url": self.url(page_uri(partner))}
        if partner.website:
            data["sameAs"] = str(partner.website)
        return data

    def partner(self, partner: Partner) -> dict:
        data = {**self.organisation(partner),
                "address": {"@type": "PostalAddress", "addressCountry": partner.country, **_locality(partner.city)},
                "memberOf": self.project(), "image": self._images(page_uri(partner))}
        if partner.logo:
            data["logo"] = self.url(self.media.logo(partner).uri)
        return data

    def event(self, event: Event) -> dict:
        uri = page_uri(event)
        data = {
            "@type": "Event", "name": str(event.title), "url": self.url(uri),
            "startDate": _moment(event.start, event.timezone),
            "eventStatus": f"{SCHEMA}/{EVENT_STATUSES[event.status]}",
            "eventAttendanceMode": f"{SCHEMA}/{_attendance(event)}",
            "location": self._locations(event),
            "organizer": [self.organisation(self.catalogue.partner(id_)) for id_ in event.organisers] or [self.project()],
            "description": str(event.summary or event.title),
            "image": self._images(uri, event.image),
        }
        if event.end is not None:
            data["endDate"] = _moment(event.end, event.timezone)
        return data

    def _locations(self, event: Event) -> list[dict]:
        found = []
        if event.location is not None:
            place = event.location
            address = {"@type": "PostalAddress", "addressLocality": place.city, "addressCountry": place.country}
            if place.address:
                address["streetAddress"] = place.address
            found.append({"@type": "Place", "name": str(place.venue or place.city), "address": address})
        if event.online:
            found.append({"@type": "VirtualLocation", "url": str(event.registration or self.url(page_uri(event)))})
        return found

    def article(self, article: Article) -> dict:
        uri = page_uri(article)
        item = article.item
        authors = [self.organisation(self.catalogue.partner(id_)) for id_ in item.partners] or [self.project()]
        data = {
            "@type": "NewsArticle", "headline": _headline(str(item.title)),
            "url": self.url(uri), "mainEntityOfPage": self.url(uri),
            "datePublished": article.date.isoformat(), "dateModified": (item.updated or article.date).isoformat(),
            "image": self._images(uri, item.image), "author": authors, "publisher": self.project(),
        }
        if item.summary:
            data["description"] = str(item.summary)
        return data

    def result(self, result: Result) -> dict:
        uri = page_uri(result)
        kind = RESULT_TYPES.get(result.kind, "CreativeWork")
        data = {
            "@type": kind, "name": str(result.title), "url": self.url(uri),
            "datePublished": result.date.isoformat(), "description": str(result.summary or result.title),
            "author": [self.organisation(self.catalogue.partner(id_)) for id_ in result.partners] or [self.project()],
            "publisher": self.project(), "image": self._images(uri),
            "encoding": [_media_object(self.url(file.path), str(file.title), self.media.sizes.get(file.path))
                         for file in result.files],
        }
        if kind == "VideoObject":  # what Google's video results need beside the name and description
            data.update({"uploadDate": result.date.isoformat(), "thumbnailUrl": self._images(uri)})
        if result.doi:
            data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": result.doi}
        same_as = [address for address in (f"https://doi.org/{result.doi}" if result.doi else None, result.url) if address]
        if same_as:
            data["sameAs"] = [str(address) for address in same_as]
        if result.licence:
            data["license"] = licence_url(result.licence)
        return data

    def _images(self, uri: str, picture: str | None = None) -> list[str]:
        """The page's preview picture, and the record's own picture where it has one."""
        found = [self.url(self.shared[uri].image)] if uri in self.shared else []
        if picture and picture in self.media.images:
            found.append(self.url(self.media.images[picture].uri))
        return found

    def _breadcrumbs(self, uri: str, record: object) -> dict | None:
        section = section_of(uri)
        if uri == HOME or (section is None and uri not in MENU_LABELS):
            return None
        trail = [(_("Home"), self.url(HOME))]
        if section is not None:
            trail.append((_(MENU_LABELS[section]), self.url(section)))
        if section != uri:
            trail.append((_title(record, uri), self.url(uri)))
        items = [{"@type": "ListItem", "position": number, "name": name, "item": address}
                 for number, (name, address) in enumerate(trail, start=1)]
        return {"@type": "BreadcrumbList", "itemListElement": items}


def _title(record: object, uri: str) -> str:
    if isinstance(record, Article):
        return str(record.item.title)
    name = getattr(record, "name", None) or getattr(record, "title", None)
    return str(name) if name else _(MENU_LABELS[section_of(uri)])


def _headline(title: str) -> str:
    return title if len(title) <= HEADLINE_LENGTH else title[:HEADLINE_LENGTH - 1].rstrip() + "…"


def _locality(city: str) -> dict:
    return {"addressLocality": city} if city else {}


def _moment(moment: object, timezone: str | None) -> str:
    """A day as 2019-01-15; a time with its zone's UTC offset, 2019-01-15T09:30:00+01:00."""
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=time_zone(timezone)).isoformat()
    return moment.isoformat()


def _attendance(event: Event) -> str:
    if event.online and event.location is not None:
        return "MixedEventAttendanceMode"
    return "OnlineEventAttendanceMode" if event.online else "OfflineEventAttendanceMode"


def _media_object(address: str, title: str, size: int | None) -> dict:
    data = {"@type": "MediaObject", "name": title, "contentUrl": address,
            "encodingFormat": mimetypes.guess_type(address)[0] or "application/octet-stream"}
    if size is not None:
        data["contentSize"] = f"{size} B"
    return data
