"""Section headings: Word's typographic apostrophes and dashes are the same heading."""

from __future__ import annotations

from pathlib import Path

from pipeline.check.load import parse_case_bytes
from pipeline.check.sections import check_sections, heading_key
from tests.support import DUTCH_BODY, VALID_FRONT_MATTER, case_text

FILE = "cases/test-case.md"
DUTCH_FRONT = VALID_FRONT_MATTER.format(id="test-case").replace("language: en", "language: nl")


def test_typographic_apostrophes_dashes_and_spaces_make_the_same_heading():
    assert heading_key("Kansen en risico’s") == heading_key("kansen  en risico's")
    assert heading_key("Tijd – en middelen") == heading_key("Tijd - en middelen")


def test_a_heading_with_a_curly_apostrophe_is_the_section_itself():
    body = DUTCH_BODY + "\n## Kansen en risico’s\n\n" + "Een tekst over kansen. " * 10 + "\n"
    text = case_text(front=DUTCH_FRONT, body=body)
    loaded = parse_case_bytes(text.encode(), Path(FILE), FILE)
    assert loaded.raw is not None
    found, problems = check_sections(loaded.raw, "nl")
    assert found["risks"][1] == text.split("\n").index("## Kansen en risico’s") + 1
    assert [p.code for p in problems] == []


def test_dutch_headings_under_language_en_say_to_set_the_language():
    text = case_text(body=DUTCH_BODY)
    loaded = parse_case_bytes(text.encode(), Path(FILE), FILE)
    assert loaded.raw is not None
    found, problems = check_sections(loaded.raw, "en")
    assert [(p.code, p.line, p.field) for p in problems] == [
        ("headings-other-language", 4, "language")
    ]
    assert problems[0].message("nl") == (
        "De sectiekoppen zijn die van een case in het Nederlands (nl), maar “language” zegt “en”. "
        "Is de case in het Nederlands geschreven, zet dan “language: nl” en laat de koppen staan; "
        "alleen als de tekst in het Engels is, gebruik je die koppen (“## Why work together”, …)."
    )
    assert "why" in found and "questions" in found
