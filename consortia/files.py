"""Writing files and folders so that a reader never sees half of one: an interrupted build, or two
builds at once, leave either the old file (or site) or the new one, whole."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file beside `path`, then rename it into place."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Busy(Exception):
    """Another build holds the lock of the same site folder."""


@contextmanager
def only_build(site_dir: Path) -> Iterator[None]:
    """Hold the site folder's lock for one build; raise Busy at once when another build holds it,
    so that two builds never write into the same folders."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(site_dir.with_name(f".{site_dir.name}.lock"), "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(site_dir) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


_RENAME_EXCHANGE = 2
"""renameat2's flag for swapping two paths in one step (Linux 3.15 and later)."""
_AT_FDCWD = -100


def swap_in(fresh: Path, site_dir: Path) -> None:
    """Put the folder `fresh` at `site_dir` in one step, so that a build killed at any moment leaves
    either the old site or the new one there, whole; `fresh` then holds the old site."""
    if not site_dir.exists():
        fresh.rename(site_dir)
        return
    if not _exchange(fresh, site_dir):
        # No atomic exchange here (not Linux): two renames, repaired by the next build if cut between them.
        stale = site_dir.with_name(f".{site_dir.name}-old")
        site_dir.rename(stale)
        fresh.rename(site_dir)
        stale.rename(fresh)


def _exchange(first: Path, second: Path) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        error = ctypes.get_errno()
        if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False
        raise OSError(error, os.strerror(error), os.fspath(second))
    return True


def repair_interrupted_swap(site_dir: Path) -> None:
    """Where a build was cut between the two renames of the fallback swap, put the old site back."""
    stale = site_dir.with_name(f".{site_dir.name}-old")
    if stale.is_dir() and not site_dir.exists():
        stale.rename(site_dir)
