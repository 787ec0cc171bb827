"""Stage 2, validate: RawCase -> Case, with every problem as data.

Three layers, all run on every file so that one run reports everything:

1. the pydantic models (types, vocabularies, per-field rules),
2. the rules across fields and the section headings (here),
3. the published Frictionless Table Schema, applied to all cases at once
   (one call for the whole table: frictionless costs ~6 ms a call).

Then the additional checks (warnings) and the checks across cases.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .config import ASSETS_DIR, MAX_SECTION_CHARS, SHORT_SECTION_WORDS
from .load import RawCase, load_case
from .models import ENDED_STATUSES, Case, FrontMatter, Partner, Source
from .names import Registry, organisation_registry
from .problems import Phrase, Problem, has_errors, suggest
from .schema import Section, sections, vocabulary_for

NGO_SIDE = ("ngo", "union")
BUSINESS_SIDE = (
    "company",
    "social-enterprise",
    "cooperative",
    "business-association",
    "corporate-foundation",
)
REVIEW_MAX_AGE_DAYS = 3 * 365

_MODELS: dict[str, type] = {"": FrontMatter, "partners": Partner, "sources": Source}
_WHERE = {"": "where-case", "partners": "where-partner", "sources": "where-source"}
# pydantic error type -> the phrase (messages.yaml, phrases) naming what was expected.
_EXPECTED = {
    "int_type": "expected-whole-number",
    "string_type": "expected-text",
    "list_type": "expected-list",
    "dict_type": "expected-fields",
    "model_type": "expected-fields",
    "model_attributes_type": "expected-fields",
    "date_type": "expected-date",
    "bool_type": "expected-yes-no",
    "literal_error": "expected-one-of",
}


@dataclass
class ValidationResult:
    """All valid cases (sorted by id) and all problems (sorted by file and line)."""

    cases: list[Case] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def case_files(cases_dir: Path) -> list[Path]:
    """The case files in a folder: *.md except those starting with "_" (the template)."""
    return sorted(p for p in cases_dir.glob("*.md") if not p.name.startswith(("_", ".")))


def validate_library(
    cases_dir: Path, *, today: dt.date | None = None, bulk_schema: bool = True
) -> ValidationResult:
    """Load and validate every case file in `cases_dir`."""
    today = today or dt.date.today()
    paths = case_files(cases_dir)
    result = ValidationResult(files=len(paths))
    if not paths:
        result.problems.append(
            Problem("no-cases", cases_dir.as_posix(), params={"value": cases_dir.as_posix()})
        )
        return result
    raws: list[RawCase] = []
    for path in paths:
        loaded = load_case(path, _display(path))
        if isinstance(loaded, list):
            result.problems.extend(loaded)
            partial = getattr(loaded, "partial", None)
            if partial is not None:
                result.problems.extend(_check_sections(partial, partial.data["language"])[1])
            continue
        raws.append(loaded)
        case, problems = validate_case(loaded, today=today)
        result.problems.extend(problems)
        if case is not None:
            result.cases.append(case)
    if bulk_schema and result.cases:
        from .tables import schema_problems  # frictionless is imported only when needed

        result.problems.extend(schema_problems(result.cases))
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


def validate_case(raw: RawCase, *, today: dt.date) -> tuple[Case | None, list[Problem]]:
    """One loaded case -> (Case or None, its problems: errors and warnings)."""
    problems: list[Problem] = []
    meta: FrontMatter | None = None
    try:
        meta = FrontMatter.model_validate(raw.data, context={"today": today})
    except ValidationError as err:
        problems.extend(_from_pydantic(err, raw))
    problems.extend(_cross_field(raw))
    language = raw.data.get("language") if raw.data.get("language") in ("en", "nl") else "en"
    found, section_problems = _check_sections(raw, language)
    problems.extend(section_problems)
    if meta is None or has_errors(problems):
        return None, problems
    problems.extend(_warnings(raw, meta, found, today))
    case = Case(
        meta=meta,
        sections={key: text for key, (text, _line) in found.items()},
        section_lines={key: line for key, (_text, line) in found.items()},
        file=raw.file,
    )
    return case, problems


# --- layer 1: pydantic errors -> problems -------------------------------------------------


def _path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _from_pydantic(err: ValidationError, raw: RawCase) -> list[Problem]:
    problems = []
    for e in err.errors(include_url=False):
        # pydantic adds its own steps to `loc` ("function-after[check(), str]", union
        # members); drop them. The one contributor-written key it can hold is the
        # unknown key of extra_forbidden, always last: keep that whatever it says.
        *inner, last = e["loc"] or ("",)
        loc = [
            p for p in inner if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
        ]
        if e["type"] == "extra_forbidden" or not (
            isinstance(last, str) and ("[" in last or last.startswith("function-"))
        ):
            loc.append(last)
        path = _path(loc)
        ctx = dict(e.get("ctx") or {})
        kind = e["type"]
        value = e.get("input")
        shown_field = re.sub(r"\[\d+\]$", "", path)
        params: dict[str, Any] = {
            "field": shown_field,
            "value": value if isinstance(value, str | int) else _shown(value),
            **ctx,
        }
        line, column = raw.position(path) or (None, None)
        code = kind
        if kind == "missing":
            code = "missing-field"
            params["hint"] = _missing_hint(loc)
        elif kind == "extra_forbidden":
            code = "unknown-field"
            parent = ".".join(str(p) for p in loc[:-1] if isinstance(p, str))
            model = _MODELS.get(parent, FrontMatter)
            allowed = list(model.model_fields)
            name = str(e["loc"][-1]) if e["loc"] else "?"
            params.update(
                value=name, where=Phrase(_WHERE.get(parent, "where-case")), allowed=allowed
            )
            params["suggestion"] = suggest(name, allowed) or ""
            value = name
        elif kind in ("string_too_long", "too_long"):
            code = "text-too-long"
            params.update(
                length=len(value) if hasattr(value, "__len__") else "?",
                limit=ctx.get("max_length"),
            )
        elif kind == "string_too_short":
            code = "text-too-short"
            params.update(length=len(value), limit=ctx.get("min_length"), hint="")
            if path == "summary":
                params["hint"] = Phrase("hint-summary")
        elif kind == "too_short":
            code = "too-few-items"
            params.update(
                length=len(value) if hasattr(value, "__len__") else 0,
                limit=ctx.get("min_length"),
            )
        elif kind == "string_pattern_mismatch":
            code = "invalid-id"
        elif kind in ("greater_than_equal", "less_than_equal"):
            code = "number-out-of-range"
            params.update(minimum=1, maximum=17)
        elif kind in _EXPECTED or kind.endswith("_type") or kind.endswith("_parsing"):
            code = "wrong-type"
            expected = Phrase(_EXPECTED.get(kind, "expected-other"))
            if path.split("[")[0] in ("started", "ended") or path.endswith(".year"):
                expected = Phrase("expected-year")
                if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*[-–/]\s*\d{2,4}\s*", value):
                    # "2011-2013": a period written in one field.
                    expected = Phrase("expected-year-not-period")
            elif kind == "literal_error":
                # pydantic writes "'en' or 'nl'"; contributors type the values without quotes.
                allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
                expected = Phrase("expected-one-of", (("expected", allowed),))
            params["expected"] = expected
            params["value"] = _shown(value)
        problems.append(Problem(code, raw.file, line, column, path, value, params))
    # "partner:" for "partners:" is one mistake: the unknown key says "did you mean
    # partners?", so the missing "partners" would only repeat it.
    renamed = {
        (p.field.rpartition(".")[0] if "." in p.field else "") + "|" + p.params["suggestion"]
        for p in problems
        if p.code == "unknown-field" and p.params.get("suggestion")
    }
    return [
        p
        for p in problems
        if not (
            p.code == "missing-field"
            and (p.field.rpartition(".")[0] + "|" + p.field.rpartition(".")[2]) in renamed
        )
    ]


def _missing_hint(loc: list[Any]) -> Phrase | str:
    name = str(loc[-1])
    return Phrase(f"hint-{name}") if name in ("id", "language", "partners", "sources") else ""


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "fields (" + ", ".join(map(str, value)) + ")"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"“{value}”" if len(value) <= 60 else f"“{value[:57]}…”"
    return str(value)


# --- layer 2: rules across fields, and sections ------------------------------------------


def _cross_field(raw: RawCase) -> list[Problem]:
    """Rules that involve more than one field. Defensive: types may still be wrong."""
    data = raw.data
    problems = []
    expected_id = raw.path.stem

    def at(code: str, path: str, value: Any = None, **params: Any) -> Problem:
        line, column = raw.position(path) or (None, None)
        return Problem(
            code,
            raw.file,
            line,
            column,
            path,
            value,
            {"value": value, "field": path, **params},
        )

    if isinstance(data.get("id"), str) and data["id"] != expected_id:
        problems.append(at("id-mismatch", "id", data["id"], expected=expected_id))
    status, started, ended = data.get("status"), data.get("started"), data.get("ended")
    if isinstance(status, str):
        if status in ENDED_STATUSES and ended is None:
            problems.append(at("ended-required", "status", status, status=status))
        elif (
            status not in ENDED_STATUSES
            and ended is not None
            and status in vocabulary_for("status").ids
        ):
            problems.append(at("ended-not-allowed", "ended", ended, status=status))
    if _is_year(started) and _is_year(ended) and ended < started:
        problems.append(at("ended-before-started", "ended", ended, started=started))
    partners = data.get("partners")
    if isinstance(partners, list) and partners:
        types = [p.get("type") for p in partners if isinstance(p, Mapping)]
        known = vocabulary_for("partners.type").ids
        sides = ((NGO_SIDE, "side-ngo"), (BUSINESS_SIDE, "side-business"))
        for need, side in sides if all(t in known for t in types) else ():
            # (A misspelt type is reported on its own line; the mix is judged once all are valid.)
            if not any(t in need for t in types):
                problems.append(
                    at(
                        "partner-mix",
                        "partners",
                        ", ".join(map(str, types)),
                        need=", ".join(need),
                        side=Phrase(side),
                    )
                )
    sources = data.get("sources")
    if isinstance(sources, list):
        for i, source in enumerate(sources):
            if (
                isinstance(source, Mapping)
                and not source.get("url")
                and not source.get("publisher")
            ):
                problems.append(at("source-incomplete", f"sources[{i}]"))
    return problems


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_sections(
    raw: RawCase, language: str
) -> tuple[dict[str, tuple[str, int]], list[Problem]]:
    """Match headings to the known sections. Returns key -> (Markdown, line), and problems."""
    known: dict[str, Section] = {s.heading(language).casefold(): s for s in sections()}
    found: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    if raw.preamble:
        problems.append(Problem("text-outside-section", raw.file, raw.body_line))

    for sec in raw.sections:
        if sec.level != 2:
            continue  # reported by load as wrong-heading-level
        heading = " ".join(sec.heading.split()).casefold()
        spec = known.get(heading)
        if spec is None:
            allowed = [s.heading(language) for s in sections()]
            # A heading of the other language: suggest this language's heading for it.
            other = next(
                (
                    s
                    for s in sections()
                    for lang in ("en", "nl")
                    if s.heading(lang).casefold() == heading
                ),
                None,
            )
            problems.append(
                Problem(
                    "unknown-section",
                    raw.file,
                    sec.line,
                    1,
                    "sections",
                    sec.heading,
                    {
                        "value": sec.heading,
                        "language": language,
                        "allowed": allowed,
                        "suggestion": other.heading(language)
                        if other
                        else suggest(sec.heading, allowed) or "",
                    },
                )
            )
            continue
        if spec.key in found:
            problems.append(
                Problem(
                    "duplicate-section",
                    raw.file,
                    sec.line,
                    1,
                    f"sections.{spec.key}",
                    sec.heading,
                    {"value": sec.heading, "first_line": found[spec.key][1]},
                )
            )
            continue
        if len(sec.text) > MAX_SECTION_CHARS:
            problems.append(
                Problem(
                    "section-too-long",
                    raw.file,
                    sec.line,
                    1,
                    f"sections.{spec.key}",
                    sec.heading,
                    {
                        "value": sec.heading,
                        "length": len(sec.text),
                        "limit": MAX_SECTION_CHARS,
                    },
                )
            )
        if spec.required and not sec.text.strip():
            problems.append(
                Problem(
                    "empty-section",
                    raw.file,
                    sec.line,
                    1,
                    f"sections.{spec.key}",
                    sec.heading,
                    {"value": sec.heading},
                )
            )
        found[spec.key] = (sec.text, sec.line)
    end_line = len(raw.source_text.rstrip("\n").split("\n"))  # the last line of the file
    # A misspelt heading is one mistake: its "did you mean" already names the section.
    suggested = {p.params.get("suggestion") for p in problems if p.code == "unknown-section"}
    for spec in sections():
        if spec.required and spec.key not in found and spec.heading(language) not in suggested:
            problems.append(
                Problem(
                    "missing-section",
                    raw.file,
                    end_line,
                    None,
                    f"sections.{spec.key}",
                    spec.heading(language),
                    {"value": spec.heading(language)},
                )
            )
    return found, problems


# --- additional checks (warnings) -------------------------------------------------------


@cache
def printable_characters() -> frozenset[int]:
    """Code points that every bundled text face can print (serif and sans, roman and italic)."""
    from fontTools.ttLib import TTFont  # only when a case has characters beyond ASCII

    faces = (
        "SourceSerif4Variable-Roman.ttf",
        "SourceSerif4Variable-Italic.ttf",
        "SourceSans3-Regular.otf",
        "SourceSans3-It.otf",
    )
    maps = [set(TTFont(ASSETS_DIR / "fonts" / f, lazy=True).getBestCmap()) for f in faces]
    return frozenset(set.intersection(*maps))


def _unprintable(text: str) -> list[str]:
    """Characters of `text` the casebook's fonts lack (they would print as empty boxes)."""
    if text.isascii():
        return []
    printable = printable_characters()
    missing = []
    for ch in text:
        if ord(ch) > 0x7E and ord(ch) not in printable and not ch.isspace() and ch not in missing:
            missing.append(ch)
    return missing


def _glyph_warnings(
    raw: RawCase, meta: FrontMatter, found: dict[str, tuple[str, int]]
) -> list[Problem]:
    texts: list[tuple[str, str, int | None]] = [
        ("title", meta.title, (raw.position("title") or (None,))[0]),
        ("summary", meta.summary, (raw.position("summary") or (None,))[0]),
    ]
    texts += [
        (f"partners[{i}].name", p.name, (raw.position(f"partners[{i}].name") or (None,))[0])
        for i, p in enumerate(meta.partners)
    ]
    texts += [(f"sections.{key}", text, line) for key, (text, line) in found.items()]
    problems = []
    for field_path, text, line in texts:
        missing = _unprintable(text)
        if missing:
            shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:5])
            problems.append(
                Problem(
                    "unprintable-character",
                    raw.file,
                    line,
                    None,
                    field_path,
                    shown,
                    {"value": shown, "field": field_path},
                )
            )
    return problems


def _warnings(
    raw: RawCase, meta: FrontMatter, found: dict[str, tuple[str, int]], today: dt.date
) -> list[Problem]:
    lang = meta.language
    problems = _glyph_warnings(raw, meta, found)
    for spec in sections():
        if not spec.required and spec.key not in found:
            problems.append(
                Problem(
                    "optional-section-missing",
                    raw.file,
                    None,
                    None,
                    f"sections.{spec.key}",
                    spec.heading(lang),
                    {"value": spec.heading(lang)},
                )
            )
        elif spec.key in found and spec.key != "questions":
            text, line = found[spec.key]
            words = len(text.split())
            if 0 < words < SHORT_SECTION_WORDS:
                problems.append(
                    Problem(
                        "short-section",
                        raw.file,
                        line,
                        1,
                        f"sections.{spec.key}",
                        spec.heading(lang),
                        {
                            "value": spec.heading(lang),
                            "length": words,
                            "limit": SHORT_SECTION_WORDS,
                        },
                    )
                )
    if meta.reviewed and (today - meta.reviewed).days > REVIEW_MAX_AGE_DAYS:
        line, column = raw.position("reviewed") or (None, None)
        problems.append(
            Problem(
                "review-outdated",
                raw.file,
                line,
                column,
                "reviewed",
                meta.reviewed.isoformat(),
                {"value": meta.reviewed.isoformat()},
            )
        )
    for i, source in enumerate(meta.sources):
        if not source.url:
            line, column = raw.position(f"sources[{i}]") or (None, None)
            problems.append(Problem("source-without-url", raw.file, line, column, f"sources[{i}]"))
    if not meta.risks:
        line, column = raw.position("risks") or (None, None)
        problems.append(Problem("no-risks", raw.file, line, column, "risks"))
    return problems


# --- across cases ------------------------------------------------------------------------


TEMPLATE = "_template.md"


def template_problems(raws: list[RawCase], template_path: Path) -> list[Problem]:
    """Text left as the template wrote it (a summary or a section): an error in a real case."""
    if not template_path.is_file():
        return []
    template = load_case(template_path, template_path.name)
    if isinstance(template, list):
        return []
    texts = {" ".join(s.text.split()) for s in template.sections if s.text.strip()}
    summary = template.data.get("summary")
    problems = []
    for raw in raws:
        if summary and raw.data.get("summary") == summary:
            line = (raw.position("summary") or (None,))[0]
            problems.append(
                Problem(
                    "template-text",
                    raw.file,
                    line,
                    None,
                    "summary",
                    "summary",
                    {"value": "summary"},
                )
            )
        for sec in raw.sections:
            if sec.text.strip() and " ".join(sec.text.split()) in texts:
                problems.append(
                    Problem(
                        "template-text",
                        raw.file,
                        sec.line,
                        1,
                        "sections",
                        sec.heading,
                        {"value": sec.heading},
                    )
                )
    return problems


def library_problems(raws: list[RawCase], registry: Registry | None = None) -> list[Problem]:
    """Checks that need all files: one spelling per organisation.

    Names are grouped by organisation id (registry-aware, see pipeline.names); two
    spellings that schema/organisations.yaml lists for one organisation are fine.
    """
    registry = registry if registry is not None else organisation_registry()
    problems = []
    spellings: dict[str, tuple[str, str]] = {}  # id -> (first spelling, its file)
    for raw in raws:
        partners = raw.data.get("partners")
        if not isinstance(partners, list):
            continue
        for i, partner in enumerate(partners):
            name = partner.get("name") if isinstance(partner, Mapping) else None
            if not isinstance(name, str) or not name.strip():
                continue
            key = registry.organisation_id(name)
            first = spellings.setdefault(key, (name, raw.file))
            if first[0] != name and not (registry.lists(name) and registry.lists(first[0])):
                line, column = raw.position(f"partners[{i}].name") or (None, None)
                problems.append(
                    Problem(
                        "organisation-spelling",
                        raw.file,
                        line,
                        column,
                        f"partners[{i}].name",
                        name,
                        {"value": name, "other": first[0], "other_case": first[1]},
                    )
                )
    return problems
