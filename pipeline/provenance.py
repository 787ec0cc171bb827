"""Provenance from git: when each case file was first added and last changed, and the
build's date and data version.

One ``git log`` call for the whole cases folder (not one per file). Outside a
repository, without git, or when git fails, the map is empty and nothing
fails. ``build`` calls ``git_provenance`` and passes the map to ``enrich``,
which stays pure; ``parse_git_log`` is the pure part and is what tests call.

What git says is what you get: committed history only (uncommitted edits do
not count), no rename following (a renamed file starts a new history), merge
commits are not counted, and a shallow clone knows only its own commits.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pipeline.config import ROOT

# Each commit starts with a line "<MARK><committer date, YYYY-MM-DD>"; the names of
# the files it changed follow, one per line. \x01 cannot occur in a file name git prints.
_MARK = "\x01"
GIT_LOG_ARGS = (
    "-c",
    "core.quotepath=off",
    "log",
    "--no-merges",
    "--no-renames",
    "--relative",
    "--name-only",
    f"--format={_MARK}%cs",
    "--",
    ".",
)


@dataclass(frozen=True)
class Provenance:
    """What git knows about one case file."""

    first_added: dt.date
    last_changed: dt.date
    revisions: int


def parse_git_log(text: str) -> dict[str, Provenance]:
    """Output of ``git log`` with GIT_LOG_ARGS -> file name (relative to the folder) -> Provenance.

    Lines that are not understood are skipped, so unexpected output gives an
    incomplete map rather than an error.
    """
    dates: dict[str, list[dt.date]] = {}
    current: dt.date | None = None
    for line in text.splitlines():
        if line.startswith(_MARK):
            try:
                current = dt.date.fromisoformat(line[1:].strip())
            except ValueError:
                current = None
        elif line.strip() and current is not None:
            dates.setdefault(line.strip(), []).append(current)
    return {
        name: Provenance(min(days), max(days), len(days)) for name, days in sorted(dates.items())
    }


def git_provenance(folder: Path, *, timeout: float = 30) -> dict[str, Provenance]:
    """File name (relative to `folder`, e.g. ``oxfam-unilever-vietnam.md``) -> Provenance.

    Empty when `folder` is not in a git repository or git is missing or fails.
    """
    if not folder.is_dir():
        return {}
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), *GIT_LOG_ARGS],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    return parse_git_log(out.stdout) if out.returncode == 0 else {}


def _git(folder: Path, *args: str) -> str:
    """What `git -C folder ARGS` prints, stripped; "" when git is missing or fails."""
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def build_date(folder: Path) -> dt.date:
    """The date a build prints: SOURCE_DATE_EPOCH, else the last commit of the repository
    holding `folder`, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    stamp = _git(folder, "log", "-1", "--format=%ct")
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
    return dt.date.today()


def data_version(folder: Path) -> str:
    """The commit of the repository holding `folder` (12 hex digits), else "unversioned"."""
    return _git(folder, "rev-parse", "--short=12", "HEAD") or "unversioned"


def release_tag(folder: Path) -> str:
    """The tag on the commit of the repository holding `folder` (e.g. "v1.2.0"), else ""."""
    return _git(folder, "describe", "--tags", "--exact-match", "HEAD")


def project_version(pyproject: Path | None = None) -> str:
    """`[project] version` of `pyproject` (default: the checkout's pyproject.toml), else the
    installed distribution's version, else "0.0.0"."""
    path = pyproject or ROOT / "pyproject.toml"
    if path.is_file():
        project = tomllib.loads(path.read_text("utf-8")).get("project", {})
        if isinstance(project.get("version"), str):
            return str(project["version"])
    try:
        return version("partnership-case-library")
    except PackageNotFoundError:
        return "0.0.0"


_TAG = re.compile(r"v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)")
_COMMIT = re.compile(r"[0-9a-f]{7,40}")


def package_version(project: str, commit: str, tag: str = "") -> str:
    """The data package's version: pure, so the orchestrator decides it once.

    In: the project version (`project_version`), the data version (`data_version`: a
    commit or "unversioned") and the release tag on that commit ("" if none).
    Out: a tag build "v1.2.0" gives "1.2.0"; an untagged build "1.2.0+g<commit>";
    without a commit, just the project version.
    """
    if match := _TAG.fullmatch(tag):
        return match.group(1)
    if _COMMIT.fullmatch(commit):
        return f"{project}+g{commit}"
    return project
