"""`make serve`: a bad edit prints its problems and the preview keeps serving the last good site."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
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


def test_a_bad_edit_keeps_the_last_good_preview(tmp_path):
    root = copy_kit(write_site(tmp_path, {"content/about.md": "# About\n", "content/contact.md": "# Contact\n"}))
    (root / "content" / "assets" / "brand").mkdir(parents=True)
    (root / "content" / "assets" / "brand" / "logo.svg").write_bytes((REPO / "content/assets/brand/logo.svg").read_bytes())
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    page = f"http://127.0.0.1:{port}/partners/alpha/"
    try:
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
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        errors = server.communicate(timeout=30)[1]
    assert "partners.yaml:4: partners[0].country: 'XX' is not a two-letter ISO 3166 country code" in errors
    assert "Traceback" not in errors


def _serves(url: str, text: str) -> bool:
    try:
        return text in fetch(url)
    except OSError:
        return False
