"""The case_texts table: one row per case and language, originals and translations told
apart, the CSV text exact, and the package valid with it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from frictionless import Package

from pipeline.build import load_library
from pipeline.cli import run_translation_stamp
from pipeline.config import CasebookConfig
from pipeline.data.package import export_package
from pipeline.library import Library
from pipeline.reference import sections
from tests.support import (
    DUTCH_SECTION_TEXT,
    SECTION_TEXT,
    TODAY,
    case_text,
    translation_text,
)

HEADER = (
    "case_id,language,is_original,title,summary,roles,"
    + ",".join(f"section_{s.key}" for s in sections())
    + ",original_language,translation_by,translation_method,reviewed,original_hash,stale,"
    "changed_parts"
)


@pytest.fixture(scope="module")
def stale_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """test-case in English with a Dutch translation, stamped, then one section edited."""
    folder = tmp_path_factory.mktemp("cases")
    (folder / "test-case.md").write_text(case_text(), "utf-8")
    (folder / "test-case.nl.md").write_text(translation_text(), "utf-8")
    assert run_translation_stamp(folder, "test-case") == 0
    text = (folder / "test-case.md").read_text("utf-8")
    at = text.index("## Results and evaluation")
    (folder / "test-case.md").write_text(
        text[:at] + text[at:].replace("placeholder", "filler", 1), "utf-8"
    )
    result, library = load_library(folder, today=TODAY, day=TODAY)
    assert library is not None, [p.message() for p in result.problems]
    return library


@pytest.fixture(scope="module")
def package_dir(stale_library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data")
    export_package(stale_library, out, CasebookConfig(), version="1.0.0", created="2026-11-29")
    return out


def test_case_texts_csv_has_the_original_then_the_translation(package_dir, stale_library):
    data = (package_dir / "case_texts.csv").read_bytes().decode("utf-8")
    lines = data.split("\r\n")
    assert lines[0] == HEADER
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert [(r["case_id"], r["language"], r["is_original"]) for r in rows] == [
        ("test-case", "en", "true"),
        ("test-case", "nl", "false"),
    ]
    english, dutch = rows
    filler = SECTION_TEXT.replace("placeholder", "filler", 1)
    assert english["section_results"] == filler
    assert english["roles"] == (
        '{"Test NGO": "Designed and led the study.", "Test Co": "Opened its sites and data to'
        ' the researchers."}'
    )
    assert [english[k] for k in ("original_language", "translation_by", "translation_method")] == [
        "en",
        "",
        "",
    ]
    assert [english[k] for k in ("reviewed", "original_hash", "stale", "changed_parts")] == [
        "",
        "",
        "false",
        "",
    ]
    assert dutch["title"] == "Test NGO – Test Co: een gezamenlijk onderzoek"
    assert dutch["section_results"] == DUTCH_SECTION_TEXT
    assert [dutch[k] for k in ("original_language", "translation_by", "translation_method")] == [
        "en",
        "The test suite",
        "machine-assisted",
    ]
    stamp = stale_library.by_id("test-case").text("nl").original_hash
    assert len(stamp) == 64
    assert [dutch[k] for k in ("reviewed", "original_hash", "stale", "changed_parts")] == [
        "false",
        stamp,
        "true",
        "results",
    ]
    # cases.csv keeps one row per case, with the original's text.
    cases = list(csv.DictReader(io.StringIO((package_dir / "cases.csv").read_text("utf-8"))))
    assert [(c["id"], c["title"]) for c in cases] == [
        ("test-case", "Test NGO – Test Co: a joint study")
    ]


def test_the_package_with_translations_is_valid(package_dir):
    report = Package(str(package_dir / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    names = [task.name for task in report.tasks]
    assert "case_texts" in names


def test_the_dutch_readme_is_written_beside_the_english_one(package_dir):
    readme = (package_dir / "README.nl.md").read_text("utf-8")
    assert readme.startswith(
        "# Partnership Case Library: datapakket\n\n"
        "Dit is de Nederlandse toelichting bij het datapakket. De volledige beschrijving van\n"
        "elke tabel en elk veld staat in `README.md` (in het Engels) en in `datapackage.json`.\n"
    )
    assert (
        "| `case_texts.csv` | `case_texts` | Eén rij per casus en taal: de tekst van het origineel"
        in readme
    )
    assert "- `case_texts`: één rij per `case_id` + `language`; `case_id` → `cases.id`.\n" in readme
    assert readme.rstrip().endswith("- Partnership Case Library")
    assert (
        "Partnership Case Library (2026). Partnership Case Library \\[dataset\\]. Versie 1.0.0."
        in readme
    )
    assert (
        (package_dir / "README.md")
        .read_text("utf-8")
        .startswith("# Partnership Case Library: data package\n")
    )
