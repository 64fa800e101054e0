"""`make serve`: a bad edit prints its problems and the preview keeps serving the last good site."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from browser_harness import DESKTOP, axe_violations, browser, open_page
from conftest import BILINGUAL_PROJECT_YAML, write_site
from test_build import copy_kit

from consortia.addresses import page_url
from consortia.incremental import page_digests
from consortia.multilingual import language_prefix
from consortia.pipeline import ProjectFolder, build_day, generate

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@contextmanager
def previewing(root: Path, temporary: Path | None = None) -> Iterator[tuple[str, list[str]]]:
    """`mkdocs serve --dirty` on the project at `root`, as `consortia serve` runs it: yields its
    address and, once stopped, its error output. It builds into a new folder of `temporary`, or
    of a folder removed afterwards (stopped, MkDocs leaves its folder behind)."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    errors: list[str] = []
    # A file, not a pipe: a pipe nobody reads while the preview runs fills up and stops it.
    with tempfile.TemporaryFile() as output, tempfile.TemporaryDirectory() as removed_afterwards:
        server = subprocess.Popen(command, cwd=root, stderr=output, stdout=subprocess.DEVNULL,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": os.fspath(temporary or removed_afterwards)},
                                  start_new_session=True)
        try:
            yield f"http://127.0.0.1:{port}/", errors
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            output.seek(0)
            errors.append(output.read().decode("utf-8", errors="replace"))


def test_a_bad_edit_keeps_the_last_good_preview(tmp_path):
    root = copy_kit(write_site(tmp_path, {}))
    with previewing(root) as (address, errors):
        page = address + "partners/alpha/"
        assert wait_for(lambda: _serves(page, "Alpha Cluster"))
        partners = root / "partners.yaml"
        partners.write_text(partners.read_text().replace("country: PT", "country: XX"))
        # The preview notices the edit, refuses it and says so in the problems file its pages read.
        assert wait_for(lambda: "country" in fetch(address + "consortia-preview-problems.json"))
        assert "Alpha Cluster" in fetch(page)  # still the last good site, served at once
        # Saved the way many editors save: a new file renamed over the old one.
        fixed = root / "partners.yaml.new"
        fixed.write_text(partners.read_text().replace("country: XX", "country: PT").replace("Alpha Cluster", "Alpha Network"))
        fixed.replace(partners)
        assert wait_for(lambda: _serves(page, "Alpha Network"))
    assert "partners.yaml:4: partners[0].country: 'XX' is not a two-letter country code" in errors[0]
    assert "Traceback" not in errors[0]


PROBLEM = "partners.yaml:4: partners[0].country: 'Germany' is not a two-letter country code: did you mean DE (Germany)?"


def test_a_refused_edit_is_shown_on_every_page_until_it_is_fixed(tmp_path):
    root = copy_kit(write_site(tmp_path, {}))
    partners = root / "partners.yaml"
    with previewing(root) as (address, _errors), browser() as instance, open_page(instance, address, DESKTOP) as (page, requests):
        assert wait_for(lambda: _serves(address + "partners/alpha/", "Alpha Cluster"))
        page.goto(address + "partners/alpha/")
        assert page.locator(".cs-preview-problems").count() == 0
        partners.write_text(partners.read_text().replace("country: PT", "country: Germany"))
        # The preview reloads the page once the refused build is over; the notice names the problem.
        page.wait_for_selector(".cs-preview-problems", timeout=60_000)
        notice = page.locator(".cs-preview-problems")
        assert notice.get_attribute("role") == "alert"
        assert "Your last edit was not published: 1 problem" in notice.inner_text()
        assert notice.locator("li").all_inner_texts() == [PROBLEM]
        assert "Alpha Cluster" in page.locator("h1").inner_text()  # the last good site under it
        page.goto(address + "events/")
        page.wait_for_selector(".cs-preview-problems li")  # preview.js fetches the problems once the page is there
        assert page.locator(".cs-preview-problems li").all_inner_texts() == [PROBLEM]
        assert axe_violations(page) == []
        partners.write_text(partners.read_text().replace("country: Germany", "country: PT"))
        page.wait_for_selector(".cs-preview-problems", state="detached", timeout=60_000)
        page.goto(address + "partners/alpha/")
        assert page.locator(".cs-preview-problems").count() == 0
        assert requests.outside == []


def test_the_published_site_has_no_preview_notice(built_example):
    assert not (built_example / "consortia-preview-problems.json").exists()
    assert "preview.js" not in (built_example / "index.html").read_text(encoding="utf-8")


DRAFT_ISSUE = """\
title: Coming in March
date: 2022-03-31
draft: true
items:
  - id: first
    title: First article
"""


def test_the_preview_shows_a_draft_issue_and_its_pdf(tmp_path):
    root = copy_kit(write_site(tmp_path, {"newsletters/2022-03.yaml": DRAFT_ISSUE}))
    with previewing(root) as (address, errors):
        assert wait_for(lambda: _serves(address + "newsletters/2022-03/", "This issue is a draft"))
        assert "Coming in March" in fetch(address + "newsletters/")
        with urllib.request.urlopen(address + "newsletters/2022-03/demo-newsletter-2022-03.pdf", timeout=20) as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert "Coming in March" not in fetch(address + "feeds/news.rss.xml")
    assert "Traceback" not in errors[0]


def _serves(url: str, text: str) -> bool:
    try:
        return text in fetch(url)
    except OSError:
        return False


def test_a_busy_port_is_one_line(tmp_path):
    root = copy_kit(write_site(tmp_path, {}))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "consortia.cli", "--root", os.fspath(root), "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"port {port} is in use: stop the other preview or run `make serve PORT={port + 1}`\n"


def test_the_preview_recovers_from_a_half_saved_file_a_deleted_file_and_a_renamed_issue(tmp_path):
    root = copy_kit(write_site(tmp_path, {"newsletters/2022-03.yaml": DRAFT_ISSUE.replace("draft: true\n", "")}))
    partners, events, issue = root / "partners.yaml", root / "events.yaml", root / "newsletters" / "2022-03.yaml"
    good_partners, good_events = partners.read_text(), events.read_text()
    problems = lambda address: fetch(address + "consortia-preview-problems.json")
    with previewing(root) as (address, errors):
        assert wait_for(lambda: _serves(address + "events/kick-off/", "Kick-off meeting"))
        partners.write_text(good_partners[: good_partners.index("  role:") + 9])  # the editor stopped mid-line
        assert wait_for(lambda: "partners.yaml" in problems(address))
        partners.write_text(good_partners)
        assert wait_for(lambda: '"problems": []' in problems(address))
        events.unlink()
        assert wait_for(lambda: "Kick-off meeting" not in fetch(address + "events/"))
        events.write_text(good_events)
        assert wait_for(lambda: _serves(address + "events/kick-off/", "Kick-off meeting"))
        issue.rename(issue.with_name("2022-03.yaml.bak"))
        assert wait_for(lambda: "2022-03.yaml.bak" in problems(address))
        issue.with_name("2022-03.yaml.bak").rename(issue)
        assert wait_for(lambda: '"problems": []' in problems(address))
        assert _serves(address + "newsletters/2022-03/", "Coming in March")
    assert "Traceback" not in errors[0]




# --- building again only what an edit changed ----------------------------------------------------------


def built_times(site_dir: Path) -> dict[str, int]:
    """When each page of the built site (every language) was last written."""
    return {path.relative_to(site_dir).as_posix(): path.stat().st_mtime_ns for path in site_dir.rglob("index.html")}


def written_since(before: dict[str, int], site_dir: Path) -> set[str]:
    return {page for page, written in built_times(site_dir).items() if before.get(page) != written}


def changed_pages(root: Path, address: str, edit) -> set[str]:
    """The built pages (site/…/index.html, every language) of generated pages whose content `edit`
    (of the project at `root`) changes."""
    def digests() -> dict[str, str]:
        folder = ProjectFolder.at(root)
        main = generate(folder, build_day(), address, include_drafts=True)
        by_language = [main, *(generate(folder, build_day(), address, include_drafts=True, language=code, checked=main.checked)
                               for code in main.languages[1:])]
        return {language_prefix(generated.language, main.languages) + page_url(uri) + "index.html": page
                for generated in by_language for uri, page in page_digests(generated, with_sources=False).items()}
    before = digests()
    edit()
    after = digests()
    return {page for page, digest in after.items() if before.get(page) != digest}


MENU_PAGES = {"about/index.html", "contact/index.html", "it/about/index.html", "it/contact/index.html"}
"""The hand-written pages of the menu, built at every build: the menu of each page shows their titles."""


def test_an_edit_builds_again_only_the_pages_it_changes_in_every_language_when_visited(tmp_path):
    root = copy_kit(write_site(tmp_path / "project", {"project.yaml": BILINGUAL_PROJECT_YAML}))
    (tmp_path / "serving").mkdir()
    partners, theme = root / "partners.yaml", root / "overrides" / "main.html"
    with previewing(root, tmp_path / "serving") as (address, errors):
        assert wait_for(lambda: _serves(address + "it/partners/alpha/", "Alpha Cluster"))
        site_dir = next((tmp_path / "serving").glob("mkdocs_*"))
        first = built_times(site_dir)
        renamed = changed_pages(root, address, lambda: partners.write_text(partners.read_text().replace("Alpha Cluster", "Alpha Network")))
        assert wait_for(lambda: _serves(address + "partners/alpha/", "Alpha Network"))
        italian = "it/partners/alpha/index.html"
        assert built_times(site_dir)[italian] == first[italian]  # the other languages are built when they are visited…
        assert wait_for(lambda: _serves(address + "it/partners/alpha/", "Alpha Network"))  # …as now
        assert _serves(address + "partners/", "Alpha Network") and _serves(address + "it/events/kick-off/", "Alpha Network")
        after_rename = built_times(site_dir)
        theme.write_text(theme.read_text().replace("{% block footer %}", "{% block footer %}<p>A theme template edited.</p>", 1))
        assert wait_for(lambda: _serves(address + "it/partners/alpha/", "A theme template edited."))
        after_theme = built_times(site_dir)
        partners.write_text(partners.read_text().replace("- id: beta\n  name: Beta Association\n  country: CZ\n", ""))
        assert wait_for(lambda: _missing(address + "partners/beta/") and _missing(address + "it/partners/beta/"))
        assert not _serves(address + "partners/", "Beta Association")
        # The search index is written when the search asks for it, not at every build.
        assert not (site_dir / "pagefind").exists()
        assert '"languages"' in fetch(address + "pagefind/pagefind-entry.json")
        assert '"languages"' in fetch(address + "it/pagefind/pagefind-entry.json")
    assert {"partners/alpha/index.html", "it/partners/index.html", "it/events/kick-off/index.html"} <= renamed
    assert "partners/beta/index.html" not in renamed
    assert {page for page in after_rename if after_rename[page] != first[page]} == renamed | MENU_PAGES
    assert len(renamed | MENU_PAGES) < len(first)  # the other pages are left as they were built
    assert {page for page in after_theme if after_theme[page] != after_rename[page]} == set(first)  # the theme: every page
    assert not (site_dir / "partners" / "beta").exists() and not (site_dir / "it" / "partners" / "beta").exists()
    assert "Traceback" not in errors[0]


def _missing(url: str) -> bool:
    try:
        fetch(url)
    except urllib.error.HTTPError as error:
        return error.code == 404
    return False
