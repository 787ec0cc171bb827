"""The CSV files hold the case files' text exactly: every cell equals the validated model."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.build import load_library
from pipeline.case import Partner
from pipeline.config import ROOT, CasebookConfig
from pipeline.data.package import export_package
from pipeline.enrich import Library
from tests.support import BUNDLED_TODAY


@pytest.fixture(scope="module")
def bundled() -> Library:
    result, library = load_library(ROOT / "cases", today=BUNDLED_TODAY)
    assert library is not None, [p.code for p in result.problems if p.severity == "error"]
    return library


@pytest.fixture(scope="module")
def tables(bundled: Library, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    out = tmp_path_factory.mktemp("data")
    export_package(bundled, out, CasebookConfig(), version="t", created="2026-11-29T00:00:00Z")
    return {name: _read(out / f"{name}.csv") for name in ("cases", "partners", "sources")}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_case_cell_equals_the_case_files_text(bundled, tables) -> None:
    rows = {row["id"]: row for row in tables["cases"]}
    assert list(rows) == [c.id for c in bundled.cases]
    lists = 0
    for case in bundled.cases:
        row = rows[case.id]
        assert row["title"] == case.meta.title
        assert row["summary"] == case.meta.summary
        assert row["contributor"] == (case.meta.contributor or "")
        for column in (c for c in row if c.startswith("section_")):
            key = column.removeprefix("section_")
            assert row[column] == case.case.sections.get(key, ""), (case.id, column)
            lists += row[column].startswith("- ")
    assert lists, "the bundled cases should have a section that begins with a list"


def test_every_partner_and_source_cell_equals_the_case_files_text(bundled, tables) -> None:
    partners = [
        (c.id, p.name, p.role, p.counterpart or "") for c in bundled.cases for p in c.meta.partners
    ]
    assert [
        (r["case_id"], r["name"], r["role"], r["counterpart"]) for r in tables["partners"]
    ] == partners
    sources = [
        (c.id, s.title, s.publisher or "", s.url or "")
        for c in bundled.cases
        for s in c.meta.sources
    ]
    assert [
        (r["case_id"], r["title"], r["publisher"], r["url"]) for r in tables["sources"]
    ] == sources


@pytest.mark.parametrize("name", ["+Acumen", "-ish Collective", "@Home Foundation"])
def test_a_name_may_start_with_plus_minus_or_at(name: str) -> None:
    partner = Partner.model_validate({"name": name, "type": "ngo", "role": "Led it."})
    assert partner.name == name
