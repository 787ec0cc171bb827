"""A case may list a workshop that schema/workshops.yaml does not define: a warning, no error."""

from __future__ import annotations

from pipeline.check.validate import validate_library
from pipeline.problems import render_message
from tests.support import TODAY, VALID_FRONT_MATTER


def _front(*workshops: str) -> str:
    return (
        VALID_FRONT_MATTER.format(id="test-case")
        + "workshops:\n"
        + "".join(f"  - {w}\n" for w in workshops)
    )


def test_an_unknown_workshop_id_is_a_warning_and_the_case_stays_valid(cases_dir, write_case):
    write_case("test-case", front=_front("why-forms-risks", "ws-nowhere"))
    result = validate_library(cases_dir, today=TODAY, bulk_schema=False)
    assert result.ok and [c.id for c in result.cases] == ["test-case"]
    found = [p for p in result.problems if p.code == "unknown-workshop"]
    assert len(found) == 1
    problem = found[0]
    assert problem.severity == "warning"
    assert (problem.field, problem.value) == ("workshops[1]", "ws-nowhere")
    assert problem.line is not None
    for lang in ("en", "nl"):
        text = render_message(problem.code, dict(problem.params), lang)
        assert "ws-nowhere" in text and "why-forms-risks" in text and "{" not in text


def test_a_defined_workshop_id_raises_no_warning(cases_dir, write_case):
    write_case("test-case", front=_front("why-forms-risks"))
    result = validate_library(cases_dir, today=TODAY, bulk_schema=False)
    assert result.ok
    assert not [p for p in result.problems if p.code == "unknown-workshop"]
