"""What the preview (`make serve`) does beyond building: which folders it watches, and how it
keeps showing the last good site after a bad edit."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

PREVIEW = "CONSORTIA_PREVIEW"
"""Set to 1 in the environment of a preview run, whose builds then show draft newsletter issues."""


def watched_folders(root: Path) -> Iterator[tuple[Path, bool]]:
    """(folder, recursive) for every place a record file or template lives."""
    # The folder, not each file: an editor that saves by replacing a file would end a watch on the file.
    yield root, False
    for name in ("newsletters", "templates"):
        if (root / name).is_dir():
            yield root / name, True


def keep_last_good_site(builder: Callable[[], None], refused: type[Exception]) -> Callable[[], None]:
    """While previewing, a build stopped by `refused` (bad records) leaves its problems printed and
    the preview showing the last good site (MkDocs would hold every request until the next good build)."""

    def build() -> None:
        try:
            builder()
        except refused:
            print("Fix the lines above and save: the preview shows the last good site until then.", file=sys.stderr)

    return build
