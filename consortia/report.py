"""The dissemination report: what the project did in a period, for the "communication activities" of
the periodic report to the EU, so that nobody retypes the events and mailings by hand.

`consortia report` writes it into report/ as a spreadsheet (one sheet per kind of activity, and the
totals; Excel opens it with every character right) and as a printable page. Nothing of it is
published on the site: participants and recipients are numbers for the funder.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from consortia.addresses import issue_pdf_uri, page_uri, page_url
from consortia.catalogue import Article, Catalogue
from consortia.files import write_atomic
from consortia.records import Event
from consortia.wording import country_name, human_date, kind_label

AUDIENCES = {
    "industry": "Industry", "research": "Scientific community", "public-authorities": "Public authorities",
    "civil-society": "Civil society", "general-public": "General public", "media": "Media",
    "policy-makers": "Policy makers", "investors": "Investors",
}
"""The target audiences as the EU's reporting forms name them."""


@dataclass(frozen=True)
class Period:
    """The reporting period, both days included."""

    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def name(self) -> str:
        """dissemination-2018-09-01-2020-08-31, the files' name."""
        return f"dissemination-{self.start.isoformat()}-{self.end.isoformat()}"


@dataclass(frozen=True)
class Sheet:
    """One table of the report: a sheet of the spreadsheet, a table of the printable page."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple]


def report_sheets(catalogue: Catalogue, period: Period, site_url: str) -> list[Sheet]:
    """Every activity of the period, by kind, then the totals."""
    address = lambda record: site_url.rstrip("/") + "/" + page_url(page_uri(record))
    events = [event for event in catalogue.events if period.holds(event.start_day) and event.status != "cancelled"]
    issues = sorted((issue for issue in catalogue.issues if period.holds(issue.date)), key=lambda issue: issue.date)
    posts = sorted((post for post in catalogue.posts if period.holds(post.date)), key=lambda post: post.date)
    results = sorted((result for result in catalogue.results if period.holds(result.date)), key=lambda result: result.date)
    agreements = sorted((agreement for agreement in catalogue.agreements if period.holds(agreement.signed)),
                        key=lambda agreement: agreement.signed)
    name = lambda partner_id: catalogue.partner(partner_id).display_name
    sheets = [
        Sheet("Events", ("Date", "End date", "Title", "Type of activity", "Format", "City", "Country", "Organised by",
                         "Number of participants", "Type of audience reached", "Web page"),
              [(event.start_day, event.last_day, str(event.title), kind_label(event.kind), _format(event),
                event.location.city if event.location else "", country_name(event.location.country) if event.location else "",
                ", ".join(map(name, event.organisers)), event.participants,
                ", ".join(AUDIENCES[audience] for audience in event.audience), address(event)) for event in events]),
        Sheet("Newsletters", ("Date", "Issue", "Title", "Number of articles", "Number of recipients", "Web page", "PDF"),
              [(issue.date, issue.number, str(issue.title), len(issue.items), issue.recipients, address(issue),
                site_url.rstrip("/") + "/" + issue_pdf_uri(catalogue, issue)) for issue in issues]),
        Sheet("News", ("Date", "Title", "Partners", "Web page"),
              [(post.date, str(post.title), ", ".join(map(name, post.partners)), address(Article(None, post)))
               for post in posts]),
        Sheet("Results", ("Date", "Title", "Type of result", "Deliverable", "Work package", "DOI", "Licence", "Web page"),
              [(result.date, str(result.title), kind_label(result.kind), result.deliverable, result.work_package,
                result.doi, result.licence, address(result)) for result in results]),
        Sheet("Agreements", ("Date of signature", "Title", "Parties", "Ends", "Web page"),
              [(agreement.signed, str(agreement.title),
                ", ".join(name(party) if isinstance(party, str) else str(party.name) for party in agreement.parties),
                agreement.ends, address(agreement)) for agreement in agreements]),
        Sheet("Indicators", ("Indicator", "Target", "Achieved", "Unit", "Achieved (%)"),
              [(str(indicator.label), indicator.target, indicator.achieved, str(indicator.unit),
                round(100 * indicator.achieved / indicator.target)) for indicator in catalogue.project.indicators]),
    ]
    countries = {event.location.country for event in events if event.location}
    sheets.append(Sheet("Totals", ("Measure", "Number"), [
        ("Events held", len(events)),
        ("Participants in events", sum(event.participants or 0 for event in events)),
        ("Countries where events were held", len(countries)),
        ("Newsletter issues", len(issues)),
        ("Newsletter recipients", sum(issue.recipients or 0 for issue in issues)),
        ("News posts", len(posts)),
        ("Results published", len(results)),
        ("Agreements signed", len(agreements)),
    ]))
    return sheets


def _format(event: Event) -> str:
    if event.location is None:
        return "Online"
    return "Online and on site" if event.online else "On site"


def write_report(sheets: list[Sheet], period: Period, title: str, folder: Path) -> list[Path]:
    """The spreadsheet (.xlsx) and the printable page (.html) of the report, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    spreadsheet, page = folder / f"{period.name}.xlsx", folder / f"{period.name}.html"
    write_atomic(spreadsheet, _workbook_bytes(sheets, period))
    write_atomic(page, _page(sheets, period, title).encode("utf-8"))
    return [spreadsheet, page]


def _workbook_bytes(sheets: list[Sheet], period: Period) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        table = workbook.create_sheet(sheet.title)
        table.append(sheet.columns)
        for cell in table[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            table.append(row)
            for cell in table[table.max_row]:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        for index, column in enumerate(sheet.columns, start=1):
            widest = max([len(column), *(len(str(row[index - 1] or "")) for row in sheet.rows)])
            table.column_dimensions[get_column_letter(index)].width = min(60, widest + 2)
        table.freeze_panes = "A2"
    # The same records give the same file: the document's dates are the period's, not the time of writing.
    stamp = datetime.combine(period.end, time())
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = "Consortia"
    output = BytesIO()
    workbook.save(output)
    return _zip_dated(output.getvalue(), stamp)


def _zip_dated(data: bytes, stamp: datetime) -> bytes:
    """The .xlsx (a zip) with every member, and the document's "modified" property, dated `stamp`:
    openpyxl dates both with the time of writing."""
    written = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(written, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), content)
            dated = zipfile.ZipInfo(member.filename, date_time=stamp.timetuple()[:6])
            dated.compress_type = member.compress_type
            target.writestr(dated, content)
    return written.getvalue()


def _page(sheets: list[Sheet], period: Period, title: str) -> str:
    """A page to print or save as PDF from a browser: every table, A4 landscape."""
    heading = f"{title}: dissemination and communication activities, {human_date(period.start)} – {human_date(period.end)}"
    parts = [f"<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{html.escape(heading)}</title>",
             "<style>@page { size: A4 landscape; margin: 12mm; } body { font: 10pt/1.4 sans-serif; }"
             " table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; } th, td { border: 1px solid #999;"
             " padding: 2px 4px; text-align: left; vertical-align: top; } th { background: #eee; }"
             " h2 { break-after: avoid; }</style>\n</head>\n<body>", f"<h1>{html.escape(heading)}</h1>"]
    for sheet in sheets:
        parts.append(f"<h2>{html.escape(sheet.title)}</h2>")
        if not sheet.rows:
            parts.append("<p>None in this period.</p>")
            continue
        head = "".join(f"<th scope=\"col\">{html.escape(column)}</th>" for column in sheet.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_shown(value))}</td>" for value in row) + "</tr>" for row in sheet.rows)
        parts.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return human_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
