"""The site as one zip that works opened from disk (file://), for deposit in a repository such as Zenodo.

A web host answers partners/citeve/ with partners/citeve/index.html; a browser reading files shows
the folder instead, and it refuses to start the web worker Material's search runs in. So the built
site is adapted, not built differently: every link to a folder names its index.html, the search
index is also written as a script (which Material loads instead of fetching the index when it runs
from file://), and every page first loads iframe-worker, the shim Material's offline plugin names
for the worker. That plugin would have the pages fetch it from unpkg.com; the kit ships the same
file (consortia/data/, pinned in package-lock.json), so the archive makes no request at all.
"""

from __future__ import annotations

import json
import posixpath
import re
import zipfile
from datetime import date
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from consortia.addresses import relative_path, slug

WORKER_SHIM = "assets/consortia/iframe-worker.min.js"
"""Where the archive keeps the shim, from the site's root."""

# A link or a picture in a tag (never in text: code samples show their tags as &lt;a href=…).
_LINK = re.compile(r'(<[a-zA-Z][^<>]*?\s(?:href|src)=")([^"]*)(")')


def offline_settings(settings_file: str) -> str:
    """The archive's settings: the site's own (`settings_file`, mkdocs.yml) with Material's search
    plugin, whose index a page reads from disk; the site's search (Pagefind) fetches its index, which
    a browser refuses for files."""
    return f"INHERIT: {settings_file}\nplugins:\n  - search\n"


def archive_name(acronym: str) -> str:
    """The zip's name and its one top folder: tex4im-website."""
    return f"{slug(acronym)}-website"


def make_offline(site_dir: Path) -> None:
    """Adapt the built site in `site_dir`, in place, to be read from disk."""
    folders = {"."} | {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_dir()}
    for page in sorted(site_dir.rglob("*.html")):
        folder = _folder_of(page, site_dir)
        html = page.read_text(encoding="utf-8")
        page.write_text(_with_shim(_with_file_links(html, folder, folders), folder), encoding="utf-8")
    for index in sorted(site_dir.rglob("search/search_index.json")):
        _write_index_script(index, _folder_of(index.parent, site_dir), folders)
    shim = site_dir / WORKER_SHIM
    shim.parent.mkdir(parents=True, exist_ok=True)
    shim.write_bytes(resources.files("consortia").joinpath("data/iframe-worker.min.js").read_bytes())


def _folder_of(path: Path, site_dir: Path) -> str:
    """The folder holding `path`, from the site's root ("" for the root itself)."""
    folder = path.parent.relative_to(site_dir).as_posix()
    return "" if folder == "." else folder


def file_link(url: str, folder: str, folders: set[str]) -> str:
    """`url`, written in a file of `folder`, naming index.html where it leads to one of the site's `folders`."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if target not in folders:
        return url
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit(("", "", path + "index.html", parts.query, parts.fragment))


def _with_file_links(html: str, folder: str, folders: set[str]) -> str:
    return _LINK.sub(lambda found: found[1] + file_link(found[2], folder, folders) + found[3], html)


def _with_shim(html: str, folder: str) -> str:
    """The shim before anything else runs: Material starts the search worker once its bundle loads."""
    script = f'<script src="{relative_path(WORKER_SHIM, folder)}"></script>'
    return html.replace("</head>", f"{script}\n</head>", 1)


def _write_index_script(index: Path, root: str, folders: set[str]) -> None:
    """search_index.js beside search_index.json, the results linking to pages' index.html."""
    data = json.loads(index.read_text(encoding="utf-8"))
    for document in data["docs"]:  # the home page and its sections are "" and "#section"
        location = document["location"]
        document["location"] = file_link(location if urlsplit(location).path else "./" + location, root, folders)
    script = "var __index = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    index.with_name("search_index.js").write_text(script, encoding="utf-8")


def write_zip(site_dir: Path, path: Path, top: str, day: date) -> None:
    """Every file of `site_dir` under the folder `top` of the zip at `path`, in a fixed order and dated
    `day`, so the same site gives the same bytes."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)  # a zip cannot hold a date before 1980
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        files = {file.relative_to(site_dir).as_posix(): file for file in site_dir.rglob("*") if file.is_file()}
        for name in sorted(files):
            member = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
            member.external_attr = 0o644 << 16  # rw-r--r--, whoever built it
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, files[name].read_bytes(), compresslevel=9)
