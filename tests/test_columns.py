"""The columns of the CSV tables and one case -> its rows, compared whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.build import load_library
from pipeline.case import Case, FrontMatter
from pipeline.columns import (
    CASE_COLUMNS,
    ENRICHED_COLUMNS,
    NOT_COLUMNS,
    case_row,
    partner_rows,
    source_rows,
)
from pipeline.contract import CODED_FIELDS
from pipeline.reference import sections
from tests.support import SECTION_TEXT, TODAY, TRICKY_BODY, TRICKY_FRONT, case_text


def load(cases_dir: Path, case_id: str) -> Case:
    """The validated case `case_id` of `cases_dir`."""
    result, library = load_library(cases_dir, today=TODAY)
    assert library is not None, [p.code for p in result.problems]
    return library.by_id(case_id).case


@pytest.fixture
def plain_case(write_case, cases_dir: Path) -> Case:
    write_case("test-case")
    return load(cases_dir, "test-case")


@pytest.fixture
def tricky_case(write_case, cases_dir: Path) -> Case:
    write_case("cu-chi-coffee", front=TRICKY_FRONT, body=TRICKY_BODY)
    return load(cases_dir, "cu-chi-coffee")


def test_case_columns_are_the_front_matter_fields_but_partners_and_sources():
    assert set(CASE_COLUMNS) | NOT_COLUMNS == set(FrontMatter.model_fields)
    assert not set(CASE_COLUMNS) & NOT_COLUMNS


def test_coded_columns_are_the_contracts_coded_fields_in_order():
    coded = [name for name, (_kind, _list, vocab) in CASE_COLUMNS.items() if vocab]
    assert tuple(coded) == CODED_FIELDS
    labels = [n for n in ENRICHED_COLUMNS if n.rsplit("_", 1)[0] in CODED_FIELDS]
    assert labels == [f"{field}_{lang}" for field in CODED_FIELDS for lang in ("en", "nl")]


def test_label_column_of_a_list_and_of_a_single_code():
    assert ENRICHED_COLUMNS["forms_nl"] == (
        "string",
        "Forms of collaboration (Dutch)",
        "The Dutch label of each code in `forms`, in the same order, separated by `;`."
        " Labels and definitions: the `forms` table.",
    )
    assert ENRICHED_COLUMNS["scope_en"] == (
        "string",
        "Scope (English)",
        "The English label of each code in `scope`. Labels and definitions: the `scopes` table.",
    )


def test_case_row_of_a_plain_case(plain_case: Case):
    assert case_row(plain_case) == {
        "id": "test-case",
        "title": "Test NGO – Test Co: a joint study",
        "language": "en",
        "summary": "A made-up case for the test suite. Test NGO and Test Co studied working"
        " conditions in Test Co's supply chain together and published the results.",
        "scope": "national",
        "status": "completed",
        "started": "2011",
        "ended": "2016",
        "countries": "VN",
        "sectors": "consumer-goods",
        "forms": "joint-research",
        "themes": "labour-rights",
        "sdgs": "8",
        "stage": "integrative",
        "funding": "",
        "risks": "loss-of-independence",
        "safeguards": "right-to-publish",
        "tags": "",
        "workshops": "",
        "contributor": "",
        "reviewed": "2026-01-31",
        **{f"section_{s.key}": SECTION_TEXT for s in sections() if s.key != "questions"},
        "section_questions": "1. What would you have done?\n2. Would you do it again?",
    }


def test_case_row_columns_follow_the_case_columns_then_the_sections(tricky_case: Case):
    row = case_row(tricky_case)
    assert list(row) == [*CASE_COLUMNS, *(f"section_{s.key}" for s in sections())]
    assert (row["forms"], row["ended"], row["themes"], row["contributor"]) == (
        "supply-chain;capacity-building",
        "",
        "",
        "Nguyễn Thị Lan",
    )
    assert row["title"] == 'Café “Củ Chi”, Việt Nam 🌱 – the "fair" deal'


def test_a_missing_optional_section_is_an_empty_cell(write_case, cases_dir: Path):
    body = (
        case_text().split("---\n\n", 1)[1].replace("## Time and resources\n\n" + SECTION_TEXT, "")
    )
    write_case("test-case", body=body)
    row = case_row(load(cases_dir, "test-case"))
    assert (row["section_time"], row["section_why"]) == ("", SECTION_TEXT)


def test_partner_rows_number_the_partners_and_carry_their_organisation_ids(tricky_case: Case):
    assert partner_rows(tricky_case, ["hoi-nong-dan-cu-chi", "cafe-cu-chi"]) == [
        {
            "case_id": "cu-chi-coffee",
            "position": "1",
            "organisation_id": "hoi-nong-dan-cu-chi",
            "name": "Hội Nông dân Củ Chi 🌾",
            "type": "ngo",
            "role": 'Organised the "coffee schools", training and audits.',
            "counterpart": "",
        },
        {
            "case_id": "cu-chi-coffee",
            "position": "2",
            "organisation_id": "cafe-cu-chi",
            "name": "Café Củ Chi, Inc.",
            "type": "company",
            "role": "Paid a premium; bought the coffee.",
            "counterpart": "procurement",
        },
    ]


def test_partner_rows_need_one_organisation_id_per_partner(plain_case: Case):
    with pytest.raises(ValueError):
        partner_rows(plain_case, ["test-ngo"])


def test_source_rows_number_the_sources_and_leave_unknowns_empty(tricky_case: Case):
    assert source_rows(tricky_case) == [
        {
            "case_id": "cu-chi-coffee",
            "position": "1",
            "title": "“Fair” coffee in Củ Chi, part 1; with a comma, too",
            "url": "https://example.org/cu-chi?a=1&b=2",
            "publisher": "Báo Tuổi Trẻ",
            "year": "2021",
            "mirror": "true",
        },
        {
            "case_id": "cu-chi-coffee",
            "position": "2",
            "title": "Annual report 2022 🌱",
            "url": "",
            "publisher": "Café Củ Chi, Inc.",
            "year": "",
            "mirror": "false",
        },
    ]
