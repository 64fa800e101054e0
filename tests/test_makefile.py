"""The Makefile: installs only when the requirements change, and a failing target ends with the
kit's own lines, not with make's."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import REPO


def make(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-C", os.fspath(folder), *arguments],
                          capture_output=True, text=True, timeout=120)


REQUIREMENTS = ("requirements.in", "requirements-test.in", "constraints.txt", "pyproject.toml")


def kit_with_venv(tmp_path: Path) -> Path:
    """The Makefile and its requirements, as old as when this checkout's venv was installed, beside a
    link to that venv: make sees an installed kit (and must not install into the shared venv)."""
    stamp = REPO / ".venv" / ".installed"
    assert stamp.is_file(), "make install-test runs before the tests"
    for name in ("Makefile", *REQUIREMENTS):
        shutil.copy(REPO / name, tmp_path / name)
        os.utime(tmp_path / name, (stamp.stat().st_mtime - 60,) * 2)
    (tmp_path / ".venv").symlink_to(REPO / ".venv")
    return tmp_path


def test_nothing_is_installed_when_nothing_changed(tmp_path):
    assert "pip install" not in make(kit_with_venv(tmp_path), "-n", "install").stdout


def test_a_changed_requirement_installs_again(tmp_path):
    folder = kit_with_venv(tmp_path)
    os.utime(folder / "requirements.in", None)  # newer than the stamp
    planned = make(folder, "-n", "install").stdout
    assert "pip install -r requirements.in -c constraints.txt" in planned


def test_a_failing_target_ends_with_the_kits_words(tmp_path):
    folder = kit_with_venv(tmp_path)
    (folder / "project.yaml").write_text("acronym: [\n", encoding="utf-8")
    result = make(folder, "check")
    assert result.returncode != 0
    assert result.stderr.splitlines()[-1] == "1 problem found."
    assert "make:" not in result.stdout + result.stderr
