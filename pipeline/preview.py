"""One case file -> a PDF of its chapter, for a contributor's quick look.

In:  a case file and the language of the furniture. Out: a PDF at the path asked for,
in the case's translation into that language where one is beside it.
Checks only that file (no checks across cases, no Table Schema pass),
enriches it alone and renders it as a one-case handout.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.build import BuildResult
from pipeline.casebook.html import casebook_html
from pipeline.casebook.pdf import render_pdf
from pipeline.check.load import load_case
from pipeline.check.translations import validate_translation
from pipeline.check.validate import ValidationResult, validate_case
from pipeline.config import casebook_config
from pipeline.deadline import deadline, render_timeout
from pipeline.edition import BuildInfo, Edition
from pipeline.enrich import enrich
from pipeline.i18n import FALLBACK, languages
from pipeline.outputs import source_date_epoch
from pipeline.problems import Problem
from pipeline.provenance import build_date, data_version


def build_preview(case_path: Path, out_path: Path, *, lang: str | None = None) -> BuildResult:
    """Write the preview of `case_path` to `out_path`, in `lang`'s edition (default: the
    case's own language); nothing is written when the file has errors, and the result's
    problems say why. The result's `language` is the case's (or `lang`)."""
    day = build_date(case_path.parent)
    validation = ValidationResult(files=1)
    loaded = load_case(case_path)
    stated = loaded.raw.data.get("language") if loaded.raw is not None else None
    language = lang or (stated if stated in languages() else FALLBACK)
    if not loaded.ok or loaded.raw is None:
        validation.problems.extend(loaded.problems)
        return BuildResult(validation, language=language)
    case, problems = validate_case(loaded.raw, today=dt.date.today())
    validation.problems.extend(sorted(problems, key=Problem.sort_key))
    result = BuildResult(validation, language=language)
    if case is None or not validation.ok:
        return result
    validation.cases.append(case)
    # Its translation into `lang`, if there is one beside it: the preview prints that.
    translations = []
    sibling = case_path.with_name(f"{case.id}.{lang}.md")
    if lang != case.meta.language and sibling.is_file():
        found = load_case(sibling)
        validation.problems.extend(found.problems)
        if found.ok and found.raw is not None:
            translation, own = validate_translation(found.raw, {case.id: case}, {case.id})
            validation.problems.extend(sorted(own, key=Problem.sort_key))
            translations += [translation] if translation else []
        if not validation.ok:
            return result
    library = enrich([case], build_year=day.year, translations=translations)
    info = BuildInfo(day, data_version(case_path.parent), casebook_config())
    html = casebook_html(library, Edition(lang=language), info, handout=case.id)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with deadline(render_timeout()), source_date_epoch(day):
        result.pages = render_pdf(html, out_path)
    result.outputs.append(out_path)
    return result
