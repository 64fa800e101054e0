"""Tests for consortia.report: the dissemination report of the example's whole duration, read back
as the coordinator's spreadsheet program would, against the records."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, consortia, example_yaml, write_site

NAME = "dissemination-2018-09-01-2020-08-31"


def rows(workbook, sheet: str) -> list[dict]:
    header, *values = workbook[sheet].iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in values]


def day(value: datetime | date | str) -> date:
    """A day as the spreadsheet gives it (a date-time at midnight) or as YAML does (a date, or a quoted date-time)."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    # The example's records and settings, without its site: the report needs nothing else.
    for name in ("project.yaml", "partners.yaml", "events.yaml", "agreements.yaml", "news.yaml", "results.yaml", "mkdocs.yml"):
        (root / name).write_bytes((REPO / name).read_bytes())
    (root / "newsletters").mkdir()
    (root / "newsletters" / "2020-06.yaml").write_bytes((REPO / "newsletters" / "2020-06.yaml").read_bytes())
    (root / "content").symlink_to(REPO / "content")
    result = consortia(root, "report")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"wrote report/{NAME}.xlsx", f"wrote report/{NAME}.html"]
    return root / "report"


def test_every_event_held_in_the_period_is_reported(example_report):
    workbook = openpyxl.load_workbook(example_report / f"{NAME}.xlsx")
    events = [event for event in example_yaml("events.yaml")
              if event.get("status") != "cancelled" and date(2018, 9, 1) <= day(event["start"]) <= date(2020, 8, 31)]
    reported = rows(workbook, "Events")
    assert [row["Title"] for row in reported] == [event["title"] for event in sorted(events, key=lambda event: str(event["start"]))]
    boras = next(row for row in reported if row["Title"].startswith("Interregional matchmaking"))
    assert (boras["Number of participants"], boras["Type of audience reached"]) == (85, "Industry, Scientific community, Investors")
    assert boras["Format"] == "On site" and boras["Country"] == "Sweden" and day(boras["Date"]) == date(2019, 10, 15)
    webinar = next(row for row in reported if "webinar" in row["Title"].lower())
    assert webinar["Format"] == "Online" and webinar["Web page"] == "https://www.tex4im.eu/events/webinar-circular-textiles/"


def test_issues_posts_and_totals_match_the_records(example_report):
    workbook = openpyxl.load_workbook(example_report / f"{NAME}.xlsx")
    (issue,) = rows(workbook, "Newsletters")
    assert (issue["Title"], issue["Number of articles"], issue["Number of recipients"]) == ("TEX4IM Newsletter — June 2020", 5, 1500)
    assert issue["PDF"].endswith("/newsletters/2020-06/tex4im-newsletter-2020-06.pdf")
    assert [row["Title"] for row in rows(workbook, "News")] == [post["title"] for post in sorted(example_yaml("news.yaml"), key=lambda post: post["date"])]
    events = [event for event in example_yaml("events.yaml")
              if event.get("status") != "cancelled" and day(event["start"]) <= date(2020, 8, 31)]
    totals = {row["Measure"]: row["Number"] for row in rows(workbook, "Totals")}
    assert totals == {
        "Events held": len(events),
        "Participants in events": sum(event.get("participants", 0) for event in events),
        "Countries where events were held": len({event["location"]["country"] for event in events if event.get("location")}),
        "Newsletter issues": 1,
        "Newsletter recipients": 1500,
        "News posts": 3,
        "Results published": 2,
        "Agreements signed": 0,  # Textranet was signed in 2021, after the project
    }
    indicators = {row["Indicator"]: row["Achieved (%)"] for row in rows(workbook, "Indicators")}
    assert indicators["Investment project proposals prepared"] == 75


def test_every_result_of_the_period_is_reported(example_report):
    workbook = openpyxl.load_workbook(example_report / f"{NAME}.xlsx")
    reported = rows(workbook, "Results")
    assert [row["Deliverable"] for row in reported] == ["D2.2", "D3.1"]
    assert reported[1]["DOI"] == "10.5281/zenodo.3900000" and reported[1]["Type of result"] == "Deliverable"


def test_the_printable_page_holds_the_same_tables(example_report):
    page = BeautifulSoup((example_report / f"{NAME}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "en" and "1 September 2018 – 31 August 2020" in page.h1.get_text()
    assert [heading.get_text() for heading in page.find_all("h2")] == ["Events", "Newsletters", "News", "Results", "Agreements", "Indicators", "Totals"]
    assert "None in this period." in page.get_text()  # no agreement


def test_a_period_chooses_the_activities(sample_site):
    root = write_site(sample_site(), {"events.yaml": "- id: a\n  title: First\n  start: 2022-02-01\n  online: true\n  participants: 10\n"
                                                     "- id: b\n  title: Second\n  start: 2023-03-01\n  online: true\n  participants: 7\n"})
    result = consortia(root, "report", "--from", "2023-01-01", "--to", "2023-12-31")
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(root / "report" / "dissemination-2023-01-01-2023-12-31.xlsx")
    assert [row["Title"] for row in rows(workbook, "Events")] == ["Second"]
    assert {row["Measure"]: row["Number"] for row in rows(workbook, "Totals")}["Participants in events"] == 7


def test_a_wrong_period_is_one_line(sample_site):
    root = sample_site()
    wrong_day = consortia(root, "report", "--from", "1 March 2023")
    assert wrong_day.returncode == 2 and "'1 March 2023' is not a date: write it as YYYY-MM-DD" in wrong_day.stderr
    backwards = consortia(root, "report", "--from", "2023-03-01", "--to", "2023-01-01")
    assert backwards.returncode == 2
    assert backwards.stderr.strip() == "--to 2023-01-01 is before --from 2023-03-01: give the first day of the period first"


def test_the_same_records_give_the_same_report(example_report):
    first = {path.name: path.read_bytes() for path in example_report.iterdir()}
    assert consortia(example_report.parent, "report", day="1796169600").returncode == 0  # another day, years later
    assert {path.name: path.read_bytes() for path in example_report.iterdir()} == first
