"""What a build is asked to make, and what each product reports back.

In:  the command line's options (`Edition`) and the facts of this build (`BuildInfo`).
Out: each product's `ProductResult`. The orchestrator (`pipeline.build`) makes
these and passes them in; no product reads them from anywhere else, and no
product writes into them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import CasebookConfig


@dataclass(frozen=True)
class Edition:
    """Which book this is: the language of its furniture, its cases, its page design."""

    lang: str = "en"
    workshop: str | None = None  # only the cases that list this workshop id
    duplex: bool = False  # two-sided page design
    handouts: bool = False  # also one PDF per case


@dataclass(frozen=True)
class BuildInfo:
    """The facts of one build, the same for every product."""

    date: dt.date  # printed as the build date; ongoing partnerships run to its year
    version: str  # the data version (a git commit), printed in the colophon
    config: CasebookConfig
    cache: Path | None = None  # a folder products may keep work in between builds
    progress: Callable[[str], None] | None = None  # told as long work advances
    # The data package's version (see provenance.package_version); "" means `version`.
    package_version: str = ""
    # The output folder, holding the products of the last build until this one commits:
    # a product may read them (never write): the web edition reuses its unchanged files.
    output: Path | None = None
    # The ids of the cases whose files were added or changed since the last build: a hint
    # of what to work on first (their parts of the casebook are rendered first).
    edited: frozenset[str] = frozenset()

    def tell(self, message: str) -> None:
        """Pass `message` to `progress`, if there is one."""
        if self.progress is not None:
            self.progress(message)


@dataclass(frozen=True)
class ProductResult:
    """What a product wrote (names inside the staging folder) and what it has to say."""

    names: tuple[str, ...]
    pages: int = 0  # of the casebook
    parts: tuple[int, int] = (0, 0)  # of the casebook's parts: rendered, of how many
    notices: tuple[str, ...] = ()  # one line each, for the person who runs the build
