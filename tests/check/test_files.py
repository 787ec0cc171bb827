"""What is in a cases folder besides case files: links, folders, pipes and devices named like
cases are errors and are never opened or followed; look-alike names are warnings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.check.files import scan
from pipeline.check.validate import validate_library
from pipeline.cli import run_build
from tests.support import TODAY, case_text

NOT_A_FILE = (
    "is {kind}, not a plain file, so it is not read: the build never follows links or opens"
    " anything else. Put the case file itself in the cases folder, or move this entry out"
    " (or rename it so that its name no longer ends in .md)."
)


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    """A cases folder with one good case and every kind of entry that is not one."""
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "good-case.md").write_text(case_text("good-case"), "utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text(case_text("outside"), "utf-8")  # valid: it must still not be read
    os.symlink(outside, cases / "linked.md")
    os.symlink("/dev/zero", cases / "zero.md")  # read to its end, this never stops
    os.symlink("nowhere", cases / "dangling.md")
    os.symlink("loop.md", cases / "loop.md")
    os.symlink(tmp_path, cases / "to-folder.md")
    (cases / "folder.md").mkdir()
    os.mkfifo(cases / "pipe.md")  # opened for reading, this waits for ever
    return cases


def test_every_entry_that_is_not_a_plain_case_file_is_an_error_of_its_own(odd_folder):
    result = validate_library(odd_folder, today=TODAY)
    found = [(Path(p.file).name, p.code, p.message("en")) for p in result.problems]
    kinds = {
        "dangling.md": "a symbolic link",
        "folder.md": "a folder",
        "linked.md": "a symbolic link",
        "loop.md": "a symbolic link",
        "pipe.md": "a named pipe",
        "to-folder.md": "a symbolic link",
        "zero.md": "a symbolic link",
    }
    assert found == [
        (name, "case-not-a-file", f"“{name}” " + NOT_A_FILE.format(kind=kind))
        for name, kind in kinds.items()
    ]
    assert [c.id for c in result.cases] == ["good-case"]  # the others did not stop it
    assert result.files == 8


def test_dutch_messages_name_the_kind_in_dutch(odd_folder):
    result = validate_library(odd_folder, today=TODAY)
    pipe = next(p for p in result.problems if p.file.endswith("pipe.md"))
    assert pipe.message("nl").startswith("“pipe.md” is een named pipe, geen gewoon bestand")


def test_a_build_refuses_and_prints_each_problem(odd_folder, tmp_path, capsys):
    assert run_build(odd_folder, tmp_path / "out") == 1
    err = capsys.readouterr().err
    for name in ("dangling.md", "folder.md", "linked.md", "pipe.md", "zero.md"):
        assert f"[case-not-a-file] “{name}” is " in err
    assert "Nothing was built; the previous outputs are unchanged." in err
    assert not (tmp_path / "out" / "casebook.pdf").exists()


@pytest.mark.parametrize(
    ("name", "code", "text"),
    [
        (
            "New-Case.MD",
            "file-skipped-name",
            "“New-Case.MD” is not read as a case: only names ending in “.md”, in lower case,"
            " are. Rename it to “new-case.md” to have it checked and built.",
        ),
        (
            "x.markdown",
            "file-skipped-name",
            "“x.markdown” is not read as a case: only names ending in “.md”, in lower case,"
            " are. Rename it to “x.md” to have it checked and built.",
        ),
        (
            "y.md.txt",
            "file-skipped-name",
            "“y.md.txt” is not read as a case: only names ending in “.md”, in lower case,"
            " are. Rename it to “y.md” to have it checked and built.",
        ),
        (
            "_draft.md",
            "file-skipped-underscore",
            "“_draft.md” is not read as a case: names starting with “_” are left out (the"
            " template uses that). Rename it to “draft.md” to have it checked and built.",
        ),
    ],
)
def test_a_file_skipped_for_its_name_is_a_warning_that_says_what_name_is_read(
    tmp_path, name, code, text
):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "good-case.md").write_text(case_text("good-case"), "utf-8")
    (cases / name).write_text(case_text("other"), "utf-8")
    result = validate_library(cases, today=TODAY)
    assert [(p.code, p.severity, p.message("en")) for p in result.problems] == [
        (code, "warning", text)
    ]
    assert result.ok


def test_the_template_notes_and_hidden_files_are_left_alone(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("_template.md", "_template.nl.md", ".hidden.md", "README.txt", "notes.txt"):
        (cases / name).write_text("x", "utf-8")
    (cases / "good-case.md").write_text(case_text("good-case"), "utf-8")
    files, problems = scan(cases)
    assert [f.name for f in files] == ["good-case.md"] and problems == []


def test_a_huge_integer_is_a_clear_error_not_a_traceback(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    front = case_text("big-number").replace("started: 2011", "started: " + "9" * 5000)
    (cases / "big-number.md").write_text(front, "utf-8")
    result = validate_library(cases, today=TODAY)
    assert [(p.code, p.field, p.line) for p in result.problems if p.severity == "error"] == [
        ("wrong-type", "started", 29)
    ]


def test_a_build_of_a_folder_with_a_linked_case_builds_nothing(odd_folder, tmp_path):
    result = build(odd_folder, tmp_path / "out", today=TODAY)
    assert not result.ok
    assert "outside" not in {c.id for c in result.validation.cases}


# --- the one rule for odd characters -------------------------------------------------------------


def test_control_and_bidi_characters_in_a_section_are_errors_with_line_and_column(tmp_path):
    from tests.support import SECTION_TEXT, VALID_BODY

    cases = tmp_path / "cases"
    cases.mkdir()
    body = VALID_BODY.replace(SECTION_TEXT, SECTION_TEXT + " bell\x07 and \u202eevil", 1)
    (cases / "odd-case.md").write_text(case_text("odd-case", body=body), "utf-8")
    result = validate_library(cases, today=TODAY)
    errors = [p for p in result.problems if p.severity == "error"]
    line = (
        case_text("odd-case", body=body)
        .split("\n")
        .index(next(x for x in case_text("odd-case", body=body).split("\n") if "bell" in x))
        + 1
    )
    assert [(p.code, p.line, p.column, p.value) for p in errors] == [
        ("control-character", line, len(SECTION_TEXT) + 6, "U+0007, U+202E")
    ]
    assert (
        errors[0]
        .message("en")
        .startswith(
            f"Column {len(SECTION_TEXT) + 6} holds a control character (U+0007, U+202E) in the"
            " section “Why work together”"
        )
    )


def test_word_habits_in_a_section_are_cleaned_with_a_warning(tmp_path):
    from tests.support import SECTION_TEXT, VALID_BODY

    cases = tmp_path / "cases"
    cases.mkdir()
    body = VALID_BODY.replace(
        SECTION_TEXT, "Soft\u00adhyphen, zero\u200bwidth, 10\u00a0km. " + SECTION_TEXT, 1
    )
    (cases / "word-case.md").write_text(case_text("word-case", body=body), "utf-8")
    result = validate_library(cases, today=TODAY)
    assert [(p.code, p.severity, p.value) for p in result.problems] == [
        ("invisible-character", "warning", "U+00AD, U+200B, U+00A0")
    ]
    text = result.cases[0].sections["why"]
    assert text.startswith("Softhyphen, zerowidth, 10 km. ")


def test_joiners_stay(tmp_path):
    from tests.support import SECTION_TEXT, VALID_BODY

    cases = tmp_path / "cases"
    cases.mkdir()
    body = VALID_BODY.replace(SECTION_TEXT, "می\u200cخواهم " + SECTION_TEXT, 1)
    (cases / "joiner-case.md").write_text(case_text("joiner-case", body=body), "utf-8")
    result = validate_library(cases, today=TODAY)
    assert not [
        p for p in result.problems if p.code in ("control-character", "invisible-character")
    ]
    assert "\u200c" in result.cases[0].sections["why"]
