"""MkDocs glue: the only module that knows MkDocs. It asks the consortia package for the
generated pages and hands them to MkDocs; all logic lives in the package.

MkDocs caches hook modules between builds, so this module keeps no state of its own: what a
build generates travels on that build's config.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel

from consortia.pipeline import Project, build_day, generate
from consortia.problems import SiteProblems

_SECTION_PAGES = {"index.md", "partners/index.md", "events/index.md", "agreements/index.md",
                  "newsletters/index.md", "topics/index.md"}


def _project(config: MkDocsConfig) -> Project:
    return Project.at(Path(config.config_file_path).parent, Path(config.docs_dir))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate and generate before MkDocs cleans the site folder, so bad data leaves it untouched."""
    try:
        generated = generate(_project(config), build_day())
    except SiteProblems as problems:
        raise Abort(problems.report()) from None
    config.extra["consortia"] = generated
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages (record pages outside the navigation) and processed images."""
    generated = config.extra["consortia"]
    clashes = [uri for uri in generated.pages if files.get_file_from_path(uri)]
    if clashes:
        names = ", ".join(f"content/{uri}" for uri in clashes)
        raise Abort(f"{names}: the kit generates this page from the YAML records; rename or remove the file")
    for uri, markdown in generated.pages.items():
        inclusion = InclusionLevel.UNDEFINED if uri in _SECTION_PAGES else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, content=markdown, inclusion=inclusion))
    for uri, data in generated.files.items():
        files.append(File.generated(config, uri, content=data))
    return files


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when a record file or a template changes."""
    project = _project(config)
    for name in ("project.yaml", "partners.yaml", "events.yaml", "agreements.yaml", "newsletters"):
        if (project.root / name).exists():
            server.watch(os.fspath(project.root / name))
    server.watch(os.fspath(project.root / "templates"))
    return server
