"""Tests for consortia.pipeline: the stages every front end calls, from a project folder to generated pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import BILINGUAL_PROJECT_YAML, EVENTS_YAML, PROJECT_YAML

from consortia import render
from consortia.load import load_site
from consortia.pages import PageKind
from consortia.pipeline import (
    CLASH,
    GeneratedSite,
    ProjectFolder,
    build_day,
    clash_problems,
    generate,
    pages_beside,
    site_url_problems,
    validate,
)
from consortia.problems import Problem, SiteProblems
from consortia.reads import KeptPages

SITE_URL = "https://www.example.eu/"
TODAY = date(2022, 6, 1)
NO_SITE_URL = "site_url is missing: feeds and calendars need the site's address, e.g. site_url: https://www.example.eu/"


# --- the project folder ------------------------------------------------------------------------------


def test_the_usual_folder_layout(tmp_path):
    folder = ProjectFolder.at(tmp_path / "site" / ".." / "project")
    root = (tmp_path / "project").resolve()
    assert (folder.root, folder.content_dir, folder.cache_dir) == (root, root / "content", root / ".cache" / "consortia")


def test_shown_names_a_hand_written_page_by_its_docs_folder(tmp_path):
    assert ProjectFolder.at(tmp_path).shown("partners/about.md") == "content/partners/about.md"
    assert ProjectFolder.at(tmp_path, tmp_path / "docs").shown("about.md") == "docs/about.md"


# --- the build day and the site's address ----------------------------------------------------------------


def test_build_day_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_day() == date(2023, 11, 14)


@pytest.mark.parametrize("value", [None, "", "yesterday"])
def test_build_day_is_today_without_a_usable_epoch(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert build_day() == date.today()


@pytest.mark.parametrize("site_url", [None, ""])
def test_a_missing_site_url_is_a_problem_of_mkdocs_yml(site_url):
    assert site_url_problems(site_url) == [Problem("mkdocs.yml", 1, "site_url", NO_SITE_URL)]


def test_a_site_url_is_enough():
    assert site_url_problems(SITE_URL) == []


# --- validating -------------------------------------------------------------------------------------------


def test_validate_stops_after_loading_when_the_records_cannot_be_read(sample_site):
    site, media, problems = validate(ProjectFolder.at(sample_site({"project.yaml": None})))
    assert (site, media) == (None, None)
    assert [str(problem) for problem in problems] == ["project.yaml:1: the file is missing: every site needs a project.yaml"]


def test_validate_gives_the_site_but_no_media_when_records_disagree(sample_site):
    root = sample_site({"events.yaml": "- id: e\n  title: E\n  start: 2022-02-01\n  online: true\n  organisers: [delta]\n"})
    site, media, problems = validate(ProjectFolder.at(root))
    assert site is not None and media is None
    assert [problem.location for problem in problems] == ["events[0].organisers[0]"]


def test_generate_raises_sorted_problems(sample_site):
    # check_site finds these in the order project.yaml, partners.yaml, events.yaml.
    root = sample_site({
        "project.yaml": PROJECT_YAML.replace("coordinator: alpha", "coordinator: gamma"),
        "events.yaml": "- id: e\n  title: E\n  start: 2022-02-01\n  online: true\n  organisers: [delta]\n",
    })
    with pytest.raises(SiteProblems) as raised:
        generate(ProjectFolder.at(root), date(2024, 1, 1), SITE_URL)
    problems = raised.value.problems
    assert [str(problem) for problem in problems] == [
        "events.yaml:5: events[0].organisers[0]: 'delta' is not a partner id of partners.yaml (known: alpha, beta)",
        "partners.yaml:3: partners[0].role: role is coordinator, but project.yaml names 'gamma' as coordinator: use role: partner",
        "project.yaml:6: project.coordinator: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)",
    ]
    assert raised.value.report().endswith("\n3 problems found; the site was not built.")


def test_generate_adds_the_missing_site_url_to_the_records_problems(sample_site):
    root = sample_site({"partners.yaml": "- id: alpha\n  name: Alpha\n  role: coordinator\n  country: XX\n"})
    with pytest.raises(SiteProblems) as raised:
        generate(ProjectFolder.at(root), TODAY, None)
    assert [problem.path for problem in raised.value.problems] == ["mkdocs.yml", "partners.yaml"]


# --- generated pages beside hand-written ones -----------------------------------------------------------

KINDS = [
    ("index.md", PageKind.SECTION),
    ("partners/index.md", PageKind.SECTION),
    ("legal.md", PageKind.DEFAULT),
    ("privacy.md", PageKind.DEFAULT),
    ("partners/alpha.md", PageKind.RECORD),
]


def test_without_hand_written_pages_every_generated_page_is_kept_in_order():
    assert pages_beside(KINDS, lambda uri: None) == ([uri for uri, _kind in KINDS], [])


def test_a_hand_written_page_replaces_a_default_page():
    kept, clashes = pages_beside(KINDS, {"privacy.md": "content/privacy.md"}.get)
    assert kept == ["index.md", "partners/index.md", "legal.md", "partners/alpha.md"]
    assert clashes == []


def test_a_hand_written_page_at_a_section_or_record_address_is_a_clash():
    hand_written = {"partners/index.md": "content/partners.md", "partners/alpha.md": "content/partners/alpha/index.md"}
    kept, clashes = pages_beside(KINDS, hand_written.get)
    assert kept == ["index.md", "legal.md", "privacy.md"]
    assert clashes == ["content/partners.md", "content/partners/alpha/index.md"]


def test_one_file_in_the_way_of_two_pages_is_named_once():
    kinds = [("events.md", PageKind.SECTION), ("events/index.md", PageKind.SECTION)]
    assert pages_beside(kinds, lambda uri: "content/events.md") == ([], ["content/events.md"])


def generated(sample_site, files: dict | None = None) -> GeneratedSite:
    root = sample_site(files)
    return generate(ProjectFolder.at(root), TODAY, SITE_URL)


def test_only_section_pages_are_in_the_menu(sample_site):
    site = generated(sample_site)
    assert [uri for uri in site.pages if site.in_menu(uri)] == [
        "index.md", "partners/index.md", "events/index.md", "agreements/index.md", "newsletters/index.md",
        "topics/index.md", "results/index.md", "subscribe.md", "news/index.md",
    ]
    assert not site.in_menu("partners/alpha.md") and not site.in_menu("privacy.md")


def test_the_footer_links_the_default_pages(sample_site):
    assert generated(sample_site).footer_links == [
        ("legal/", "Legal notice"), ("privacy/", "Privacy"), ("accessibility/", "Accessibility"),
    ]


def test_the_generated_site_gives_the_markdown_of_the_pages_it_keeps(sample_site):
    site = generated(sample_site)
    pages, clashes = site.pages_beside({"privacy.md": "content/privacy.md", "events/kick-off.md": "content/kick-off.md"}.get)
    assert clashes == ["content/kick-off.md"]
    assert "privacy.md" not in pages and "events/kick-off.md" not in pages
    assert pages["partners/alpha.md"] == site.pages["partners/alpha.md"]
    assert list(pages) == [uri for uri in site.pages if uri not in ("privacy.md", "events/kick-off.md")]


# --- clashes found without rendering ---------------------------------------------------------------------


def clashes_in(root: Path) -> list[Problem]:
    site, problems = load_site(root)
    assert problems == []
    return clash_problems(site, ProjectFolder.at(root), TODAY)


def test_clash_problems_find_a_hand_written_record_page(sample_site):
    root = sample_site({"content/partners/alpha.md": "# Mine\n", "content/about.md": "# About\n"})
    assert clashes_in(root) == [Problem("content/partners/alpha.md", 0, "", CLASH)]


def test_clash_problems_find_pages_at_the_same_address_in_another_shape(sample_site):
    root = sample_site({"content/events.md": "# Events\n", "content/partners/beta/index.md": "# Beta\n"})
    assert [str(problem) for problem in clashes_in(root)] == [
        f"content/events.md: {CLASH}", f"content/partners/beta/index.md: {CLASH}",
    ]


def test_a_hand_written_default_page_is_no_clash(sample_site):
    root = sample_site({"content/privacy.md": "# Privacy\n", "content/legal/index.md": "# Legal\n"})
    assert clashes_in(root) == []


def test_a_further_language_starts_from_what_was_checked(sample_site):
    """Each further language of a build uses the records the main build checked, without reading them again."""
    root = sample_site({"project.yaml": BILINGUAL_PROJECT_YAML})
    english = generate(ProjectFolder.at(root), TODAY, SITE_URL)
    (root / "partners.yaml").write_text("- broken: [\n", encoding="utf-8")  # would be refused if read again
    italian = generate(ProjectFolder.at(root), TODAY, SITE_URL, language="it", checked=english.checked)
    assert italian.checked is english.checked and italian.language == "it"
    assert italian.catalogue.partner("alpha").name == "Alpha Cluster"


# --- rendering again only what an edit changed ---------------------------------------------------------

MANY_PARTNERS = "".join(
    f"- id: p{number}\n  name: Partner {number}\n  country: {'PT' if number % 2 else 'CZ'}\n" + ("  role: coordinator\n" if number == 0 else "")
    for number in range(41)
)
PARTNER_PAGES = {f"partners/p{number}.md" for number in range(41)}


def a_fresh_process(monkeypatch) -> None:
    """Nothing kept from an earlier build, as in a new process."""
    monkeypatch.setattr(render, "KEPT_PAGES", KeptPages())


def test_a_build_with_nothing_changed_renders_no_page_again(sample_site, monkeypatch):
    a_fresh_process(monkeypatch)
    root = sample_site({"project.yaml": PROJECT_YAML.replace("coordinator: alpha", "coordinator: p0"),
                        "partners.yaml": MANY_PARTNERS, "events.yaml": EVENTS_YAML.replace("[alpha]", "[p7]")})
    first = generate(ProjectFolder.at(root), TODAY, SITE_URL)
    assert first.rendered == set(first.pages)
    again = generate(ProjectFolder.at(root), TODAY, SITE_URL)
    assert again.rendered == frozenset()
    assert again.pages == first.pages


def test_a_renamed_partner_renders_its_page_and_the_pages_listing_it_not_the_40_others(sample_site, monkeypatch):
    a_fresh_process(monkeypatch)
    root = sample_site({"project.yaml": PROJECT_YAML.replace("coordinator: alpha", "coordinator: p0"),
                        "partners.yaml": MANY_PARTNERS, "events.yaml": EVENTS_YAML.replace("[alpha]", "[p7]")})
    before = generate(ProjectFolder.at(root), TODAY, SITE_URL)
    (root / "partners.yaml").write_text(MANY_PARTNERS.replace("name: Partner 7\n", "name: Seventh Partner\n"), encoding="utf-8")
    after = generate(ProjectFolder.at(root), TODAY, SITE_URL)
    changed = {uri for uri, markdown in after.pages.items() if before.pages[uri] != markdown}
    assert {"partners/p7.md", "partners/index.md", "events/kick-off.md"} <= changed
    assert changed <= after.rendered
    assert after.rendered & PARTNER_PAGES == {"partners/p7.md"}
    assert after.rendered - changed <= {"index.md", "legal.md"}  # they count the partners, who stay 41
    a_fresh_process(monkeypatch)
    assert generate(ProjectFolder.at(root), TODAY, SITE_URL).pages == after.pages  # as a fresh build renders them


def test_a_deleted_partner_has_no_page_and_the_lists_are_rendered_without_it(sample_site, monkeypatch):
    a_fresh_process(monkeypatch)
    root = sample_site({"project.yaml": PROJECT_YAML.replace("coordinator: alpha", "coordinator: p0"),
                        "partners.yaml": MANY_PARTNERS, "events.yaml": EVENTS_YAML.replace("[alpha]", "[p7]")})
    generate(ProjectFolder.at(root), TODAY, SITE_URL)
    (root / "partners.yaml").write_text(MANY_PARTNERS.replace("- id: p9\n  name: Partner 9\n  country: PT\n", ""), encoding="utf-8")
    after = generate(ProjectFolder.at(root), TODAY, SITE_URL)
    assert "partners/p9.md" not in after.pages
    assert "Partner 9" not in after.pages["partners/index.md"]
    assert after.rendered & PARTNER_PAGES == set()
