"""Spreadsheet safety: the CSV files are exact data; the policy says to open the workbook."""

from __future__ import annotations

from pipeline import contract
from pipeline.data.spreadsheet import SPREADSHEET_POLICY_EN, SPREADSHEET_POLICY_NL


def test_only_an_equals_sign_is_refused_at_the_start_of_a_short_field():
    assert contract.FORMULA_STARTS == ("=",)


def test_the_policy_says_open_the_workbook_the_csv_files_are_data_in_both_languages():
    assert "Open the workbook casebook.xlsx in Excel or LibreOffice; the CSV files are data." in (
        SPREADSHEET_POLICY_EN
    )
    assert (
        "Open het werkboek casebook.xlsx in Excel of LibreOffice; de CSV-bestanden zijn data."
        in (SPREADSHEET_POLICY_NL)
    )
    assert "=, +, -, @, a tab or a line break" in SPREADSHEET_POLICY_EN
    assert "=, +, -, @, een tab of een regeleinde" in SPREADSHEET_POLICY_NL
    assert "exactly as written" in SPREADSHEET_POLICY_EN
    assert "precies zoals die geschreven is" in SPREADSHEET_POLICY_NL
    for text in (SPREADSHEET_POLICY_EN, SPREADSHEET_POLICY_NL):
        assert "'" not in text.replace("file's", "")  # no quote prefix to remove any more
