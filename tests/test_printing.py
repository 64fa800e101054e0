"""Newsletter PDFs, read back with pypdf (not the library that wrote them): titles, contents page
numbers against the pages where articles really start, running footer, metadata, outline."""

from __future__ import annotations

import io
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image
from playwright.async_api import Page
from pypdf import PdfReader

from conftest import REPO, consortia, example_yaml, issue_with_posts, write_site
from consortia.pipeline import ProjectFolder, generate
from consortia import printing
from consortia.printing import PrintProblem, print_newsletters
from consortia.render import css_string
from test_build import copy_kit

SITE_URL = "https://www.tex4im.eu/"
EXAMPLE_PDF = "newsletters/2020-06/tex4im-newsletter-2020-06.pdf"
FOOTER = re.compile(r"^(?P<label>.+) · page (?P<page>\d+) of (?P<pages>\d+)$")


def normalised(text: str) -> str:
    return " ".join(text.split())


class PrintedIssue:
    """A PDF as a reader sees it: the footer line and the text above it, page by page."""

    def __init__(self, data: bytes) -> None:
        self.reader = PdfReader(io.BytesIO(data))
        self.footers: list[str] = []
        self.bodies: list[str] = []
        for page in self.reader.pages:
            footer, _, body = page.extract_text().partition("\n")
            self.footers.append(footer)
            self.bodies.append(normalised(body))

    def contents_numbers(self, titles: list[str]) -> dict[str, int]:
        """The page number after each title in the contents (which may take more than one page)."""
        first_article = min(self.start_pages(titles).values())
        contents = " ".join(self.bodies[1 : first_article - 1])  # between the cover and the first article
        numbers = {}
        for title in titles:
            match = re.search(re.escape(normalised(title)) + r" (\d+)\b", contents)
            assert match, f"{title!r} is not in the contents"
            numbers[title] = int(match[1])
        return numbers

    def start_pages(self, titles: list[str]) -> dict[str, int]:
        """The page (from 1) whose text begins with each title, not followed by a page number as in
        the contents: where the article starts."""
        starts = {}
        for title in titles:
            heading = normalised(title)
            pages = [number for number, body in enumerate(self.bodies, 1)
                     if body.startswith(heading) and not re.match(re.escape(heading) + r" \d+ ", body)]
            assert len(pages) == 1, f"{title!r} starts {len(pages)} pages"
            starts[title] = pages[0]
        return starts

    def outline_titles(self) -> list[str]:
        def walk(entries):
            for entry in entries:
                yield from walk(entry) if isinstance(entry, list) else [entry.title]

        return list(walk(self.reader.outline))


@pytest.fixture(scope="module")
def example_issue() -> dict:
    return issue_with_posts("2020-06")


@pytest.fixture(scope="module")
def example_pdf(built_example) -> PrintedIssue:
    return PrintedIssue((built_example / EXAMPLE_PDF).read_bytes())


def titles_of(issue: dict) -> list[str]:
    return [item["title"] for item in issue["items"]]


def test_the_issue_page_links_its_pdf(built_example):
    page = BeautifulSoup((built_example / "newsletters/2020-06/index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one('.cs-issue__pdf a[type="application/pdf"]')
    assert (built_example / "newsletters/2020-06" / link["href"]).is_file()
    assert link.get_text() == "Download this issue as a PDF"


def test_every_article_title_is_in_the_pdf(example_pdf, example_issue):
    text = " ".join(example_pdf.bodies)
    for title in titles_of(example_issue):
        assert normalised(title) in text


def test_contents_page_numbers_are_the_pages_where_articles_start(example_pdf, example_issue):
    titles = titles_of(example_issue)
    starts = example_pdf.start_pages(titles)
    assert example_pdf.contents_numbers(titles) == starts
    assert sorted(starts.values()) == list(starts.values())  # in the issue's order, one after the other
    assert len(set(starts.values())) == len(titles)  # each article starts on a page of its own


def test_the_issue_page_prints_the_same_page_numbers(built_example, example_pdf, example_issue):
    page = BeautifulSoup((built_example / "newsletters/2020-06/index.html").read_text(encoding="utf-8"), "html.parser")
    on_page = {cell["data-page-of"]: int(cell.get_text()) for cell in page.select(".cs-contents__page")}
    starts = example_pdf.start_pages(titles_of(example_issue))
    assert on_page == {item["id"]: starts[item["title"]] for item in example_issue["items"]}


def test_every_page_has_the_running_footer(example_pdf, example_issue):
    pages = len(example_pdf.footers)
    for number, footer in enumerate(example_pdf.footers, 1):
        match = FOOTER.match(footer)
        assert match, footer
        assert match["label"] == example_issue["title"]  # it names the project: no "TEX4IM · " before it
        assert (int(match["page"]), int(match["pages"])) == (number, pages)


def test_cover_page_shows_the_project_the_funding_statement_and_where_to_find_us(example_pdf, example_issue):
    project = example_yaml("project.yaml")
    cover = example_pdf.bodies[0]
    assert "TEX4IM · Textile Clusters for Industrial Modernisation" in cover
    assert "No. 3" in cover or "NO. 3" in cover
    assert example_issue["title"] in cover
    funding, disclaimer = cover.find(project["funding_statement"]), cover.find(normalised(project["disclaimer"]))
    assert 0 <= funding < disclaimer
    assert cover.endswith(f"www.tex4im.eu · {project['contact']['email']}")


def test_the_site_chrome_is_not_printed(example_pdf):
    text = " ".join(example_pdf.bodies)
    for chrome in ("Skip to content", "Search", "Legal notice", "Privacy", "Download this issue", "Read as a separate page",
                   "Edit this page", "Newsletters Partners"):
        assert chrome not in text


def test_links_to_other_sites_print_their_address(example_pdf):
    assert "Smart Textiles website (https://www.smarttextiles.se)" in " ".join(example_pdf.bodies)


def test_no_empty_last_page(example_pdf):
    assert len(example_pdf.bodies[-1]) > 200


def test_metadata_outline_and_tags(example_pdf, example_issue):
    reader = example_pdf.reader
    assert reader.metadata.title == example_issue["title"]
    assert reader.metadata.author == "Textile Clusters for Industrial Modernisation (TEX4IM)"
    assert reader.metadata.subject == "TEX4IM newsletter No. 3, 2020-06-30"
    assert reader.metadata["/CreationDate"] == "D:20200630000000Z"
    assert reader.xmp_metadata.dc_title == {"x-default": example_issue["title"]}
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] == True and "/StructTreeRoot" in root  # noqa: E712 (a PDF boolean); tagged
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)
    assert set(titles_of(example_issue)) <= set(example_pdf.outline_titles())


def every_font_is_embedded(reader: PdfReader) -> bool:
    """Whether the PDF carries every font it uses (a reader's own fonts may lack a letter or an icon)."""
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts.append(descendant["/FontDescriptor"].get_object())
    return bool(fonts) and all({"/FontFile", "/FontFile2", "/FontFile3"} & set(font) for font in fonts)


def test_every_font_is_embedded(example_pdf):
    """Text shows the same everywhere, icons included, and stays selectable."""
    assert every_font_is_embedded(example_pdf.reader)


def test_css_string_keeps_record_text_inside_the_footer():
    assert css_string('TEX4IM · "Q&A" </style>') == '"TEX4IM · \\22 Q\\26 A\\22  \\3c /style\\3e "'
    assert css_string("Tèxtils €") == '"Tèxtils €"'


def test_a_missing_chromium_is_named_with_its_fix(monkeypatch, tmp_path):
    monkeypatch.delenv("CONSORTIA_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", os.fspath(tmp_path))
    catalogue = generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), date(2020, 7, 1), SITE_URL).catalogue
    with pytest.raises(PrintProblem, match="sudo apt-get install chromium"):
        print_newsletters(tmp_path, catalogue, SITE_URL, None)


def test_a_chromium_that_fails_is_reported_in_one_line(monkeypatch, tmp_path, built_example):
    monkeypatch.setenv("CONSORTIA_CHROMIUM", "/bin/false")
    catalogue = generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), date(2020, 7, 1), SITE_URL).catalogue
    with pytest.raises(PrintProblem, match="^Chromium could not print the newsletters: [^\n]+$"):
        print_newsletters(built_example, catalogue, SITE_URL, None)



def test_a_print_that_never_ends_stops_the_build_with_one_line(monkeypatch, example_copy):
    """A picture that never loads, say: the build stops and names the issue instead of waiting for ever."""
    site, catalogue = example_copy
    monkeypatch.setattr(printing, "PRINT_SECONDS", 1)
    monkeypatch.setattr(printing, "_LOAD_EVERY_IMAGE", "() => new Promise(() => {})")
    with pytest.raises(PrintProblem, match=r"^newsletters/2020-06/: Chromium did not print the issue within 1 s; [^\n]+$"):
        print_newsletters(site, catalogue, SITE_URL, None)

# A user's own issues: one article, forty articles, long titles, a very wide picture, Unicode.
LONG_TITLE = "A very long headline " + "that goes on and on about textile clusters " * 4 + "and ends"
UNICODE_TITLE = "Tèxtils in Severovýchod and Türkiye: €2 million for Łódź"


def issue_yaml(title: str, items: list[dict]) -> str:
    return yaml.safe_dump({"title": title, "date": "2022-05-01", "number": 1, "items": items}, allow_unicode=True)


@pytest.fixture(scope="module")
def users_issues(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("issues")
    items = [{"id": f"article-{n}", "title": f"Article {n} of forty", "body": f"Paragraph of article {n}. " * 30}
             for n in range(1, 41)]
    items[0].update(title=LONG_TITLE)
    items[1].update(title=UNICODE_TITLE, image="wide.png", image_alt="A wide banner", image_caption="Photo: Tèxtils")
    write_site(root, {
        "newsletters/one.yaml": issue_yaml("Only one", [{"id": "single", "title": "The single article", "body": "Text."}]),
        "newsletters/two.yaml": issue_yaml("Two articles", [{"id": "first", "title": "First", "body": "Text. " * 1500},
                                                            {"id": "second", "title": "Second", "body": "More text."}]),
        "newsletters/forty.yaml": issue_yaml("Forty articles", items),
        "newsletters/draft.yaml": issue_yaml("Not yet", [{"id": "soon", "title": "Coming soon"}]) + "draft: true\n",
    })
    Image.new("RGB", (4000, 300), (20, 60, 120)).save(root / "content" / "wide.png")
    copy_kit(root)
    result = consortia(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_an_issue_with_one_article(users_issues):
    printed = PrintedIssue((users_issues / "newsletters/one/demo-newsletter-one.pdf").read_bytes())
    assert printed.start_pages(["The single article"]) == {"The single article": 3}
    assert printed.contents_numbers(["The single article"]) == {"The single article": 3}
    assert len(printed.bodies) == 3


def test_an_issue_with_forty_articles_long_titles_and_unicode(users_issues):
    printed = PrintedIssue((users_issues / "newsletters/forty/demo-newsletter-forty.pdf").read_bytes())
    titles = [LONG_TITLE, UNICODE_TITLE, *(f"Article {n} of forty" for n in range(3, 41))]
    starts = printed.start_pages(titles)
    assert printed.contents_numbers(titles) == starts
    assert len(set(starts.values())) == 40
    assert all(FOOTER.match(footer)["pages"] == str(len(printed.bodies)) for footer in printed.footers)
    assert "Photo: Tèxtils" in printed.bodies[starts[UNICODE_TITLE] - 1]


def test_a_draft_is_not_published(users_issues):
    assert not (users_issues / "newsletters" / "draft").exists()
    assert "Not yet" not in (users_issues / "feeds" / "news.rss.xml").read_text(encoding="utf-8")
    assert "Not yet" not in (users_issues / "newsletters" / "index.html").read_text(encoding="utf-8")


def test_a_draft_is_previewed_but_not_fed(sample_site):
    root = sample_site({"newsletters/soon.yaml": issue_yaml("Not yet", [{"id": "soon", "title": "Coming"}]) + "draft: true\n"})
    preview = generate(ProjectFolder.at(root), date(2022, 6, 1), SITE_URL, include_drafts=True)
    assert "This issue is a draft" in preview.pages["newsletters/soon/index.md"]
    assert all(b"Not yet" not in data for uri, data in preview.files.items() if uri.startswith("feeds/"))
    published = generate(ProjectFolder.at(root), date(2022, 6, 1), SITE_URL)
    assert "newsletters/soon/index.md" not in published.pages


def as_mkdocs_wrote_it(page: Path) -> None:
    """An issue page without the page numbers printing wrote into it."""
    page.write_text(re.sub(r'(data-page-of="[^"]+">)\d+<', r"\1<", page.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture
def example_copy(built_example, tmp_path) -> tuple[Path, object]:
    """A copy of the built example whose issue page is as MkDocs wrote it (no page numbers yet)."""
    site = tmp_path / "site"
    shutil.copytree(built_example, site)
    as_mkdocs_wrote_it(site / "newsletters/2020-06/index.html")
    catalogue = generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), date(2020, 7, 1), SITE_URL).catalogue
    return site, catalogue


@pytest.fixture
def users_copy(users_issues, tmp_path) -> tuple[Path, object]:
    """A copy of the users' built issues, their pages as MkDocs wrote them."""
    site = tmp_path / "site"
    shutil.copytree(users_issues, site)
    for page in site.glob("newsletters/*/index.html"):
        as_mkdocs_wrote_it(page)
    return site, generate(ProjectFolder.at(users_issues.parent), date(2022, 6, 1), SITE_URL).catalogue


def printed_files(site: Path) -> dict[str, bytes]:
    """Every issue's PDF and page, by path."""
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for pattern in ("newsletters/*/*.pdf", "newsletters/*/index.html") for path in sorted(site.glob(pattern))}


def test_an_unchanged_issue_comes_from_the_cache(example_copy, tmp_path):
    site, catalogue = example_copy
    cache = tmp_path / "cache"
    page = (site / "newsletters/2020-06/index.html").read_text(encoding="utf-8")
    first = print_newsletters(site, catalogue, SITE_URL, cache)
    pdf = (site / EXAMPLE_PDF).read_bytes()
    (site / "newsletters/2020-06/index.html").write_text(page, encoding="utf-8")  # as the next build writes it
    second = print_newsletters(site, catalogue, SITE_URL, cache)
    assert [issue.reused for issue in first] == [False] and [issue.reused for issue in second] == [True]
    assert (site / EXAMPLE_PDF).read_bytes() == pdf
    assert second[0].start_pages == first[0].start_pages

    # A changed picture or print style prints the issue again.
    for changed in ("media", "assets/consortia/consortia.css"):
        (site / "newsletters/2020-06/index.html").write_text(page, encoding="utf-8")
        # The whole cover picture, the one print takes (the phone copy is not loaded).
        covers = sorted((site / "media").glob("*2020-06-cover*"), key=lambda path: path.stat().st_size)
        target = covers[-1] if changed == "media" else site / changed
        target.write_bytes(target.read_bytes() + b"\n")
        assert [issue.reused for issue in print_newsletters(site, catalogue, SITE_URL, cache)] == [False]


def test_printing_twice_gives_the_same_bytes(example_copy):
    site, catalogue = example_copy
    page = (site / "newsletters/2020-06/index.html").read_text(encoding="utf-8")
    print_newsletters(site, catalogue, SITE_URL, None)
    first = (site / EXAMPLE_PDF).read_bytes()
    (site / "newsletters/2020-06/index.html").write_text(page, encoding="utf-8")
    print_newsletters(site, catalogue, SITE_URL, None)
    assert (site / EXAMPLE_PDF).read_bytes() == first


def count_calls(monkeypatch, owner: type, method: str) -> list[dict]:
    """The options of every call of an async Playwright method from now on, in a list growing with each."""
    calls = []
    original = getattr(owner, method)

    async def counted(self, **options):
        calls.append(options)
        return await original(self, **options)

    monkeypatch.setattr(owner, method, counted)
    return calls


def test_one_browser_prints_every_issue_of_a_build(users_copy, monkeypatch):
    from playwright.async_api import BrowserType

    site, catalogue = users_copy
    launches = count_calls(monkeypatch, BrowserType, "launch")
    for pages_at_once in (1, 2):
        printed = print_newsletters(site, catalogue, SITE_URL, None, pages_at_once=pages_at_once)
        assert [issue.reused for issue in printed] == [False, False, False]
    assert len(launches) == 2  # one for each call, however many issues it prints at once


def test_printing_several_issues_at_once_gives_the_same_files_as_one_after_the_other(users_copy, tmp_path):
    site, catalogue = users_copy
    one_by_one = tmp_path / "one-by-one"
    shutil.copytree(site, one_by_one)
    print_newsletters(one_by_one, catalogue, SITE_URL, None, pages_at_once=1)
    print_newsletters(site, catalogue, SITE_URL, None, pages_at_once=2)  # one tab prints two issues, one after the other
    assert printed_files(site) == printed_files(one_by_one)
    assert len([path for path in printed_files(site) if path.endswith(".pdf")]) == 3


def test_only_the_issue_whose_page_changed_is_printed_again(users_copy, tmp_path):
    site, catalogue = users_copy
    pages = {page: page.read_text(encoding="utf-8") for page in site.glob("newsletters/*/index.html")}
    print_newsletters(site, catalogue, SITE_URL, tmp_path / "cache")
    before = printed_files(site)
    for page, html in pages.items():  # as the next build writes them, one with a new title
        page.write_text(html.replace("The single article", "The one article"), encoding="utf-8")
    printed = print_newsletters(site, catalogue, SITE_URL, tmp_path / "cache")
    assert {issue.issue_id: issue.reused for issue in printed} == {"forty": True, "one": False, "two": True}
    after = printed_files(site)
    assert after["newsletters/one/demo-newsletter-one.pdf"] != before["newsletters/one/demo-newsletter-one.pdf"]
    assert {path: data for path, data in after.items() if "/one/" not in path} == \
        {path: data for path, data in before.items() if "/one/" not in path}


def test_an_issue_prints_once_when_its_page_numbers_are_foreseen(example_copy, monkeypatch):
    """The print layout, measured in the browser, tells where the example's articles start."""
    site, catalogue = example_copy
    prints = count_calls(monkeypatch, Page, "pdf")
    print_newsletters(site, catalogue, SITE_URL, None)
    assert len(prints) == 1
    printed = PrintedIssue((site / EXAMPLE_PDF).read_bytes())
    titles = titles_of(issue_with_posts("2020-06"))
    assert printed.contents_numbers(titles) == printed.start_pages(titles)


def test_page_numbers_foreseen_wrongly_are_corrected_by_printing_again(example_copy, monkeypatch, tmp_path):
    site, catalogue = example_copy
    foreseen = tmp_path / "foreseen"
    shutil.copytree(site, foreseen)
    print_newsletters(foreseen, catalogue, SITE_URL, None)
    prints = count_calls(monkeypatch, Page, "pdf")
    monkeypatch.setattr(printing, "_LIKELY_START_PAGES", "({ids}) => Object.fromEntries(ids.map((id) => [id, 1]))")
    print_newsletters(site, catalogue, SITE_URL, None)
    assert len(prints) == 2
    assert printed_files(site) == printed_files(foreseen)


def test_what_a_script_fetches_is_not_printed_nor_waited_for(example_copy, tmp_path):
    """The search index Material's script fetches, say: a new index must not print every issue again."""
    site, catalogue = example_copy
    page = site / "newsletters/2020-06/index.html"
    html = page.read_text(encoding="utf-8").replace("</body>", '<script>fetch("fetched.json")</script></body>')
    page.write_text(html, encoding="utf-8")
    (site / "newsletters/2020-06/fetched.json").write_text("[]", encoding="utf-8")
    print_newsletters(site, catalogue, SITE_URL, tmp_path / "cache")
    page.write_text(html, encoding="utf-8")
    (site / "newsletters/2020-06/fetched.json").write_text("[1]", encoding="utf-8")
    assert [issue.reused for issue in print_newsletters(site, catalogue, SITE_URL, tmp_path / "cache")] == [True]
