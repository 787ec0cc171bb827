"""The Excel workbook: every value read back unchanged, text never a formula, repeatable bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline.build import load_library
from pipeline.config import CasebookConfig
from pipeline.data.package import package_descriptor, table_rows
from pipeline.data.workbook import CELL_LIMIT, TRUNCATED_MARKER, write_workbook
from pipeline.enrich import Library
from pipeline.linktables import LINKS
from pipeline.reference import vocabularies
from tests.support import TODAY, VALID_FRONT_MATTER, build_library, case_text, expected_tables

# Text a spreadsheet would run: allowed in a summary and in sections (long text fields).
FORMULA_SUMMARY = (
    '=HYPERLINK("https://example.org/x","click") is how this made-up test summary begins, '
    "to prove the workbook keeps it as text and never as a formula."
)
FORMULA_BODY = (
    case_text()
    .split("---\n\n", 1)[1]
    .replace(
        "## Why work together\n\n", "## Why work together\n\n@SUM(1+1) starts this section. ", 1
    )
    .replace(
        "## What each partner brought\n\n",
        "## What each partner brought\n\n- a list item first\n\n",
        1,
    )
)
DAY = dt.date(2026, 3, 4)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("cases")
    front = VALID_FRONT_MATTER.format(id="formula-case").replace(
        "summary: >-\n  A made-up case for the test suite. Test NGO and Test Co studied working\n"
        "  conditions in Test Co's supply chain together and published the results.\n",
        f"summary: '{FORMULA_SUMMARY.replace(chr(39), chr(39) * 2)}'\n",
    )
    (folder / "formula-case.md").write_text(
        case_text("formula-case", front=front, body=FORMULA_BODY), encoding="utf-8"
    )
    build_library(folder)  # adds the tricky-text cases next to it
    result, lib = load_library(folder, today=TODAY)
    assert lib is not None, [p.code for p in result.problems if p.severity == "error"]
    return lib


@pytest.fixture(scope="module")
def xlsx(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    descriptor = package_descriptor(library, CasebookConfig(), version="v1.2.0", created="C")
    path = tmp_path_factory.mktemp("xlsx") / "casebook.xlsx"
    return write_workbook(descriptor, table_rows(library), path, DAY)


def test_fixture_has_formula_like_text(library: Library) -> None:
    case = library.by_id("formula-case")
    assert case.meta.summary == FORMULA_SUMMARY
    assert case.case.sections["why"].startswith("@SUM(1+1)")
    assert case.case.sections["contributions"].startswith("- a list item")


def test_sheets_have_frozen_headers_filters_and_widths(xlsx: Path) -> None:
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == [
        "cases",
        "partners",
        "sources",
        *LINKS,
        "organisations",
        "case_texts",
        *vocabularies(),
        "Fields",
        "About",
    ]
    for name in wb.sheetnames[:-1]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        widths = [d.width for d in ws.column_dimensions.values()]
        assert len(widths) == ws.max_column and all(6 <= w <= 60 for w in widths), name
        assert all(c.font.bold for c in ws[1]), name


def test_every_text_reads_back_unchanged_and_as_text(xlsx: Path, library: Library) -> None:
    wb = openpyxl.load_workbook(xlsx)
    for table, expected in expected_tables(library).items():
        ws = wb[table]
        header = [c.value for c in ws[1]]
        got = []
        for row in ws.iter_rows(min_row=2):
            cells = dict(zip(header, row, strict=True))
            for name in expected[0]:
                if cells[name].value is not None:
                    assert cells[name].data_type == "s", (table, name)
            got.append({name: cells[name].value or "" for name in expected[0]})
        assert got == expected, table


def test_numbers_booleans_and_dates_are_typed(xlsx: Path) -> None:
    ws = openpyxl.load_workbook(xlsx)["cases"]
    header = [c.value for c in ws[1]]
    row = dict(
        zip(header, (c.value for c in ws[3]), strict=True)
    )  # cu-chi-coffee, formula-case, test-case
    assert row["id"] == "formula-case"
    assert (row["started"], row["ended"], row["ongoing"], row["partner_count"]) == (
        2011,
        2016,
        False,
        2,
    )
    assert row["reviewed"] == dt.datetime(2026, 1, 31)


def test_no_cell_is_a_formula_in_the_file_itself(xlsx: Path) -> None:
    with zipfile.ZipFile(xlsx) as archive:
        sheets = [
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        ]
    assert sheets and not any(re.search(r"<f[ >]", s) for s in sheets)
    assert any("=HYPERLINK(" in s for s in sheets)


def test_formula_like_text_is_stored_as_typed(xlsx: Path) -> None:
    ws = openpyxl.load_workbook(xlsx)["cases"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=3, column=header.index("summary") + 1)
    assert (cell.value, cell.data_type) == (FORMULA_SUMMARY, "s")


def test_fields_and_about_sheets(xlsx: Path, library: Library) -> None:
    wb = openpyxl.load_workbook(xlsx)
    fields = [[c.value for c in row] for row in wb["Fields"].iter_rows()]
    assert fields[0] == ["table", "field", "type", "title", "description"]
    assert [
        "partners",
        "counterpart",
        "string",
        "Counterpart",
        "Who the NGO dealt with inside this organisation, where a source says so.",
    ] in fields
    descriptor = package_descriptor(library, CasebookConfig(), version="v1.2.0", created="C")
    sdg_fields = [row for row in fields if row[0] == "case-sdgs"]
    assert [row[1:3] for row in sdg_fields] == [
        ["case_id", "string"],
        ["position", "integer"],
        ["sdg", "integer"],
    ]
    assert len(fields) - 1 == sum(len(r["schema"]["fields"]) for r in descriptor["resources"])
    assert "Cut short" not in {row[0].value for row in wb["About"].iter_rows()}
    about = {row[0].value: row[1].value for row in wb["About"].iter_rows()}
    assert about["Title"] == "Partnership Case Library"
    assert about["Version"] == "v1.2.0"
    assert (
        about["Licence"]
        == "Creative Commons Attribution 4.0 https://creativecommons.org/licenses/by/4.0/"
    )
    assert about["How to cite"] == (
        "Partnership Case Library (2026). Partnership Case Library [data set]. Version v1.2.0. "
        "Licence: Creative Commons Attribution 4.0."
    )


def test_bytes_repeat_and_dates_come_from_the_build_day(
    library: Library, xlsx: Path, tmp_path: Path
) -> None:
    descriptor = package_descriptor(library, CasebookConfig(), version="v1.2.0", created="C")
    again = write_workbook(descriptor, table_rows(library), tmp_path / "again.xlsx", DAY)
    assert again.read_bytes() == xlsx.read_bytes()
    wb = openpyxl.load_workbook(xlsx)
    assert (wb.properties.created, wb.properties.modified) == (dt.datetime(2026, 3, 4),) * 2
    with zipfile.ZipFile(xlsx) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 3, 4, 0, 0, 0)}


def test_libreoffice_opens_it_and_evaluates_nothing(
    xlsx: Path, library: Library, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.DictReader(io.StringIO((tmp_path / "casebook.csv").read_text("utf-8"))))
    by_id = {row["id"]: row for row in rows}
    assert by_id["formula-case"]["summary"] == FORMULA_SUMMARY
    assert by_id["formula-case"]["section_why"].startswith("@SUM(1+1)")
    assert by_id["cu-chi-coffee"]["title"] == library.by_id("cu-chi-coffee").meta.title


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_text_starting_like_a_formula_is_stored_as_that_text(start: str, tmp_path: Path) -> None:
    # OWASP's formula starts: the workbook keeps the text exactly and as a string.
    text = f"{start}1+1 and more"
    descriptor = {
        "title": "T",
        "resources": [{"name": "t", "schema": {"fields": [{"name": "x", "type": "string"}]}}],
    }
    path = write_workbook(descriptor, {"t": [{"x": text}]}, tmp_path / "t.xlsx", DAY)
    cell = openpyxl.load_workbook(path)["t"]["A2"]
    assert (cell.value, cell.data_type) == (text, "s")


def test_sdg_numbers_are_numbers(xlsx: Path, library: Library) -> None:
    ws = openpyxl.load_workbook(xlsx)["case-sdgs"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["case_id", "position", "sdg"]
    expected = [
        [case.id, i, goal.number]
        for case in library.cases
        for i, goal in enumerate(case.sdgs, start=1)
    ]
    assert rows[1:] == expected and expected
    assert all(isinstance(row[2], int) for row in rows[1:])
    assert {c.data_type for c in ws["C"][1:]} == {"n"}


def test_long_text_columns_wrap_and_short_ones_do_not(xlsx: Path) -> None:
    ws = openpyxl.load_workbook(xlsx)["cases"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, ws[2], strict=True))
    assert row["section_why"].alignment.wrap_text
    assert row["summary"].alignment.wrap_text
    assert not row["id"].alignment.wrap_text
    assert not row["started"].alignment.wrap_text


def test_a_section_over_excels_cell_limit_is_cut_with_a_marker_and_a_note(
    library: Library, tmp_path: Path
) -> None:
    descriptor = package_descriptor(library, CasebookConfig(), version="1.2.0", created="C")
    rows = table_rows(library)
    long = "Word " * 8_000  # 40,000 characters
    rows["cases"][0] = {**rows["cases"][0], "section_why": long}
    path = write_workbook(descriptor, rows, tmp_path / "long.xlsx", DAY)
    wb = openpyxl.load_workbook(path)
    ws = wb["cases"]
    header = [c.value for c in ws[1]]
    cell = dict(zip(header, ws[2], strict=True))["section_why"]
    assert len(cell.value) == CELL_LIMIT
    assert cell.value == long[: CELL_LIMIT - len(TRUNCATED_MARKER)] + TRUNCATED_MARKER
    about = {row[0].value: row[1].value for row in wb["About"].iter_rows()}
    assert f"cases.section_why of {rows['cases'][0]['id']}" in about["Cut short"]
    assert "The CSV files and casebook.sqlite hold the whole text" in about["Cut short"]
    # Nothing else was cut: a text at the limit is kept whole.
    assert about["Cut short"].count(" of ") == 1
    rows["cases"][0] = {**rows["cases"][0], "section_why": "x" * CELL_LIMIT}
    path = write_workbook(descriptor, rows, tmp_path / "exact.xlsx", DAY)
    ws = openpyxl.load_workbook(path)["cases"]
    assert dict(zip(header, ws[2], strict=True))["section_why"].value == "x" * CELL_LIMIT
