"""The front matter's Word and typing mistakes: each on its own line with its fix, all in one run."""

from __future__ import annotations

from pathlib import Path

from pipeline.check.load import parse_case_bytes
from pipeline.check.prescan import prescan
from pipeline.check.validate import partial_problems
from tests.support import TODAY, VALID_FRONT_MATTER, case_text

FRONT = VALID_FRONT_MATTER.format(id="test-case")
FILE = "cases/test-case.md"


def report(front: str, body: str | None = None) -> list[tuple[int | None, str, str]]:
    """Every problem of the file, as (line, code, English message), in report order."""
    loaded = parse_case_bytes(case_text(front=front, body=body).encode(), Path(FILE), FILE)
    assert loaded.partial and loaded.raw is not None
    problems = [*loaded.problems, *partial_problems(loaded.raw, TODAY)]
    return [(p.line, p.code, p.message("en")) for p in sorted(problems, key=lambda p: p.sort_key())]


def test_word_mistakes_each_get_their_own_line_and_the_rest_is_still_checked():
    front = (
        FRONT.replace('title: "Test NGO – Test Co: a joint study"', "title: “Test NGO: a study”")
        .replace("    type: ngo", "\u00a0\u00a0\u00a0\u00a0type: ngo")
        .replace("  - name: Test Co", "\t- name: Test Co")
        .replace("    role: Opened", "\t\trole: Opened")
        .replace("  - VN", "• VN")
        .replace("stage: integrative", "stage:\u00a0integrative")
        .replace("status: completed", "status: complete")
    )
    assert report(front) == [
        (3, "yaml-curly-quotes", "You typed “ ”; YAML needs straight quotes \" \" around a value "
         "(to YAML, curly quotes are part of the text). Put the value between straight double "
         "quotes: title: \"Test NGO: a study\""),
        (11, "yaml-odd-space", "This line is indented with a non-breaking space (U+00A0, as Word "
         "puts in); YAML needs plain spaces. Replace it with 4 spaces, to line up with the first "
         "field after “- ” in “partners”."),
        (13, "yaml-tab", "This line is indented with a tab; YAML needs spaces. Replace it with 2 "
         "spaces: the line is under “partners”."),
        (15, "yaml-tab", "This line is indented with a tab; YAML needs spaces. Replace it with 4 "
         "spaces, to line up with the first field after “- ” in “partners”."),
        (18, "yaml-bullet", "This list item starts with “•”; a YAML list item starts with a hyphen "
         "and a space. Type “- ” instead: “- VN”."),
        (27, "yaml-odd-space-after-colon", "After the colon comes a non-breaking space (U+00A0, "
         "as Word puts in) instead of a plain space, which YAML does not take for one. Type a "
         "plain space after the colon."),
        (28, "unknown-term", "“complete” is not an allowed value for “status”. Did you mean "
         "“completed”? Allowed: exploring, active, completed, ended-early, institutionalised, "
         "transformed."),
    ]  # fmt: skip


def test_an_unreadable_line_is_left_out_and_every_other_field_and_section_still_checked():
    front = FRONT.replace("    role: Designed", "     role: Designed").replace(
        "scope: national", "scope: nationl"
    )
    body = case_text().split("---\n", 2)[2].replace("## Lessons learned", "## Lesons learned")
    found = [(line, code) for line, code, _ in report(front, body)]
    # The partner's role was left out with its line, so it is not reported missing too.
    assert found == [
        (8, "unknown-term"),
        (12, "yaml-bad-indentation"),
        (72, "unknown-section"),
    ]


def test_warnings_come_with_the_errors():
    front = FRONT.replace("title: ", "title:\u00a0", 1).replace("2026-01-31", "2020-01-31")
    assert [(line, code) for line, code, _ in report(front)] == [
        (3, "yaml-odd-space-after-colon"),
        (40, "review-outdated"),
    ]


def test_a_colon_in_an_unquoted_value_points_at_the_colon_and_is_read_as_quoted():
    text, problems = prescan('title: Oxfam: a "study"\nsummary: >-\n  a: b\n', 0, FILE)
    assert text == 'title: "Oxfam: a \\"study\\""\nsummary: >-\n  a: b\n'
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-colon-in-value", 1, 13)]


def test_block_text_indented_with_odd_spaces_is_put_under_its_field():
    text, problems = prescan("summary: >-\n\u00a0\u00a0A text.\n  More.\nscope: local\n", 0, FILE)
    assert text == "summary: >-\n  A text.\n  More.\nscope: local\n"
    assert [(p.code, p.line) for p in problems] == [("yaml-odd-space", 2)]
    assert problems[0].message("nl") == (
        "Deze regel springt in met een vaste spatie (U+00A0, zoals Word die invoegt); YAML vraagt "
        "gewone spaties. Vervang die door 2 spaties: de regel staat onder “summary”."
    )


def test_a_dash_without_its_space_is_put_right_and_the_item_kept():
    text, problems = prescan("partners:\n  -name: A\n    type: ngo\n  -\tname: B\n", 0, FILE)
    assert text == "partners:\n  - name: A\n    type: ngo\n  - name: B\n"
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("yaml-dash-space", 2, 3),
        ("yaml-dash-space", 4, 3),
    ]


def test_a_clean_front_matter_is_left_as_it_is():
    assert prescan(FRONT, 1, FILE) == (FRONT, [])


def test_tabs_throughout_get_the_spaces_of_their_place():
    front = (
        "partners:\n\t- name: A\n\t\ttype: ngo\n\t- name: B\n\ttype: company\ncountries:\n\t- BE\n"
    )
    text, problems = prescan(front, 0, FILE)
    assert text == (
        "partners:\n  - name: A\n    type: ngo\n  - name: B\n    type: company\ncountries:\n  - BE\n"
    )
    assert [(p.line, p.message("en").split(". ", 1)[1]) for p in problems] == [
        (2, "Replace it with 2 spaces: the line is under “partners”."),
        (3, "Replace it with 4 spaces, to line up with the first field after “- ” in “partners”."),
        (4, "Replace it with 2 spaces: the line is under “partners”."),
        (5, "Replace it with 4 spaces, to line up with the first field after “- ” in “partners”."),
        (7, "Replace it with 2 spaces: the line is under “countries”."),
    ]


def test_a_line_yaml_refuses_for_its_indentation_is_told_how_many_spaces_it_needs():
    front = FRONT.replace("    role: Designed", "     role: Designed").replace(
        "countries:", "  countries:"
    )
    found = [(line, message) for line, code, message in report(front) if code != "no-risks"]
    rest = (
        " The fields of one list item must line up under the first field after “- ” (for a "
        "partner: “  - name: …” then “    type: …”, four spaces), and each field at the top "
        "starts in the first column."
    )
    assert found == [
        (12, "This line is indented by 5 spaces, which does not line up with the lines above it. "
         "Replace it with 4 spaces, to line up with the first field after “- ” in “partners”."
         + rest),
        (17, "This line is indented by 2 spaces, which does not line up with the lines above it. "
         "Remove it: a field at the top starts in the first column." + rest),
    ]  # fmt: skip


def test_a_colon_in_a_comment_after_a_value_is_left_alone():
    assert prescan("scope: national  # see: the docs\n", 0, FILE) == (
        "scope: national  # see: the docs\n",
        [],
    )
    text, problems = prescan("title: Oxfam: a study # see: x\n", 0, FILE)
    assert text == 'title: "Oxfam: a study" # see: x\n'
    assert [(p.code, p.column) for p in problems] == [("yaml-colon-in-value", 13)]
