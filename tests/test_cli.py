"""Tests for the `consortia` command (the pipeline it calls is tested in test_pipeline.py)."""

from __future__ import annotations

import json

from consortia.cli import main

BAD_TOPIC = "- id: alpha\n  name: Alpha\n  role: coordinator\n  country: PT\n  topics: [blue]\n"


def run(capsys, root, *arguments: str):
    status = main(["--root", str(root), *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- check ---------------------------------------------------------------------------------


def test_check_reports_problems_on_stderr(sample_site, capsys):
    root = sample_site({"partners.yaml": BAD_TOPIC})
    status, out, err = run(capsys, root, "check")
    assert status == 1
    assert out == ""
    assert err.splitlines() == [
        "partners.yaml:5: partners[0].topics[0]: 'blue' is not a topic id of project.yaml (known: green)",
        "1 problem found.",
    ]
    assert "Traceback" not in err


def test_check_sorts_problems_from_several_files(sample_site, capsys):
    root = sample_site({"project.yaml": None, "events.yaml": "- id: E\n", "partners.yaml": "alpha: 1\n"})
    status, _out, err = run(capsys, root, "check")
    assert status == 1
    assert err.splitlines() == [
        "events.yaml:1: events[0].id: 'E' is not a valid id: use lowercase letters, digits and single hyphens,"
        " e.g. 'citeve' or 'kick-off-2019'",
        "events.yaml:1: events[0].location: give a location ({venue, address, city, country}) or set online: true",
        "events.yaml:1: events[0].start: required field is missing",
        "events.yaml:1: events[0].title: required field is missing",
        "partners.yaml:1: the file must hold a list of partners, each starting with '- id: …', but it holds a mapping",
        "project.yaml:1: the file is missing: every site needs a project.yaml",
        "6 problems found.",
    ]
    assert "Traceback" not in err


def test_check_on_a_good_site(sample_site, capsys):
    status, out, err = run(capsys, sample_site({}), "check")
    assert (status, out, err) == (0, "No problems in 3 records.\n", "")


def test_check_counts_agreements_and_newsletters(sample_site, capsys):
    root = sample_site({
        "agreements.yaml": "- id: mou\n  title: MoU\n  signed: 2022-05-01\n  parties: [alpha, beta]\n",
        "newsletters/2024-03.yaml": "title: March\ndate: 2024-03-01\nitems:\n  - id: a\n    title: A\n",
    })
    status, out, _err = run(capsys, root, "check")
    assert (status, out) == (0, "No problems in 5 records.\n")


def test_check_on_a_binary_file(sample_site, capsys):
    root = sample_site({"events.yaml": b"- id: e\n  title: \xff\xfe\n"})
    status, _out, err = run(capsys, root, "check")
    assert status == 1
    assert err.splitlines() == ["events.yaml:2: the file is not UTF-8 text: save it with the UTF-8 encoding", "1 problem found."]


def test_check_survives_a_self_referencing_alias(sample_site, capsys):
    root = sample_site({"partners.yaml": "- &p {id: alpha, twin: *p}\n"})
    status, _out, err = run(capsys, root, "check")
    assert status == 1
    assert err.startswith("partners.yaml:1: ")
    assert "Traceback" not in err and "RecursionError" not in err


def test_check_survives_a_control_character(sample_site, capsys):
    root = sample_site({"partners.yaml": b"- id: alpha\n  name: Al\x1bpha\n  role: coordinator\n  country: PT\n"})
    status, _out, err = run(capsys, root, "check")
    assert status == 1
    assert err.startswith("partners.yaml:2: ")
    assert "Traceback" not in err and "ReaderError" not in err


def test_build_stops_before_mkdocs_when_the_records_have_problems(sample_site, capsys):
    root = sample_site({"partners.yaml": BAD_TOPIC})
    status, _out, err = run(capsys, root, "build")
    assert status == 1
    assert err.endswith("1 problem found.\n")
    assert not (root / "site").exists()


# --- schemas ---------------------------------------------------------------------------------


def test_schemas_writes_a_file_for_each_kind_of_record_file(sample_site, capsys):
    root = sample_site({})
    status, out, _err = run(capsys, root, "schemas")
    names = ["project", "partners", "events", "agreements", "newsletter", "news", "results"]
    assert status == 0
    assert out.splitlines() == [f"wrote schemas/{name}.schema.json" for name in names]
    assert sorted(path.name for path in (root / "schemas").iterdir()) == sorted(f"{name}.schema.json" for name in names)
    newsletter = json.loads((root / "schemas" / "newsletter.schema.json").read_text(encoding="utf-8"))
    assert "id" not in newsletter["properties"]


def test_list_shows_the_records_at_a_glance(sample_site, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")  # 1 January 2022: the kick-off is still to come
    root = sample_site({})
    assert main(["--root", str(root), "list"]) == 0
    shown = capsys.readouterr().out
    assert "DEMO: Demo Partnership" in shown
    assert "  alpha                Alpha Cluster (PT, Other)" in shown
    assert "Upcoming events (1; 0 past)" in shown
    assert "  2022-02-01  kick-off                     Kick-off meeting" in shown


def test_list_with_bad_records_prints_the_problems(sample_site, capsys):
    root = sample_site({"partners.yaml": "- id: alpha\n  name: Alpha\n  country: XX\n"})
    assert main(["--root", str(root), "list"]) == 1
    assert "partners.yaml:3: partners[0].country: 'XX' is not a two-letter country code" in capsys.readouterr().err
