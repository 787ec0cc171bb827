"""The output folder as a transaction: lock, stage, commit, recover, up-to-date stamp.

In:  an output folder and, for `commit`, a staging folder holding the new products.
Out: the products in place, all replaced together, or the previous ones untouched.

Everything is written into a staging folder inside the output folder and moved
into place only when every product succeeded. The build's own entries carry one
prefix (`PREFIX`) and are listed in a journal (`JOURNAL`) before they are made;
recovery removes only what a journal lists, so nothing else in the output
folder is ever deleted, whatever its name.

The commit point is one rename (staging -> `COMMIT_DIR`, with a manifest of the
products and the stamp that describes them). From then on the new set is the
one that counts: the stamp of the old set is gone, and a build killed while
the products were being moved is finished by the next build's `recover`
before it looks at anything else. Before the commit point, the old set and its
stamp are untouched. Every step is a rename of one entry (`_rename`), so a kill
at any instruction leaves one of those two states.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.fingerprint import STAMP

LOCK_FILE = ".lock"
PREFIX = ".casebook-build-"  # every temporary entry of a build starts with it
JOURNAL = f"{PREFIX}journal.json"  # what a running build has made, for recovery
STAGING_DIR = f"{PREFIX}staging"  # a build in progress (or killed): never complete
COMMIT_DIR = f"{PREFIX}commit"  # a complete build being moved into place
OLD_DIR = f"{PREFIX}old"  # previous outputs on their way out
MANIFEST = "manifest.json"  # in COMMIT_DIR: the products and their stamp
CACHE_DIR = ".cache"  # work products keep between builds (the casebook's parts)
_ENTRIES = (STAGING_DIR, COMMIT_DIR, OLD_DIR)
_rename = os.replace  # every state change of the folder goes through this


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
    with writing(out_dir):
        handle = (out_dir / LOCK_FILE).open("a")
    with handle:
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
    """A new, empty staging folder inside `out_dir`, listed in the journal first; removed
    with the journal when the block ends (`commit` moves it away first on success)."""
    folder = out_dir / STAGING_DIR
    try:
        with writing(out_dir):
            _write_json(out_dir / JOURNAL, {"entries": list(_ENTRIES)})
            folder.mkdir()
        yield folder
    finally:
        _remove(folder)
        if not (out_dir / COMMIT_DIR).exists():
            (out_dir / JOURNAL).unlink(missing_ok=True)


def commit(out_dir: Path, folder: Path, names: list[str], stamp: dict[str, Any]) -> list[Path]:
    """Move the products `names` of the staging `folder` into `out_dir`, all together, and
    record `stamp` (see `pipeline.fingerprint`) as what they were built from.

    Raises BuildError when a name is not a product the staging folder holds, or when the
    folder cannot be written (the previous outputs are then unchanged).
    """
    for name in names:
        if "/" in name or name.startswith(".") or not (folder / name).exists():
            raise BuildError(f"a product named {name!r} was not written as expected")
    with writing(out_dir):
        _write_json(folder / MANIFEST, {"products": names, "stamp": stamp})
        # The stamp of the old set goes first: from the commit point on it would lie.
        (out_dir / STAMP).unlink(missing_ok=True)
        _rename(folder, out_dir / COMMIT_DIR)  # the commit point
        return _install(out_dir)


def recover(out_dir: Path) -> None:
    """Bring `out_dir` back to one complete set of products after a killed build.

    A committed build (COMMIT_DIR with its manifest) is finished: its products
    replace the old ones and its stamp is written. Then every entry the journal
    lists is removed, and the journal; without a journal nothing is removed.
    Call it only while holding the lock.
    """
    journal = out_dir / JOURNAL
    # A journal being written when the build was stopped: the first thing a build makes.
    (out_dir / f"{JOURNAL}.tmp").unlink(missing_ok=True)
    if not journal.is_file():
        return
    with writing(out_dir):
        if (out_dir / COMMIT_DIR / MANIFEST).is_file():
            _install(out_dir)
        try:
            listed = json.loads(journal.read_text("utf-8")).get("entries", [])
        except (OSError, ValueError, AttributeError):
            listed = list(_ENTRIES)  # a journal is only ever written whole; be safe anyway
        for name in listed:
            if name in _ENTRIES:  # never a name a journal could have been edited to hold
                _remove(out_dir / name)
        journal.unlink()


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


def _install(out_dir: Path) -> list[Path]:
    """Move the products of COMMIT_DIR into `out_dir`, then write their stamp; safe to run
    again after a kill.

    Each product is swapped with two renames (old product aside into OLD_DIR,
    new one into place); a kill between them is finished by the next call,
    because the manifest stays until every product is in place and stamped.
    """
    commit_dir, old = out_dir / COMMIT_DIR, out_dir / OLD_DIR
    manifest = json.loads((commit_dir / MANIFEST).read_text("utf-8"))
    old.mkdir(exist_ok=True)
    targets = []
    for name in manifest["products"]:
        item, target = commit_dir / name, out_dir / name
        if item.exists():
            if target.exists() or target.is_symlink():
                _remove(old / name)
                _rename(target, old / name)
            _rename(item, target)
        targets.append(target)
    _write_json(out_dir / STAMP, manifest["stamp"])
    _remove(commit_dir / MANIFEST)
    _remove(commit_dir)
    _remove(old)
    return targets


def _write_json(path: Path, data: Any) -> None:
    """Write `path` whole or not at all (a temporary file beside it, then a rename)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data) + "\n", encoding="utf-8")
    _rename(temporary, path)


def _remove(path: Path) -> None:
    """Delete a file, symlink or folder tree if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


@contextmanager
def writing(out_dir: Path) -> Iterator[None]:
    """Turn the ways `out_dir` can refuse to be written (read-only, not ours, full) into a
    BuildError that names the path and says what to do; other errors pass through."""
    try:
        yield
    except OSError as err:
        if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            advice = "it is read-only or not yours: choose another folder with --out"
        elif err.errno in (errno.ENOSPC, errno.EDQUOT):
            advice = "the disk is full: free some space, then build again"
        else:
            raise
        where = err.filename or out_dir
        raise BuildError(
            f"The output folder {out_dir} cannot be written ({where}): {advice}."
        ) from None
