"""What the preview (`make serve`) does beyond building: which folders it watches, and how it
keeps showing the last good site after a bad edit."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from watchdog.observers.polling import PollingObserverVFS

from consortia.multilingual import language_prefix
from consortia.search import INDEX_FOLDER, IndexProblem, write_index

PREVIEW = "CONSORTIA_PREVIEW"
"""Set to 1 in the environment of a preview run, whose builds then show draft newsletter issues."""

INCREMENTAL = "CONSORTIA_PREVIEW_DIRTY"
"""Set to 1 in the environment of a preview run with MkDocs' dirty builds (`consortia serve`),
whose builds then write only what an edit changed (consortia/incremental.py)."""

POLLING_SECONDS = 0.1
"""How often the preview looks for saved files (MkDocs looks every half second, most of the time
between saving and seeing an edit once a build takes a fraction of a second)."""

PROBLEMS_FILE = "consortia-preview-problems.json"
"""Written into the previewed site: the problems of the last refused edit, read by preview.js to
show them on every page ([] once the records are good again)."""


def problems_file(lines: list[str]) -> bytes:
    """The file preview.js reads: the problem lines, as the terminal shows them."""
    return (json.dumps({"problems": lines}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


class Refused(Exception):
    """A build stopped because of problems in the records; `lines` are the problems, one a line."""

    def __init__(self, message: str, lines: list[str]) -> None:
        super().__init__(message)
        self.lines = lines


def watched_folders(root: Path) -> Iterator[tuple[Path, bool]]:
    """(folder, recursive) for every place a record file or template lives."""
    # The folder, not each file: an editor that saves by replacing a file would end a watch on the file.
    yield root, False
    for name in ("newsletters", "templates"):
        if (root / name).is_dir():
            yield root / name, True


def watch_often(server, paths: list[str], builds: threading.Lock) -> None:
    """Make MkDocs' development server look for changes every POLLING_SECONDS: a new watcher in
    place of its own, which has not started yet, with the paths `paths` MkDocs watches moved to it.
    It waits while a build holds `builds`: looking ten times a second at each file takes Python's lock
    from the build at every look, which made a build several times slower; an edit saved meanwhile
    is seen as the build ends."""
    for path in paths:
        server.unwatch(path)
    server.observer = PollingObserverVFS(os.stat, _listed_between_builds(builds), polling_interval=POLLING_SECONDS)
    for path in paths:
        server.watch(path)


def _listed_between_builds(builds: threading.Lock) -> Callable[[str], Iterator[os.DirEntry]]:
    def listed(path: str) -> Iterator[os.DirEntry]:
        with builds:  # waits for a build to end
            pass
        return os.scandir(path)
    return listed


class DirtyBuildWarnings(logging.Filter):
    """Leaves out MkDocs' warnings about dirty builds (stale pages, an inaccurate menu): the kit
    removes what is no longer generated, and builds again the pages whose menu or content changed."""

    HIDDEN = ("A 'dirty' build is being performed", "The directory contains stale files")

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.HIDDEN)


def quiet_dirty_builds(logger: logging.Logger) -> None:
    """Filter `logger` (MkDocs' build messages) with DirtyBuildWarnings, once."""
    if not any(isinstance(existing, DirtyBuildWarnings) for existing in logger.filters):
        logger.addFilter(DirtyBuildWarnings())


def keep_last_good_site(builder: Callable[[], None], site_dir: Path) -> Callable[[], None]:
    """While previewing, a build refused for bad records leaves its problems printed in the terminal
    and shown on every page of the last good site, which the preview keeps serving (MkDocs would
    hold every request until the next good build)."""

    def build() -> None:
        try:
            builder()
        except Refused as refused:
            # Every language's pages read the file of their own folder (site/, site/en/, …).
            for path in [site_dir / PROBLEMS_FILE, *site_dir.glob(f"*/{PROBLEMS_FILE}")]:
                path.write_bytes(problems_file(refused.lines))
            print("Fix the lines above and save: the preview shows the last good site until then.", file=sys.stderr)

    return build


ISSUE_PDF = re.compile(r"(?:(?P<language>[a-z]{2,3})/)?newsletters/[^/]+/[^/]+\.pdf")
"""A newsletter PDF's address in the site (newsletters/2020-06/x.pdf, it/newsletters/2020-06/x.pdf)."""


def pdfs_on_request(app: Callable, site_dir: Path, mount_path: str, print_language: Callable[[str | None], None]) -> Callable:
    """The preview's web application, printing the newsletter PDFs of a language only when one of
    them is asked for (its link on the issue page followed): an edit is then shown in the time the
    pages take, not the seconds a reprint takes. `print_language` prints the issues of a language
    (None: the main one) into the site."""

    return _made_on_request(app, mount_path, ISSUE_PDF, lambda asked: not (site_dir / asked[0]).is_file(), print_language)


SEARCH_FILE = re.compile(rf"(?:(?P<language>[a-z]{{2,3}})/)?{INDEX_FOLDER}/.+")
"""A file of a language's search index (pagefind/pagefind.js, it/pagefind/pagefind-entry.json)."""


def search_on_request(app: Callable, site_dir: Path, mount_path: str, index_language: Callable[[str | None], None]) -> Callable:
    """The preview's web application, writing a language's search index when the search asks for it
    (each page starts it) and the last build removed it, rather than at every build: an edit is shown
    before the seconds Pagefind takes. `index_language` writes the index of a language (None: the main one)."""
    def missing(asked: re.Match) -> bool:
        return not (site_dir / (asked["language"] or "") / INDEX_FOLDER / "pagefind-entry.json").is_file()

    return _made_on_request(app, mount_path, SEARCH_FILE, missing, index_language)


def _made_on_request(app: Callable, mount_path: str, wanted: re.Pattern, missing: Callable[[re.Match], bool],
                     make: Callable[[str | None], None]) -> Callable:
    """`app`, first making what a request asks for (a path `wanted` matches, in the language it names) when it is `missing`."""

    def serve(environ: dict, start_response: Callable):
        asked = wanted.fullmatch(_asked_path(environ, mount_path))
        if asked and missing(asked):
            make(asked["language"])
        return app(environ, start_response)

    return serve


def _asked_path(environ: dict, mount_path: str) -> str:
    """The path a request asks for, from the site's root (newsletters/2020-06/, it/partners/)."""
    return environ.get("PATH_INFO", "").removeprefix(mount_path.rstrip("/")).lstrip("/")


OUTDATED = ".consortia-outdated-{code}.json"
"""In the preview's site folder (hidden: MkDocs keeps it when it cleans): the build after an edit
built the main language only, and the language `code` is built when one of its pages is asked for.
It holds the site's languages."""


def outdate_languages(site_dir: Path, languages: tuple[str, ...]) -> None:
    """After a build of the main language: every other language is built when it is next visited."""
    for code in languages[1:]:
        (site_dir / OUTDATED.format(code=code)).write_text(json.dumps(list(languages)), encoding="utf-8")


def one_build_at_a_time(builder: Callable[[], None], lock: threading.Lock) -> Callable[[], None]:
    """MkDocs' build after an edit, never while a language is built on request (nor the other way)."""

    def build() -> None:
        with lock:
            builder()

    return build


def languages_on_request(app: Callable, site_dir: Path, mount_path: str, lock: threading.Lock,
                         build_language: Callable[[str, tuple[str, ...]], None]) -> Callable:
    """The preview's web application, building a language other than the main one when a page or
    file of its folder (it/…) is asked for and an edit outdated it: an edit is then shown in the
    time one language takes. `build_language(code, languages)` builds it into its folder."""

    def serve(environ: dict, start_response: Callable):
        code = _asked_path(environ, mount_path).split("/", 1)[0]
        outdated = site_dir / OUTDATED.format(code=code) if re.fullmatch(r"[a-z]{2,3}", code) else None
        if outdated and outdated.is_file():
            with lock:
                if outdated.is_file():
                    languages = tuple(json.loads(outdated.read_text(encoding="utf-8")))
                    outdated.unlink()  # first: an edit saved meanwhile outdates the language again
                    _built_or_told(build_language, code, languages)
        return app(environ, start_response)

    return serve


def _built_or_told(build_language: Callable[[str, tuple[str, ...]], None], code: str, languages: tuple[str, ...]) -> None:
    """Records broken since the main language was built: its build, waiting, will show why."""
    try:
        build_language(code, languages)
    except Refused as refused:
        print(f"{code}/ was not built: {refused}", file=sys.stderr)


def preview_indexer(site_dir: Path, languages: tuple[str, ...]) -> Callable[[str | None], None]:
    """Writes the search index of a language (the main one for None or a code the site lacks) into
    its folder of the preview's site; a failure is one line in the terminal, the search stays empty."""

    def index_language(code: str | None) -> None:
        code = code if code in languages else languages[0]
        others = languages[1:] if code == languages[0] else ()
        try:
            write_index(site_dir / language_prefix(code, languages), code, others)
        except IndexProblem as problem:
            print(problem, file=sys.stderr)

    return index_language


def forget_made_on_request(site_dir: Path) -> None:
    """Remove what the preview made on request in one language's folder of its site (the newsletter
    PDFs, the search index): a dirty build keeps the folder, and the next request makes them from
    the site as it is now."""
    for pdf in site_dir.glob("newsletters/*/*.pdf"):
        pdf.unlink()
    shutil.rmtree(site_dir / INDEX_FOLDER, ignore_errors=True)


def port_in_use(host: str, port: int) -> bool:
    """True when another program (often a preview started earlier) already listens there."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False
