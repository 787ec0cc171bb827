"""Which entries of a cases folder are case files, and what the others are.

In:  a cases folder. Out: the case files to read (regular files named ``*.md``, not
starting with "_" or "."; translations, ``<id>.<lang>.md``, are among them: see
`pipeline.translation`) and a Problem for every other entry that looks
like one: a link, folder, pipe or device named like a case is an error (the
build never follows or opens it); a file that will be skipped because of its
name is a warning that says which name would be read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pipeline.problems import Phrase, Problem

TEMPLATES = ("_template.md", "_template.nl.md")  # skipped on purpose
# Endings people give Markdown files that the build does not read (besides ".MD" and the
# like), longest first.
_LOOKALIKES = (".md.txt", ".markdown", ".mdown")


def _kind(mode: int) -> str:
    """The phrase key (catalogue `phrases`) naming what kind of entry `mode` describes."""
    if stat.S_ISLNK(mode):
        return "entry-symlink"
    if stat.S_ISDIR(mode):
        return "entry-folder"
    if stat.S_ISFIFO(mode):
        return "entry-fifo"
    if stat.S_ISSOCK(mode):
        return "entry-socket"
    return "entry-device"


def scan(cases_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The case files of `cases_dir`, sorted, and the problems of the entries that are not.

    Nothing is opened or followed: entries are told apart by `os.lstat`.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(os.scandir(cases_dir), key=lambda e: e.name)
    except OSError:
        return [], []
    for entry in entries:
        name, path = entry.name, Path(entry.path)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue  # gone since the listing
        if name.endswith(".md") and not name.startswith((".", "_")):
            if stat.S_ISREG(mode):
                files.append(path)
            else:
                problems.append(
                    Problem(
                        "case-not-a-file",
                        file=path.as_posix(),
                        value=name,
                        params={"value": name, "kind": Phrase(_kind(mode))},
                    )
                )
        elif name.startswith("_") and name.endswith(".md") and name not in TEMPLATES:
            suggestion = name.lstrip("_")
            problems.append(
                Problem(
                    "file-skipped-underscore",
                    file=path.as_posix(),
                    value=name,
                    params={"value": name, "name": suggestion},
                )
            )
        elif not name.startswith(".") and (ending := _lookalike(name)):
            problems.append(
                Problem(
                    "file-skipped-name",
                    file=path.as_posix(),
                    value=name,
                    params={"value": name, "name": f"{name[: -len(ending)].lower()}.md"},
                )
            )
    return files, problems


def _lookalike(name: str) -> str:
    """The ending of `name` that makes it look like a case file the build skips ("" if none)."""
    lower = name.lower()
    for ending in _LOOKALIKES:
        if lower.endswith(ending):
            return name[-len(ending) :]
    return name[-3:] if lower.endswith(".md") and not name.endswith(".md") else ""
