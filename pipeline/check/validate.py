"""Stage 2, check: RawCase -> Case, with every problem as data.

Three layers, all run on every file so that one run reports everything:

1. the pydantic models (types, vocabularies, per-field rules) and the rules
   across fields (`pipeline.check.fields`), the section headings
   (`pipeline.check.sections`),
2. the published Frictionless Table Schema, applied to all cases at once
   (one call for the whole table: frictionless costs ~6 ms a call),
3. the additional checks (warnings, `pipeline.check.warnings`) and the checks
   across cases (`pipeline.check.library`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pipeline.case import CASE_LANGUAGES, Case, FrontMatter
from pipeline.check.fields import cross_field_problems, pydantic_problems
from pipeline.check.files import scan
from pipeline.check.library import TEMPLATE, library_problems, template_problems
from pipeline.check.load import RawCase, parse_case_bytes
from pipeline.check.sections import check_sections
from pipeline.check.translations import validate_translation
from pipeline.check.warnings import additional_warnings
from pipeline.problems import Problem, has_errors
from pipeline.safefile import read_case_bytes
from pipeline.translation import Translation, translation_name


@dataclass
class ValidationResult:
    """All valid cases (sorted by id) and all problems (sorted by file and line)."""

    cases: list[Case] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)  # valid ones, by file name
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    digests: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256 of its bytes
    # The file as reported -> the language its front matter names (where it names a known one).
    languages: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def case_files(cases_dir: Path) -> list[Path]:
    """The case files in a folder: regular files named *.md, except those starting with "_"
    (the template) or "." (see `pipeline.check.files.scan`)."""
    return scan(cases_dir)[0]


def validate_library(
    cases_dir: Path, *, today: dt.date | None = None, bulk_schema: bool = True
) -> ValidationResult:
    """Load and validate every case file in `cases_dir`."""
    today = today or dt.date.today()
    paths, entry_problems = scan(cases_dir)
    unread = sum(p.code == "case-not-a-file" for p in entry_problems)
    result = ValidationResult(files=len(paths) + unread, problems=entry_problems)
    if not paths:
        result.problems.append(
            Problem("no-cases", file=cases_dir.as_posix(), params={"value": cases_dir.as_posix()})
        )
        return result
    raws: list[RawCase] = []
    translations: list[RawCase] = []
    for path in paths:
        try:
            data = read_case_bytes(path)
        except OSError as err:  # replaced by a link, removed or unreadable since the scan
            result.problems.append(
                Problem(
                    "file-unreadable",
                    file=_display(path),
                    params={"value": path.name, "reason": err.strerror or str(err)},
                )
            )
            continue
        # What the build's stamp records: the bytes read here, not a second reading.
        result.digests[path.name] = hashlib.sha256(data).hexdigest()
        loaded = parse_case_bytes(data, path, _display(path))
        stated = loaded.raw.data.get("language") if loaded.raw is not None else None
        if isinstance(stated, str) and stated in CASE_LANGUAGES:
            result.languages[loaded.raw.file if loaded.raw else _display(path)] = stated
        if not loaded.ok or loaded.raw is None:
            result.problems.extend(loaded.problems)
            if loaded.partial and loaded.raw is not None:
                result.problems.extend(partial_problems(loaded.raw, today))
                raws.append(loaded.raw)  # what could be read takes part in the checks across cases
            continue
        if translation_name(path.name):
            translations.append(loaded.raw)  # checked below, against the valid originals
            continue
        raws.append(loaded.raw)
        case, problems = validate_case(loaded.raw, today=today)
        result.problems.extend(problems)
        if case is not None:
            result.cases.append(case)
    if bulk_schema and result.cases:
        # frictionless is imported only when needed (it costs half a second)
        from pipeline.check.tableschema import schema_problems

        result.problems.extend(schema_problems(result.cases))
    originals = {c.id: c for c in result.cases}
    case_ids = {p.stem for p in paths if not translation_name(p.name)}
    for raw in translations:
        translation, problems = validate_translation(raw, originals, case_ids)
        result.problems.extend(problems)
        if translation is not None:
            result.translations.append(translation)
    result.problems.extend(library_problems(raws))
    result.problems.extend(template_problems(raws, cases_dir / TEMPLATE))
    result.cases.sort(key=lambda c: c.id)
    result.problems.sort(key=Problem.sort_key)
    return result


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def partial_problems(raw: RawCase, today: dt.date) -> list[Problem]:
    """The problems of a file whose front matter had mistakes, besides those mistakes.

    What could be read is checked like any case (fields, sections, warnings); a field
    whose line was left out is not reported missing. With nothing read, the sections only.
    """
    if set(raw.data) <= {"language"} and not raw.dropped and not raw.positions:
        return check_sections(raw, raw.data.get("language", "en"))[1]
    _case, problems = validate_case(raw, today=today)
    dropped = set(raw.dropped)
    return [
        p
        for p in problems
        if not (p.code == "missing-field" and p.field.rpartition(".")[2] in dropped)
    ]


def validate_case(raw: RawCase, *, today: dt.date) -> tuple[Case | None, list[Problem]]:
    """One loaded case -> (Case or None, its problems: errors and warnings)."""
    problems: list[Problem] = []
    meta: FrontMatter | None = None
    try:
        meta = FrontMatter.model_validate(raw.data, context={"today": today})
    except ValidationError as err:
        problems.extend(pydantic_problems(err, raw))
    problems.extend(cross_field_problems(raw))
    # The sections are checked against the headings of the case's language, where it names
    # one the contract knows; else against the English ones.
    stated = raw.data.get("language")
    language = stated if isinstance(stated, str) and stated in CASE_LANGUAGES else "en"
    found, section_problems = check_sections(raw, language)
    problems.extend(section_problems)
    # Warnings come with the errors, in the same run.
    problems.extend(additional_warnings(raw, found, today))
    if meta is None or has_errors(problems):
        return None, problems
    case = Case(
        meta=meta,
        sections={key: text for key, (text, _line) in found.items()},
        section_lines={key: line for key, (_text, line) in found.items()},
        file=raw.file,
    )
    return case, problems
