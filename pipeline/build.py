"""The orchestrator: cases -> validate -> enrich -> export + render, atomically.

Everything is written into a temporary folder inside the output folder and
moved into place only when every stage succeeded, so a failed or interrupted
build never leaves a half-written casebook where the last good one was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import ROOT, CasebookConfig, casebook_config
from .enrich import Library, enrich
from .problems import Problem
from .validate import ValidationResult, validate_library


@dataclass
class BuildResult:
    validation: ValidationResult
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0

    @property
    def ok(self) -> bool:
        return self.validation.ok


def build_date() -> dt.date:
    """The date printed in the casebook: SOURCE_DATE_EPOCH, else the last commit, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    stamp = _git("log", "-1", "--format=%ct")
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
    return dt.date.today()


def data_version() -> str:
    return _git("rev-parse", "--short=12", "HEAD") or "unversioned"


def _git(*args: str) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def load_library(
    cases_dir: Path, *, today: dt.date | None = None
) -> tuple[ValidationResult, Library | None]:
    """Validate and enrich; the Library is None when there are errors."""
    result = validate_library(cases_dir, today=today)
    if not result.ok:
        return result, None
    day = build_date()
    return result, enrich(result.cases, build_year=day.year)


@dataclass(frozen=True)
class BuildContext:
    """What every product writer gets besides the Library."""

    config: CasebookConfig
    lang: str
    info: dict[str, Any]


def write_data_package(library: Library, staging: Path, ctx: BuildContext) -> list[str]:
    """output/data/: the CSV data package."""
    from .export import export_package

    export_package(
        library,
        staging / "data",
        ctx.config,
        version=ctx.info["version"],
        created=f"{ctx.info['date']}T00:00:00Z",
    )
    return ["data"]


def write_casebook(library: Library, staging: Path, ctx: BuildContext) -> list[str]:
    """output/casebook.pdf: the printed casebook."""
    from .render import casebook_html, render_pdf

    html = casebook_html(library, lang=ctx.lang, config=ctx.config, build=ctx.info)
    ctx.info["pages"] = render_pdf(html, staging / "casebook.pdf")
    return ["casebook.pdf"]


# The products of a build, in order. Each writes into the staging folder and
# returns the names it wrote there; `build` moves them into place together.
PRODUCTS: list[Callable[[Library, Path, BuildContext], list[str]]] = [
    write_data_package,
    write_casebook,
]


def build(cases_dir: Path, out_dir: Path, *, lang: str = "en") -> BuildResult:
    """Validate, enrich and write every product into `out_dir`; nothing is replaced on failure."""
    validation, library = load_library(cases_dir)
    result = BuildResult(validation)
    if library is None:
        return result
    config = casebook_config()
    day = build_date()
    ctx = BuildContext(
        config=config,
        lang=lang,
        info={
            "date": day.isoformat(),
            "date_display": _display_date(day, lang),
            "year": day.year,
            "version": data_version(),
            "edition": config.edition,
        },
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    try:
        names: list[str] = []
        for product in PRODUCTS:
            names.extend(product(library, staging, ctx))
        result.pages = ctx.info.get("pages", 0)
        for name in names:
            item, target = staging / name, out_dir / name
            if target.is_dir():
                old = out_dir / f".old-{name}"
                shutil.rmtree(old, ignore_errors=True)
                target.rename(old)
                item.rename(target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(item, target)
            result.outputs.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


_MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _display_date(day: dt.date, lang: str) -> str:
    months = _MONTHS_NL if lang == "nl" else _MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


def problems_of(result: BuildResult) -> list[Problem]:
    return result.validation.problems
