"""`make serve`: a bad edit prints its problems and the preview keeps serving the last good site."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import write_site
from test_build import copy_kit

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
def previewing(root: Path) -> Iterator[tuple[str, list[str]]]:
    """`mkdocs serve` on the project at `root`: yields its address and, once stopped, its error output."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    errors: list[str] = []
    try:
        yield f"http://127.0.0.1:{port}/", errors
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        errors.append(server.communicate(timeout=30)[1])


def test_a_bad_edit_keeps_the_last_good_preview(tmp_path):
    root = copy_kit(write_site(tmp_path, {}))
    with previewing(root) as (address, errors):
        page = address + "partners/alpha/"
        assert wait_for(lambda: _serves(page, "Alpha Cluster"))
        partners = root / "partners.yaml"
        partners.write_text(partners.read_text().replace("country: PT", "country: XX"))
        time.sleep(6)  # the preview notices the edit and tries to rebuild
        assert "Alpha Cluster" in fetch(page)  # still the last good site, served at once
        # Saved the way many editors save: a new file renamed over the old one.
        fixed = root / "partners.yaml.new"
        fixed.write_text(partners.read_text().replace("country: XX", "country: PT").replace("Alpha Cluster", "Alpha Network"))
        fixed.replace(partners)
        assert wait_for(lambda: _serves(page, "Alpha Network"))
    assert "partners.yaml:4: partners[0].country: 'XX' is not a two-letter ISO 3166 country code" in errors[0]
    assert "Traceback" not in errors[0]


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
