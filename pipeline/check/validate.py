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
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

from pydantic import ValidationError

from pipeline.case import CASE_LANGUAGES, Case, FrontMatter
from pipeline.check.fields import cross_field_problems, pydantic_problems
from pipeline.check.files import scan
from pipeline.check.glance import glance
from pipeline.check.library import TEMPLATE, library_problems, template_problems
from pipeline.check.load import RawCase, parse_case_bytes
from pipeline.check.pool import map_files
from pipeline.check.sections import check_sections
from pipeline.check.translations import validate_translation
from pipeline.check.warnings import additional_warnings
from pipeline.problems import Problem, has_errors
from pipeline.registry import organisation_registry
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
    cases_dir: Path,
    *,
    today: dt.date | None = None,
    bulk_schema: bool = True,
    only: Collection[Path] | None = None,
) -> ValidationResult:
    """Load and validate every case file in `cases_dir`.

    With `only`, only those files (and the originals of translations among them) are
    checked fully; the others are glanced at (`pipeline.check.glance`) for the checks
    across files, and their own problems are not looked for: `validate --changed`.
    """
    today = today or dt.date.today()
    paths, entry_problems = scan(cases_dir)
    work = partial(check_file, today=today)
    full: frozenset[str] = frozenset()
    if only is not None:
        full = _wanted(paths, only)
        work = partial(_check_or_glance, today=today, full=full)
        entry_problems = [p for p in entry_problems if Path(p.file).name in full]
    unread = sum(p.code == "case-not-a-file" for p in entry_problems)
    result = ValidationResult(files=len(paths) + unread, problems=entry_problems)
    if not paths:
        result.problems.append(
            Problem("no-cases", file=cases_dir.as_posix(), params={"value": cases_dir.as_posix()})
        )
        return result
    raws: list[RawCase] = []
    checked: list[RawCase] = []  # those checked fully
    translations: list[RawCase] = []
    for outcome in map_files(work, paths, _warm_up):
        result.problems.extend(outcome.problems)
        if outcome.digest is not None:
            result.digests[outcome.name] = outcome.digest
        if outcome.language is not None:
            result.languages[outcome.file] = outcome.language
        if outcome.raw is None:
            continue
        if outcome.translation:
            translations.append(outcome.raw)  # checked below, against the valid originals
            continue
        raws.append(outcome.raw)  # what could be read takes part in the checks across cases
        if only is None or outcome.name in full:
            checked.append(outcome.raw)
        if outcome.case is not None:
            result.cases.append(outcome.case)
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
    result.problems.extend(template_problems(checked, cases_dir / TEMPLATE))
    result.cases.sort(key=lambda c: c.id)
    result.problems.sort(key=Problem.sort_key)
    return result


@dataclass
class FileOutcome:
    """What checking one file on its own gives (see `check_file`)."""

    name: str  # the file's name
    file: str  # the path as reported
    problems: list[Problem]
    digest: str | None = None  # SHA-256 of the bytes read, None if unreadable
    language: str | None = None  # the known language its front matter names
    raw: RawCase | None = None  # what could be read, for the checks across files
    translation: bool = False  # a translation: checked later, against the originals
    case: Case | None = None  # the valid case


def check_file(path: Path, today: dt.date) -> FileOutcome:
    """Read, parse and check one case file on its own; translations are only parsed."""
    shown = _display(path)
    try:
        data = read_case_bytes(path)
    except OSError as err:  # replaced by a link, removed or unreadable since the scan
        problem = Problem(
            "file-unreadable",
            file=shown,
            params={"value": path.name, "reason": err.strerror or str(err)},
        )
        return FileOutcome(path.name, shown, [problem])
    # What the build's stamp records: the bytes read here, not a second reading.
    outcome = FileOutcome(path.name, shown, [], digest=hashlib.sha256(data).hexdigest())
    loaded = parse_case_bytes(data, path, shown)
    raw = loaded.raw
    stated = raw.data.get("language") if raw is not None else None
    if isinstance(stated, str) and stated in CASE_LANGUAGES:
        outcome.file = raw.file if raw is not None else shown
        outcome.language = stated
    if not loaded.ok or raw is None:
        outcome.problems.extend(loaded.problems)
        if loaded.partial and raw is not None:
            outcome.problems.extend(partial_problems(raw, today))
            outcome.raw = raw
        return outcome
    if translation_name(path.name):
        outcome.raw, outcome.translation = raw, True
        return outcome
    outcome.case, problems = validate_case(raw, today=today)
    outcome.problems.extend(problems)
    # The checks across files need the fields and sections, not the whole text again
    # (which would be copied back from a worker for nothing).
    outcome.raw = replace(raw, source_text="")
    return outcome


def _wanted(paths: list[Path], only: Collection[Path]) -> frozenset[str]:
    """The names of the files to check fully: `only`, and the originals of its translations."""
    names = {p.name for p in only}
    for name in list(names):
        if found := translation_name(name):
            names.add(f"{found[0]}.md")
    return frozenset(names & {p.name for p in paths})


def _check_or_glance(path: Path, today: dt.date, full: frozenset[str]) -> FileOutcome:
    """`check_file` for a file in `full`; else only its front matter, for the checks across
    files (a translation not at all), with no problems of its own."""
    if path.name in full:
        return check_file(path, today)
    shown = _display(path)
    if translation_name(path.name):
        return FileOutcome(path.name, shown, [])
    try:
        data = read_case_bytes(path)
    except OSError:
        return FileOutcome(path.name, shown, [])
    raw = glance(data, path, shown)
    if raw is None:  # not plain enough to glance at: read it fully, keep only its data
        raw = check_file(path, today).raw
    return FileOutcome(path.name, shown, [], raw=raw)


def _warm_up() -> None:
    """What the checks across files need, loaded while the files are being checked."""
    import frictionless  # noqa: F401  (half a second; see schema_problems)

    organisation_registry()


def _display(path: Path) -> str:
    """The path as reported: relative to the working folder where it is inside it."""
    try:
        folder = _resolved(path.parent.absolute())
        return (folder / path.name).relative_to(_resolved(Path.cwd())).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=64)
def _resolved(folder: Path) -> Path:
    # Resolved once per folder, not once per file (the case files themselves are never
    # links: `scan` refuses them).
    return folder.resolve()


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
