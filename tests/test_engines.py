"""The same records on another engine: ProperDocs, the maintained fork of MkDocs 1.6, builds the
example into the same site, byte for byte, but for the generator it names in every page."""

from __future__ import annotations

import os
import re

from conftest import REPO, consortia

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_same_site(built_example, tmp_path):
    result = consortia(REPO, "build", "--engine", "properdocs", "--site-dir", os.fspath(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert b"ProperDocs" in (tmp_path / "site" / "index.html").read_bytes()
    mkdocs, properdocs = _files(built_example), _files(tmp_path / "site")
    assert sorted(mkdocs) == sorted(properdocs)
    assert [name for name in mkdocs if mkdocs[name] != properdocs[name]] == []


def _files(site) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): GENERATOR.sub(b"", path.read_bytes())
            for path in sorted(site.rglob("*")) if path.is_file()}
