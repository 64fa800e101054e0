"""What the preview (`make serve`) does beyond building: which folders it watches, and how it
keeps showing the last good site after a bad edit."""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

PREVIEW = "CONSORTIA_PREVIEW"
"""Set to 1 in the environment of a preview run, whose builds then show draft newsletter issues."""

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


def port_in_use(host: str, port: int) -> bool:
    """True when another program (often a preview started earlier) already listens there."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False
