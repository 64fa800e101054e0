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
