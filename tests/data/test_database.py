"""output/casebook.sqlite: the package's tables with their keys, NULL for empty, same bytes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.build import load_library
from pipeline.config import ROOT, CasebookConfig
from pipeline.data.database import PAGE_SIZE, write_database
from pipeline.data.package import package_descriptor, table_rows
from pipeline.enrich import Library
from tests.support import BUNDLED_TODAY


@pytest.fixture(scope="module")
def bundled() -> Library:
    _, library = load_library(ROOT / "cases", today=BUNDLED_TODAY)
    assert library is not None
    return library


@pytest.fixture(scope="module")
def descriptor(bundled: Library) -> dict:
    return package_descriptor(bundled, CasebookConfig(), version="t", created="C")


@pytest.fixture(scope="module")
def database(bundled: Library, descriptor: dict, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "casebook.sqlite"
    return write_database(descriptor, table_rows(bundled), path)


@pytest.fixture
def con(database: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_one_table_per_resource_with_every_row(con, descriptor, bundled) -> None:
    rows = table_rows(bundled)
    names = [r for (r,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert names == [r["name"] for r in descriptor["resources"]]
    for name in names:
        (count,) = con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()
        assert count == len(rows[name]), name


def test_foreign_keys_hold_and_are_declared(con) -> None:
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    targets = {row[2] for row in con.execute("PRAGMA foreign_key_list(partners)")}
    assert targets == {"cases", "organisations", "organisation-types", "counterparts"}
    primary = [row[1] for row in con.execute("PRAGMA table_info(partners)") if row[5]]
    assert primary == ["case_id", "position"]


def test_cases_partners_and_organisations_join(con, bundled) -> None:
    joined = con.execute(
        "SELECT c.id, p.position, o.name FROM cases c"
        " JOIN partners p ON p.case_id = c.id"
        " JOIN organisations o ON o.id = p.organisation_id"
        " ORDER BY c.id, p.position"
    ).fetchall()
    expected = [
        (case.id, i, bundled.organisations[org_id].name)
        for case in bundled.cases
        for i, org_id in enumerate(case.organisation_ids, start=1)
    ]
    assert joined == expected


def test_null_for_empty_integers_and_booleans(con, bundled) -> None:
    rows = dict(con.execute("SELECT id, ended FROM cases").fetchall())
    assert rows == {c.id: c.meta.ended for c in bundled.cases}
    assert None in rows.values()
    ongoing = dict(con.execute("SELECT id, ongoing FROM cases").fetchall())
    assert ongoing == {c.id: int(c.ongoing) for c in bundled.cases}
    assert set(ongoing.values()) <= {0, 1}
    (titles,) = con.execute("SELECT COUNT(*) FROM cases WHERE typeof(title) != 'text'").fetchone()
    assert titles == 0
    sections = dict(con.execute("SELECT id, section_why FROM cases").fetchall())
    assert sections == {c.id: c.case.sections.get("why") for c in bundled.cases}


def test_rebuilt_bytes_are_identical_and_the_page_size_fixed(
    database, descriptor, bundled, tmp_path, con
) -> None:
    again = write_database(descriptor, table_rows(bundled), tmp_path / "again.sqlite")
    assert again.read_bytes() == database.read_bytes()
    assert con.execute("PRAGMA page_size").fetchone() == (PAGE_SIZE,)
    # Writing over an existing file replaces it.
    assert write_database(descriptor, table_rows(bundled), again).read_bytes() == (
        database.read_bytes()
    )


def test_the_primary_key_refuses_a_duplicate(database, tmp_path) -> None:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(database.read_bytes())
    with sqlite3.connect(copy) as writable, pytest.raises(sqlite3.IntegrityError):
        writable.execute("INSERT INTO organisations (id, name) SELECT id, name FROM organisations")
