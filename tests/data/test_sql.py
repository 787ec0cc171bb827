"""Frictionless -> SQLite: the built package loads into a database with its constraints."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from frictionless import Package

from pipeline.build import load_library
from pipeline.config import ROOT, CasebookConfig
from pipeline.data.package import export_package
from tests.support import BUNDLED_TODAY

pytest.importorskip(
    "sqlalchemy",
    reason="frictionless's SQL plugin needs SQLAlchemy (in [dev]: pip install -e '.[dev]')",
)


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, library = load_library(ROOT / "cases", today=BUNDLED_TODAY)
    assert library is not None
    out = tmp_path_factory.mktemp("data")
    export_package(library, out, CasebookConfig(), version="t", created="2026-11-29T00:00:00Z")
    return out


def test_publish_to_sqlite_loads_every_table(package_dir: Path, tmp_path: Path) -> None:
    # Failed with "user-defined function raised exception" while nullable columns had a
    # `pattern` (frictionless's REGEXP check gets NULL); enums and required-only patterns work.
    database = tmp_path / "package.sqlite"
    package = Package(str(package_dir / "datapackage.json"))
    package.publish(f"sqlite:///{database}")
    with sqlite3.connect(database) as con:
        for resource in package.resources:
            with (package_dir / str(resource.path)).open(encoding="utf-8", newline="") as f:
                expected = sum(1 for _ in csv.DictReader(f))
            (count,) = con.execute(f'SELECT COUNT(*) FROM "{resource.name}"').fetchone()
            assert count == expected, resource.name
        # Empty optional cells are NULL, not text.
        (nulls,) = con.execute("SELECT COUNT(*) FROM cases WHERE ended IS NULL").fetchone()
        assert nulls > 0
