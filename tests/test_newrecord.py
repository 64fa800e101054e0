"""`consortia new`: a record appended in the file's own style; comments, order and bytes kept; refusals restore."""

from __future__ import annotations

from conftest import problems_of
from consortia.cli import main

PARTNERS_WITH_COMMENTS = """\
# Our partners — keep the coordinator first.
- id: alpha
  name: Alpha Cluster  # the legal name
  role: coordinator
  country: PT

- id: beta
  name: Beta Association
  country: CZ
"""


def test_new_partner_is_appended_and_everything_else_kept(sample_site, capsys):
    root = sample_site({"partners.yaml": PARTNERS_WITH_COMMENTS})
    assert main(["--root", str(root), "new", "partner", "id=gamma", "name=Gamma Tèxtils", "country=ES",
                 "topics=green"]) == 0
    text = (root / "partners.yaml").read_text(encoding="utf-8")
    assert text == PARTNERS_WITH_COMMENTS + "\n- id: gamma\n  name: Gamma Tèxtils\n  country: ES\n  topics: [green]\n"
    assert "Added partner 'gamma' to partners.yaml." in capsys.readouterr().out
    assert problems_of(root) == []


def test_a_duplicate_id_is_refused_and_the_file_left_as_it_was(sample_site, capsys):
    root = sample_site({"partners.yaml": PARTNERS_WITH_COMMENTS})
    assert main(["--root", str(root), "new", "partner", "id=beta", "name=Other", "country=ES"]) == 1
    assert (root / "partners.yaml").read_text(encoding="utf-8") == PARTNERS_WITH_COMMENTS
    errors = capsys.readouterr().err
    assert "partners.yaml:11: partners[2].id: duplicate id 'beta' (first used at line 7): ids must be unique" in errors
    assert "Nothing was added: partners.yaml is as it was." in errors


def test_missing_required_fields_are_named_when_not_in_a_terminal(sample_site, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    root = sample_site({})
    assert main(["--root", str(root), "new", "event", "id=webinar"]) == 2
    assert "a new event needs title=…, start=…" in capsys.readouterr().err


def test_new_item_goes_after_the_issues_last_article(sample_site):
    issue = """\
        title: March news
        date: 2024-03-31
        items:
          - id: first
            title: First
            partners: [alpha]

        # end of the issue
        """
    root = sample_site({"newsletters/2024-03.yaml": issue})
    assert main(["--root", str(root), "new", "item", "issue=2024-03", "id=second", "title=Second"]) == 0
    text = (root / "newsletters" / "2024-03.yaml").read_text(encoding="utf-8")
    assert "    partners: [alpha]\n  - id: second\n    title: Second\n\n# end of the issue\n" in text
    assert problems_of(root) == []


def test_new_issue_creates_its_file_with_a_first_article(sample_site):
    root = sample_site({})
    assert main(["--root", str(root), "new", "issue", "id=2024-04", "title=April", "date=2024-04-30",
                 "item=welcome", "item_title=Welcome"]) == 0
    assert (root / "newsletters" / "2024-04.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/newsletter.schema.json\ntitle: April\n")
    assert problems_of(root) == []


EVENTS = "- id: kick-off\n  title: Kick-off meeting\n  start: 2022-02-01\n  organisers: [alpha]\n  location:\n    city: Porto\n    country: PT\n"


def test_an_event_with_a_place_in_plain_fields(sample_site, capsys):
    root = sample_site({"events.yaml": EVENTS})
    assert main(["--root", str(root), "new", "event", "id=vilnius-forum", "title=Laser forum", "start=2023-03-14T09:30",
                 "timezone=Europe/Vilnius", "venue=Town hall", "city=Vilnius", "country=LT", "organisers=alpha"]) == 0
    assert (root / "events.yaml").read_text(encoding="utf-8") == EVENTS + (
        "- id: vilnius-forum\n  title: Laser forum\n  start: 2023-03-14T09:30\n  timezone: Europe/Vilnius\n"
        "  location:\n    venue: Town hall\n    city: Vilnius\n    country: LT\n  organisers: [alpha]\n"
    )
    assert problems_of(root) == []


def test_an_event_with_a_place_as_dotted_fields_or_a_mapping(sample_site):
    root = sample_site({"events.yaml": EVENTS})
    assert main(["--root", str(root), "new", "event", "id=a", "title=A", "start=2023-03-14", "location.city=Jena",
                 "location.country=DE"]) == 0
    assert main(["--root", str(root), "new", "event", "id=b", "title=B", "start=2023-03-15",
                 "location={city: Brno, country: CZ}", "online=true"]) == 0
    text = (root / "events.yaml").read_text(encoding="utf-8")
    assert "- id: a\n  title: A\n  start: 2023-03-14\n  location:\n    city: Jena\n    country: DE\n" in text
    assert "- id: b\n  title: B\n  start: 2023-03-15\n  location:\n    city: Brno\n    country: CZ\n  online: true\n" in text
    assert problems_of(root) == []


def test_a_place_given_whole_and_in_parts_is_refused(sample_site, capsys):
    root = sample_site({"events.yaml": EVENTS})
    assert main(["--root", str(root), "new", "event", "id=a", "title=A", "start=2023-03-14",
                 "location={city: Brno, country: CZ}", "city=Jena"]) == 2
    assert "'city=Jena': location.city is given twice: keep one" in capsys.readouterr().err
    assert (root / "events.yaml").read_text(encoding="utf-8") == EVENTS
