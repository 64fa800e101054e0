"""Preview latency: how long after an edit is saved the preview (`consortia serve`) serves it.

`preview_latency(project)` starts the preview on a project folder, adds a word to one event's
title in events.yaml, and times until both the event's page and the events list served over HTTP
show it (MkDocs' server holds a page while a build runs, so a page served is a page built).
Run from the repository root: `.venv/bin/python bench/preview_latency.py` measures the example
and the benchmark's LARGE site.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_FILES = ("mkdocs.yml", "hooks", "overrides", "templates", "content", "newsletters")
EDITS = 3  # the fastest of three, as the build benchmark counts its builds
POLL_SECONDS = 0.02
FIRST_BUILD_SECONDS = 900  # the LARGE site's first build, from a cold cache, on a busy 2-core machine
EDIT_SECONDS = 120


def copy_example(destination: Path) -> Path:
    """The repository's example project (records, content, settings, kit files) into `destination`,
    so that timing edits never touches the repository's records."""
    destination.mkdir(parents=True, exist_ok=True)
    for path in [*REPO.glob("*.yaml"), *(REPO / name for name in EXAMPLE_FILES)]:
        target = destination / path.name
        if path.is_dir():
            shutil.copytree(path, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, target)
    return destination


def preview_latency(project: Path, edits: int = EDITS) -> float:
    """Seconds from saving an edit of an event's title to its page and the events list showing it,
    in the preview of `project` (the fastest of `edits` edits). events.yaml is restored afterwards."""
    events = project / "events.yaml"
    original = events.read_bytes()
    try:
        with previewing(project) as address:
            event_id, title = _listed_event(address, events)
            page, listing = f"{address}events/{event_id}/", f"{address}events/"
            seconds = []
            for edit in range(1, edits + 1):
                word = f"Edited{edit}x{os.getpid()}"
                _retitle(events, title, f"{title} {word}")
                saved = time.monotonic()
                if not _wait_until(lambda: all(word in _fetched(url) for url in (page, listing)), EDIT_SECONDS):
                    raise RuntimeError(f"the preview did not show the edit of {event_id} within {EDIT_SECONDS} s")
                seconds.append(time.monotonic() - saved)
                title = f"{title} {word}"
            return min(seconds)
    finally:
        events.write_bytes(original)


@contextmanager
def previewing(project: Path) -> Iterator[str]:
    """`consortia serve` on `project`, once its first build is served: yields its address."""
    port = _free_port()
    command = [sys.executable, "-m", "consortia.cli", "--root", os.fspath(project), "serve", "--port", str(port)]
    # MkDocs builds into a new folder of TMPDIR, which it leaves behind when it is stopped.
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory(prefix="consortia-preview-site-") as serving:
        # Its own session, so that stopping it stops MkDocs, which it runs as a child.
        server = subprocess.Popen(command, cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                  env={**os.environ, "TMPDIR": serving})
        address = f"http://127.0.0.1:{port}/"
        try:
            if not _wait_until(lambda: _fetched(address) or server.poll() is not None, FIRST_BUILD_SECONDS) or server.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"the preview of {project} did not start:\n{log.read().decode(errors='replace')[-4000:]}")
            yield address
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def _listed_event(address: str, events: Path) -> tuple[str, str]:
    """The id and main-language title of the first event of events.yaml that the events list shows
    (a long list is split over several pages)."""
    listing = _fetched(f"{address}events/")
    for event in yaml.safe_load(events.read_text(encoding="utf-8")):
        title = event["title"] if isinstance(event["title"], str) else next(iter(event["title"].values()))
        if re.search(rf'href="[^"]*{re.escape(event["id"])}/"', listing) and title in events.read_text(encoding="utf-8"):
            return event["id"], title
    raise RuntimeError(f"no event of {events} is shown on the events list")


def _retitle(events: Path, title: str, new_title: str) -> None:
    """Saves events.yaml with the first occurrence of `title` replaced, the way an editor saves."""
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace(title, new_title, 1), encoding="utf-8")


def _fetched(url: str) -> str:
    """The page at `url`, or "" while the server is not answering yet."""
    try:
        with urllib.request.urlopen(url, timeout=EDIT_SECONDS) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(POLL_SECONDS)
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    """The latency on the example and on the benchmark's LARGE site, each in a throw-away copy."""
    sys.path.insert(0, os.fspath(Path(__file__).resolve().parent))
    from run import DEFAULT_SMALL, write_kit_project  # run.py calls this module: imported only here

    work = Path(tempfile.mkdtemp(prefix="consortia-preview-"))
    try:
        print(f"example: {preview_latency(copy_example(work / 'example')):.2f} s from saving an event's title to its pages served")
        large = DEFAULT_SMALL.times(2, "LARGE")
        write_kit_project(work / "large", large)
        print(f"LARGE ({large.records:,} records): {preview_latency(work / 'large'):.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
