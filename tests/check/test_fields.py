"""The pydantic error table (check/fields.py RULES): one test per mapped error type.

Each test gives a front matter that makes pydantic report that error type and
checks the Problem it becomes: code, place, params and the English message.
The types the model cannot produce from a case file (no bool or dict field, no
list with a maximum length) are built with ValidationError.from_exception_data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from pipeline.case import FrontMatter
from pipeline.check.fields import RULES, pydantic_problems, rule_for
from pipeline.check.load import RawCase, parse_case_bytes
from pipeline.contract import SDG_COUNT
from pipeline.problems import Problem
from tests.support import TODAY, VALID_FRONT_MATTER, case_text

FRONT = VALID_FRONT_MATTER.format(id="test-case")
FILE = "cases/test-case.md"
TITLE = 'title: "Test NGO – Test Co: a joint study"'


def _raw(front: str) -> RawCase:
    loaded = parse_case_bytes(case_text(front=front).encode(), Path(FILE), FILE)
    assert loaded.ok and loaded.raw is not None, loaded.problems
    return loaded.raw


def problems(front: str, kinds: list[str]) -> list[Problem]:
    """The Problems for a front matter whose pydantic error types are `kinds`, in order."""
    raw = _raw(front)
    with pytest.raises(ValidationError) as caught:
        FrontMatter.model_validate(raw.data, context={"today": TODAY})
    assert [e["type"] for e in caught.value.errors()] == kinds
    return pydantic_problems(caught.value, raw)


def one(front: str, kind: str) -> Problem:
    (problem,) = problems(front, [kind])
    return problem


def synthetic(kind: str, loc: tuple[Any, ...], value: Any, ctx: dict | None = None) -> Problem:
    """The Problem for one error pydantic would report as `kind` at `loc` of the test case."""
    detail: dict[str, Any] = {"type": kind, "loc": loc, "input": value}
    if ctx:
        detail["ctx"] = ctx
    err = ValidationError.from_exception_data("FrontMatter", [detail])  # type: ignore[list-item]
    (problem,) = pydantic_problems(err, _raw(FRONT))
    return problem


def where(p: Problem) -> tuple[str, str, int | None, int | None, str, Any]:
    return (p.code, p.file, p.line, p.column, p.field, p.value)


def test_missing():
    p = one(FRONT.replace("scope: national\n", ""), "missing")
    assert where(p)[:5] == ("missing-field", FILE, None, None, "scope")
    assert p.params["hint"] == ""
    assert p.message("en") == "The required field “scope” is missing. "


def test_missing_id_has_a_hint():
    p = one(FRONT.replace("id: test-case\n", ""), "missing")
    assert where(p)[:5] == ("missing-field", FILE, None, None, "id")
    assert p.message("en") == "The required field “id” is missing. Use the file name without .md."


def test_extra_forbidden():
    p = one(FRONT.replace("scope: national", "scope: national\nsummery: x"), "extra_forbidden")
    assert where(p) == ("unknown-field", FILE, 9, 1, "summery", "summery")
    assert p.params["suggestion"] == "summary"
    assert p.params["allowed"] == list(FrontMatter.model_fields)
    assert p.message("en") == (
        "“summery” is not a field of the case. Did you mean “summary”? Allowed fields: "
        + ", ".join(FrontMatter.model_fields)
        + "."
    )


def test_extra_forbidden_in_a_partner():
    front = FRONT.replace(
        "    role: Designed and led the study.", "    role: Designed and led the study.\n    rol: x"
    )
    p = one(front, "extra_forbidden")
    assert where(p) == ("unknown-field", FILE, 13, 5, "partners[0].rol", "rol")
    assert p.message("en") == (
        "“rol” is not a field of a partner. Did you mean “role”? "
        "Allowed fields: name, type, role, counterpart."
    )


def test_a_renamed_field_is_reported_once_not_also_as_missing():
    # pydantic reports both: "partners" missing and "partner" unknown.
    ps = problems(FRONT.replace("partners:", "partner:"), ["missing", "extra_forbidden"])
    assert [(p.code, p.field, p.params.get("suggestion")) for p in ps] == [
        ("unknown-field", "partner", "partners")
    ]


def test_string_too_long():
    p = one(FRONT.replace(TITLE, "title: " + "x" * 130), "string_too_long")
    assert where(p) == ("text-too-long", FILE, 3, 1, "title", "x" * 130)
    assert (p.params["length"], p.params["limit"]) == (130, 120)
    assert p.message("en") == "“title” is 130 characters long; at most 120 are allowed. Shorten it."


def test_too_long():
    ctx = {"field_type": "List", "max_length": 2, "actual_length": 3}
    p = synthetic("too_long", ("tags",), ["a", "b", "c"], ctx)
    assert where(p) == ("text-too-long", FILE, None, None, "tags", ["a", "b", "c"])
    assert (p.params["length"], p.params["limit"]) == (3, 2)
    assert p.message("en") == "“tags” is 3 characters long; at most 2 are allowed. Shorten it."


def test_string_too_short():
    front = FRONT.replace("summary: >-", "summary: Short.\nx: >-")
    p, _unknown_x = problems(front, ["string_too_short", "extra_forbidden"])
    assert where(p) == ("text-too-short", FILE, 5, 1, "summary", "Short.")
    assert (p.params["length"], p.params["limit"]) == (6, 100)
    assert p.message("en") == (
        "“summary” is 6 characters long; at least 100 are needed. "
        "Say who worked with whom, on what, when, and what came of it."
    )


def test_too_short():
    p = one(FRONT.replace("countries:\n  - VN", "countries: []"), "too_short")
    assert where(p) == ("too-few-items", FILE, 17, 1, "countries", [])
    assert (p.params["length"], p.params["limit"], p.params["value"]) == (0, 1, "a list")
    assert p.message("en") == "“countries” needs at least 1 item(s); found 0."


def test_string_pattern_mismatch():
    p = one(VALID_FRONT_MATTER.format(id="Test_Case"), "string_pattern_mismatch")
    assert where(p) == ("invalid-id", FILE, 2, 1, "id", "Test_Case")
    assert p.message("en") == (
        "“Test_Case” is not a valid id: use lower-case letters a–z, digits and single hyphens, "
        "such as oxfam-unilever-vietnam."
    )


@pytest.mark.parametrize(("written", "kind"), [(0, "greater_than_equal"), (18, "less_than_equal")])
def test_sdg_out_of_range(written: int, kind: str):
    p = one(FRONT.replace("  - 8", f"  - {written}"), kind)
    assert where(p) == ("number-out-of-range", FILE, 26, 5, "sdgs[0]", written)
    assert (p.params["minimum"], p.params["maximum"]) == (1, SDG_COUNT)
    assert p.message("en") == f"“sdgs” is {written}; allowed are whole numbers from 1 to 17."


def test_int_type_for_a_year():
    p = one(FRONT.replace("started: 2011", 'started: "2011"'), "int_type")
    assert where(p) == ("wrong-type", FILE, 29, 1, "started", "2011")
    assert p.message("en") == (
        "“started” must be a year such as 2013, without quotes; found “2011”."
    )


def test_int_type_for_a_period_in_one_field():
    p = one(FRONT.replace("started: 2011", "started: 2011-2013"), "int_type")
    assert where(p) == ("wrong-type", FILE, 29, 1, "started", "2011-2013")
    assert p.message("en") == (
        "“started” must be a year such as 2013, without quotes (for a period, put the first "
        "year in “started” and, if it has ended, the last in “ended”); found “2011-2013”."
    )


def test_string_type():
    p = one(FRONT.replace(TITLE, "title: 5"), "string_type")
    assert where(p) == ("wrong-type", FILE, 3, 1, "title", 5)
    assert p.message("en") == "“title” must be text; found 5."


def test_list_type():
    p = one(FRONT.replace("countries:\n  - VN", "countries: VN"), "list_type")
    assert where(p) == ("wrong-type", FILE, 17, 1, "countries", "VN")
    assert p.message("en") == "“countries” must be a list (one “- item” per line); found “VN”."


def test_model_type():
    front = FRONT.split("sources:")[0] + "sources:\n  - Test report\n" + 'reviewed: "2026-01-31"\n'
    p = one(front, "model_type")
    assert where(p)[0] == "wrong-type" and p.field == "sources[0]" and p.value == "Test report"
    assert p.message("en") == (
        "“sources” must be fields written as “name: value”; found “Test report”."
    )


@pytest.mark.parametrize(
    ("kind", "loc", "value", "found"),
    [
        ("dict_type", ("partners", 0), "Test NGO", "“Test NGO”"),
        ("model_attributes_type", ("sources", 0), 5, "5"),
    ],
)
def test_dict_and_model_attributes_type(kind: str, loc: tuple, value: Any, found: str):
    p = synthetic(kind, loc, value)
    assert (p.code, p.field, p.value) == ("wrong-type", f"{loc[0]}[0]", value)
    assert p.message("en") == f"“{loc[0]}” must be fields written as “name: value”; found {found}."


def test_date_type():
    p = one(FRONT.replace('reviewed: "2026-01-31"', "reviewed: 2026"), "date_type")
    assert where(p) == ("wrong-type", FILE, 40, 1, "reviewed", 2026)
    assert p.message("en") == "“reviewed” must be a date written as YYYY-MM-DD; found 2026."


def test_bool_type():
    p = synthetic("bool_type", ("stage",), "maybe")
    assert where(p) == ("wrong-type", FILE, 27, 1, "stage", "maybe")
    assert p.message("en") == "“stage” must be true or false; found “maybe”."


def test_literal_error():
    p = one(FRONT.replace("language: en", "language: de"), "literal_error")
    assert where(p) == ("wrong-type", FILE, 4, 1, "language", "de")
    assert p.message("en") == "“language” must be one of: en, nl; found “de”."


@pytest.mark.parametrize("kind", ["float_type", "int_parsing"])
def test_other_type_and_parsing_errors_are_wrong_type(kind: str):
    assert kind not in RULES and rule_for(kind).code == "wrong-type"
    p = synthetic(kind, ("sdgs", 0), "eight")
    assert where(p) == ("wrong-type", FILE, 26, 5, "sdgs[0]", "eight")
    assert p.message("en") == "“sdgs” must be a different kind of value; found “eight”."


def test_our_own_codes_pass_through_with_their_params():
    p = one(FRONT.replace("scope: national", "scope: nationwide"), "unknown-term")
    assert rule_for("unknown-term").code == "unknown-term"
    assert where(p) == ("unknown-term", FILE, 8, 1, "scope", "nationwide")
    assert p.params["suggestion"] == "national"
    assert p.message("en") == (
        "“nationwide” is not an allowed value for “scope”. Did you mean “national”? "
        "Allowed: local, national, multi-country, global."
    )


def test_every_rule_has_a_test_here():
    tested = {
        "missing",
        "extra_forbidden",
        "string_too_long",
        "too_long",
        "string_too_short",
        "too_short",
        "string_pattern_mismatch",
        "greater_than_equal",
        "less_than_equal",
        "int_type",
        "string_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "date_type",
        "bool_type",
        "literal_error",
    }
    assert set(RULES) == tested


def test_a_language_written_as_its_name_suggests_the_code():
    [problem] = problems(FRONT.replace("language: en", "language: Nederlands"), ["literal_error"])
    assert (problem.code, problem.line) == ("wrong-type", 4)
    assert problem.message("nl") == (
        "“language” moet een van: en, nl zijn; gevonden: “Nederlands”. Bedoelde je “nl”?"
    )


def test_a_country_written_as_its_dutch_name_suggests_the_code():
    front = FRONT.replace("  - VN", "  - België\n  - Nederland")
    found = problems(front, ["unknown-country", "unknown-country"])
    assert [(p.line, p.params["suggestion"]) for p in found] == [(18, "BE"), (19, "NL")]
    assert (
        found[0]
        .message("en")
        .startswith("“België” is not an ISO 3166-1 country code. Did you mean “BE”?")
    )
