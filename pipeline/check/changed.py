"""The case files a branch changes: what a pull request's check reports on.

In:  the cases folder and a base ref (a branch or commit, e.g. origin/main).
Out: the case files added or changed since the branch left the base (committed or
not, tracked or new), or a one-line reason when git cannot say.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# The base a branch is compared with when none is given: $CASES_BASE_REF, else the first
# of these that exists.
BASE_ENV = "CASES_BASE_REF"
DEFAULT_BASES = ("origin/main", "main")


class ChangedError(Exception):
    """git could not say which files changed; the message says why, in one line."""


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, check=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as err:
        detail = getattr(err, "stderr", "") or str(err)
        raise ChangedError(f"git {' '.join(args)} failed: {detail.strip()}") from None
    return done.stdout


def base_ref(folder: Path, base: str | None = None) -> str:
    """The ref to compare with: `base`, $CASES_BASE_REF, else origin/main or main."""
    chosen = base or os.environ.get(BASE_ENV, "")
    if chosen:
        return chosen
    for ref in DEFAULT_BASES:
        try:
            _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
            return ref
        except ChangedError:
            continue
    raise ChangedError(
        f"No base to compare with: neither {' nor '.join(DEFAULT_BASES)} exists; "
        f"give one with --base or ${BASE_ENV}."
    )


def changed_cases(cases: Path, base: str | None = None) -> list[Path]:
    """The case files (*.md, not the templates) in `cases` added or changed since the branch
    left `base`, sorted."""
    ref = base_ref(cases, base)
    fork = _git(cases, "merge-base", ref, "HEAD").strip()
    top = Path(_git(cases, "rev-parse", "--show-toplevel").strip())
    names = _git(cases, "diff", "--name-only", "--diff-filter=d", fork, "--", ".").split("\n")
    names += _git(cases, "ls-files", "--others", "--exclude-standard", "--full-name", ".").split(
        "\n"
    )
    folder = cases.resolve()
    found = {(top / n).resolve() for n in names if n.endswith(".md")}
    # The templates and hidden files are never cases (see pipeline.check.files).
    return sorted(
        p for p in found if p.parent == folder and p.is_file() and not p.name.startswith(("_", "."))
    )
