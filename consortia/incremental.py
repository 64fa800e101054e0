"""What a preview build writes again after an edit: only the generated pages and files whose
content changed, unless something every page shows changed.

The preview (`make serve`) runs MkDocs' dirty builds, which build again only the pages they are
told changed. Each build leaves a note in its site folder (one per language: site/, site/it/): a
digest of each generated page and file, and one of what every page shows — the settings, the
theme's templates, the kit's templates, the hand-written content, the project. The next build
compares with it: a page whose Markdown, link preview or schema.org data changed is built again,
with every page that lists it (their Markdown changed too); a page or file no longer generated is
removed; a change to what every page shows empties the folder and builds everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from consortia.languages import current

if TYPE_CHECKING:
    from consortia.pipeline import GeneratedSite

NOTE = ".consortia-built.json"
"""The note of the last build, in each language's site folder (hidden: MkDocs keeps it when it cleans)."""


@dataclass(frozen=True)
class Rebuild:
    """What one build writes, against the note of the build before."""

    everything: bool
    """Nothing can be kept: the site folder is emptied and every page built."""
    pages: frozenset[str]
    """The generated pages (source URIs) to build."""
    files: frozenset[str]
    """The generated files (URIs) to write."""
    removed: tuple[str, ...]
    """Generated pages and files of the last build that are no longer generated."""
    note: dict
    """What this build leaves for the next one, once it is done."""


def digest(*parts: str | bytes) -> str:
    """A short fingerprint of the parts, in order."""
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def folders_digest(paths: Iterable[Path]) -> str:
    """What the files under `paths` (folders or files) are now: names, sizes and modification times,
    without reading them (a hand-written page, a template or the settings edited)."""
    seen = []
    for path in paths:
        found = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in found:
            if file.is_file() and "__pycache__" not in file.parts:
                state = file.stat()
                seen.append(f"{file}\t{state.st_size}\t{state.st_mtime_ns}")
    return digest("\n".join(seen))


def values_digest(values: object) -> str:
    """A fingerprint of plain values (settings, the theme's words), objects by their repr."""
    return digest(json.dumps(values, sort_keys=True, default=_plain, ensure_ascii=False))


def _plain(value: object) -> object:
    # A set's order changes from one run to the next; a sorted list does not.
    return sorted(value, key=repr) if isinstance(value, (set, frozenset)) else repr(value)


def site_digest(paths: Iterable[Path], generated: GeneratedSite, theme_values: object) -> str:
    """What every page of one language shows: the files under `paths` (settings, templates, theme,
    hand-written content), the project and the site's languages, and `theme_values` (what the
    theme reads besides the page)."""
    shown_everywhere = [generated.language, generated.languages, generated.site_url, generated.preview,
                        generated.catalogue.today.isoformat(), generated.archive_notice, generated.footer_links,
                        [repr(feed) for feed in generated.feeds], generated.catalogue.project.model_dump_json()]
    return digest(folders_digest(paths), values_digest(shown_everywhere), values_digest(theme_values))


def page_digests(generated: GeneratedSite, with_sources: bool) -> dict[str, str]:
    """Each generated page's fingerprint: its Markdown, link preview and schema.org data, and the
    record's line when pages link to it ("edit this page")."""
    return {
        uri: digest(markdown, repr(generated.shared.get(uri)), "\n".join(generated.structured.get(uri, [])),
                    repr(generated.sources.get(uri)) if with_sources else "")
        for uri, markdown in generated.pages.items()
    }


def file_digests(files: dict[str, bytes]) -> dict[str, str]:
    """Each generated file's fingerprint, by URI; a file whose bytes are the very object the last
    call had (a picture or feed this process kept) is not read again (the pictures alone are
    hundreds of megabytes on a large site)."""
    earlier = _FILE_DIGESTS.get(current(), {})
    made: dict[int, tuple[bytes, str]] = {}
    for data in files.values():
        kept = earlier.get(id(data))
        made[id(data)] = kept if kept is not None and kept[0] is data else (data, digest(data))
    _FILE_DIGESTS[current()] = made
    return {uri: made[id(data)][1] for uri, data in files.items()}


_FILE_DIGESTS: dict[str, dict[int, tuple[bytes, str]]] = {}
"""Each language's last digests by the identity of the bytes, which each entry holds alive."""


def plan_rebuild(site_dir: Path, site: str, pages: dict[str, str], files: dict[str, str], always: Iterable[str] = ()) -> Rebuild:
    """What to write into `site_dir`, given the digest `site` of what every page shows and the
    digests of each generated page and file by URI; `always` names files written at every build."""
    before = _read_note(site_dir)
    note = {"site": site, "pages": pages, "files": files}
    if before is None or before.get("site") != site:
        return Rebuild(True, frozenset(pages), frozenset(files), (), note)
    kept_pages, kept_files = before.get("pages", {}), before.get("files", {})
    always = set(always)
    removed = sorted((kept_pages.keys() - pages.keys()) | (kept_files.keys() - files.keys()))
    return Rebuild(
        False,
        frozenset(uri for uri, page in pages.items() if kept_pages.get(uri) != page),
        frozenset(uri for uri, file in files.items() if kept_files.get(uri) != file or uri in always),
        tuple(removed),
        note,
    )


def _read_note(site_dir: Path) -> dict | None:
    try:
        note = json.loads((site_dir / NOTE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return note if isinstance(note, dict) else None


def forget_last_build(site_dir: Path) -> None:
    """Before a build writes anything: should it stop half-way, the next one builds everything."""
    (site_dir / NOTE).unlink(missing_ok=True)


def remember_build(site_dir: Path, rebuild: Rebuild) -> None:
    """Once a build is done: its note, for the next one."""
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / NOTE).write_text(json.dumps(rebuild.note, sort_keys=True), encoding="utf-8")


def remove_built(site_dir: Path, paths: Iterable[Path]) -> None:
    """Delete the built files of pages and files no longer generated, and the folders they leave empty."""
    top = site_dir.resolve()
    for path in paths:
        path.unlink(missing_ok=True)
        folder = path.parent.resolve()
        while folder != top and top in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            os.rmdir(folder)
            folder = folder.parent
