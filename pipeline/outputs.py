"""The output folder as a transaction: lock, stage, commit, recover, up-to-date stamp.

In:  an output folder and, for `commit`, a staging folder holding the new products.
Out: the products in place, all replaced together, or the previous ones untouched.

Everything is written into a staging folder inside the output folder and moved
into place only when every product succeeded, so a failed or interrupted build
never leaves a half-written casebook where the last good one was. A lock on the
output folder keeps two builds apart, and the next build finishes or removes
whatever a killed build left behind (`recover`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.fingerprint import forget

# Names inside the output folder that belong to the build machinery, not to
# the products. All start with "." so that they are never mistaken for outputs.
LOCK_FILE = ".lock"
STAGING_PREFIX = ".build-"  # a build in progress (or killed): never complete
COMMIT_DIR = ".commit"  # a complete build being moved into place
OLD_DIR = ".old"  # previous outputs on their way out
MANIFEST = ".manifest.json"  # in COMMIT_DIR: the names of the products
CACHE_DIR = ".cache"  # work products keep between builds (the casebook's parts)


class BuildError(Exception):
    """A build that could not run or finish; the message is for the user, as is."""


@contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on `out_dir` (flock on out_dir/.lock) or raise BuildError."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    with (out_dir / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"Another build is running in {out_dir}. Wait for it to finish, then try again."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """A new, empty staging folder inside `out_dir`, removed when the block ends
    (`commit` moves it away first when the build succeeds)."""
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def source_date_epoch(day: dt.date) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH to midnight UTC of `day` for the block, unless it is set.

    The font subsets that WeasyPrint embeds carry a timestamp, which fontTools
    takes from SOURCE_DATE_EPOCH, else from the clock: without this, two builds
    of the same inputs would differ in those bytes.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def commit(out_dir: Path, folder: Path, names: list[str]) -> list[Path]:
    """Move the products `names` of the staging `folder` into `out_dir`, all together.

    Raises BuildError when a name is not a product the staging folder holds.
    """
    for name in names:
        if "/" in name or name.startswith(".") or not (folder / name).exists():
            raise BuildError(f"a product named {name!r} was not written as expected")
    (folder / MANIFEST).write_text(json.dumps(names) + "\n", encoding="utf-8")
    # The commit point: one rename makes the complete set of new products the
    # one that `recover` will finish installing.
    folder.rename(out_dir / COMMIT_DIR)
    forget(out_dir)
    return _install(out_dir)


def recover(out_dir: Path) -> None:
    """Bring `out_dir` back to one complete set of products after a killed build.

    A committed build (COMMIT_DIR with its manifest) is finished: its products
    replace the old ones. Staging folders of builds that never reached the
    commit point, and old outputs left half-way, are removed. Call it only
    while holding the lock.
    """
    if (out_dir / COMMIT_DIR / MANIFEST).is_file():
        _install(out_dir)
    for item in out_dir.iterdir():
        if item.name.startswith((STAGING_PREFIX, COMMIT_DIR, OLD_DIR)):
            _remove(item)


def _install(out_dir: Path) -> list[Path]:
    """Move the products of COMMIT_DIR into `out_dir`; safe to run again after a kill.

    Each product is swapped with two renames (old product aside into OLD_DIR,
    new one into place); a kill between them is finished by the next call,
    because the manifest stays until every product is in place.
    """
    commit_dir, old = out_dir / COMMIT_DIR, out_dir / OLD_DIR
    names = json.loads((commit_dir / MANIFEST).read_text("utf-8"))
    old.mkdir(exist_ok=True)
    targets = []
    for name in names:
        item, target = commit_dir / name, out_dir / name
        if item.exists():
            if target.exists() or target.is_symlink():
                _remove(old / name)
                target.rename(old / name)
            item.rename(target)
        targets.append(target)
    _remove(commit_dir / MANIFEST)
    _remove(commit_dir)
    _remove(old)
    return targets


def _remove(path: Path) -> None:
    """Delete a file, symlink or folder tree if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()
