"""Tests for consortia.load: file shapes, missing files, newsletters and record origins."""

from __future__ import annotations

from conftest import PARTNERS_YAML, problems_of

from consortia.load import load_site

NEWSLETTER = """\
title: March news
date: 2024-03-01
items:
  - id: hello
    title: Hello
"""


def test_the_sample_site_loads(sample_site):
    site, problems = load_site(sample_site({}))
    assert problems == []
    assert [partner.id for partner in site.partners] == ["alpha", "beta"]
    assert [event.id for event in site.events] == ["kick-off"]
    assert (site.project.acronym, site.agreements, site.newsletters) == ("DEMO", (), ())


def test_records_remember_where_they_were_written(sample_site):
    site, _ = load_site(sample_site({}))
    beta = site.partners[1]
    assert (beta.origin.path, beta.origin.line, beta.origin.label) == ("partners.yaml", 5, "partners[1]")
    assert beta.origin.line_of((1, "country")) == 7


def test_a_list_read_again_keeps_the_records_an_edit_left_alone_placed_where_they_now_are(sample_site):
    """The preview reads a list file again after each edit: a record whose data is the same is the
    same object, its lines those of the new file; the edited record is read afresh."""
    root = sample_site({})
    alpha, beta = load_site(root)[0].partners
    edited = "# Our partners\n" + (root / "partners.yaml").read_text(encoding="utf-8").replace("Alpha Cluster", "Alpha Network")
    (root / "partners.yaml").write_text(edited, encoding="utf-8")
    again = load_site(root)[0].partners
    assert again[1] is beta and again[0] is not alpha
    assert (again[0].name, beta.origin.line, beta.origin.line_of((1, "country"))) == ("Alpha Network", 6, 8)


def test_a_value_equal_in_python_but_written_otherwise_is_read_afresh(sample_site):
    """1 and 1.0 are equal numbers, but different names: the record must not be kept."""
    root = sample_site({"partners.yaml": PARTNERS_YAML.replace("Beta Association", "1")})
    assert load_site(root)[0].partners[1].name == "1"
    (root / "partners.yaml").write_text(PARTNERS_YAML.replace("Beta Association", "1.0"), encoding="utf-8")
    assert load_site(root)[0].partners[1].name == "1.0"


def test_project_yaml_missing(sample_site):
    root = sample_site({"project.yaml": None})
    assert problems_of(root) == ["project.yaml:1: the file is missing: every site needs a project.yaml"]


def test_project_yaml_empty(sample_site):
    root = sample_site({"project.yaml": ""})
    assert problems_of(root) == [
        "project.yaml:1: the file must hold a mapping of fields (acronym: …, title: …), but it holds nothing"
    ]


def test_partners_yaml_holding_a_mapping(sample_site):
    root = sample_site({"partners.yaml": "alpha:\n  name: Alpha\n"})
    assert problems_of(root) == [
        "partners.yaml:1: the file must hold a list of partners, each starting with '- id: …', but it holds a mapping"
    ]


def test_list_entry_that_is_not_a_mapping(sample_site):
    root = sample_site({"events.yaml": "- kick-off\n"})
    assert problems_of(root) == ["events.yaml:1: events[0]: expected a mapping of fields (name: value), got the text 'kick-off'"]


def test_optional_list_files_may_be_absent_or_empty(sample_site):
    root = sample_site({"events.yaml": None, "agreements.yaml": "# none yet\n"})
    site, problems = load_site(root)
    assert problems == []
    assert (site.events, site.agreements) == ((), ())


def test_problems_from_several_files_are_all_reported(sample_site):
    root = sample_site({"partners.yaml": "alpha: 1\n", "events.yaml": "- a: 1\n  b: [\n"})
    assert problems_of(root) == [
        "events.yaml:3: a list in [ ] or a mapping in { } opens on this line but is not closed: end it with ] or }",
        "partners.yaml:1: the file must hold a list of partners, each starting with '- id: …', but it holds a mapping",
    ]


# --- newsletters -------------------------------------------------------------------------------


def test_newsletter_loads_with_its_file_name_as_id(sample_site):
    site, problems = load_site(sample_site({"newsletters/2024-03.yaml": NEWSLETTER}))
    assert problems == []
    (issue,) = site.newsletters
    assert (issue.id, issue.title, [item.id for item in issue.items]) == ("2024-03", "March news", ["hello"])
    assert issue.origin.path == "newsletters/2024-03.yaml"


def test_newsletter_file_name_not_a_slug(sample_site):
    root = sample_site({"newsletters/March 2024.yaml": NEWSLETTER})
    assert problems_of(root) == [
        "newsletters/March 2024.yaml:1: the file name 'March 2024' is not a valid issue id: rename it like 2024-03.yaml"
    ]


def test_newsletter_with_an_id_field(sample_site):
    root = sample_site({"newsletters/2024-03.yaml": "title: March news\nid: march\ndate: 2024-03-01\n"})
    assert problems_of(root) == [
        "newsletters/2024-03.yaml:2: issue.id: unknown field 'id': the issue id is the file name, remove this line"
    ]


def test_newsletter_with_empty_items(sample_site):
    root = sample_site({"newsletters/2024-03.yaml": "title: March news\ndate: 2024-03-01\nitems: []\n"})
    assert problems_of(root) == ["newsletters/2024-03.yaml:3: issue.items: the list is empty: give at least one entry"]


def test_newsletter_that_is_a_list(sample_site):
    root = sample_site({"newsletters/2024-03.yaml": "- title: March news\n"})
    assert problems_of(root) == [
        "newsletters/2024-03.yaml:1: the file must hold a mapping of fields (title: …, date: …, items: …), but it holds a list"
    ]


def test_newsletter_item_problem_has_the_item_line(sample_site):
    root = sample_site({"newsletters/2024-03.yaml": NEWSLETTER + "  - id: second\n    titel: Second\n"})
    assert problems_of(root) == [
        "newsletters/2024-03.yaml:6: issue.items[1].title: required field is missing",
        "newsletters/2024-03.yaml:7: issue.items[1].titel: unknown field 'titel' (did you mean 'title'?)",
    ]


def test_newsletter_unknown_field_hint_does_not_offer_id(sample_site):
    root = sample_site({"newsletters/2024-03.yaml": "title: March news\ndate: 2024-03-01\nfavourite: 1\nitems:\n  - id: a\n    title: A\n"})
    assert problems_of(root) == [
        "newsletters/2024-03.yaml:3: issue.favourite: unknown field 'favourite'"
        " (known fields: title, date, number, editorial, cover_image, cover_image_alt, draft, recipients, items)"
    ]
