"""Spreadsheet safety: a published text cell never starts a formula, and the one leading
quote is all a reader removes to get the text back."""

from __future__ import annotations

import pytest

from pipeline import contract
from pipeline.data.spreadsheet import (
    FORMULA_STARTS,
    QUOTE,
    SPREADSHEET_POLICY_EN,
    SPREADSHEET_POLICY_NL,
    safe_cell,
    unquote_cell,
)


def test_formula_starts_are_the_contracts():
    # spreadsheet.py keeps its own copy of the tuple; it must not drift from the contract's,
    # which validation uses to reject short fields.
    assert FORMULA_STARTS == contract.FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r", "\n")
    assert QUOTE == "'"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_gets_one_quote_and_comes_back(start: str):
    text = f"{start}1+1 and more"
    assert safe_cell(text) == f"'{start}1+1 and more"
    assert unquote_cell(safe_cell(text)) == text


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_lone_formula_start_is_quoted_too(start: str):
    assert (safe_cell(start), unquote_cell(QUOTE + start)) == (QUOTE + start, start)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("=1+1", "'=1+1"),
        ("+31 20 123", "'+31 20 123"),
        ("- first item", "'- first item"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("'=already quoted", "'=already quoted"),
        ("Plain text", "Plain text"),
        ("", ""),
        ("a = b", "a = b"),
    ],
)
def test_safe_cell(text, published):
    assert safe_cell(text) == published
    if not text.startswith("'"):
        assert unquote_cell(published) == text


@pytest.mark.parametrize(
    "text", ["", "Plain", "a = b", " =1", "'", "'quoted", "''=x", "1;2", "Café 🌱", "x\n=y"]
)
def test_text_that_cannot_start_a_formula_is_published_and_read_back_unchanged(text: str):
    assert safe_cell(text) == text
    assert unquote_cell(text) == text


def test_a_quote_before_text_that_is_no_formula_stays():
    # Only a quote that safe_cell could have added is removed.
    assert [unquote_cell(t) for t in ("'quoted'", "'", "' =1", "''=1")] == [
        "'quoted'",
        "'",
        "' =1",
        "''=1",
    ]


def test_safe_cell_is_not_idempotent_on_purpose():
    # A value that starts with a quote is left alone, so quoting twice changes nothing more.
    assert safe_cell(safe_cell("=1")) == "'=1"
    assert unquote_cell(unquote_cell("'=1")) == "=1"


def test_the_policy_names_every_character_in_both_languages():
    assert "=, +, -, @, a tab or a line break" in SPREADSHEET_POLICY_EN
    assert "=, +, -, @, een tab of een regeleinde" in SPREADSHEET_POLICY_NL
    assert "'- first item" in SPREADSHEET_POLICY_EN
    assert "'- eerste punt" in SPREADSHEET_POLICY_NL
