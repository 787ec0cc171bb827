"""From edit to print: one sentence changed in an English original makes its Dutch
translation stale; `validate` names the section, the Dutch edition marks the chapter,
and stamping the translation clears both."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from pipeline import build as build_module
from pipeline.build import build
from pipeline.cli import run_translation_stamp, run_validate
from pipeline.edition import Edition
from tests.support import TODAY, case_text, translation_text

STALE = "Het origineel is gewijzigd sinds deze vertaling werd gemaakt: “Resultaten en evaluatie”."
NOTE = (
    "Vertaald uit het Engels door The test suite (machinaal ondersteunde vertaling; nog niet"
    " nagelezen). De bronnen hieronder zijn die van het origineel."
)


def book_text(out: Path) -> str:
    """The casebook's text on one line: words hyphenated at a line end joined again."""
    reader = pypdf.PdfReader(out / "casebook.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(re.sub(r"-\n(?=[a-z])", "", text).split())


@pytest.mark.slow
def test_an_edited_original_is_stale_until_stamped(cases_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build_module, "data_version", lambda _folder: "test-version")
    (cases_dir / "test-case.md").write_text(case_text(), "utf-8")
    (cases_dir / "test-case.nl.md").write_text(translation_text(), "utf-8")
    assert run_translation_stamp(cases_dir, "test-case") == 0
    original = (cases_dir / "test-case.md").read_text("utf-8")
    at = original.index("## Results and evaluation")
    edited = original[:at] + original[at:].replace(
        "placeholder text", "placeholder text, edited once,", 1
    )
    (cases_dir / "test-case.md").write_text(edited, "utf-8")
    capsys.readouterr()

    assert run_validate(cases_dir, fmt="text", lang="en") == 0  # a warning, not an error
    report = capsys.readouterr().out
    assert (
        "warning [translation-stale] translation.original_hash: The original test-case has"
        in report
    )
    assert "changed since this translation was stamped: “## Resultaten en evaluatie”." in report

    out = tmp_path / "out"
    result = build(cases_dir, out, Edition(lang="nl"), today=TODAY)
    assert result.ok and result.pages > 0
    text = book_text(out)
    assert f"{NOTE} {STALE}" in text
    assert "een gezamenlijk onderzoek" in text

    assert run_translation_stamp(cases_dir, "test-case") == 0
    capsys.readouterr()
    assert run_validate(cases_dir, fmt="text", lang="en") == 0
    assert "translation-stale" not in capsys.readouterr().out
    build(cases_dir, out, Edition(lang="nl"), today=TODAY)
    text = book_text(out)
    assert NOTE in text and STALE not in text


@pytest.mark.slow
def test_the_preview_in_dutch_prints_the_translation_beside_the_case(cases_dir, tmp_path):
    from pipeline.preview import build_preview

    source = cases_dir / "test-case.md"
    source.write_text(case_text(), "utf-8")
    (cases_dir / "test-case.nl.md").write_text(translation_text(), "utf-8")
    target = tmp_path / "preview.pdf"
    result = build_preview(source, target, lang="nl")
    assert result.ok, [p.message() for p in result.validation.problems]
    assert [p.code for p in result.validation.problems] == ["translation-not-stamped"]
    reader = pypdf.PdfReader(target)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Test NGO – Test Co: een gezamenlijk onderzoek" in text
    assert NOTE in text
    english = build_preview(source, tmp_path / "english.pdf", lang="en")
    assert english.ok and english.validation.problems == []
