"""Validation: exact codes, lines and fields for bad input; nothing raises."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from pipeline.check.validate import validate_library
from pipeline.contract import MAX_SECTION_CHARS
from pipeline.problems import catalogue
from tests.support import SECTION_TEXT, TODAY, VALID_BODY, VALID_FRONT_MATTER, case_text


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
    assert message.startswith(
        "“joint research” is not an allowed value for “forms”. Did you mean “joint-research”? "
        "Allowed: philanthropy, sponsorship, "
    )
    assert "Bedoelde je “joint-research”?" in result.problems[0].message("nl")


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


# --- the message catalogue ---------------------------------------------------------------


PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"


def codes_used_in_pipeline() -> set[str]:
    """Every code passed to Problem(...), PydanticCustomError(...), at(...), problem_at(...) or _Rule(...)
    (the pydantic error table in check/fields.py) or assigned to `code`."""
    codes: set[str] = set()
    for path in PIPELINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                first = node.args[0]
                if name in (
                    "Problem",
                    "PydanticCustomError",
                    "at",
                    "_Rule",
                    "problem_at",
                ) and isinstance(first, ast.Constant):
                    codes.add(first.value)
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for n, v in zip(names, values, strict=False):
                    if getattr(n, "id", "") == "code" and isinstance(v, ast.Constant):
                        codes.add(v.value)
    return codes


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_used_is_in_the_catalogue_in_both_languages():
    used = codes_used_in_pipeline()
    assert {"unknown-term", "yaml-unclosed-quote", "no-risks", "forbidden-character"} <= used
    assert sorted(used - set(catalogue())) == []
    for code, entry in catalogue().items():
        assert set(entry) >= {"severity", "title_en", "en", "title_nl", "nl"}, code
        assert entry["severity"] in ("error", "warning"), code
        assert placeholders(entry["en"]) == placeholders(entry["nl"]), code


FRONT = VALID_FRONT_MATTER.format(id="test-case")
SECTIONS_OK = case_text().split("---\n", 2)[2]

# One broken case per code the validator can give: (code, front matter, body, file name).
SCENARIOS = {
    "wrong-type": (FRONT.replace("started: 2011", 'started: "2011"'), None),
    "year-impossible": (FRONT.replace("started: 2011", "started: 211"), None),
    "year-in-future": (FRONT.replace("ended: 2016", "ended: 2031"), None),
    "id-mismatch": (VALID_FRONT_MATTER.format(id="other-id"), None),
    "invalid-id": (VALID_FRONT_MATTER.format(id="Other_Id"), None),
    "unknown-field": (FRONT.replace("scope: national", "scope: national\nsummery: x"), None),
    "missing-field": (FRONT.replace("scope: national\n", ""), None),
    "unknown-term": (FRONT.replace("scope: national", "scope: nationwide"), None),
    "unknown-country": (FRONT.replace("  - VN", "  - Vietnam"), None),
    "duplicate-item": (FRONT.replace("  - VN", "  - VN\n  - VN"), None),
    "text-too-long": (FRONT.replace("title: ", "title: " + "x" * 130 + " #"), None),
    "text-too-short": (FRONT.replace("summary: >-", "summary: Short.\nx: >-"), None),
    "too-few-items": (FRONT.replace("countries:\n  - VN", "countries: []"), None),
    "number-out-of-range": (FRONT.replace("  - 8", "  - 18"), None),
    "invalid-url": (FRONT.replace("https://example.org/report", "www.example.org"), None),
    "invalid-date": (FRONT.replace("2026-01-31", "31-01-2026"), None),
    "date-in-future": (FRONT.replace("2026-01-31", "2026-12-31"), None),
    "forbidden-character": (FRONT.replace("Test Co\n    type", "Test\u200bCo\n    type"), None),
    "formula-like": (FRONT.replace("  - name: Test Co", "  - name: =Test Co"), None),
    "list-separator": (FRONT.replace("sources:", "tags:\n  - a;b\nsources:"), None),
    "ended-required": (FRONT.replace("ended: 2016\n", ""), None),
    "ended-not-allowed": (FRONT.replace("status: completed", "status: active"), None),
    "ended-before-started": (FRONT.replace("ended: 2016", "ended: 2010"), None),
    "partner-mix": (FRONT.replace("type: company", "type: ngo"), None),
    "source-incomplete": (
        FRONT.replace("    publisher: Test NGO\n", "").replace(
            "    url: https://example.org/report\n", ""
        ),
        None,
    ),
    "unknown-section": (None, SECTIONS_OK.replace("## Lessons learned", "## Lesons learned")),
    "duplicate-section": (None, SECTIONS_OK + "\n## Lessons learned\n\nAgain.\n"),
    "missing-section": (None, SECTIONS_OK.replace("## Lessons learned", "Lessons learned")),
    "empty-section": (
        None,
        SECTIONS_OK.replace(
            "## Lessons learned\n\n", "## Lessons learned\n\n## Questions for discussion\n\n"
        ).replace("## Questions for discussion\n\n1. What", "## Risks\n\n1. What"),
    ),
    "text-outside-section": (None, "Some text.\n\n" + SECTIONS_OK),
    "section-too-long": (
        None,
        SECTIONS_OK.replace(
            "## Lessons learned\n\n",
            "## Lessons learned\n\n" + "word " * (MAX_SECTION_CHARS // 5 + 1) + "\n\n",
        ),
    ),
    "review-outdated": (FRONT.replace("2026-01-31", "2022-01-31"), None),
    "source-without-url": (FRONT.replace("    url: https://example.org/report\n", ""), None),
    "no-risks": (FRONT.replace("risks:\n  - loss-of-independence\n", ""), None),
    "short-section": (None, SECTIONS_OK.replace(SECTION_TEXT, "Too short.", 1)),
    "optional-section-missing": (None, SECTIONS_OK.replace("## Time and resources", "")),
}


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_each_check_fires_and_fills_every_placeholder(code, cases_dir, write_case):
    front, body = SCENARIOS[code]
    write_case("test-case", front=front, body=body)
    result = validate_library(cases_dir, today=TODAY, bulk_schema=False)
    found = [p for p in result.problems if p.code == code]
    assert found, [(p.code, p.field) for p in result.problems]
    for p in found:
        for lang in ("en", "nl"):
            missing = placeholders(catalogue()[code][lang]) - set(p.params)
            assert not missing, (code, lang, missing)


def problems_of(cases_dir, write_case, front=None, body=None):
    write_case("test-case", front=front, body=body)
    result = validate_library(cases_dir, today=TODAY, bulk_schema=False)
    return [(p.code, p.line, p.column, p.field, p.message("en")) for p in result.problems]


def test_wrong_types_say_what_is_expected(cases_dir, write_case):
    front = (
        FRONT.replace("started: 2011", "started: 2011-2013")
        .replace("  - 8", "  - eight")
        .replace("countries:\n  - VN", "countries: VN")
        .replace("language: en", "language: no")
    )
    assert problems_of(cases_dir, write_case, front) == [
        ("wrong-type", 4, 1, "language", "“language” must be one of: en, nl; found “no”."),
        (
            "wrong-type",
            17,
            1,
            "countries",
            "“countries” must be a list (one “- item” per line); found “VN”.",
        ),
        ("wrong-type", 25, 5, "sdgs[0]", "“sdgs” must be a whole number; found “eight”."),
        (
            "wrong-type",
            28,
            1,
            "started",
            "“started” must be a year such as 2013, without quotes (for a period, put the first "
            "year in “started” and, if it has ended, the last in “ended”); found “2011-2013”.",
        ),
    ]


def test_impossible_and_future_years(cases_dir, write_case):
    front = FRONT.replace("started: 2011", "started: 211").replace("ended: 2016", "ended: 2031")
    assert problems_of(cases_dir, write_case, front) == [
        (
            "year-impossible",
            29,
            1,
            "started",
            "“started” is 211; use a four-digit year between 1900 and 2026.",
        ),
        (
            "year-in-future",
            30,
            1,
            "ended",
            "“ended” is 2031, which is after this year (2026). Cases record what happened: use "
            "the year it started or ended.",
        ),
    ]


def test_unknown_keys_get_a_suggestion(cases_dir, write_case):
    front = FRONT.replace("scope: national", "scope: national\nsummery: x").replace(
        "    counterpart: csr", "    counterpart: csr\n    website: https://x.org"
    )
    got = problems_of(cases_dir, write_case, front)
    assert [(code, line, col, field) for code, line, col, field, _ in got] == [
        ("unknown-field", 9, 1, "summery"),
        ("unknown-field", 18, 5, "partners[1].website"),
    ]
    assert got[0][4].startswith(
        "“summery” is not a field of the case. Did you mean “summary”? Allowed fields: id, "
    )
    assert got[1][4] == (
        "“website” is not a field of a partner. Allowed fields: name, type, role, counterpart."
    )


def test_warnings_each_with_its_place(cases_dir, write_case):
    front = (
        FRONT.replace("2026-01-31", "2022-01-31")
        .replace("    url: https://example.org/report\n", "")
        .replace("risks:\n  - loss-of-independence\n", "")
    )
    body = SECTIONS_OK.replace(SECTION_TEXT, "Too short.", 1).replace("## Time and resources", "")
    write_case("test-case", front=front, body=body)
    result = validate_library(cases_dir, today=TODAY, bulk_schema=False)
    assert result.ok and [c.id for c in result.cases] == ["test-case"]
    assert [(p.code, p.line, p.field, p.severity) for p in result.problems] == [
        ("no-risks", None, "risks", "warning"),
        ("optional-section-missing", None, "sections.time", "warning"),
        ("source-without-url", 34, "sources[0]", "warning"),
        ("review-outdated", 37, "reviewed", "warning"),
        ("short-section", 41, "sections.why", "warning"),
    ]


def test_same_organisation_spelled_two_ways_across_cases(cases_dir, write_case):
    write_case("first-case", front=VALID_FRONT_MATTER.format(id="first-case"))
    write_case(
        "second-case",
        front=VALID_FRONT_MATTER.format(id="second-case").replace(
            "  - name: Test NGO", "  - name: Test N.G.O."
        ),
    )
    result = validate_library(cases_dir, today=TODAY, bulk_schema=False)
    spelling = [p for p in result.problems if p.code == "organisation-spelling"]
    assert [(p.file.rsplit("/", 1)[-1], p.line, p.field) for p in spelling] == [
        ("second-case.md", 10, "partners[0].name")
    ]
    assert spelling[0].message("en").startswith("“Test N.G.O.” looks like “Test NGO” in ")


def test_wrong_type_message_is_fully_dutch(cases_dir, write_case):
    front = VALID_FRONT_MATTER.format(id="test-case").replace("started: 2011", 'started: "2011"')
    write_case("test-case", front=front)
    result = validate_library(cases_dir, today=TODAY)
    [problem] = [p for p in result.problems if p.code == "wrong-type"]
    assert problem.message("nl") == (
        "“started” moet een jaartal zoals 2013, zonder aanhalingstekens zijn; gevonden: “2011”."
    )
    assert problem.message("en") == (
        "“started” must be a year such as 2013, without quotes; found “2011”."
    )


def test_characters_the_fonts_lack_are_flagged(cases_dir, write_case):
    body = VALID_BODY.replace(
        "find again in the outputs.", "find again in the outputs 🌍 in Việt Nam.", 1
    )
    write_case("test-case", body=body)
    result = validate_library(cases_dir, today=TODAY)
    assert flat(result) == []
    [problem] = [p for p in result.problems if p.code == "unprintable-character"]
    assert (problem.line, problem.field, problem.severity) == (43, "sections.why", "warning")
    assert problem.message("en") == (
        "“sections.why” contains characters that the casebook's fonts do not have, so they "
        "would print as empty boxes: 🌍 (U+1F30D). Replace them (for example, write the emoji "
        "out in words) or remove them."
    )


def test_text_left_from_the_template_is_an_error(cases_dir, bundled_cases):
    template = (bundled_cases / "_template.md").read_text("utf-8")
    (cases_dir / "_template.md").write_text(template, "utf-8")
    (cases_dir / "new-case.md").write_text(
        template.replace("id: my-case-id", "id: new-case"), "utf-8"
    )
    result = validate_library(cases_dir, today=TODAY)
    left = [(p.line, p.value) for p in result.problems if p.code == "template-text"]
    assert left[0] == (15, "summary")
    assert [value for _line, value in left[1:]] == [
        "Why work together",
        "What each partner brought",
        "How the collaboration worked",
        "Time and resources",
        "Results and evaluation",
        "Independence and red lines",
        "Opportunities and risks",
        "Lessons learned",
        "Questions for discussion",
    ]
    assert not result.ok  # nothing is built from it


@pytest.mark.parametrize("template_name", ["_template.md", "_template.nl.md"])
def test_example_values_left_from_either_template_are_errors(
    cases_dir, bundled_cases, template_name
):
    for name in ("_template.md", "_template.nl.md"):
        (cases_dir / name).write_text((bundled_cases / name).read_text("utf-8"), "utf-8")
    template = (bundled_cases / template_name).read_text("utf-8")
    (cases_dir / "new-case.md").write_text(
        template.replace("id: my-case-id", "id: new-case"), "utf-8"
    )
    result = validate_library(cases_dir, today=TODAY)
    left = [p.field for p in result.problems if p.code == "template-placeholder"]
    # The example names, roles, tag, source and contributor; not the real values the
    # template shows (scope: national, type: ngo, status: active, the workshop why-forms-risks).
    assert left == [
        "title",
        "partners[0].name",
        "partners[0].role",
        "partners[1].name",
        "partners[1].role",
        "tags[0]",
        "sources[0].title",
        "sources[0].publisher",
        "sources[0].url",
        "contributor",
    ]
    [contributor] = [p for p in result.problems if p.field == "contributor"]
    assert contributor.message("en") == (
        f"“{contributor.value}” in “contributor” is the template's example; put your own or "
        "remove the line."
    )


def test_an_msi_such_as_fair_wear_is_on_the_civil_society_side(cases_dir, write_case):
    front = VALID_FRONT_MATTER.format(id="test-case").replace("    type: ngo", "    type: msi")
    write_case("test-case", front=front)
    result = validate_library(cases_dir, today=TODAY)
    assert [p.code for p in result.problems if p.severity == "error"] == []
    both = front.replace("    type: company", "    type: broker")
    write_case("test-case", front=both)
    result = validate_library(cases_dir, today=TODAY)
    [mix] = [p for p in result.problems if p.code == "partner-mix"]
    assert mix.message("en") == (
        "A case needs at least one partner of one of the types company, social-enterprise, "
        "cooperative, business-association, corporate-foundation (the business side); the "
        "partners listed have the types msi, broker."
    )
