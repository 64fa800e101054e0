"""Legal notice, privacy notice and accessibility statement: generated from project.yaml, replaced by
a hand-written page at the same address, linked from every page's footer; the EU funding statement."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import PROJECT_YAML, problems_of
from test_build import consortia, copy_kit, example_site, page  # noqa: F401 (example_site is a fixture)

from consortia.pages import PageKind
from consortia.pipeline import GeneratedSite, ProjectFolder, generate

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://www.example.eu/"
LEGAL_URLS = ("legal/", "privacy/", "accessibility/")


@pytest.fixture(scope="module")
def example() -> GeneratedSite:
    return generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), date(2019, 11, 1), SITE_URL)


def pages_of(root: Path, today: date = date(2022, 6, 1)) -> dict[str, str]:
    return generate(ProjectFolder(root, root / "content"), today, SITE_URL).pages


# --- the pages ---------------------------------------------------------------------------------


def test_legal_notice_names_publisher_funding_and_disclaimer(example):
    project = example.site.project
    notice = example.pages["legal.md"]
    assert "This website is published by **TEX4IM** (Textile Clusters for Industrial Modernisation)" in notice
    assert "[OTIR2020 – Tuscany Fashion Cluster](partners/otir2020.md), Italy." in notice
    assert "<dt>Post</dt>\n<dd>Città Studi Biella, Corso G. Pella 2/B, 13900 Biella, Italy</dd>" in notice
    assert '<a href="mailto:polo.tessile@cittastudi.org">polo.tessile@cittastudi.org</a>' in notice
    assert '<img src="../assets/consortia/eu-emblem.svg" alt="" width="90" height="60">' in notice
    assert f"**{project.funding_statement}**" in notice
    assert f"## Disclaimer\n\n{project.disclaimer}\n" in notice
    assert "<dt>Grant agreement</dt>\n<dd>822381</dd>" in notice
    assert "## Copyright and reuse" in notice and "## Links to other websites" in notice
    assert '<a href="../privacy/">privacy notice</a>' in notice


def test_privacy_notice_says_nothing_is_collected_and_whom_to_ask(example):
    privacy = example.pages["privacy.md"]
    assert "**No cookies.**" in privacy and "**No trackers and no analytics.**" in privacy
    assert "**Search stays in your browser.**" in privacy
    assert "your IP address, the date and time, the page you asked for, and the name and version of your browser" in privacy
    assert "[Subscribe](subscribe.md) page are plain files" in privacy
    assert "Just write to [polo.tessile@cittastudi.org](mailto:polo.tessile@cittastudi.org)." in privacy
    assert "(access)" in privacy and "(erasure)" in privacy and "data protection authority" in privacy


def test_accessibility_statement_follows_the_eu_model(example):
    statement = example.pages["accessibility.md"]
    headings = [line for line in statement.splitlines() if line.startswith("## ")]
    assert headings == ["## Compliance status", "## Content that is not accessible", "## Preparation of this statement",
                        "## Feedback and contact information", "## Enforcement procedure"]
    assert "This website is **partially compliant** with the Web Content Accessibility Guidelines" in statement
    assert "EN 301 549" in statement and "(EU) 2018/1523" in statement
    assert "- Some partner logos contain a slogan in small print that their text description does not repeat.\n" in statement
    assert "last reviewed on **30 June 2020**" in statement
    assert "Write to [polo.tessile@cittastudi.org](mailto:polo.tessile@cittastudi.org)," in statement
    assert "it is the one in Italy, where the project is coordinated" in statement


def test_accessibility_statement_without_an_accessibility_block(sample_site):
    statement = pages_of(sample_site())["accessibility.md"]
    assert "**partially compliant**" in statement
    assert "Texts and pictures are written by the partners. We check them" in statement
    assert "signed cooperation agreements" not in statement  # no agreement PDF is published
    assert "has **not yet been reviewed**" in statement
    assert 'Write to us using the details in our <a href="../legal/">legal notice</a>,' in statement  # no e-mail anywhere
    assert "the one in Portugal" in statement


def test_accessibility_block_sets_status_contact_and_enforcement_body(sample_site):
    root = sample_site({
        "project.yaml": PROJECT_YAML + (
            "contact: {email: info@demo.eu}\n"
            "accessibility:\n"
            "  status: fully compliant\n"
            "  reviewed: 2023-05-02\n"
            "  contact: access@demo.eu\n"
            "  enforcement: {name: Accessibility Board, url: 'https://board.example.pt'}\n"
        ),
        "agreements.yaml": "- id: pact\n  title: Pact\n  signed: 2022-03-01\n  parties: [alpha, beta]\n",
    })
    statement = pages_of(root)["accessibility.md"]
    assert "This website is **fully compliant** with" in statement
    assert "We know of no content on this site that is not accessible." in statement
    assert "last reviewed on **2 May 2023**" in statement
    assert "Write to [access@demo.eu](mailto:access@demo.eu)," in statement
    assert "contact [Accessibility Board](https://board.example.pt), the body that enforces" in statement


def test_default_limitations_mention_published_agreement_pdfs(sample_site):
    root = sample_site({
        "agreements.yaml": "- id: pact\n  title: Pact\n  signed: 2022-03-01\n  parties: [alpha]\n  document: pact.pdf\n",
        "content/pact.pdf": b"%PDF-1.4\n",
    })
    assert "such as the signed cooperation agreements" in pages_of(root)["accessibility.md"]


def test_unknown_accessibility_status(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML + "accessibility:\n  status: compliant\n"})
    assert problems_of(root) == [
        "project.yaml:13: project.accessibility.status: 'compliant' is not one of: 'fully compliant',"
        " 'partially compliant' or 'not compliant'"
    ]


# --- hand-written pages win over the default pages, never over record pages ----------------------


def test_a_hand_written_page_replaces_a_default_page_but_clashes_with_a_record_page(example):
    hand_written = {"privacy.md": "content/privacy/index.md", "partners/citeve.md": "content/partners/citeve.md"}
    pages, clashes = example.pages_beside(hand_written.get)
    assert "privacy.md" not in pages and "legal.md" in pages and "accessibility.md" in pages
    assert clashes == ["content/partners/citeve.md"]
    assert [uri for uri, kind in example.kinds.items() if kind is PageKind.DEFAULT] == ["legal.md", "privacy.md", "accessibility.md"]
    assert example.footer_links == [("legal/", "Legal notice"), ("privacy/", "Privacy"), ("accessibility/", "Accessibility")]


def test_a_hand_written_privacy_notice_replaces_the_generated_one_in_a_build(sample_site):
    root = copy_kit(sample_site({"content/privacy.md": "# Our privacy notice\n\nWe keep no logs at all.\n"}))
    result = consortia(root, "build")
    assert result.returncode == 0, result.stderr
    privacy = page(root / "site", "privacy")
    assert privacy.find("h1").get_text() == "Our privacy notice"
    assert "We keep no logs at all." in privacy.get_text()
    assert page(root / "site", "legal").find("h1").get_text() == "Legal notice"  # the others are still generated
    assert "Privacy" not in [link.get_text(strip=True) for link in privacy.select(".md-tabs__link")]


# --- footer --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "partners/citeve", "newsletters/2020-06/boras-matchmaking-recap", "accessibility"])
def test_every_footer_links_the_three_pages(example_site, url):
    here = page(example_site, url)
    links = here.select("footer nav.cs-footer__legal a[href]")
    assert [link.get_text() for link in links] == ["Legal notice", "Privacy", "Accessibility"]
    depth = url.count("/") + 1 if url else 0
    assert [link["href"] for link in links] == [
        "./" if url == target.rstrip("/") else "../" * depth + target for target in LEGAL_URLS
    ]
    for target in LEGAL_URLS:
        assert (example_site / target / "index.html").is_file()


def test_legal_pages_are_built_outside_the_menu(example_site):
    statement = page(example_site, "accessibility")
    assert statement.find("h1").get_text() == "Accessibility statement"
    tabs = [link.get_text(strip=True) for link in statement.select(".md-tabs__link")]
    assert "Accessibility statement" not in tabs and "Legal notice" not in tabs
    assert page(example_site, "legal").select_one(".cs-legal-funding img")["src"] == "../assets/consortia/eu-emblem.svg"


# --- the funding statement -----------------------------------------------------------------------


def test_funding_statement_must_name_the_european_union_in_full(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML.replace(
        "Co-funded by the COSME programme of the European Union", "Funded by the EU")})
    assert problems_of(root) == [
        'project.yaml:7: project.funding_statement: write "European Union" in full,'
        ' e.g. "Co-funded by the European Union"'
    ]


def test_funding_statement_may_wrap_between_the_words(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML.replace(
        "funding_statement: Co-funded by the COSME programme of the European Union",
        "funding_statement: >-\n  Co-funded by the European\n  Union")})
    assert problems_of(root) == []


# --- an Impressum ---------------------------------------------------------------------------------

IMPRESSUM = PROJECT_YAML + """\
publisher:
  name: Sächsisches Textilforschungsinstitut e.V.
  legal_form: eingetragener Verein (e.V.)
  representative: Dr. Anna Muster (Vorstand)
  registry: Vereinsregister, Amtsgericht Chemnitz
  register_number: VR 1234
  vat_id: de 123 456 789
"""


def test_the_legal_notice_names_the_publisher_as_an_impressum_must(sample_site):
    notice = pages_of(sample_site({"project.yaml": IMPRESSUM}))["legal.md"]
    assert ('<dl class="cs-facts cs-publisher">\n'
            "<dt>Publisher</dt>\n<dd>Sächsisches Textilforschungsinstitut e.V.</dd>\n"
            "<dt>Legal form</dt>\n<dd>eingetragener Verein (e.V.)</dd>\n"
            "<dt>Represented by</dt>\n<dd>Dr. Anna Muster (Vorstand)</dd>\n"
            "<dt>Register</dt>\n<dd>Vereinsregister, Amtsgericht Chemnitz</dd>\n"
            "<dt>Register number</dt>\n<dd>VR 1234</dd>\n"
            "<dt>VAT number</dt>\n<dd>DE123456789</dd>\n"
            "</dl>") in notice


def test_without_publisher_fields_the_legal_notice_has_none(sample_site):
    assert "cs-publisher" not in pages_of(sample_site())["legal.md"]


def test_a_vat_number_without_its_country_is_refused(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML + "publisher:\n  vat_id: 123456789\n"})
    assert problems_of(root) == [
        "project.yaml:13: project.publisher.vat_id: 123456789 is not a VAT identification number: "
        "two letters of the country, then the number, e.g. DE123456789"
    ]
