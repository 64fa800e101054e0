"""Shared fixtures: a small, valid project folder that each test bends into the shape it needs."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from browser_harness import browser, serve

from consortia.pipeline import ProjectFolder, validate

# Line numbers matter: tests count lines in these texts, so keep them short and flat.
PROJECT_YAML = """\
acronym: DEMO
title: Demo Partnership
programme: COSME
start: 2022-01-01
end: 2023-12-31
coordinator: alpha
funding_statement: Co-funded by the COSME programme of the European Union
disclaimer: The views expressed are those of the authors only.
topics:
  - id: green
    title: Green
"""

BILINGUAL_PROJECT_YAML = PROJECT_YAML.replace(
    "funding_statement: Co-funded by the COSME programme of the European Union",
    "funding_statement:\n  en: Co-funded by the COSME programme of the European Union\n"
    "  it: Cofinanziato dal programma COSME dell'Unione europea",
) + "languages: [en, it]\n"
"""The small project in English and Italian (its statement in both; the statement's lines come after line 7)."""

PARTNERS_YAML = """\
- id: alpha
  name: Alpha Cluster
  role: coordinator
  country: PT
- id: beta
  name: Beta Association
  country: CZ
"""

EVENTS_YAML = """\
- id: kick-off
  title: Kick-off meeting
  start: 2022-02-01
  organisers: [alpha]
  location:
    city: Porto
    country: PT
"""

DEFAULT_FILES: dict[str, str] = {
    "project.yaml": PROJECT_YAML,
    "partners.yaml": PARTNERS_YAML,
    "events.yaml": EVENTS_YAML,
}


def write_site(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write the default project merged with `files` (None omits a file) into `root`."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    for name, text in {**DEFAULT_FILES, **files}.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def sample_site(tmp_path):
    """A function `make(files) -> Path` writing a small project (valid unless `files` breaks it) into tmp_path."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        return write_site(tmp_path, files or {})

    return make


def problems_of(root: Path) -> list[str]:
    """Every problem validation finds in the project at `root`, as sorted `file:line: …` lines."""
    _site, _media, problems = validate(ProjectFolder.at(root))
    return [str(problem) for problem in sorted(problems)]


REPO = Path(__file__).resolve().parent.parent
EXAMPLE_LANGUAGES = {"en", "it"}


def in_english(value: object) -> object:
    """Record data as the example's English pages show it: each {en: …, it: …} text becomes its English."""
    if isinstance(value, dict):
        if value and set(value) <= EXAMPLE_LANGUAGES and "en" in value:
            return in_english(value["en"])
        return {key: in_english(item) for key, item in value.items()}
    if isinstance(value, list):
        return [in_english(item) for item in value]
    return value


def example_yaml(*path: str) -> object:
    """One of the example's record files, its texts in English."""
    return in_english(yaml.safe_load(REPO.joinpath(*path).read_text(encoding="utf-8")))


def issue_with_posts(issue_id: str) -> dict:
    """One of the example's newsletter issues in English, a post it includes (- post: <id>) in its place."""
    issue = example_yaml("newsletters", f"{issue_id}.yaml")
    posts = {post["id"]: post for post in example_yaml("news.yaml")}
    return {**issue, "items": [posts[item["post"]] if "post" in item else item for item in issue["items"]]}


BUILD_DAY = "1572566400"
"""The tests' build day, 1 November 2019 (SOURCE_DATE_EPOCH): inside the example project, which is then not over."""


def consortia(root: Path, *arguments: str, day: str | None = BUILD_DAY) -> subprocess.CompletedProcess:
    """Run the `consortia` command as a user would, on a fixed build day (1 November 2019), or on the
    real day when `day` is None."""
    command = [sys.executable, "-m", "consortia.cli", "--root", os.fspath(root), *arguments]
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if day is not None:
        environment["SOURCE_DATE_EPOCH"] = day
    return subprocess.run(command, capture_output=True, text=True, env=environment)


def assert_matches_golden(files: dict[str, bytes], folder: Path, pattern: str = "[!.]*") -> None:
    """`files` by URI against their reviewed copies in `folder` (one file per URI, "/" written "__").

    With CONSORTIA_UPDATE_GOLDEN=1 the folder is rewritten first; review its diff like any other change."""
    def name(uri: str) -> str:
        return uri.replace("/", "__")

    if os.environ.get("CONSORTIA_UPDATE_GOLDEN"):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(pattern):
            stale.unlink()
        for uri, data in files.items():
            (folder / name(uri)).write_bytes(data)
    assert {name(uri) for uri in files} == {path.name for path in folder.glob(pattern)}
    for uri, data in files.items():
        assert data == (folder / name(uri)).read_bytes(), f"{uri} differs from its golden file"


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example site, built once per test run with `consortia build`."""
    site_dir = tmp_path_factory.mktemp("example") / "site"
    result = consortia(REPO, "build", "--site-dir", os.fspath(site_dir))
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="module")
def site_url(built_example):
    """The example site served over HTTP, for the browser tests."""
    with serve(built_example) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    """One browser for a test module."""
    with browser() as instance:
        yield instance


def indexed_pages(folder: Path) -> dict[str, dict]:
    """What the search index of a language's folder holds: each page's Pagefind record (url, content,
    meta.title, filters) by its address from the folder, read from the index's gzipped fragments."""
    fragments = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for path in (folder / "pagefind" / "fragment").glob("*.pf_fragment")]
    return {fragment["url"].lstrip("/"): fragment for fragment in fragments}


def web_pages(site_dir: Path) -> list[Path]:
    """The built site's HTML pages, without the newsletters' e-mails (email.html): those are no web
    pages, their addresses are absolute and their unsubscribe link is a mail service's merge tag
    (test_email_edition.py checks them)."""
    return [path for path in site_dir.rglob("*.html") if path.name != "email.html"]


def broken_links(site_dir: Path) -> list[str]:
    """Every link, picture, style sheet and script of the built site's pages that leads to no file
    of the site, as "page: target"."""
    broken = []
    for html in web_pages(site_dir):
        base = "/" + html.relative_to(site_dir).as_posix()
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("a[href], img[src], link[href], script[src]"):
            target = element.get("href") or element.get("src")
            parts = urlsplit(urljoin(base, target))
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = site_dir / parts.path.lstrip("/")
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{base}: {target}")
    return broken
