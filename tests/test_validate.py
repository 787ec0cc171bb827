"""Validation: exact codes, lines and fields for bad input; nothing raises."""

from __future__ import annotations

from pipeline.validate import validate_library

from .conftest import TODAY, VALID_FRONT_MATTER


def flat(result):
    return [(p.code, p.line, p.field) for p in result.problems if p.severity == "error"]


def test_valid_case_has_no_errors(cases_dir, write_case):
    write_case("test-case")
    result = validate_library(cases_dir, today=TODAY)
    assert flat(result) == []
    assert [c.id for c in result.cases] == ["test-case"]
    assert result.cases[0].sections["why"].startswith("This paragraph")


def test_vocabulary_typo_suggests_the_right_term(cases_dir, write_case):
    front = VALID_FRONT_MATTER.format(id="test-case").replace(
        "forms:\n  - joint-research", "forms:\n  - joint research"
    )
    write_case("test-case", front=front)
    result = validate_library(cases_dir, today=TODAY)
    assert flat(result) == [("unknown-term", 22, "forms[0]")]
    message = result.problems[0].message("en")
    assert message.startswith("“joint research” is not an allowed value for “forms”. Allowed: ")
    assert message.endswith("Did you mean “joint-research”?")
    assert "Bedoelde u “joint-research”?" in result.problems[0].message("nl")


def test_every_file_is_reported_in_one_run(cases_dir, write_case):
    write_case(
        "first-case",
        front=VALID_FRONT_MATTER.format(id="first-case").replace(
            "scope: national", "scope: nationl"
        ),
    )
    write_case("second-case", front=VALID_FRONT_MATTER.format(id="wrong-id"))
    result = validate_library(cases_dir, today=TODAY)
    assert [
        (p.file.rsplit("/", 1)[-1], p.code, p.line)
        for p in result.problems
        if p.severity == "error"
    ] == [
        ("first-case.md", "unknown-term", 8),
        ("second-case.md", "id-mismatch", 2),
    ]
    assert result.cases == []
