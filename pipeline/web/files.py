"""The site's files, written into the build's staging folder without rewriting what did
not change.

In:  the staging folder of the site (``<staging>/site``) and, when there is one, the site
of the last build (``<out>/site``). Out: each file in the staging folder; a file whose
bytes equal the last build's is that file itself (a hard link, else a copy that keeps its
time), so an unchanged case page keeps its inode and modification time when the build
moves the new site into place (`pipeline.outputs`), and a deploy sees only what changed.

Nothing here writes into the last build's files: a file is made new in the staging
folder (a hard link is a new name; bytes are written to a new file).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class SiteFiles:
    """Writes the site's files by their path inside the site (``en/cases/x/index.html``)."""

    def __init__(self, root: Path, previous: Path | None) -> None:
        self.root = root
        self.previous = previous if previous is not None and previous.is_dir() else None
        self.written: list[str] = []  # paths whose bytes are new or changed
        self.kept: list[str] = []  # paths taken over from the last build unchanged
        self.paths: set[str] = set()

    def write(self, path: str, data: bytes) -> None:
        """Put `data` at `path`: the last build's file if its bytes are these, else new."""
        target = self._target(path)
        if self._unchanged(path, data):
            self._reuse(path, target)
            return
        target.write_bytes(data)
        self.written.append(path)

    def copy(self, path: str, source: Path) -> None:
        """Put the file `source` at `path` (a hard link, else a copy); the last build's file
        when its bytes are the same."""
        target = self._target(path)
        old = self._old(path)
        size = source.stat().st_size
        if (
            old is not None
            and old.stat().st_size == size
            and old.read_bytes() == source.read_bytes()
        ):
            self._reuse(path, target)
            return
        _link_or_copy(source, target)
        self.written.append(path)

    def _target(self, path: str) -> Path:
        if path in self.paths:
            raise ValueError(f"the site has two files at {path}")
        self.paths.add(path)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _old(self, path: str) -> Path | None:
        if self.previous is None:
            return None
        old = self.previous / path
        return old if old.is_file() and not old.is_symlink() else None

    def _unchanged(self, path: str, data: bytes) -> bool:
        old = self._old(path)
        return old is not None and old.stat().st_size == len(data) and old.read_bytes() == data

    def _reuse(self, path: str, target: Path) -> None:
        old = self._old(path)
        assert old is not None
        _link_or_copy(old, target)
        self.kept.append(path)


def _link_or_copy(source: Path, target: Path) -> None:
    """A new name `target` for the file `source`; a copy with its times where links fail."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
