"""Tests for consortia.check: duplicate ids, references between records and files under content/."""

from __future__ import annotations

from conftest import PROJECT_YAML, problems_of

ALPHA = "- id: alpha\n  name: Alpha\n  role: coordinator\n  country: PT\n"
ISSUE = "newsletters/2024-03.yaml"


def agreement(*parties: str, extra: str = "") -> str:
    """agreements.yaml with one agreement; parties start at line 5."""
    listed = "".join(f"    {party}\n" for party in parties)
    return f"- id: mou\n  title: MoU\n  signed: 2022-05-01\n  parties:\n{listed}{extra}"


def test_the_sample_site_has_no_problems(sample_site):
    assert problems_of(sample_site({})) == []


# --- duplicates ----------------------------------------------------------------------------


def test_duplicate_partner_id_cites_the_first_line(sample_site):
    root = sample_site({"partners.yaml": ALPHA + "- id: alpha\n  name: Alpha again\n  country: ES\n"})
    assert problems_of(root) == [
        "partners.yaml:5: partners[1].id: duplicate id 'alpha' (first used at line 1): ids must be unique"
    ]


def test_duplicate_event_id(sample_site):
    event = "- id: webinar\n  title: W\n  start: 2022-03-01\n  online: true\n"
    root = sample_site({"events.yaml": event + event})
    assert problems_of(root) == [
        "events.yaml:5: events[1].id: duplicate id 'webinar' (first used at line 1): ids must be unique"
    ]


def test_duplicate_item_id_within_an_issue(sample_site):
    issue = "title: March\ndate: 2024-03-01\nitems:\n  - id: hello\n    title: Hello\n  - id: hello\n    title: Again\n"
    root = sample_site({ISSUE: issue})
    assert problems_of(root) == [
        f"{ISSUE}:6: issue.items[1].id: duplicate id 'hello' (first used at line 4): ids must be unique"
    ]


def test_same_item_id_in_two_issues_is_fine(sample_site):
    issue = "title: News\ndate: 2024-03-01\nitems:\n  - id: hello\n    title: Hello\n"
    root = sample_site({ISSUE: issue, "newsletters/2024-04.yaml": issue})
    assert problems_of(root) == []


def test_duplicate_topic_id(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML + "  - id: green\n    title: Also green\n"})
    assert problems_of(root) == [
        "project.yaml:12: project.topics[1].id: duplicate id 'green' (first used at line 10): ids must be unique"
    ]


# --- references ------------------------------------------------------------------------------------


def test_coordinator_not_a_partner(sample_site):
    root = sample_site({"project.yaml": PROJECT_YAML.replace("coordinator: alpha", "coordinator: gamma")})
    assert problems_of(root) == [
        "partners.yaml:3: partners[0].role: role is coordinator, but project.yaml names 'gamma' as coordinator: use role: partner",
        "project.yaml:6: project.coordinator: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)",
    ]


def test_second_partner_claiming_the_coordinator_role(sample_site):
    root = sample_site({"partners.yaml": ALPHA + "- id: beta\n  name: Beta\n  role: coordinator\n  country: CZ\n"})
    assert problems_of(root) == [
        "partners.yaml:7: partners[1].role: role is coordinator, but project.yaml names 'alpha' as coordinator: use role: partner"
    ]


def test_organiser_not_a_partner(sample_site):
    root = sample_site({"events.yaml": "- id: e\n  title: E\n  start: 2022-02-01\n  online: true\n  organisers: [alpha, gamma]\n"})
    assert problems_of(root) == [
        "events.yaml:5: events[0].organisers[1]: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)"
    ]


def test_long_lists_of_known_ids_are_shortened(sample_site):
    others = "".join(f"- id: p{number}\n  name: P{number}\n  country: PT\n" for number in range(1, 10))
    root = sample_site({
        "partners.yaml": ALPHA + others,
        "events.yaml": "- id: e\n  title: E\n  start: 2022-02-01\n  online: true\n  organisers: [gamma]\n",
    })
    assert problems_of(root) == [
        "events.yaml:5: events[0].organisers[0]: 'gamma' is not a partner id of partners.yaml"
        " (known: alpha, p1, p2, p3, p4, p5, p6, p7, …)"
    ]


def test_agreement_party_not_a_partner_while_an_outside_party_is_fine(sample_site):
    root = sample_site({"agreements.yaml": agreement("- alpha", "- gamma", "- name: Outside Org", "  url: https://outside.eu")})
    assert problems_of(root) == [
        "agreements.yaml:6: agreements[0].parties[1]: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)"
    ]


def test_unknown_topic_on_a_partner(sample_site):
    root = sample_site({"partners.yaml": ALPHA + "  topics: [green, blue]\n"})
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].topics[1]: 'blue' is not a topic id of project.yaml (known: green)"
    ]


def test_unknown_topic_when_the_project_has_none(sample_site):
    project = PROJECT_YAML.replace("topics:\n  - id: green\n    title: Green\n", "")
    root = sample_site({"project.yaml": project, "partners.yaml": ALPHA + "  topics:\n    - green\n"})
    assert problems_of(root) == [
        "partners.yaml:6: partners[0].topics[0]: 'green' is not a topic id of project.yaml (known: none yet)"
    ]


def test_newsletter_item_unknown_partner_event_and_topic(sample_site):
    issue = (
        "title: March\n"
        "date: 2024-03-01\n"
        "items:\n"
        "  - id: hello\n"
        "    title: Hello\n"
        "    partners: [alpha, gamma]\n"
        "    events: [nope]\n"
        "    topics: [green, blue]\n"
    )
    root = sample_site({ISSUE: issue})
    assert problems_of(root) == [
        f"{ISSUE}:6: issue.items[0].partners[1]: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)",
        f"{ISSUE}:7: issue.items[0].events[0]: 'nope' is not an event id of events.yaml (known: kick-off)",
        f"{ISSUE}:8: issue.items[0].topics[1]: 'blue' is not a topic id of project.yaml (known: green)",
    ]


# --- files under content/ --------------------------------------------------------------------------------


def test_missing_image_file(sample_site):
    root = sample_site({
        "events.yaml": "- id: e\n  title: E\n  start: 2022-02-01\n  online: true\n  image: assets/photo.jpg\n  image_alt: A photo\n"
    })
    assert problems_of(root) == [
        "events.yaml:5: events[0].image: 'assets/photo.jpg' does not exist in content/ (paths are relative to the content/ folder)"
    ]


def test_missing_cover_and_item_images(sample_site):
    issue = (
        "title: March\ndate: 2024-03-01\ncover_image: cover.png\ncover_image_alt: Cover\n"
        "items:\n  - id: hello\n    title: Hello\n    image: hello.png\n    image_alt: Hello\n"
    )
    root = sample_site({ISSUE: issue})
    assert problems_of(root) == [
        f"{ISSUE}:3: issue.cover_image: 'cover.png' does not exist in content/ (paths are relative to the content/ folder)",
        f"{ISSUE}:8: issue.items[0].image: 'hello.png' does not exist in content/ (paths are relative to the content/ folder)",
    ]


def test_path_escaping_content_is_refused_before_the_check(sample_site):
    root = sample_site({"partners.yaml": ALPHA + "  logo: ../x.png\n", "x.png": b"not really"})
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].logo: '../x.png' points outside content/: give the path relative to content/, e.g. assets/logo.png"
    ]


def test_symlink_escaping_content_is_refused(sample_site, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.png").write_bytes(b"not really")
    root = sample_site({"partners.yaml": ALPHA + "  logo: linked/x.png\n"})
    (root / "content" / "linked").symlink_to(outside, target_is_directory=True)
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].logo: 'linked/x.png' points outside content/: keep files inside the content/ folder"
    ]


def test_document_that_is_not_a_pdf(sample_site):
    root = sample_site({
        "agreements.yaml": agreement("- alpha", extra="  document: docs/mou.docx\n"),
        "content/docs/mou.docx": b"PK\x03\x04",
    })
    assert problems_of(root) == ["agreements.yaml:6: agreements[0].document: 'docs/mou.docx' is not a .pdf file"]


def test_pdf_document_is_fine(sample_site):
    root = sample_site({
        "agreements.yaml": agreement("- alpha", extra="  document: docs/MoU.PDF\n"),
        "content/docs/MoU.PDF": b"%PDF-1.4\n",
    })
    assert problems_of(root) == []


def test_logo_that_is_not_an_image_file_type(sample_site):
    root = sample_site({"partners.yaml": ALPHA + "  logo: logo.bmp\n", "content/logo.bmp": b"BM"})
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].logo: 'logo.bmp' is not a .png or .jpg or .jpeg or .gif or .webp or .tif or .tiff or .svg file"
    ]


def test_a_picture_from_another_site_in_markdown_is_refused(sample_site):
    root = sample_site({"partners.yaml": """\
        - id: alpha
          name: Alpha Cluster
          role: coordinator
          country: PT
          description: |
            Our team: ![team](https://cdn.example.org/team.jpg)
        - id: beta
          name: Beta Association
          country: CZ
          description: "Links are fine, [site](https://example.org), and so are local pictures: ![x](assets/x.png)"
        """})
    assert problems_of(root) == [
        "partners.yaml:5: partners[0].description: '![team](https://cdn.example.org/team.jpg'… shows a picture "
        "from another site, which would tell that site who reads this page: copy the picture into content/ "
        "and use its path"
    ]
