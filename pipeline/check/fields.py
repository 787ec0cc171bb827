"""Front matter rules -> problems: pydantic's errors in our own words, and the rules across fields.

In:  a RawCase (its data and the line of every field). Out: Problem values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from pipeline.case import FrontMatter, Partner, Source
from pipeline.check.load import RawCase
from pipeline.contract import ENDED_STATUSES
from pipeline.problems import Phrase, Problem, suggest
from pipeline.reference import vocabulary_for

NGO_SIDE = ("ngo", "union")
BUSINESS_SIDE = (
    "company",
    "social-enterprise",
    "cooperative",
    "business-association",
    "corporate-foundation",
)

_MODELS: dict[str, type] = {"": FrontMatter, "partners": Partner, "sources": Source}
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
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def pydantic_problems(err: ValidationError, raw: RawCase) -> list[Problem]:
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


def cross_field_problems(raw: RawCase) -> list[Problem]:
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
