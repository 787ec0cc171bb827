"""Front matter rules -> problems: pydantic's errors in our own words, and the rules across fields.

In:  a RawCase (its data and the line of every field). Out: Problem values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from pydantic import BaseModel, ValidationError

from pipeline.case import CASE_LANGUAGES, FrontMatter, Partner, Source
from pipeline.check.load import RawCase
from pipeline.contract import ENDED_STATUSES, SDG_COUNT
from pipeline.i18n import language_code
from pipeline.problems import Phrase, Problem, suggest
from pipeline.reference import vocabulary_for

# The civil-society side: an NGO or a union, or a multi-stakeholder initiative or standard
# body (Fair Wear, RSPO), whose members and board include NGOs and unions.
NGO_SIDE = ("ngo", "union", "msi")
BUSINESS_SIDE = (
    "company",
    "social-enterprise",
    "cooperative",
    "business-association",
    "corporate-foundation",
)

_MODELS: dict[str, type[BaseModel]] = {"": FrontMatter, "partners": Partner, "sources": Source}
_WHERE = {"": "where-case", "partners": "where-partner", "sources": "where-source"}
# pydantic error type -> the phrase (the catalogues' `phrases`) naming what was expected.
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


# --- layer 1: pydantic errors -> problems -------------------------------------------------


def _path(loc: Iterable[Any]) -> str:
    """A pydantic `loc` -> our field path: ``("partners", 1, "type")`` -> ``partners[1].type``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class _Error:
    """One entry of a pydantic ValidationError, read for building its Problem."""

    kind: str  # pydantic's error type, e.g. "string_too_long"
    loc: list[Any]  # the contributor's field path as parts, pydantic's own steps dropped
    path: str  # the same as text: partners[1].type
    value: Any  # the offending input
    ctx: dict[str, Any]  # pydantic's context (max_length, expected, ...)
    name: str  # the last key pydantic names (the unknown key of extra_forbidden)


@dataclass(frozen=True)
class _Rule:
    """How one pydantic error type becomes a Problem.

    `code` is our problem code; `params(error)` returns the message parameters to
    add to (or replace in) the common ones (field, value, and pydantic's ctx);
    `value(error)`, if given, is the Problem's value instead of the input.
    """

    code: str
    params: Callable[[_Error], dict[str, Any]]
    value: Callable[[_Error], Any] | None = None


def _length(value: Any, default: Any) -> Any:
    return len(value) if hasattr(value, "__len__") else default


def _unknown_field(e: _Error) -> dict[str, Any]:
    parent = ".".join(str(p) for p in e.loc[:-1] if isinstance(p, str))
    allowed = list(_MODELS.get(parent, FrontMatter).model_fields)
    return {
        "value": e.name,
        "where": Phrase(_WHERE.get(parent, "where-case")),
        "allowed": allowed,
        "suggestion": suggest(e.name, allowed) or "",
    }


def _wrong_type(e: _Error) -> dict[str, Any]:
    expected = Phrase(_EXPECTED.get(e.kind, "expected-other"))
    if e.path.split("[")[0] in ("started", "ended") or e.path.endswith(".year"):
        expected = Phrase("expected-year")
        if isinstance(e.value, str) and re.fullmatch(r"\s*\d{4}\s*[-–/]\s*\d{2,4}\s*", e.value):
            # "2011-2013": a period written in one field.
            expected = Phrase("expected-year-not-period")
    elif e.kind == "literal_error":
        # pydantic writes "'en' or 'nl'"; contributors type the values without quotes.
        allowed = str(e.ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        expected = Phrase("expected-one-of", (("expected", allowed),))
        if e.path == "language" and isinstance(e.value, str):
            # "Nederlands", "Dutch", "NL": the language's name in any catalogue's language.
            code = language_code(e.value, CASE_LANGUAGES)
            return {"expected": expected, "value": _shown(e.value), "suggestion": code or ""}
    return {"expected": expected, "value": _shown(e.value)}


_TEXT_TOO_LONG = _Rule(
    "text-too-long",
    lambda e: {"length": _length(e.value, "?"), "limit": e.ctx.get("max_length")},
)
# The one range in the model is the SDG number (case.Sdg: 1 to SDG_COUNT).
_OUT_OF_RANGE = _Rule("number-out-of-range", lambda e: {"minimum": 1, "maximum": SDG_COUNT})
_WRONG_TYPE = _Rule("wrong-type", _wrong_type)

# pydantic error type -> how it becomes our Problem. Any other "*_type" or "*_parsing"
# error is a wrong-type too; any other type (our own PydanticCustomError codes, such as
# "unknown-term") is already our code and keeps pydantic's ctx as its parameters.
RULES: dict[str, _Rule] = {
    "missing": _Rule("missing-field", lambda e: {"hint": _missing_hint(e.loc)}),
    "extra_forbidden": _Rule("unknown-field", _unknown_field, value=lambda e: e.name),
    "string_too_long": _TEXT_TOO_LONG,
    "too_long": _TEXT_TOO_LONG,
    "string_too_short": _Rule(
        "text-too-short",
        lambda e: {
            "length": len(e.value),
            "limit": e.ctx.get("min_length"),
            "hint": Phrase("hint-summary") if e.path == "summary" else "",
        },
    ),
    "too_short": _Rule(
        "too-few-items",
        lambda e: {"length": _length(e.value, 0), "limit": e.ctx.get("min_length")},
    ),
    "string_pattern_mismatch": _Rule("invalid-id", lambda e: {}),
    "greater_than_equal": _OUT_OF_RANGE,
    "less_than_equal": _OUT_OF_RANGE,
    **dict.fromkeys(_EXPECTED, _WRONG_TYPE),
}


def rule_for(kind: str) -> _Rule:
    """The rule for a pydantic error type: from RULES, else wrong-type or the type as our code."""
    if kind in RULES:
        return RULES[kind]
    if kind.endswith(("_type", "_parsing")):
        return _WRONG_TYPE
    return _Rule(kind, lambda e: {})


def _error(e: Any) -> _Error:
    """A pydantic error dict -> _Error, with pydantic's own `loc` steps dropped.

    pydantic adds its own steps to `loc` ("function-after[check(), str]", union
    members). The one contributor-written key it can hold is the unknown key of
    extra_forbidden, always last: keep that whatever it says.
    """
    *inner, last = e["loc"] or ("",)

    def own_step(p: Any) -> bool:
        return isinstance(p, str) and ("[" in p or p.startswith("function-"))

    loc = [p for p in inner if not own_step(p)]
    if e["type"] == "extra_forbidden" or not own_step(last):
        loc.append(last)
    name = str(e["loc"][-1]) if e["loc"] else "?"
    return _Error(e["type"], loc, _path(loc), e.get("input"), dict(e.get("ctx") or {}), name)


def pydantic_problems(err: ValidationError, raw: RawCase) -> list[Problem]:
    """pydantic's errors for one case -> Problems in our codes, placed by `raw`'s positions.

    Each error type becomes a Problem through `rule_for` (the RULES table). A
    missing field that an unknown key already names ("partner:" for "partners:",
    with "did you mean partners?") is left out: it would only repeat that mistake.
    """
    problems = []
    for entry in err.errors(include_url=False):
        e = _error(entry)
        rule = rule_for(e.kind)
        params: dict[str, Any] = {
            "field": re.sub(r"\[\d+\]$", "", e.path),
            "value": e.value if isinstance(e.value, str | int) else _shown(e.value),
            **e.ctx,
        }
        params.update(rule.params(e))
        line, column = raw.position(e.path) or (None, None)
        problems.append(
            Problem(
                rule.code,
                file=raw.file,
                line=line,
                column=column,
                field=e.path,
                value=rule.value(e) if rule.value else e.value,
                params=params,
            )
        )
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


def cross_field_problems(raw: RawCase) -> list[Problem]:
    """Rules that involve more than one field. Defensive: types may still be wrong."""
    data = raw.data
    problems = []
    expected_id = raw.path.stem

    def at(code: str, path: str, value: Any = None, **params: Any) -> Problem:
        return raw.problem_at(code, path, value, {"value": value, "field": path, **params})

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


def _is_year(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
