"""Builds under faults: killed at any moment, two at once, a full disk, a read-only folder. The last
good site/ stays whole every time, the message is one line, and the next build succeeds."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write_site
from test_build import copy_kit

ISSUE = "title: March news\ndate: 2022-03-01\nitems:\n  - id: hello\n    title: Hello\n    body: Hello, world.\n"


def kit_site(tmp_path: Path) -> Path:
    """A small project with one newsletter issue (so that a build prints a PDF), built once."""
    root = copy_kit(write_site(tmp_path, {"newsletters/2022-03.yaml": ISSUE}))
    assert start_build(root).wait(timeout=180) == 0
    return root


def start_build(root: Path, extra_environment: dict[str, str] | None = None, **options) -> subprocess.Popen:
    command = [sys.executable, "-m", "consortia.cli", "--root", os.fspath(root), "build"]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1572566400", **(extra_environment or {})}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
                            start_new_session=True, **options)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def kill_when(build: subprocess.Popen, moment: str) -> None:
    """Kill the build and everything it started (MkDocs, Chromium) with SIGKILL at `moment`: while
    the records are read, while MkDocs writes the pages, while Chromium prints the newsletter, or
    once MkDocs is done and the new site is about to be swapped in."""
    if moment == "reading records":
        time.sleep(0.4)
    elif moment == "printing":
        deadline = time.monotonic() + 120
        while not _chromium_running(build.pid):
            assert time.monotonic() < deadline and build.poll() is None, "the build printed no PDF"
            time.sleep(0.05)
    else:
        marker = {"writing pages": "Cleaning site directory", "swapping": "Documentation built"}[moment]
        next(line for line in build.stderr if marker in line)
    os.killpg(build.pid, signal.SIGKILL)  # Chromium, in a session of its own, ends with its parent's pipe
    build.wait(timeout=60)


def _chromium_running(build_pid: int) -> bool:
    """Whether a Chromium started by the build (at any depth: Playwright starts it in a session of its own) runs."""
    table = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,comm="], capture_output=True, text=True).stdout.split("\n")
    parents, names = {}, {}
    for row in filter(None, (line.split(None, 2) for line in table)):
        parents[int(row[0])], names[int(row[0])] = int(row[1]), row[2] if len(row) > 2 else ""
    for pid, name in names.items():
        ancestor = pid
        while ancestor in parents and ancestor != build_pid:
            ancestor = parents[ancestor]
        if ancestor == build_pid and "chrom" in name:
            return True
    return False


@pytest.mark.parametrize("moment", ["reading records", "writing pages", "printing", "swapping"])
def test_a_killed_build_leaves_the_last_site_whole_and_the_next_build_succeeds(tmp_path, moment):
    root = kit_site(tmp_path)
    before = snapshot(root / "site")
    # A new title: the issue's page changes, so its PDF is printed again.
    (root / "newsletters" / "2022-03.yaml").write_text(ISSUE.replace("March news", "March news, corrected"))
    kill_when(start_build(root), moment)
    assert snapshot(root / "site") == before
    assert start_build(root).wait(timeout=180) == 0
    assert "March news, corrected" in (root / "site" / "newsletters" / "2022-03" / "index.html").read_text(encoding="utf-8")
    assert not (root / ".site-new").exists()


def test_a_swap_cut_between_its_two_steps_is_repaired_by_the_next_build(tmp_path):
    root = kit_site(tmp_path)
    before = snapshot(root / "site")
    # Where renaming in one step is not available, a build killed between its two renames leaves this:
    (root / "site").rename(root / ".site-old")
    (root / ".site-new").mkdir()
    (root / ".site-new" / "index.html").write_text("half a build", encoding="utf-8")
    from consortia.files import repair_interrupted_swap

    repair_interrupted_swap(root / "site")
    assert snapshot(root / "site") == before
    assert start_build(root).wait(timeout=180) == 0


def test_the_swap_puts_the_new_site_in_place_in_one_step(tmp_path):
    from consortia.files import swap_in

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("old", encoding="utf-8")
    (tmp_path / ".site-new").mkdir()
    (tmp_path / ".site-new" / "index.html").write_text("new", encoding="utf-8")
    swap_in(tmp_path / ".site-new", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"
    assert (tmp_path / ".site-new" / "index.html").read_text(encoding="utf-8") == "old"


def test_a_second_build_at_the_same_time_refuses_in_one_line(tmp_path):
    from consortia.files import only_build

    root = kit_site(tmp_path)
    # This test holds the site's lock as a running build does (from its start to its end), so that
    # the second build is sure to meet it, however fast or loaded the machine.
    with only_build(root / "site"):
        second = start_build(root)
        _out, errors = second.communicate(timeout=60)
    assert second.returncode == 1
    assert errors.splitlines() == ["another build is writing site/ right now: wait until it has finished, then build again"]
    after = start_build(root)
    after.communicate(timeout=180)
    assert after.returncode == 0


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as on a full disk

    return apply


def test_a_full_disk_stops_the_build_with_one_line(tmp_path):
    root = kit_site(tmp_path)
    shutil.rmtree(root / ".cache")  # the images are written again, and meet the limit
    before = snapshot(root / "site")
    build = start_build(root, preexec_fn=_file_size_limit(4096))
    _out, errors = build.communicate(timeout=180)
    assert build.returncode != 0
    assert "Traceback" not in errors
    written = [line for line in errors.splitlines() if line.startswith("could not write ")]
    assert len(written) == 1 and written[0].endswith(": File too large"), errors
    assert snapshot(root / "site") == before
    assert start_build(root).wait(timeout=180) == 0


def test_a_read_only_folder_stops_the_build_with_one_line(tmp_path):
    root = kit_site(tmp_path)
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", os.fspath(read_only)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a read-only folder needs root: " + mounted.stderr.decode().strip())
    try:
        command = [sys.executable, "-m", "consortia.cli", "--root", os.fspath(root), "build", "--site-dir",
                   os.fspath(read_only / "site")]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    finally:
        subprocess.run(["umount", os.fspath(read_only)], check=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"could not write {read_only}/.site.lock: Read-only file system; site/ was left as it was"]


def test_missing_fonts_stop_the_build_with_one_line(tmp_path):
    root = kit_site(tmp_path)
    shutil.rmtree(root / ".cache")  # the preview pictures are drawn again, and need the fonts
    before = snapshot(root / "site")
    build = start_build(root, {"CONSORTIA_FONTS": os.fspath(tmp_path / "no-fonts")})
    _out, errors = build.communicate(timeout=180)
    assert build.returncode != 0 and "Traceback" not in errors
    missing = [line for line in errors.splitlines() if "DejaVu Sans, which is missing" in line]
    assert len(missing) == 1 and "sudo apt-get install fonts-dejavu-core" in missing[0], errors
    assert snapshot(root / "site") == before
