"""Odd characters in the body: Word's bullets get a warning that shows the Markdown to type."""

from __future__ import annotations

from pathlib import Path

from pipeline.check.characters import character_problems
from pipeline.check.load import parse_case_bytes
from tests.support import SECTION_TEXT, case_text

FILE = "cases/test-case.md"


def test_word_bullets_get_a_warning_with_the_line_to_type():
    body = (
        case_text()
        .split("---\n", 2)[2]
        .replace(
            SECTION_TEXT,
            SECTION_TEXT
            + "\n\n• First point\n– Second point\n◦ Sub point\n1.\tNumbered\n- Fine\n2. Fine",
            1,
        )
    )
    text = case_text(body=body)
    loaded = parse_case_bytes(text.encode(), Path(FILE), FILE)
    assert loaded.raw is not None
    first = text.split("\n").index("• First point") + 1
    found = [
        (p.line, p.code, p.params["value"], p.params["fixed"])
        for p in character_problems(loaded.raw)
    ]
    assert found == [
        (first, "word-bullet", "•", "- First point"),
        (first + 1, "word-bullet", "–", "- Second point"),
        (first + 2, "word-bullet", "◦", "- Sub point"),
        (first + 3, "word-bullet", "1.⇥", "1. Numbered"),
    ]
    assert character_problems(loaded.raw)[3].message("en") == (
        "This line starts with “1.⇥”, a bullet as Word pastes it, not as Markdown writes one: "
        "the list may print as one run-on paragraph. Type it as “1. Numbered” "
        "(a hyphen or a number with a dot, then a space; leave a blank line before the list)."
    )
    assert character_problems(loaded.raw)[0].severity == "warning"
