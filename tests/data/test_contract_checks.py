"""The published contract checks what the pipeline checks: each broken constraint fails
`frictionless validate` on a copy of the built package; the unbroken package passes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from frictionless import Package

from pipeline.config import CasebookConfig
from pipeline.contract import EARLIEST_YEAR
from pipeline.data.package import export_package
from pipeline.enrich import Library
from tests.support import build_library


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return build_library(tmp_path_factory.mktemp("cases"))


@pytest.fixture(scope="module")
def package_dir(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data")
    export_package(library, out, CasebookConfig(), version="t", created="2026-11-29T00:00:00Z")
    return out


def _copy_with(package_dir: Path, target: Path, table: str, column: str, value: str) -> Path:
    """A copy of the package with `column` of the first row of `table` set to `value`."""
    for item in package_dir.iterdir():
        (target / item.name).write_bytes(item.read_bytes())
    path = target / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames or []), list(reader)
    rows[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return target / "datapackage.json"


def test_the_unbroken_package_passes(package_dir: Path) -> None:
    report = Package(str(package_dir / "datapackage.json")).validate()
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])


BROKEN = [
    ("cases", "id", "a" * 81),  # maxLength 80
    ("cases", "id", "Not_An_Id"),  # pattern
    ("cases", "title", "T" * 121),  # maxLength 120
    ("cases", "summary", "S" * 99),  # minLength 100
    ("cases", "summary", "S" * 701),  # maxLength 700
    ("cases", "language", "de"),  # enum
    ("cases", "scope", "planetary"),  # enum
    ("cases", "status", "paused"),  # enum
    ("cases", "stage", "exploratory"),  # enum (nullable)
    ("cases", "funding", "crowd"),  # enum (nullable)
    ("cases", "started", str(EARLIEST_YEAR - 1)),  # minimum
    ("cases", "ended", str(EARLIEST_YEAR - 1)),  # minimum (nullable)
    ("cases", "countries", "NL;UK"),  # ISO 3166-1 alpha-2 codes
    ("cases", "countries", "XX"),  # ISO 3166-1 alpha-2 codes
    ("cases", "sectors", "agriculture-food;space"),  # vocabulary pattern
    ("cases", "forms", "joint-research;"),  # vocabulary pattern
    ("cases", "contributor", "C" * 201),  # maxLength 200
    ("cases", "completeness", "101"),  # maximum 100
    ("cases", "completeness", "-1"),  # minimum 0
    ("partners", "name", "N" * 201),  # maxLength 200
    ("partners", "role", "R" * 201),  # maxLength 200
    ("partners", "type", "charity"),  # enum
    ("partners", "counterpart", "boss"),  # enum (nullable)
    ("sources", "title", "T" * 301),  # maxLength 300
    ("sources", "url", "https://example.org/" + "a" * 2000),  # maxLength 2000
    ("sources", "publisher", "P" * 201),  # maxLength 200
    ("sources", "year", str(EARLIEST_YEAR - 1)),  # minimum
]


@pytest.mark.parametrize(
    ("table", "column", "value"),
    BROKEN,
    ids=[f"{t}.{c}-{i}" for i, (t, c, _) in enumerate(BROKEN)],
)
def test_each_broken_constraint_fails_frictionless_validate(
    package_dir: Path, tmp_path: Path, table: str, column: str, value: str
) -> None:
    descriptor = _copy_with(package_dir, tmp_path, table, column, value)
    report = Package(str(descriptor)).validate()
    assert not report.valid
    cell_errors = [
        (task.name, error.type, getattr(error, "field_name", None))
        for task in report.tasks
        for error in task.errors
    ]
    assert (table, "constraint-error", column) in cell_errors, cell_errors
