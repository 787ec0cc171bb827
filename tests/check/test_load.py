"""Loading: every kind of broken file gives exact problems, and nothing ever raises."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.check.load import Loaded, RawCase, parse_case_bytes
from pipeline.check.validate import validate_case
from tests.support import TODAY, VALID_FRONT_MATTER, case_text

FRONT = VALID_FRONT_MATTER.format(id="test-case")
FILE = "cases/test-case.md"


def load(raw: bytes) -> Loaded:
    return parse_case_bytes(raw, Path(FILE), FILE)


def flat(raw: bytes) -> list[tuple[str, int | None, int | None, str]]:
    result = load(raw)
    assert not result.ok, "expected problems, got a RawCase"
    return [(p.code, p.line, p.column, p.field) for p in result.problems]


def only_message(raw: bytes) -> str:
    result = load(raw)
    assert not result.ok and len(result.problems) == 1
    return result.problems[0].message("en")


def test_bom_and_crlf_are_accepted_with_the_right_line_numbers():
    raw = b"\xef\xbb\xbf" + case_text().replace("\n", "\r\n").encode("utf-8")
    raw_case = load(raw).raw
    assert isinstance(raw_case, RawCase)
    assert raw_case.data["id"] == "test-case"
    assert raw_case.positions["id"] == (2, 1)
    assert raw_case.positions["partners[1].type"] == (14, 5)
    assert [s.line for s in raw_case.sections][:2] == [43, 47]
    case, problems = validate_case(raw_case, today=TODAY)
    assert case is not None
    assert [p.code for p in problems if p.severity == "error"] == []


def test_tab_indentation_names_the_line():
    raw = case_text(front=FRONT.replace("  - name: Test Co", "\t- name: Test Co")).encode()
    assert flat(raw) == [("yaml-tab", 13, 1, "")]
    assert only_message(raw) == (
        "This line is indented with a tab; YAML needs spaces. "
        "Replace it with 2 spaces: the line is under “partners”."
    )


def test_duplicate_key_names_both_lines():
    raw = case_text(front=FRONT + "scope: global\n").encode()
    assert flat(raw) == [("yaml-duplicate-key", 41, 1, "scope")]
    assert only_message(raw) == (
        "The field “scope” appears twice (first on line 8). Keep one and delete the other."
    )


def test_anchors_and_aliases_are_refused_before_expansion():
    # A "billion laughs" document: refused from the event stream, never built.
    raw = b"---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n"
    assert flat(raw) == [
        ("yaml-alias", 2, 4, ""),
        ("yaml-alias", 3, 4, ""),
        ("yaml-alias", 3, 8, ""),
        ("yaml-alias", 3, 12, ""),
        ("yaml-alias", 4, 5, ""),
        ("yaml-alias", 4, 9, ""),
    ]


def test_tags_are_refused_and_shown_as_written():
    raw = b"---\nid: !!python/object:os.system ls\n---\n"
    assert flat(raw) == [("yaml-tag", 2, 5, "")]
    assert only_message(raw) == (
        "YAML tags (“!!python/object:os.system”) are not allowed in case files. "
        "If the text really starts with “!”, put it in double quotes."
    )


def test_non_utf8_names_the_line_and_byte():
    raw = case_text().encode().replace(b"Test report", b"Test r\xe9port")
    assert flat(raw) == [("file-not-utf8", 36, None, "")]
    assert only_message(raw).startswith("The file is not saved as UTF-8 text (byte 0xE9 ")


def test_empty_and_blank_files():
    assert flat(b"") == [("file-empty", 1, None, "")]
    assert flat(b"  \n\n") == [("file-empty", 1, None, "")]


def test_file_too_large():
    assert flat(b"---\n" + b"a" * 300_000) == [("file-too-large", None, None, "")]


def test_no_front_matter():
    assert flat(b"# Title\n\nText\n") == [("front-matter-missing", 1, None, "")]


def test_unclosed_front_matter_names_where_it_starts():
    raw = b"\n\n---\nid: x\ntitle: y\n"
    assert flat(raw) == [("front-matter-unclosed", 3, None, "")]
    assert only_message(raw) == (
        "The front matter that starts on line 3 is never closed: "
        "add a line with only “---” after the last field."
    )


def test_front_matter_that_is_not_fields():
    assert flat(b"---\n- a\n- b\n---\n") == [("front-matter-not-mapping", 1, None, "")]
    assert only_message(b"---\njust text\n---\n") == (
        "The front matter must be fields written as “name: value”, one per line; "
        "found a line of text instead."
    )
    assert flat(b"---\n---\n") == [("front-matter-not-mapping", 1, None, "")]


def test_level_one_heading():
    raw = case_text(body="# Why work together\n\ntext\n").encode()
    assert flat(raw) == [("wrong-heading-level", 43, 1, "")]
    assert only_message(raw) == (
        "“Why work together” is a level-1 heading (“# ”). "
        "Section headings use two hash signs: “## Why work together”."
    )


# --- the YAML mistakes contributors make, in their own words ---------------------------


def test_partner_field_indented_one_space_short():
    raw = case_text(front=FRONT.replace("    type: company", "   type: company")).encode()
    assert flat(raw) == [("yaml-bad-indentation", 14, 4, "")]
    assert only_message(raw).startswith(
        "This line is indented by 3 spaces, which does not line up with the lines above it. "
        "Replace it with 4 spaces, to line up with the first field after “- ” in “partners”. "
    )


def test_colon_inside_an_unquoted_title():
    front = FRONT.replace(
        'title: "Test NGO – Test Co: a joint study"', "title: Test NGO – Test Co: a joint study"
    )
    assert flat(case_text(front=front).encode()) == [("yaml-colon-in-value", 3, 26, "")]
    assert only_message(case_text(front=front).encode()) == (
        "A colon followed by a space (“: ”) can only come after a field name. If the value is "
        "text that contains “: ”, put the whole value in double quotes "
        '(title: "Oxfam – Unilever: a study"); otherwise this line is indented further than '
        "the field above it."
    )


def test_double_quote_inside_a_quoted_title():
    front = FRONT.replace(
        'title: "Test NGO – Test Co: a joint study"', 'title: "Test NGO – a "joint" study"'
    )
    assert flat(case_text(front=front).encode()) == [("yaml-text-after-quote", 3, 23, "")]


def test_unclosed_quote_points_at_the_opening_line_not_where_the_parser_gave_up():
    front = FRONT.replace(
        'title: "Test NGO – Test Co: a joint study"', 'title: "Test NGO – Test Co study'
    )
    assert flat(case_text(front=front).encode()) == [("yaml-unclosed-quote", 3, None, "")]
    assert only_message(case_text(front=front).encode()) == (
        'The value on this line opens a double quote (") but does not close it on the same '
        'line. Add the closing " at the end of the value.'
    )


def test_missing_colon_points_at_the_field():
    raw = case_text(front=FRONT.replace("scope: national", "scope national")).encode()
    assert flat(raw) == [("yaml-missing-colon", 8, 1, "")]


# --- property: untrusted input never raises ----------------------------------------------

_LINES = FRONT.split("\n") + case_text().split("\n")[-20:]
_NOISE = st.sampled_from(
    [
        "",
        " ",
        "\t",
        ":",
        ": ",
        "- ",
        "---",
        '"',
        "'",
        "&a",
        "*a",
        "!!str",
        "#",
        "[",
        "{",
        "}",
        "]",
        "\r",
        "\x00",
        "\ufeff",
        "## Heading",
        "# Title",
        "é",
        "2011",
        "yes",
        "|",
        ">-",
    ]
)


@st.composite
def mutated_case(draw: st.DrawFn) -> bytes:
    lines = list(_LINES)
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["insert", "delete", "replace", "indent", "append"]))
        noise = draw(_NOISE) + draw(st.text(max_size=8))
        if action == "insert":
            lines.insert(i, noise)
        elif action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "replace":
            lines[i] = noise
        elif action == "indent":
            lines[i] = " " * draw(st.integers(1, 5)) + lines[i]
        else:
            lines[i] += noise
    text = "---\n" + "\n".join(lines)
    return (
        text.encode("utf-8", errors="surrogatepass")
        if draw(st.booleans())
        else text.encode("utf-8", errors="replace")
    )


def _check_never_raises(raw: bytes) -> None:
    loaded = load(raw)
    if not loaded.ok or loaded.raw is None:
        assert loaded.problems
        assert all(p.code and p.message("en") and p.message("nl") for p in loaded.problems)
        return
    case, problems = validate_case(loaded.raw, today=TODAY)
    for p in problems:
        assert p.message("en") and p.message("nl")
    assert case is not None or any(p.severity == "error" for p in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_case())
def test_mutated_case_files_give_a_case_or_problems(raw: bytes) -> None:
    _check_never_raises(raw)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_give_a_case_or_problems(raw: bytes) -> None:
    _check_never_raises(b"---\n" + raw)
    _check_never_raises(raw)


def test_field_indented_under_a_complete_value_is_an_indentation_problem():
    # "role" two spaces deeper than "type: company" reads to YAML as more of
    # that value, then a stray ": "; the fix is the indentation, not quotes.
    front = FRONT.replace("    role: Opened its sites", "      role: Opened its sites")
    assert flat(case_text(front=front).encode()) == [("yaml-bad-indentation", 15, 7, "")]


def test_colon_in_unquoted_text_is_still_a_colon_problem():
    front = FRONT.replace(
        'title: "Test NGO – Test Co: a joint study"', "title: Test NGO – Test Co: a joint study"
    )
    assert [code for code, *_ in flat(case_text(front=front).encode())] == ["yaml-colon-in-value"]


def test_list_item_without_a_space_after_the_dash():
    raw = case_text(front=FRONT.replace("  - name: Test Co", "  -name: Test Co")).encode()
    assert flat(raw) == [("yaml-dash-space", 13, 3, "")]
    assert only_message(raw) == (
        "A list item starts with “- ”: a dash and then a space. Write “- name: …”, not “-name: …”."
    )


# --- the Loaded result --------------------------------------------------------------------


def test_a_clean_file_loads_whole_with_no_problems():
    loaded = load(case_text().encode())
    assert loaded.ok and not loaded.partial and loaded.problems == ()
    assert loaded.raw is not None and loaded.raw.data["id"] == "test-case"
    assert loaded.raw.file == FILE and loaded.raw.sections


def test_broken_front_matter_with_readable_sections_is_partial():
    front = "language: nl\ntitle: a: b\n"
    loaded = load(case_text(front=front).encode())
    assert not loaded.ok and loaded.partial
    assert [p.code for p in loaded.problems] == ["yaml-colon-in-value"]
    assert loaded.raw is not None
    # The title was read as meant (the colon quoted), so every other check can run.
    assert loaded.raw.data == {"language": "nl", "title": "a: b"}
    assert loaded.raw.positions == {"language": (2, 1), "title": (3, 1)}
    assert [s.heading for s in loaded.raw.sections] == [
        s.heading for s in load(case_text().encode()).raw.sections
    ]


def test_partial_problems_come_front_matter_first_then_the_body():
    body = (
        case_text().split("---\n", 2)[2].replace("## Why work together", "# Why work together", 1)
    )
    loaded = load(b"---\ntitle: a: b\n---\n" + body.encode())
    assert loaded.partial and loaded.raw is not None
    assert loaded.raw.data == {"title": "a: b"}
    assert [p.code for p in loaded.problems] == ["yaml-colon-in-value", "wrong-heading-level"]


def test_a_level_one_heading_stops_a_file_that_is_otherwise_whole():
    raw = case_text().replace("## Why work together", "# Why work together", 1).encode()
    loaded = load(raw)
    assert not loaded.ok and not loaded.partial
    assert [p.code for p in loaded.problems] == ["wrong-heading-level"]


def test_a_file_that_cannot_be_split_has_no_raw_case():
    for raw in (b"", b"\xff\xfe", b"no front matter\n", b"---\nid: x\n"):
        loaded = load(raw)
        assert loaded.raw is None and not loaded.ok and not loaded.partial
        assert len(loaded.problems) == 1


def test_loaded_is_frozen():
    loaded = load(b"")
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.partial = True  # type: ignore[misc]
