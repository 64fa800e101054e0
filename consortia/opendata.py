"""Records → open data (JSON and CSV) for reuse by the programme's platforms.

The build publishes partners, events, news (posts and newsletter articles) and results as JSON and CSV at
the site root (in each language's folder for the others).
Every value comes from the records, the site address or the build day, so the same records give the
same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

from consortia.addresses import event_calendar_uri, page_uri, page_url
from consortia.catalogue import Article, Catalogue
from consortia.records import Event, Partner, Result
from consortia.wording import appeared_in, country_name, time_zone

PARTNER_FIELDS = ("id", "name", "short_name", "role", "kind", "country", "country_name", "region", "city",
                  "website", "email", "topics", "members", "url")
EVENT_FIELDS = ("id", "title", "kind", "status", "start", "end", "timezone", "all_day", "online", "venue",
                "address", "city", "country", "organisers", "topics", "registration", "url", "calendar")
NEWS_FIELDS = ("id", "title", "date", "summary", "published_in", "issue", "partners", "events", "topics", "url")
RESULT_FIELDS = ("id", "title", "kind", "deliverable", "work_package", "date", "summary", "files", "doi", "licence",
                 "partners", "topics", "url")


def open_data_files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """partners, events and news as JSON and CSV (partners.json, …, news.csv) by their URI in the built site."""
    base_url = site_url.rstrip("/") + "/"
    partners = [_partner(partner, base_url) for partner in catalogue.partners]
    events = [_event(event, base_url) for event in catalogue.events]
    news = [_article(article, base_url) for article in catalogue.latest_articles]
    results = [_result(result, base_url) for result in catalogue.results]
    project = catalogue.project
    head = {
        "project": {"acronym": project.acronym, "title": project.title, "programme": project.programme,
                    "grant_agreement": project.grant_agreement},
        "generated": catalogue.today.isoformat(),
    }
    return {
        "partners.json": _json({**head, "partners": partners}),
        "events.json": _json({**head, "events": events}),
        "partners.csv": _csv(PARTNER_FIELDS, partners),
        "events.csv": _csv(EVENT_FIELDS, events),
        "news.json": _json({**head, "news": news}),
        "news.csv": _csv(NEWS_FIELDS, news),
        "results.json": _json({**head, "results": results}),
        "results.csv": _csv(RESULT_FIELDS, results),
    }


def _partner(partner: Partner, base_url: str) -> dict:
    return {
        "id": partner.id,
        "name": partner.name,
        "short_name": partner.short_name,
        "role": partner.role,
        "kind": partner.kind,
        "country": partner.country,
        "country_name": country_name(partner.country),
        "region": partner.region,
        "city": partner.city,
        "website": partner.website,
        "email": partner.email,
        "topics": list(partner.topics),
        "members": partner.members,
        "url": base_url + page_url(page_uri(partner)),
    }


def _event(event: Event, base_url: str) -> dict:
    place = event.location
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "start": _moment(event.start, event.timezone),
        "end": _moment(event.end, event.timezone),
        "timezone": event.timezone,
        "all_day": not event.has_times,
        "online": event.online,
        "venue": place.venue if place else "",
        "address": place.address if place else "",
        "city": place.city if place else "",
        "country": place.country if place else "",
        "organisers": list(event.organisers),
        "topics": list(event.topics),
        "registration": event.registration,
        "url": base_url + page_url(page_uri(event)),
        "calendar": base_url + event_calendar_uri(event),
    }


def _article(article: Article, base_url: str) -> dict:
    item = article.item
    return {
        "id": item.id,
        "title": item.title,
        "date": article.date.isoformat(),
        "summary": item.summary,
        "published_in": appeared_in(article),
        "issue": article.issue.id if article.issue else None,
        "partners": list(item.partners),
        "events": list(item.events),
        "topics": list(item.topics),
        "url": base_url + page_url(page_uri(article)),
    }


def _result(result: Result, base_url: str) -> dict:
    return {
        "id": result.id,
        "title": result.title,
        "kind": result.kind,
        "deliverable": result.deliverable,
        "work_package": result.work_package,
        "date": result.date.isoformat(),
        "summary": result.summary,
        "files": [base_url + file.path for file in result.files],
        "doi": result.doi,
        "licence": result.licence,
        "partners": list(result.partners),
        "topics": list(result.topics),
        "url": base_url + page_url(page_uri(result)),
    }


def _moment(moment: date | datetime | None, zone: str | None) -> str | None:
    """ISO 8601: a date as is; a local date-time with the UTC offset its time zone has on that day."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=time_zone(zone)).isoformat()
    return moment.isoformat()


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _csv(fields: tuple[str, ...], rows: list[dict]) -> bytes:
    """RFC 4180 CSV (\\r\\n line ends, the csv module's default); lists joined with ";", null as empty."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row[field]) for field in fields])
    # UTF-8 with a byte order mark: Excel reads a CSV without one in the legacy code page and shows
    # "Severovýchod" as mojibake; with it, Excel, LibreOffice and csv readers decoding utf-8-sig all agree.
    return out.getvalue().encode("utf-8-sig")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)
