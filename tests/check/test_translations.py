"""Translations (cases/<id>.<lang>.md): loaded by name, checked against their original,
stamped, and stale once the original changes; every message asserted whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.check.stamp import StampError, stamped_text, translation_skeleton
from pipeline.check.validate import validate_library
from pipeline.cli import run_translate, run_translation_stamp
from pipeline.translation import original_digests, original_hash, translation_name
from tests.support import (
    TODAY,
    TRANSLATION_FRONT,
    case_text,
    translation_text,
)

FRONT = TRANSLATION_FRONT.format(of="test-case")


@pytest.fixture
def write_translation(cases_dir: Path):
    def write(name: str = "test-case.nl.md", text: str | None = None) -> Path:
        path = cases_dir / name
        path.write_text(translation_text() if text is None else text, "utf-8")
        return path

    return write


def problems(cases_dir: Path, lang: str = "en") -> list[tuple[str, str, int | None, str]]:
    result = validate_library(cases_dir, today=TODAY)
    return [(p.code, Path(p.file).name, p.line, p.message(lang)) for p in result.problems]


def stamp(cases_dir: Path, case_id: str = "test-case") -> None:
    assert run_translation_stamp(cases_dir, case_id) == 0


def test_translation_names_are_told_apart_from_case_names():
    assert translation_name("oxfam-unilever-vietnam.nl.md") == ("oxfam-unilever-vietnam", "nl")
    assert translation_name("oxfam-unilever-vietnam.md") is None
    assert translation_name("_template.nl.md") is None
    assert translation_name("Case.NL.md") is None


def test_a_valid_translation_is_loaded_and_asks_to_be_stamped(
    cases_dir, write_case, write_translation
):
    write_case("test-case")
    write_translation()
    result = validate_library(cases_dir, today=TODAY)
    assert [c.id for c in result.cases] == ["test-case"]  # the translation is not a case
    assert result.files == 2
    [translation] = result.translations
    assert translation.original_id == "test-case"
    assert (
        translation.meta.roles["Test Co"]
        == "Opende zijn vestigingen en gegevens voor de onderzoekers."
    )
    assert (
        translation.sections["questions"]
        == "1. Wat zou je gedaan hebben?\n2. Zou je het opnieuw doen?"
    )
    assert problems(cases_dir) == [
        (
            "translation-not-stamped",
            "test-case.nl.md",
            11,
            "This translation is not stamped yet; run invoke translation-stamp test-case once it"
            " matches the original, so that the check can tell when the original changes.",
        )
    ]
    assert problems(cases_dir, "nl")[0][3] == (
        "Deze vertaling is nog niet gestempeld; voer invoke translation-stamp test-case uit zodra"
        " ze overeenkomt met het origineel, zodat de controle ziet wanneer het origineel verandert."
    )


def test_fact_fields_are_errors_that_name_the_field(cases_dir, write_case, write_translation):
    write_case("test-case")
    write_translation(
        text=translation_text(front=FRONT + "sources:\n  - title: A report\nstarted: 2011\n")
    )
    assert [p for p in problems(cases_dir) if p[0] != "translation-not-stamped"] == [
        (
            "translation-fact-field",
            "test-case.nl.md",
            15,
            "A translation takes its facts from the original; remove `sources`. A translation has"
            " only translation_of, language, title, summary, roles and translation.",
        ),
        (
            "translation-fact-field",
            "test-case.nl.md",
            17,
            "A translation takes its facts from the original; remove `started`. A translation has"
            " only translation_of, language, title, summary, roles and translation.",
        ),
    ]
    assert validate_library(cases_dir, today=TODAY).translations == []


def test_a_translation_without_its_original(cases_dir, write_case, write_translation):
    write_case("test-case")
    front = FRONT.replace("translation_of: test-case", "translation_of: test-cas")
    write_translation("test-cas.nl.md", translation_text(front=front))
    assert problems(cases_dir) == [
        (
            "translation-without-original",
            "test-cas.nl.md",
            2,
            "There is no case “test-cas” to translate: no file cases/test-cas.md. Did you mean"
            " “test-case”? Check `translation_of`.",
        )
    ]


def test_the_file_name_must_say_what_the_front_matter_says(
    cases_dir, write_case, write_translation
):
    write_case("test-case")
    write_translation("test-case.en.md")
    assert [p[:3] for p in problems(cases_dir)] == [
        ("translation-file-name", "test-case.en.md", 3),
    ]
    assert problems(cases_dir)[0][3] == (
        "The file name says language “en”, but the file says “nl”. Name the file <original"
        " id>.<language>.md (test-case.nl.md) or correct the field."
    )


def test_a_translation_in_the_original_language(cases_dir, write_case, write_translation):
    write_case("test-case")
    front = FRONT.replace("language: nl", "language: en")
    write_translation("test-case.en.md", translation_text(front=front))
    found = problems(cases_dir)
    assert ("translation-same-language", "test-case.en.md", 3) in [p[:3] for p in found]
    message = next(p[3] for p in found if p[0] == "translation-same-language")
    assert message == (
        "The original test-case is already written in “en”; a translation is in another"
        " language. Correct `language` (and the file name)."
    )


def test_sections_must_be_the_original_ones(cases_dir, write_case, write_translation):
    write_case("test-case")
    body = translation_text().split("---\n\n", 1)[1]
    without_time = (
        body.split("## Tijd en middelen")[0] + "## Resultaten" + body.split("## Resultaten")[1]
    )
    write_translation(text=translation_text(body=without_time))
    assert [p for p in problems(cases_dir) if p[0] != "translation-not-stamped"] == [
        (
            "translation-missing-section",
            "test-case.nl.md",
            48,  # the last line of the file
            "The original has the section “## Time and resources”; translate it here under"
            " “## Tijd en middelen”.",
        )
    ]


def test_a_section_the_original_lacks(cases_dir, write_case, write_translation):
    body = case_text().split("---\n\n", 1)[1]
    original = body.split("## Time and resources")[0] + "## Results" + body.split("## Results")[1]
    write_case("test-case", body=original)
    write_translation()
    assert [
        p
        for p in problems(cases_dir)
        if p[1] == "test-case.nl.md" and p[0] != "translation-not-stamped"
    ] == [
        (
            "translation-extra-section",
            "test-case.nl.md",
            29,
            "The original has no section “## Time and resources”, so the translation has none"
            " either: remove “## Tijd en middelen”. A translation adds nothing to its original.",
        )
    ]


def test_roles_are_keyed_by_the_original_partner_names(cases_dir, write_case, write_translation):
    write_case("test-case")
    write_translation(text=translation_text(front=FRONT.replace("  Test Co:", "  Test Company:")))
    assert [p for p in problems(cases_dir) if p[0] != "translation-not-stamped"] == [
        (
            "translation-role-missing",
            "test-case.nl.md",
            8,
            "The original's partner “Test Co” has no role in `roles`. Add “Test Co: <its role,"
            " translated>”.",
        ),
        (
            "translation-role-unknown",
            "test-case.nl.md",
            10,
            "“Test Company” is not a partner of the original. Did you mean “Test Co”? The keys of"
            " `roles` are the original's partner names, written exactly as there: Test NGO, Test Co.",
        ),
    ]


def test_an_unknown_key_is_named_with_the_translation_fields(
    cases_dir, write_case, write_translation
):
    write_case("test-case")
    write_translation(
        text=translation_text(front=FRONT.replace("  reviewed: false", "  reviewd: false"))
    )
    messages = {p[0]: p[3] for p in problems(cases_dir)}
    assert messages["unknown-field"] == (
        "“reviewd” is not a field of the `translation` block. Did you mean “reviewed”? Allowed"
        " fields: by, method, reviewed."
    )


def test_stamping_writes_two_keys_and_keeps_every_other_line(
    cases_dir, write_case, write_translation
):
    write_case("test-case")
    path = write_translation()
    before = path.read_text("utf-8")
    stamp(cases_dir)
    after = path.read_text("utf-8")
    original = validate_library(cases_dir, today=TODAY).cases[0]
    digests = original_digests(original)
    stamp_lines = after.split("  reviewed: false\n", 1)[1]
    assert after.replace(stamp_lines.split("---\n", 1)[0], "") == before
    assert stamp_lines.split("---\n", 1)[0].split("\n")[:4] == [
        f'  original_hash: "{original_hash(digests)}"',
        "  original_parts:",
        f'    title: "{digests["title"][:8]}"',
        f'    summary: "{digests["summary"][:8]}"',
    ]
    assert problems(cases_dir) == []
    stamp(cases_dir)  # again: nothing changes
    assert path.read_text("utf-8") == after


def test_an_edited_original_makes_the_translation_stale_naming_the_section(
    cases_dir, write_case, write_translation
):
    write_case("test-case")
    write_translation()
    stamp(cases_dir)
    text = (cases_dir / "test-case.md").read_text("utf-8")
    lessons = text.index("## Lessons learned")
    edited = text[:lessons] + text[lessons:].replace("placeholder text", "filler text", 1)
    (cases_dir / "test-case.md").write_text(edited, "utf-8")
    assert problems(cases_dir) == [
        (
            "translation-stale",
            "test-case.nl.md",
            15,
            "The original test-case has changed since this translation was stamped: “## Geleerde"
            " lessen”. Bring the translation up to date, then run invoke translation-stamp"
            " test-case. Until then the casebook marks the chapter as out of date.",
        )
    ]
    # Rewrapping a paragraph is no change.
    stamp(cases_dir)
    (cases_dir / "test-case.md").write_text(
        edited.replace("text for the test suite,", "text for\nthe test suite,"), "utf-8"
    )
    assert problems(cases_dir) == []


def test_a_partner_renamed_since_the_stamp_is_stale_not_an_error(
    cases_dir, write_case, write_translation
):
    write_case("test-case")
    write_translation()
    stamp(cases_dir)
    text = (cases_dir / "test-case.md").read_text("utf-8")
    (cases_dir / "test-case.md").write_text(
        text.replace("- name: Test Co\n", "- name: Test Company\n"), "utf-8"
    )
    assert [p[:3] for p in problems(cases_dir)] == [("translation-stale", "test-case.nl.md", 15)]
    assert "stamped: `roles`." in problems(cases_dir)[0][3]


def test_stamped_text_replaces_an_old_stamp_in_place():
    text = translation_text()
    once = stamped_text(text, {"title": "a" * 64})
    twice = stamped_text(once, {"title": "b" * 64, "summary": "c" * 64})
    assert twice == stamped_text(text, {"title": "b" * 64, "summary": "c" * 64})
    assert '    title: "bbbbbbbb"\n    summary: "cccccccc"\n---\n' in twice


def test_a_block_written_on_one_line_is_not_stamped():
    text = translation_text(
        front=FRONT.replace(
            "translation:\n  by: The test suite\n  method: machine-assisted\n  reviewed: false\n",
            "translation: {by: The test suite, method: human, reviewed: false}\n",
        )
    )
    with pytest.raises(StampError, match="no “translation:” block written one field a line"):
        stamped_text(text, {"title": "a" * 64})


def test_stamping_keeps_the_line_ends_of_the_file(cases_dir, write_case):
    write_case("test-case")
    path = cases_dir / "test-case.nl.md"
    path.write_bytes(translation_text().replace("\n", "\r\n").encode("utf-8"))
    stamp(cases_dir)
    data = path.read_bytes()
    assert b"  original_parts:\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert problems(cases_dir) == []


def test_translate_starts_a_file_with_the_original_headings(cases_dir, write_case, capsys):
    write_case("test-case")
    assert run_translate(cases_dir, "test-case", to="nl") == 0
    text = (cases_dir / "test-case.nl.md").read_text("utf-8")
    original = validate_library(cases_dir, today=TODAY).cases[0]
    assert text == translation_skeleton(original, "nl")
    assert 'roles:\n  "Test NGO": ""\n  "Test Co": ""\ntranslation:\n' in text
    assert '# The original\'s title, translated (at most 144 characters).\ntitle: ""\n' in text
    assert text.endswith(
        "## Waarom samenwerken\n\n## Wat elke partner inbracht\n\n## Hoe de samenwerking verliep\n\n"
        "## Tijd en middelen\n\n## Resultaten en evaluatie\n\n## Onafhankelijkheid en rode lijnen\n\n"
        "## Kansen en risico's\n\n## Geleerde lessen\n\n## Vragen voor de discussie\n"
    )
    # Not yet filled in: errors, never a traceback; and no second start over it.
    assert "text-too-short" in [p[0] for p in problems(cases_dir)]
    assert run_translate(cases_dir, "test-case", to="nl") == 1
    assert run_translate(cases_dir, "test-case", to="en") == 1


def test_a_stamp_edited_by_hand_says_how_to_write_it_again(
    cases_dir, write_case, write_translation
):
    write_case("test-case")
    write_translation(text=translation_text(front=FRONT + "  original_hash: xyz\n"))
    assert problems(cases_dir) == [
        (
            "translation-bad-stamp",
            "test-case.nl.md",
            15,
            "“translation.original_hash” is not what invoke translation-stamp writes. Remove"
            " `original_hash` and `original_parts`, then run invoke translation-stamp test-case.",
        )
    ]


def test_reviewed_is_true_or_false(cases_dir, write_case, write_translation):
    write_case("test-case")
    write_translation(
        text=translation_text(front=FRONT.replace("reviewed: false", "reviewed: nee"))
    )
    assert problems(cases_dir) == [
        (
            "wrong-type",
            "test-case.nl.md",
            14,
            "“translation.reviewed” must be true or false; found “nee”.",
        )
    ]
