"""The orchestrator: case files -> check -> enrich -> every product, committed together.

In:  a cases folder, an output folder, the `Edition` asked for.
Out: a `BuildResult`; the products in the output folder (see `pipeline.outputs`).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.check.validate import ValidationResult, case_files, validate_library
from pipeline.config import casebook_config
from pipeline.deadline import RenderTimeout, deadline, render_timeout
from pipeline.edition import BuildInfo, Edition, ProductResult
from pipeline.enrich import enrich
from pipeline.fingerprint import (
    CaseChanges,
    case_changes,
    case_digests,
    fingerprint,
    stamp_record,
    up_to_date,
)
from pipeline.library import Library
from pipeline.outputs import (
    CACHE_DIR,
    BuildError,
    commit,
    exclusive,
    recover,
    source_date_epoch,
    staging,
    writing,
)
from pipeline.provenance import (
    build_date,
    data_version,
    git_provenance,
    package_version,
    project_version,
    release_tag,
)
from pipeline.schedule import write_products

__all__ = ["BuildError", "BuildResult", "build", "load_library"]

# A product: the library, the edition and the build's facts in; what it wrote
# into the staging folder out. Products never import each other.
Product = Callable[[Library, Edition, BuildInfo, Path], ProductResult]
# Named, the products are imported only once a build needs them (`write_products`): one
# that finds nothing changed ends before, and importing them was half of its time.
PRODUCTS: list[tuple[str, Product | str]] = [
    ("the data package", "pipeline.data:write_data"),
    ("the casebook", "pipeline.casebook:write_casebook"),
    # Last: it copies the files the others wrote into the site's downloads.
    ("the web edition", "pipeline.web:write_site"),
]
SITE = "the web edition"  # `invoke site` builds this product alone


@dataclass
class BuildResult:
    validation: ValidationResult
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0
    up_to_date: bool = False  # nothing changed since the last build: nothing was redone
    # Of the casebook's parts (see pipeline.casebook.parts): how many were rendered, of how many.
    parts: tuple[int, int] = (0, 0)
    notices: list[str] = field(default_factory=list)  # one line each, printed after the build
    language: str = ""  # a preview's edition language: its case's own, unless one was asked for
    # The case files added, changed and removed since the last build (None: no record of it).
    changes: CaseChanges | None = None

    @property
    def ok(self) -> bool:
        return self.validation.ok


def load_library(
    cases_dir: Path, *, today: dt.date | None = None, day: dt.date | None = None
) -> tuple[ValidationResult, Library | None]:
    """Check and enrich; the Library is None when there are errors.

    `today` is the date the check judges "in the future" by; `day` the build
    date (default: `build_date(cases_dir)`), whose year ongoing partnerships run to.
    """
    result = validate_library(cases_dir, today=today)
    if not result.ok:
        return result, None
    day = day or build_date(cases_dir)
    # Provenance is read here, at the edge, so that enrich stays pure.
    provenance = git_provenance(cases_dir)
    library = enrich(
        result.cases,
        build_year=day.year,
        provenance=provenance,
        translations=result.translations,
    )
    return result, library


def build(
    cases_dir: Path,
    out_dir: Path,
    edition: Edition | None = None,
    *,
    force: bool = False,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    only: str | None = None,
) -> BuildResult:
    """Check, enrich and write every product into `out_dir`; nothing is replaced on failure.

    When no input changed since the last build into `out_dir` (see
    `pipeline.fingerprint`), nothing is redone and the result says `up_to_date`;
    `force` rebuilds all the same. `today` is the date the check judges "in the future" by
    (default: the clock). `progress`, if given, is told each stage as it starts. `only`
    (the label of one of PRODUCTS) builds that product alone; the others stay as they are.
    Raises BuildError when another build holds `out_dir`, when no case lists the
    edition's workshop, or when writing the products fails or runs out of time;
    the previous outputs are then unchanged.
    """
    edition = edition or Edition()
    with writing(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
    with exclusive(out_dir):
        recover(out_dir)
        day, version = build_date(cases_dir), data_version(cases_dir)  # once: both are printed
        # The one place that decides the data package's version.
        release = package_version(project_version(), version, release_tag(cases_dir))
        options = {
            "lang": edition.lang,
            "workshop": edition.workshop,
            "duplex": edition.duplex,
            "handouts": edition.handouts,
            "cases": str(cases_dir.resolve()),
            "version": version,
            "package_version": release,
            "date": day.isoformat(),
            "site_url": casebook_config().site_url,
            "only": only or "",
        }
        if (
            not force
            and (
                outputs := up_to_date(
                    out_dir, fingerprint(case_digests(case_files(cases_dir)), options)
                )
            )
            is not None
        ):
            return BuildResult(ValidationResult(files=0), outputs=outputs, up_to_date=True)
        step = progress or (lambda _stage: None)
        step(f"Validating the case files in {cases_dir}")
        validation, library = load_library(cases_dir, today=today, day=day)
        result = BuildResult(validation)
        if library is None:
            return result
        if edition.workshop and not any(
            edition.workshop in c.meta.workshops for c in library.cases
        ):
            raise BuildError(f"No case lists the workshop {edition.workshop!r} under `workshops`.")
        result.changes = case_changes(out_dir, validation.digests)
        new = result.changes.added + result.changes.changed if result.changes else ()
        info = BuildInfo(
            day,
            version,
            casebook_config(),
            out_dir / CACHE_DIR,
            progress,
            package_version=release,
            output=out_dir,
            edited=frozenset(name.split(".")[0] for name in new),
        )
        if force and info.cache is not None:
            shutil.rmtree(info.cache, ignore_errors=True)
        # The stamp describes the bytes the check read, not an earlier look at the folder.
        stamp = fingerprint(validation.digests, options)
        with staging(out_dir) as folder:
            names: list[str] = []
            try:
                with deadline(render_timeout()), source_date_epoch(day), writing(out_dir):
                    chosen = [(k, p) for k, p in PRODUCTS if not only or k == only]
                    for written in write_products(chosen, (library, edition, info, folder), step):
                        names.extend(written.names)
                        result.pages = written.pages or result.pages
                        result.parts = written.parts if written.parts[1] else result.parts
                        result.notices.extend(written.notices)
            except RenderTimeout as err:
                raise BuildError(f"The build stopped: {err}.") from None
            record = stamp_record(stamp, names, validation.digests)
            result.outputs = commit(out_dir, folder, names, record)
        return result
