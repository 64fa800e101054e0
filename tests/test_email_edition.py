"""The e-mail edition of each newsletter issue: email.html in real Chromium (no sideways scrolling at
600 and 320 px, axe-core, no request beyond the site), under Gmail's 102 KB, email.eml read back by
Python's email package, the same bytes every time, record text escaped and merge tags left alone,
and the Italian build's e-mail in Italian."""

from __future__ import annotations

import email
import email.policy
import mimetypes
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from browser_harness import axe_violations
from conftest import PROJECT_YAML, example_yaml, issue_with_posts, write_site
from consortia.email_edition import GMAIL_CLIP
from consortia.languages import gettext, speaking
from consortia.pipeline import ProjectFolder, generate

SITE_URL = "https://www.tex4im.eu/"
EXAMPLE_EMAIL = "newsletters/2020-06/email"
DAY = date(2023, 6, 1)
"""Inside the small test project (2022–2023), which is then not over."""


@pytest.fixture(scope="module")
def example_site(built_example) -> Path:
    return built_example


def example_titles() -> list[str]:
    return [item["title"] for item in issue_with_posts("2020-06")["items"]]


def long_issue(count: int, body_sentences: int) -> str:
    """An issue of `count` articles, each with a summary and a body of `body_sentences` sentences."""
    sentence = "The partners compared how recycled fibres behave in weaving trials across three regions. "
    items = [{"id": f"article-{number}", "title": f"Article number {number}", "summary": f"What article {number} is about.",
              "body": sentence * body_sentences} for number in range(1, count + 1)]
    return yaml.safe_dump({"title": "DEMO Newsletter — May 2023", "date": "2023-05-01", "items": items}, allow_unicode=True)


def demo_emails(root: Path, **options) -> dict[str, bytes]:
    """The e-mail files of the small project at `root` by URI."""
    files = generate(ProjectFolder.at(root), DAY, SITE_URL, **options).files
    return {uri: data for uri, data in files.items() if "/email." in uri}


def parsed(eml: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(eml, policy=email.policy.default)


# --- In the browser --------------------------------------------------------------------------

class SiteOnly:
    """Answers requests on the site's address from the built site's files; stops and keeps every other."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.requested: list[str] = []

    def answer(self, route) -> None:
        url = route.request.url
        self.requested.append(url)
        if not url.startswith(SITE_URL):
            route.abort()
            return
        path = self.site_dir / unquote(urlsplit(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            route.fulfill(status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0] or "")
        else:
            route.fulfill(status=404, body="")


@pytest.mark.parametrize("width", [600, 320])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_email_fits_is_accessible_and_asks_only_the_site(chromium, example_site, width, scheme):
    requests = SiteOnly(example_site)
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.route("**/*", requests.answer)
    try:
        page = context.new_page()
        page.set_content((example_site / f"{EXAMPLE_EMAIL}.html").read_text(encoding="utf-8"), wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        assert page.evaluate("[...document.images].every(image => image.complete && image.naturalWidth > 0)")
        assert axe_violations(page) == []
    finally:
        context.close()
    assert requests.requested and [url for url in requests.requested if not url.startswith(SITE_URL)] == []


# --- What the HTML holds -----------------------------------------------------------------------

def test_the_example_email_is_whole_absolute_and_readable_without_styles(example_site):
    html = (example_site / f"{EXAMPLE_EMAIL}.html").read_text(encoding="utf-8")
    assert len(html.encode()) < GMAIL_CLIP
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"
    assert soup.find("meta", attrs={"name": "supported-color-schemes"})["content"] == "light dark"
    assert "prefers-color-scheme: dark" in soup.style.string and "max-width: 620px" in soup.style.string
    assert all(table["role"] == "presentation" for table in soup.find_all("table"))
    assert soup.find(class_="cs-card")["bgcolor"] == "#ffffff"
    assert soup.find(class_="cs-header")["bgcolor"] == "#1b4965"  # the brand colour of mkdocs.yml
    # The styles are in the elements, for mail programs that drop <style>.
    assert "color: #ffffff" in soup.h1["style"]
    assert all(image.get("alt") and image["src"].startswith(SITE_URL) for image in soup.find_all("img"))
    assert soup.find("img", src=SITE_URL + "assets/consortia/eu-emblem.png")
    assert (example_site / "assets/consortia/eu-emblem.png").read_bytes()[:4] == b"\x89PNG"
    assert "Co-funded by the COSME programme of the European Union" in soup.get_text()
    links = {link.get_text(): link["href"] for link in soup.find_all("a")}
    assert links["Read this issue on the website"] == SITE_URL + "newsletters/2020-06/"
    assert links["Unsubscribe"] == "*|UNSUB|*"
    for link in soup.find_all("a"):
        assert urlsplit(link["href"]).scheme in ("https", "mailto") or link["href"] == "*|UNSUB|*", link
    headings = [heading.get_text() for heading in soup.find_all("h2")]
    assert headings[:2] == ["In this issue", "Editorial"] and headings[2:] == example_titles()
    assert html.count("Read as a separate page") == len(example_titles())  # every article whole


def test_a_long_issue_falls_back_to_summaries_under_the_limit(tmp_path):
    root = write_site(tmp_path, {"newsletters/2023-05.yaml": long_issue(40, body_sentences=40)})
    emails = demo_emails(root)
    html = emails["newsletters/2023-05/email.html"]
    assert len(html) < GMAIL_CLIP
    soup = BeautifulSoup(html, "html.parser")
    more = [link["href"] for link in soup.find_all("a") if link.get_text() == "Read the whole article"]
    assert more == [f"{SITE_URL}newsletters/2023-05/article-{number}/" for number in range(1, 41)]
    assert "What article 40 is about." in soup.get_text() and "weaving trials" not in soup.get_text()
    text = emails["newsletters/2023-05/email.txt"].decode()
    assert "Read the whole article: https://www.tex4im.eu/newsletters/2023-05/article-40/" in text


def test_an_issue_too_long_even_in_summaries_is_kept_and_named(tmp_path):
    root = write_site(tmp_path, {"newsletters/2023-05.yaml": long_issue(400, body_sentences=1)})
    generated = generate(ProjectFolder.at(root), DAY, SITE_URL, unsubscribe="*|UNSUB|*")
    assert len(generated.files["newsletters/2023-05/email.html"]) > GMAIL_CLIP
    [note] = generated.notes
    assert note.startswith(f"{SITE_URL}newsletters/2023-05/email.html is ") and "Gmail" in note


def test_record_text_stays_escaped(tmp_path):
    title = 'Say "hi" <script>alert(1)</script> & go'
    issue = long_issue(1, 1).replace("title: DEMO Newsletter — May 2023", f"title: '{title}'")
    emails = demo_emails(write_site(tmp_path, {"newsletters/2023-05.yaml": issue}))
    html = emails["newsletters/2023-05/email.html"].decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and "<script>" not in html
    assert soup.h1.get_text() == title and soup.title.get_text() == title
    message = parsed(emails["newsletters/2023-05/email.eml"])
    assert message["Subject"] == f"DEMO newsletter: {title}"
    assert "<script>" not in message.get_body(("html",)).get_content()
    assert title in emails["newsletters/2023-05/email.txt"].decode()  # plain text is not HTML: shown as written


@pytest.mark.parametrize("unsubscribe", ["*|UNSUB|*", "{{ unsubscribe }}", "{$unsubscribe}", "https://list.example.eu/off?list=1&who=2"])
def test_the_unsubscribe_merge_tag_comes_through_literally(tmp_path, unsubscribe):
    emails = demo_emails(write_site(tmp_path, {"newsletters/2023-05.yaml": long_issue(2, 2)}), unsubscribe=unsubscribe)
    soup = BeautifulSoup(emails["newsletters/2023-05/email.html"], "html.parser")
    assert soup.find("a", string="Unsubscribe")["href"] == unsubscribe
    assert f"Unsubscribe: {unsubscribe}\n" in emails["newsletters/2023-05/email.txt"].decode()
    message = parsed(emails["newsletters/2023-05/email.eml"])
    assert f"Unsubscribe: {unsubscribe}" in message.get_body(("plain",)).get_content()
    html_part = BeautifulSoup(message.get_body(("html",)).get_content(), "html.parser")
    assert html_part.find("a", string="Unsubscribe")["href"] == unsubscribe


def test_without_an_unsubscribe_setting_readers_write_to_the_project(tmp_path):
    project = PROJECT_YAML + "contact:\n  email: info@demo.example.eu\n"
    root = write_site(tmp_path, {"project.yaml": project, "newsletters/2023-05.yaml": long_issue(2, 2)})
    generated = generate(ProjectFolder.at(root), DAY, SITE_URL)
    soup = BeautifulSoup(generated.files["newsletters/2023-05/email.html"], "html.parser")
    assert soup.find("a", string="Unsubscribe")["href"] == "mailto:info@demo.example.eu?subject=Unsubscribe"
    [note] = generated.notes
    assert "info@demo.example.eu" in note and "mkdocs.yml" in note and "extra: newsletter: unsubscribe:" in note
    assert "\n" not in note


# --- The message -------------------------------------------------------------------------------

def test_the_eml_is_a_message_with_a_text_and_an_html_part(example_site):
    message = parsed((example_site / f"{EXAMPLE_EMAIL}.eml").read_bytes())
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    for title in example_titles():
        assert title in text and title in BeautifulSoup(html, "html.parser").get_text()
    assert message["Subject"] == example_yaml("newsletters", "2020-06.yaml")["title"]
    assert message["From"].addresses[0].display_name == "TEX4IM"
    assert message["From"].addresses[0].addr_spec == "polo.tessile@cittastudi.org"
    assert parsedate_to_datetime(message["Date"]).date() == date(2020, 6, 30)
    assert message["Message-ID"] == "<newsletter.2020-06.en@www.tex4im.eu>"
    # The parts are the files, in a message's line endings (CRLF).
    assert html.replace("\r\n", "\n").rstrip() == (example_site / f"{EXAMPLE_EMAIL}.html").read_text(encoding="utf-8").rstrip()
    assert text.replace("\r\n", "\n").rstrip() == (example_site / f"{EXAMPLE_EMAIL}.txt").read_text(encoding="utf-8").rstrip()


def test_the_same_records_give_the_same_bytes(tmp_path):
    root = write_site(tmp_path, {"newsletters/2023-05.yaml": long_issue(3, 3)})
    first, second = demo_emails(root, unsubscribe="*|UNSUB|*"), demo_emails(root, unsubscribe="*|UNSUB|*")
    assert sorted(first) == ["newsletters/2023-05/email.eml", "newsletters/2023-05/email.html", "newsletters/2023-05/email.txt"]
    assert first == second


def test_the_plain_text_has_every_article_and_address(example_site):
    text = (example_site / f"{EXAMPLE_EMAIL}.txt").read_text(encoding="utf-8")
    for title in example_titles():
        assert title in text
    assert "Read this issue on the website: https://www.tex4im.eu/newsletters/2020-06/" in text
    assert "Read more on the Smart Textiles website (https://www.smarttextiles.se)" in " ".join(text.split())
    assert "Co-funded by the COSME programme of the European Union" in text
    assert text.rstrip().endswith("Unsubscribe: *|UNSUB|*")


# --- Where the e-mails are, and are not ----------------------------------------------------------

def test_the_italian_email_speaks_italian_under_the_italian_address(example_site):
    html = (example_site / "it" / f"{EXAMPLE_EMAIL}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "it"
    with speaking("it"):
        words = [gettext(message) for message in ("Read this issue on the website", "In this issue", "Unsubscribe")]
    assert all(word not in ("Read this issue on the website", "In this issue", "Unsubscribe") for word in words)
    assert all(word in soup.get_text() for word in words)
    italian_url = SITE_URL + "it/"
    assert all(image["src"].startswith(italian_url) for image in soup.find_all("img"))
    written = {link["url"] for item in issue_with_posts("2020-06")["items"] for link in item.get("links", [])}
    site_links = [link["href"] for link in soup.find_all("a") if link["href"].startswith(SITE_URL) and link["href"] not in written]
    assert site_links and all(href.startswith(italian_url) for href in site_links)
    assert "Cofinanziato dal programma COSME dell'Unione europea" in soup.get_text()
    message = parsed((example_site / "it" / f"{EXAMPLE_EMAIL}.eml").read_bytes())
    assert message["Subject"] == "Newsletter TEX4IM — giugno 2020" and message["Content-Language"] == "it"


def test_only_the_preview_tells_how_to_send_the_issue(tmp_path):
    root = write_site(tmp_path, {"newsletters/2023-05.yaml": long_issue(1, 1)})
    published = generate(ProjectFolder.at(root), DAY, SITE_URL).pages["newsletters/2023-05/index.md"]
    preview = generate(ProjectFolder.at(root), DAY, SITE_URL, include_drafts=True).pages["newsletters/2023-05/index.md"]
    assert "email.eml" not in published
    assert '!!! tip cs-send "Send this issue by e-mail"' in preview
    assert "[email.html](email.html) · [email.txt](email.txt) · [email.eml](email.eml)" in preview


def test_a_draft_has_its_email_only_in_the_preview_and_a_finished_project_keeps_its_own(tmp_path):
    root = write_site(tmp_path, {"newsletters/2023-05.yaml": long_issue(1, 1) + "draft: true\n"})
    assert demo_emails(root) == {}
    assert "newsletters/2023-05/email.eml" in demo_emails(root, include_drafts=True)
    root = write_site(tmp_path, {"newsletters/2023-05.yaml": long_issue(1, 1)})
    archived = generate(ProjectFolder.at(root), date(2025, 1, 1), SITE_URL)  # the demo project ended in 2023
    assert archived.catalogue.archived and set(demo_emails(root)) <= set(archived.files)
