"""Tests for consortia.problems: one line per problem, `path:line: location: message`, in file order."""

from __future__ import annotations

from pathlib import Path

from consortia.load import load_site
from consortia.problems import Problem, SiteProblems, format_location, nearest_line, problem_at
from consortia.records import Site

ISSUE = "title: March news\ndate: 2024-03-01\nitems:\n  - id: hello\n    title: Hello\n    summary: Hi\n"


def site_of(root: Path) -> Site:
    site, problems = load_site(root)
    assert problems == []
    return site


# --- one line each ---------------------------------------------------------------------------------


def test_a_problem_names_file_line_location_and_message():
    assert str(Problem("events.yaml", 3, "events[0].start", "not a date")) == "events.yaml:3: events[0].start: not a date"


def test_a_problem_of_the_file_as_a_whole_has_no_location():
    assert str(Problem("partners.yaml", 1, "", "the file is empty")) == "partners.yaml:1: the file is empty"


def test_a_problem_without_a_line_has_none_in_its_text():
    assert str(Problem("content/partners/index.md", 0, "", "in the way")) == "content/partners/index.md: in the way"


def test_problems_sort_by_file_then_line_then_location():
    problems = [
        Problem("partners.yaml", 10, "partners[2].name", "b"),
        Problem("events.yaml", 12, "events[1].title", "c"),
        Problem("partners.yaml", 2, "partners[0].role", "d"),
        Problem("partners.yaml", 10, "partners[2].country", "a"),
        Problem("events.yaml", 3, "events[0].start", "e"),
    ]
    assert [f"{problem.path}:{problem.line}:{problem.location}" for problem in sorted(problems)] == [
        "events.yaml:3:events[0].start",
        "events.yaml:12:events[1].title",
        "partners.yaml:2:partners[0].role",
        "partners.yaml:10:partners[2].country",
        "partners.yaml:10:partners[2].name",
    ]


# --- the report ----------------------------------------------------------------------------------------


def test_the_report_of_one_problem_counts_one_problem():
    report = SiteProblems([Problem("events.yaml", 3, "events[0].start", "not a date")]).report()
    assert report == "events.yaml:3: events[0].start: not a date\n1 problem found; the site was not built."


def test_the_report_of_several_problems_lists_each_and_counts_them():
    problems = [Problem("a.yaml", 1, "", "one"), Problem("b.yaml", 2, "x", "two")]
    raised = SiteProblems(problems)
    assert raised.problems == problems
    assert str(raised) == "a.yaml:1: one\nb.yaml:2: x: two"
    assert raised.report() == "a.yaml:1: one\nb.yaml:2: x: two\n2 problems found; the site was not built."


# --- locations and lines -------------------------------------------------------------------------------


def test_format_location_writes_fields_with_dots_and_indexes_in_brackets():
    assert format_location(("agenda", 2, "time")) == ".agenda[2].time"
    assert format_location((0, "name")) == "[0].name"
    assert format_location(()) == ""


def test_nearest_line_falls_back_to_the_parent_then_to_the_first_line():
    lines = {(): 1, (0,): 2, (0, "agenda"): 7, (0, "agenda", 1): 9}
    assert nearest_line(lines, (0, "agenda", 1)) == 9
    assert nearest_line(lines, (0, "agenda", 1, "time")) == 9
    assert nearest_line(lines, (0, "title")) == 2
    assert nearest_line({}, (0, "title")) == 1


def test_problem_at_uses_the_line_where_the_field_is_written(sample_site):
    beta = site_of(sample_site()).partners[1]
    assert problem_at(beta, ("country",), "wrong") == Problem("partners.yaml", 7, "partners[1].country", "wrong")


def test_problem_at_a_field_not_written_uses_the_records_line(sample_site):
    beta = site_of(sample_site()).partners[1]
    assert problem_at(beta, ("website",), "missing") == Problem("partners.yaml", 5, "partners[1].website", "missing")


def test_problem_at_inside_a_newsletter_item(sample_site):
    (issue,) = site_of(sample_site({"newsletters/2024-03.yaml": ISSUE})).newsletters
    problem = problem_at(issue, ("items", 0, "summary"), "too short")
    assert str(problem) == "newsletters/2024-03.yaml:6: issue.items[0].summary: too short"


def test_problem_at_the_project(sample_site):
    project = site_of(sample_site()).project
    assert str(problem_at(project, ("coordinator",), "unknown")) == "project.yaml:6: project.coordinator: unknown"
