"""The orchestrator: cases -> validate -> enrich -> export + render, atomically.

Everything is written into a temporary folder inside the output folder and
moved into place only when every stage succeeded, so a failed or interrupted
build never leaves a half-written casebook where the last good one was.
A lock on the output folder keeps two builds apart, and the next build
finishes or removes whatever a killed build left behind (`recover_outputs`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import ROOT, CasebookConfig, casebook_config
from .enrich import Library, enrich
from .fingerprint import fingerprint, forget, up_to_date, write_stamp
from .problems import Problem
from .provenance import git_provenance
from .sandbox import RenderTimeout, deadline, render_timeout
from .validate import ValidationResult, case_files, validate_library


@dataclass
class BuildResult:
    validation: ValidationResult
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0
    up_to_date: bool = False  # nothing changed since the last build: nothing was redone
    # Of the casebook's parts (see pipeline.chunks): how many were rendered, of how many.
    parts: tuple[int, int] = (0, 0)

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
    cases_dir: Path, *, today: dt.date | None = None, day: dt.date | None = None
) -> tuple[ValidationResult, Library | None]:
    """Validate and enrich; the Library is None when there are errors.

    `today` is the date validation judges "in the future" by; `day` the build
    date (default: `build_date()`), whose year ongoing partnerships run to.
    """
    result = validate_library(cases_dir, today=today)
    if not result.ok:
        return result, None
    day = day or build_date()
    # Provenance is read here, at the edge, so that enrich stays pure.
    provenance = git_provenance(cases_dir)
    return result, enrich(result.cases, build_year=day.year, provenance=provenance)


@dataclass(frozen=True)
class BuildContext:
    """What every product writer gets besides the Library."""

    config: CasebookConfig
    lang: str
    info: dict[str, Any]
    # Casebook editions: only the cases of one workshop; two-sided page design;
    # one PDF per case in cases/ as well.
    workshop: str | None = None
    duplex: bool = False
    handouts: bool = False
    # Rendered parts of the casebook kept between builds (see pipeline.chunks).
    cache: Path | None = None
    progress: Callable[[str], None] | None = None  # told as each part of the casebook is done


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
    from .assemble import assemble
    from .chunks import PaginationError, PartCache, render_book
    from .fingerprint import code_fingerprint
    from .render import BookPart, casebook_html, select_cases

    def part_html(part: BookPart) -> str:
        return casebook_html(
            library,
            lang=ctx.lang,
            config=ctx.config,
            build=ctx.info,
            workshop=ctx.workshop,
            duplex=ctx.duplex,
            part=part,
        )

    cache_dir = ctx.cache or Path(tempfile.mkdtemp(prefix="casebook-parts-"))
    try:
        book = render_book(
            [case.id for case in select_cases(library, ctx.workshop)],
            part_html,
            PartCache(cache_dir),
            duplex=ctx.duplex,
            salt=code_fingerprint(),
            progress=ctx.progress,
        )
        parts = zip(book.pdfs, book.layouts, book.page_map.blanks_before, strict=True)
        ctx.info["pages"] = assemble(
            [(pdf, layout.pages, blanks) for pdf, layout, blanks in parts],
            staging / "casebook.pdf",
        )
    except PaginationError as err:
        raise BuildError(f"The casebook could not be paginated: {err}.") from None
    finally:
        if ctx.cache is None:
            shutil.rmtree(cache_dir, ignore_errors=True)
    ctx.info["parts"] = (book.rendered, len(book.pdfs))
    return ["casebook.pdf"]


def write_handouts(library: Library, staging: Path, ctx: BuildContext) -> list[str]:
    """output/cases/<id>.pdf: one handout per case of the edition (only with `handouts`)."""
    if not ctx.handouts:
        return []
    from .render import casebook_html, render_pdf, select_cases

    folder = staging / "cases"
    folder.mkdir()
    for case in select_cases(library, ctx.workshop):
        html = casebook_html(
            library, lang=ctx.lang, config=ctx.config, build=ctx.info, handout=case.id
        )
        render_pdf(html, folder / f"{case.id}.pdf")
    return ["cases"]


def write_excel_workbook(library: Library, staging: Path, ctx: BuildContext) -> list[str]:
    """output/casebook.xlsx: the data package as a workbook, one sheet per table."""
    from .export import package_descriptor, table_rows
    from .workbook import write_workbook

    descriptor = package_descriptor(
        library,
        ctx.config,
        version=ctx.info["version"],
        created=f"{ctx.info['date']}T00:00:00Z",
    )
    day = dt.date.fromisoformat(ctx.info["date"])
    write_workbook(descriptor, table_rows(library), staging / "casebook.xlsx", day)
    return ["casebook.xlsx"]


def write_data_zip(library: Library, staging: Path, ctx: BuildContext) -> list[str]:
    """output/casebook-data.zip: the data folder as one download (after write_data_package)."""
    from .export import zip_package

    day = dt.date.fromisoformat(ctx.info["date"])
    zip_package(staging / "data", staging / "casebook-data.zip", day)
    return ["casebook-data.zip"]


# The products of a build, in order. Each writes into the staging folder and
# returns the names it wrote there; `build` moves them into place together.
PRODUCTS: list[Callable[[Library, Path, BuildContext], list[str]]] = [
    write_data_package,
    write_data_zip,  # zips what write_data_package wrote: keep it after that
    write_excel_workbook,
    write_casebook,
    write_handouts,
]


class BuildError(Exception):
    """A build that could not run or finish; the message is for the user, as is."""


# Names inside the output folder that belong to the build machinery, not to
# the products. All start with "." so that they are never mistaken for outputs.
LOCK_FILE = ".lock"
STAGING_PREFIX = ".build-"  # a build in progress (or killed): never complete
COMMIT_DIR = ".commit"  # a complete build being moved into place
OLD_DIR = ".old"  # previous outputs on their way out
MANIFEST = ".manifest.json"  # in COMMIT_DIR: the names of the products
CACHE_DIR = ".cache/casebook"  # rendered parts of the casebook, reused by the next build


def build(
    cases_dir: Path,
    out_dir: Path,
    *,
    lang: str = "en",
    workshop: str | None = None,
    duplex: bool = False,
    handouts: bool = False,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Validate, enrich and write every product into `out_dir`; nothing is replaced on failure.

    When no input changed since the last build into `out_dir` (see
    `pipeline.fingerprint`), nothing is redone and the result says `up_to_date`;
    `force` rebuilds all the same. `progress`, if given, is told each stage as it starts.

    Raises BuildError when another build holds `out_dir`, or when writing the
    products fails or runs out of time; the previous outputs are then unchanged.
    Casebook options: `lang` of the labels, `workshop` (only the cases listing that
    workshop id; a BuildError if none does), `duplex` (two-sided page design) and
    `handouts` (also one PDF per case in cases/).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(out_dir):
        recover_outputs(out_dir)
        day, version = build_date(), data_version()  # once: both are printed in the outputs
        options = {
            "lang": lang,
            "workshop": workshop,
            "duplex": duplex,
            "handouts": handouts,
            "cases": str(cases_dir.resolve()),
            "version": version,
            "date": day.isoformat(),
        }
        stamp = fingerprint(case_files(cases_dir), options)
        if not force and (outputs := up_to_date(out_dir, stamp)) is not None:
            return BuildResult(ValidationResult(files=0), outputs=outputs, up_to_date=True)
        step = progress or (lambda _stage: None)
        step(f"Validating the case files in {cases_dir}")
        validation, library = load_library(cases_dir, day=day)
        result = BuildResult(validation)
        if library is None:
            return result
        if workshop and not any(workshop in c.meta.workshops for c in library.cases):
            raise BuildError(f"No case lists the workshop {workshop!r} under `workshops`.")
        config = casebook_config()
        ctx = BuildContext(
            config=config,
            lang=lang,
            workshop=workshop,
            duplex=duplex,
            handouts=handouts,
            info=build_info(config, day, version, lang),
            cache=out_dir / CACHE_DIR,
            progress=progress,
        )
        if force:
            shutil.rmtree(ctx.cache, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        try:
            names: list[str] = []
            seconds = render_timeout()
            with deadline(seconds), source_date_epoch(day):
                for product in PRODUCTS:
                    # The docstring starts with what the product writes: "output/casebook.pdf: …".
                    step("Writing " + (product.__doc__ or product.__name__).split(":")[0])
                    names.extend(product(library, staging, ctx))
            for name in names:
                if "/" in name or name.startswith(".") or not (staging / name).exists():
                    raise BuildError(f"a product named {name!r} was not written as expected")
            (staging / MANIFEST).write_text(json.dumps(names) + "\n", encoding="utf-8")
            # The commit point: one rename makes the complete set of new
            # products the one that `recover_outputs` will finish installing.
            staging.rename(out_dir / COMMIT_DIR)
        except RenderTimeout as err:
            raise BuildError(f"The build stopped: {err}.") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        forget(out_dir)
        result.outputs = _install(out_dir)
        write_stamp(out_dir, stamp, result.outputs)
        result.pages = ctx.info.get("pages", 0)
        result.parts = ctx.info.get("parts", (0, 0))
        return result


def recover_outputs(out_dir: Path) -> None:
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
    commit, old = out_dir / COMMIT_DIR, out_dir / OLD_DIR
    names = json.loads((commit / MANIFEST).read_text("utf-8"))
    old.mkdir(exist_ok=True)
    targets = []
    for name in names:
        item, target = commit / name, out_dir / name
        if item.exists():
            if target.exists() or target.is_symlink():
                _remove(old / name)
                target.rename(old / name)
            item.rename(target)
        targets.append(target)
    _remove(commit / MANIFEST)
    _remove(commit)
    _remove(old)
    return targets


def _remove(path: Path) -> None:
    """Delete a file, symlink or folder tree if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


@contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
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


def build_info(config: CasebookConfig, day: dt.date, version: str, lang: str) -> dict[str, Any]:
    """What the casebook prints about its build: date (ISO and in words), year, version, edition."""
    return {
        "date": day.isoformat(),
        "date_display": _display_date(day, lang),
        "year": day.year,
        "version": version,
        "edition": config.edition,
    }


def build_preview(case_path: Path, out_path: Path, *, lang: str = "en") -> BuildResult:
    """One case file -> a PDF of its chapter at `out_path`, for a contributor's quick look.

    Validates only that file (no checks across cases, no Table Schema pass),
    enriches it alone and renders it as a one-case handout. Nothing is written
    when the file has errors; the result's problems say why.
    """
    from .load import load_case
    from .render import casebook_html, render_pdf
    from .validate import validate_case

    day = build_date()
    validation = ValidationResult(files=1)
    loaded = load_case(case_path)
    if isinstance(loaded, list):
        validation.problems.extend(loaded)
        return BuildResult(validation)
    case, problems = validate_case(loaded, today=dt.date.today())
    validation.problems.extend(sorted(problems, key=Problem.sort_key))
    result = BuildResult(validation)
    if case is None or not validation.ok:
        return result
    validation.cases.append(case)
    library = enrich([case], build_year=day.year)
    config = casebook_config()
    info = build_info(config, day, data_version(), lang)
    html = casebook_html(library, lang=lang, config=config, build=info, handout=case.id)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with deadline(render_timeout()), source_date_epoch(day):
        result.pages = render_pdf(html, out_path)
    result.outputs.append(out_path)
    return result
