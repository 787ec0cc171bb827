"""Shared fixtures: a factory for case files, so each test states only what it changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

TODAY = dt.date(2026, 11, 29)

# A complete, valid case in the smallest form the contract allows. The text is
# made up for tests (it is not a bundled case) and says so.
VALID_FRONT_MATTER = """\
id: {id}
title: "Test NGO – Test Co: a joint study"
language: en
summary: >-
  A made-up case for the test suite. Test NGO and Test Co studied working
  conditions in Test Co's supply chain together and published the results.
scope: national
partners:
  - name: Test NGO
    type: ngo
    role: Designed and led the study.
  - name: Test Co
    type: company
    role: Opened its sites and data to the researchers.
    counterpart: csr
countries:
  - VN
sectors:
  - consumer-goods
forms:
  - joint-research
themes:
  - labour-rights
sdgs:
  - 8
stage: integrative
status: completed
started: 2011
ended: 2016
risks:
  - loss-of-independence
safeguards:
  - right-to-publish
sources:
  - title: "Test report"
    publisher: Test NGO
    year: 2013
    url: https://example.org/report
reviewed: "2026-01-31"
"""

SECTION_TEXT = (
    "This paragraph is placeholder text for the test suite, long enough that the "
    "additional checks do not flag the section as very short, and plain enough to "
    "find again in the outputs."
)

VALID_BODY = (
    "\n".join(
        f"## {heading}\n\n{SECTION_TEXT}\n"
        for heading in (
            "Why work together",
            "What each partner brought",
            "How the collaboration worked",
            "Time and resources",
            "Results and evaluation",
            "Independence and red lines",
            "Opportunities and risks",
            "Lessons learned",
        )
    )
    + "\n## Questions for discussion\n\n1. What would you have done?\n2. Would you do it again?\n"
)


def case_text(case_id: str = "test-case", front: str | None = None, body: str | None = None) -> str:
    """The text of a case file: valid unless `front` or `body` replace a part."""
    front = VALID_FRONT_MATTER.format(id=case_id) if front is None else front
    return f"---\n{front}---\n\n{VALID_BODY if body is None else body}"


@pytest.fixture
def cases_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    return folder


@pytest.fixture
def write_case(cases_dir: Path) -> Callable[..., Path]:
    """write_case("id", front=..., body=..., raw=b"...") -> path of the written file."""

    def write(case_id: str = "test-case", *, raw: bytes | None = None, **parts: str) -> Path:
        path = cases_dir / f"{case_id}.md"
        path.write_bytes(raw if raw is not None else case_text(case_id, **parts).encode("utf-8"))
        return path

    return write


@pytest.fixture(scope="session")
def bundled_cases() -> Path:
    return Path(__file__).resolve().parent.parent / "cases"
