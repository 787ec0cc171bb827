"""The glance at unchanged files (`validate --changed`) reads what the full check reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.check.glance import glance
from pipeline.check.load import load_case
from pipeline.config import CASES_DIR
from pipeline.translation import translation_name
from tests.support import VALID_FRONT_MATTER, case_text

# Translations are not glanced at (they have no partners).
ORIGINALS = sorted(
    p for p in CASES_DIR.glob("*.md") if not p.name.startswith("_") and not translation_name(p.name)
)


@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.name)
def test_the_glance_reads_every_bundled_case_as_the_full_check_does(path: Path):
    glanced = glance(path.read_bytes(), path, path.name)
    full = load_case(path).raw
    assert glanced is not None and full is not None  # no bundled case needs the full reading
    # What the check across files compares: the partners' names.
    names = [p["name"] for p in full.data["partners"]]
    assert [p["name"] for p in glanced.data["partners"]] == names


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - name: Test NGO", "  - name: “Test NGO”"),  # curly quotes used as YAML quotes
        ("  - name: Test NGO", "  - name:\u00a0Test NGO"),  # a non-breaking space
        ("  - name: Test NGO", "  • name: Test NGO"),  # a Word bullet
        ("  - name: Test NGO", "  - name: &ngo Test NGO"),  # a YAML anchor
        ("  - name: Test NGO", "  - name: Test NGO: the first"),  # a YAML mistake
        ("  - name: Test NGO", "\t- name: Test NGO"),  # a tab
    ],
)
def test_what_the_full_reading_would_put_right_is_left_to_it(old: str, new: str):
    front = VALID_FRONT_MATTER.format(id="test-case")
    assert old in front
    text = case_text(front=front.replace(old, new))
    assert glance(text.encode(), Path("test-case.md"), "test-case.md") is None


def test_a_plain_case_is_read_with_every_value_as_text():
    text = case_text(front=VALID_FRONT_MATTER.format(id="test-case"))
    glanced = glance(text.encode(), Path("test-case.md"), "cases/test-case.md")
    assert glanced is not None and glanced.file == "cases/test-case.md"
    assert glanced.data["id"] == "test-case" and glanced.data["partners"][0]["name"] == "Test NGO"
    assert glanced.data["started"] == "2011"  # not checked here: the full check does that


def test_the_front_matter_ends_at_the_first_line_that_is_three_dashes():
    front = VALID_FRONT_MATTER.format(id="test-case")
    text = case_text(front=front).replace("  - name: Test NGO", "  - name: Test NGO\n----x: y", 1)
    # "----x" does not close the front matter, so the YAML mistake is the full reading's.
    assert glance(text.encode(), Path("test-case.md"), "test-case.md") is None
    glanced = glance(case_text(front=front).encode(), Path("t.md"), "t.md")
    assert glanced is not None and "partners" in glanced.data
