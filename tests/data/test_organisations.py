"""organisations.csv: the registry's organisations and those the cases name, keyed by id."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from frictionless import Package

from pipeline.build import load_library
from pipeline.config import ROOT, CasebookConfig
from pipeline.data.package import export_package, organisation_row
from pipeline.enrich import Library
from pipeline.library import Organisation
from pipeline.registry import organisation_registry
from tests.support import BUNDLED_TODAY, restamp


@pytest.fixture(scope="module")
def bundled() -> Library:
    _, library = load_library(ROOT / "cases", today=BUNDLED_TODAY)
    assert library is not None
    return library


@pytest.fixture(scope="module")
def package_dir(bundled: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data")
    export_package(bundled, out, CasebookConfig(), version="t", created="2026-11-29T00:00:00Z")
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_partner_has_its_organisation_and_ids_are_sorted(package_dir: Path) -> None:
    organisations = _rows(package_dir / "organisations.csv")
    ids = [o["id"] for o in organisations]
    assert ids == sorted(set(ids))
    assert list(organisations[0]) == ["id", "name", "aliases", "type", "country", "website"]
    partners = _rows(package_dir / "partners.csv")
    assert {p["organisation_id"] for p in partners} <= set(ids)


def test_registry_entries_are_rows_with_their_aliases_country_and_website(
    package_dir: Path,
) -> None:
    rows = {o["id"]: o for o in _rows(package_dir / "organisations.csv")}
    for entry in organisation_registry().entries:
        row = rows[entry.id]
        assert (row["name"], row["type"], row["country"], row["website"]) == (
            entry.name,
            entry.type,
            entry.country,
            entry.website,
        )
        assert row["aliases"].split(";")[: len(entry.aliases)] == list(entry.aliases)


def test_aliases_are_registry_aliases_then_other_case_spellings_without_the_name() -> None:
    org = Organisation(
        "wwf", "WWF", ("a",), ("WWF", "W.W.F.", "World Wildlife Fund"), "ngo", "", "", ("WWF-x",)
    )
    assert organisation_row(org) == {
        "id": "wwf",
        "name": "WWF",
        "aliases": "WWF-x;W.W.F.;World Wildlife Fund",
        "type": "ngo",
        "country": "",
        "website": "",
    }


def test_a_partner_without_its_organisation_breaks_the_foreign_key(
    package_dir: Path, tmp_path: Path
) -> None:
    for item in package_dir.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    path = tmp_path / "organisations.csv"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    gone = lines.pop(1).split(",", 1)[0]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    restamp(tmp_path)  # so that only the foreign key is broken, not the file's hash
    report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = {(task.name, e.type) for task in report.tasks for e in task.errors}
    assert errors == {("partners", "foreign-key")}, gone
