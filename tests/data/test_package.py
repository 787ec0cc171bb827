"""The CSV data package: contract, metadata, README, zip, and text read back by other tools."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from frictionless import Package

from pipeline.case import FrontMatter
from pipeline.columns import CASE_COLUMNS, NOT_COLUMNS
from pipeline.config import ROOT, CasebookConfig, casebook_config
from pipeline.data.package import export_package, package_descriptor, zip_package
from pipeline.data.readme import data_readme, md
from pipeline.enrich import Library
from pipeline.linktables import LINKS
from pipeline.provenance import package_version, project_version
from pipeline.reference import vocabularies
from pipeline.tableschema import KEYWORDS, contract_json, package_contract
from tests.support import (
    TRICKY_SECTION,
    build_library,
    expected_tables,
    restamp,
)

EXPORT_DAY = "2026-11-29T00:00:00Z"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return build_library(tmp_path_factory.mktemp("cases"))


@pytest.fixture(scope="module")
def package_dir(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data")
    export_package(library, out, CasebookConfig(), version="1.2.0", created=EXPORT_DAY)
    return out


# --- the contract ----------------------------------------------------------------------------


def test_case_columns_cover_exactly_the_front_matter_fields() -> None:
    assert {"partners", "sources"} == NOT_COLUMNS
    assert set(CASE_COLUMNS) == set(FrontMatter.model_fields) - NOT_COLUMNS


def test_committed_contract_equals_a_fresh_generation() -> None:
    committed = (ROOT / "schema" / "datapackage.json").read_text("utf-8")
    assert committed == contract_json(casebook_config()), (
        "schema/datapackage.json is out of date: run `invoke schema` and commit it."
    )


def test_contract_has_no_build_metadata() -> None:
    contract = package_contract(CasebookConfig())
    assert not {"version", "created", "contributors", "sources"} & set(contract)
    assert not {"bytes", "hash"} & {k for r in contract["resources"] for k in r}
    assert contract["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert contract["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]


def test_every_resource_and_field_has_a_title_and_a_description() -> None:
    missing = [
        (r["name"], f["name"])
        for r in package_contract(CasebookConfig())["resources"]
        for f in [r, *r["schema"]["fields"]]
        if not f.get("title") or not f.get("description")
    ]
    assert missing == []


def test_tables_are_the_data_then_every_vocabulary_with_primary_keys() -> None:
    resources = package_contract(CasebookConfig())["resources"]
    assert [r["name"] for r in resources] == [
        "cases",
        "partners",
        "sources",
        "case-countries",
        "case-sectors",
        "case-forms",
        "case-themes",
        "case-sdgs",
        "case-risks",
        "case-safeguards",
        "case-tags",
        "case-workshops",
        "organisations",
        "case_texts",
        *vocabularies(),
    ]
    assert {r["name"]: r["schema"]["primaryKey"] for r in resources} == {
        "cases": ["id"],
        "partners": ["case_id", "position"],
        "sources": ["case_id", "position"],
        **{link: ["case_id", "position"] for link in LINKS},
        "organisations": ["id"],
        "case_texts": ["case_id", "language"],
        **{v: ["id"] for v in vocabularies()},
    }


def test_every_single_valued_coded_field_is_a_foreign_key_to_its_vocabulary() -> None:
    resources = {r["name"]: r for r in package_contract(CasebookConfig())["resources"]}
    keys = {
        (table, fk["fields"][0]): fk["reference"]["resource"]
        for table, r in resources.items()
        for fk in r["schema"].get("foreignKeys", [])
    }
    assert keys == {
        ("partners", "case_id"): "cases",
        ("sources", "case_id"): "cases",
        ("case_texts", "case_id"): "cases",
        ("cases", "scope"): "scopes",
        ("cases", "status"): "statuses",
        ("cases", "stage"): "stages",
        ("cases", "funding"): "funding",
        ("partners", "type"): "organisation-types",
        ("partners", "counterpart"): "counterparts",
        ("partners", "organisation_id"): "organisations",
        ("organisations", "type"): "organisation-types",
        **{(link, "case_id"): "cases" for link in LINKS},
        ("case-sectors", "sector"): "sectors",
        ("case-forms", "form"): "forms",
        ("case-themes", "theme"): "themes",
        ("case-risks", "risk"): "risks",
        ("case-safeguards", "safeguard"): "safeguards",
    }
    # A list cell cannot have a foreign key (Table Schema): the link tables above carry them.
    single_valued = {
        field
        for v in vocabularies().values()
        for field in v.fields
        if "." in field or not CASE_COLUMNS[field][1]
    }
    assert single_valued == {
        "scope",
        "status",
        "stage",
        "funding",
        "partners.type",
        "partners.counterpart",
    }


# --- the exported package --------------------------------------------------------------------


def test_exported_package_is_valid_with_foreign_keys(package_dir: Path) -> None:
    report = Package(str(package_dir / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 5 + len(LINKS) + len(vocabularies())


def test_validation_catches_a_broken_foreign_key(package_dir: Path, tmp_path: Path) -> None:
    # The check above could pass without looking at foreign keys; this shows it looks.
    for item in package_dir.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    # (A partner type outside the vocabulary is now caught by the field's `enum` first.)
    partners = tmp_path / "partners.csv"
    lines = partners.read_bytes().decode("utf-8").split("\r\n")
    lines[1] = "no-such-case," + lines[1].split(",", 1)[1]
    partners.write_bytes("\r\n".join(lines).encode("utf-8"))
    restamp(tmp_path)  # so that only the foreign key is broken, not the file's hash
    report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = [(task.name, e.type, e.row_number) for task in report.tasks for e in task.errors]
    assert errors == [("partners", "foreign-key", 2)]


def test_every_resource_has_the_bytes_and_sha256_of_its_file(package_dir: Path) -> None:
    descriptor = json.loads((package_dir / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        data = (package_dir / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"


def test_validation_catches_a_file_changed_after_the_descriptor(
    package_dir: Path, tmp_path: Path
) -> None:
    for item in package_dir.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    sources = tmp_path / "sources.csv"
    sources.write_bytes(sources.read_bytes().replace(b"Test report", b"Test rep0rt"))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = {(task.name, e.type) for task in report.tasks for e in task.errors}
    assert errors == {("sources", "hash-count")}


def test_package_metadata(package_dir: Path, library: Library) -> None:
    descriptor = json.loads((package_dir / "datapackage.json").read_text("utf-8"))
    assert {k: descriptor[k] for k in ("$schema", "name", "title", "version", "created")} == {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "partnership-case-library",
        "title": "Partnership Case Library",
        "version": "1.2.0",
        "created": "2026-02-14T00:00:00Z",  # the latest `reviewed`, not the build date
    }
    assert "profile" not in descriptor
    assert descriptor["keywords"] == KEYWORDS
    assert descriptor["contributors"] == [
        {"title": "Nguyễn Thị Lan", "roles": ["author"]},
        {"title": "Partnership Case Library", "roles": ["publisher"]},
    ]
    # One entry for the case files and their sources table, not one per publication.
    assert descriptor["sources"] == [
        {
            "title": "The case files of the Partnership Case Library and the publications"
            " they cite",
            "path": "sources.csv",
        }
    ]
    for resource in descriptor["resources"]:
        assert resource["$schema"] == "https://datapackage.org/profiles/2.0/dataresource.json"
        assert resource["type"] == "table"
        assert "profile" not in resource


def test_homepage_comes_from_the_configured_url(library: Library) -> None:
    assert "homepage" not in package_descriptor(library, CasebookConfig(), version="x", created="C")
    configured = CasebookConfig(url="https://cases.example.org/")
    descriptor = package_descriptor(library, configured, version="x", created="C")
    assert descriptor["homepage"] == "https://cases.example.org/"


@pytest.mark.parametrize(
    ("tag", "commit", "expected"),
    [
        ("v1.2.0", "0123456789ab", "1.2.0"),
        ("", "0123456789ab", "0.1.0+g0123456789ab"),
        ("", "unversioned", "0.1.0"),
        ("not-a-release", "0123456789ab", "0.1.0+g0123456789ab"),
    ],
)
def test_package_version_from_the_project_version_tag_and_commit(
    tag: str, commit: str, expected: str
) -> None:
    assert package_version("0.1.0", commit, tag) == expected


def test_project_version_is_pyprojects() -> None:
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project_version() == pyproject["project"]["version"]


def test_contributors_are_distinct_and_sorted_and_created_falls_back(library: Library) -> None:
    first, second = library.cases
    metas = [
        second.meta.model_copy(update={"contributor": "bea", "reviewed": None}),
        first.meta.model_copy(update={"contributor": "Anne", "reviewed": None}),
    ]
    cases = tuple(
        dataclasses.replace(c, case=c.case.model_copy(update={"meta": m}))
        for c, m in zip(library.cases, [*metas, metas[0]], strict=False)
    )
    twins = Library(cases=(*cases, cases[0]), organisations=library.organisations)
    descriptor = package_descriptor(
        twins, CasebookConfig(publisher="Pub"), version="x", created="C"
    )
    assert descriptor["contributors"] == [
        {"title": "Anne", "roles": ["author"]},
        {"title": "bea", "roles": ["author"]},
        {"title": "Pub", "roles": ["publisher"]},
    ]
    assert descriptor["created"] == "C"


def test_data_licence_is_configurable(library: Library) -> None:
    descriptor = package_descriptor(
        library, CasebookConfig(data_licence="CC0-1.0"), version="x", created="C"
    )
    assert descriptor["licenses"] == [
        {
            "name": "CC0-1.0",
            "title": "CC0 1.0 Universal",
            "path": "https://creativecommons.org/publicdomain/zero/1.0/",
        }
    ]


def test_partners_csv_exact_text(package_dir: Path) -> None:
    assert (package_dir / "partners.csv").read_bytes().decode("utf-8") == (
        "case_id,position,organisation_id,name,type,role,counterpart\r\n"
        "cu-chi-coffee,1,hoi-nong-dan-cu-chi,Hội Nông dân Củ Chi 🌾,ngo,"
        '"Organised the ""coffee schools"", training and audits.",\r\n'
        'cu-chi-coffee,2,cafe-cu-chi,"Café Củ Chi, Inc.",company,'
        "Paid a premium; bought the coffee.,procurement\r\n"
        "test-case,1,test-ngo,Test NGO,ngo,Designed and led the study.,\r\n"
        "test-case,2,test,Test Co,company,Opened its sites and data to the researchers.,csr\r\n"
    )


def test_sources_csv_exact_text(package_dir: Path) -> None:
    assert (package_dir / "sources.csv").read_bytes().decode("utf-8") == (
        "case_id,position,title,url,publisher,year,mirror\r\n"
        'cu-chi-coffee,1,"“Fair” coffee in Củ Chi, part 1; with a comma, too",'
        "https://example.org/cu-chi?a=1&b=2,Báo Tuổi Trẻ,2021,true\r\n"
        'cu-chi-coffee,2,Annual report 2022 🌱,,"Café Củ Chi, Inc.",,false\r\n'
        "test-case,1,Test report,https://example.org/report,Test NGO,2013,false\r\n"
    )


def test_fixture_really_has_the_tricky_text(library: Library) -> None:
    case = library.by_id("cu-chi-coffee")
    assert case.meta.title == 'Café “Củ Chi”, Việt Nam 🌱 – the "fair" deal'
    assert "\n" in case.meta.summary
    assert case.case.sections["why"] == TRICKY_SECTION


def test_pandas_reads_every_text_back_unchanged(package_dir: Path, library: Library) -> None:
    for table, expected in expected_tables(library).items():
        frame = pd.read_csv(
            package_dir / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8"
        )
        got = frame[list(expected[0])].to_dict("records")
        assert got == expected, table


def test_duckdb_reads_every_text_back_unchanged(package_dir: Path, library: Library) -> None:
    con = duckdb.connect()
    for table, expected in expected_tables(library).items():
        columns = list(expected[0])
        relation = con.read_csv(
            str(package_dir / f"{table}.csv"),
            header=True,
            all_varchar=True,
            quotechar='"',
            escapechar='"',
        )
        rows = relation.select(*columns).fetchall()
        got = [{c: (v or "") for c, v in zip(columns, row, strict=True)} for row in rows]
        assert got == expected, table


def test_vocabulary_tables_have_every_term(package_dir: Path) -> None:
    for vocab in vocabularies().values():
        frame = pd.read_csv(package_dir / f"{vocab.id}.csv", dtype=str, keep_default_na=False)
        assert frame.to_dict("records") == [
            {
                "id": t.id,
                "label_en": t.label("en"),
                "label_nl": t.label("nl"),
                "definition_en": t.definition("en"),
                "definition_nl": t.definition("nl"),
            }
            for t in vocab.terms
        ]


# --- README ----------------------------------------------------------------------------------


def test_readme_explains_every_table_field_code_and_the_policies(package_dir: Path) -> None:
    readme = (package_dir / "README.md").read_text("utf-8")
    descriptor = json.loads((package_dir / "datapackage.json").read_text("utf-8"))
    assert readme == data_readme(descriptor)
    for resource in descriptor["resources"]:
        assert f"`{resource['path']}`" in readme
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` | {field['type']} |" in readme
    for vocab in vocabularies().values():
        for term in vocab.terms:
            assert f"| `{term.id}` |" in readme
    assert "separate them with `;`" in readme
    assert (
        "Open the workbook casebook.xlsx in Excel or LibreOffice; the CSV files are data." in readme
    )
    assert "published with a single quote" not in readme
    assert (
        "## How to cite\n\nPartnership Case Library (2026). Partnership Case Library \\[data set\\]. "
        "Version 1.2.0. Licence: Creative Commons Attribution 4.0.\n"
    ) in readme
    assert (
        "## Contributors\n\n- Nguyễn Thị Lan (author)\n- Partnership Case Library (publisher)\n"
        in readme
    )


def _readme_code(readme: str, tool: str) -> list[str]:
    """The code spans of the README's pitfall line for `tool` ("pandas", "R", "DuckDB")."""
    line = next(line for line in readme.splitlines() if line.startswith(f"- {tool}: "))
    return re.findall(r"`([^`]+)`", line)


def test_readme_says_how_to_read_na_and_the_lists_in_pandas_r_and_duckdb(
    package_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (package_dir / "README.md").read_text("utf-8")
    assert "`NA` is the country code of Namibia" in readme
    read, split = _readme_code(readme, "pandas")
    assert read == (
        'cases = pd.read_csv("cases.csv", dtype=str, keep_default_na=False, na_values=[""])'
    )
    assert split == 'cases["countries"].str.split(";")'
    r_read, readr_read, r_split = _readme_code(readme, "R")
    assert 'na.strings = ""' in r_read
    assert 'na = ""' in readr_read
    assert r_split == 'strsplit(cases$countries, ";", fixed = TRUE)'
    (query,) = _readme_code(readme, "DuckDB")
    # The lines do what they say, on a table with Namibia, a list and an empty cell.
    (tmp_path / "cases.csv").write_bytes(b"id,countries\r\nna-vn,NA;VN\r\nnone,\r\n")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {"pd": pd}
    exec(read, scope)
    lists = eval(split, scope).tolist()
    assert lists[0] == ["NA", "VN"]
    assert pd.isna(lists[1])
    assert duckdb.sql(query).fetchall() == [("na-vn", ["NA", "VN"]), ("none", None)]


def test_readme_escapes_markup_in_contributed_names() -> None:
    assert md("Ann <script>x</script> [click](javascript:alert(1)) | *b*") == (
        "Ann \\<script\\>x\\</script\\> \\[click\\](javascript:alert(1)) \\| \\*b\\*"
    )


def test_contract_readme_renders_without_build_metadata() -> None:
    readme = data_readme(package_contract(CasebookConfig()))
    assert "Version" not in readme.split("## Files")[0]
    assert "## Contributors" not in readme


# --- zip -------------------------------------------------------------------------------------


def test_zip_is_sorted_dated_and_repeatable(package_dir: Path, tmp_path: Path) -> None:
    day = dt.date(2026, 3, 4)
    first = zip_package(package_dir, tmp_path / "a.zip", day)
    second = zip_package(package_dir, tmp_path / "b.zip", day)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(f"casebook-data/{p.name}" for p in package_dir.iterdir())
        assert "casebook-data/datapackage.json" in names
        assert "casebook-data/README.md" in names
        assert {i.date_time for i in archive.infolist()} == {(2026, 3, 4, 0, 0, 0)}
        for name in names:
            assert archive.read(name) == (package_dir / name.split("/", 1)[1]).read_bytes()


# --- citation and licence ----------------------------------------------------------------------


def test_citation_file_is_cff_1_2_0_with_the_data_licence() -> None:
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(cff)
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    assert cff["license"] == casebook_config().data_licence
    assert cff["title"] == casebook_config().title


def test_code_licence_is_mit_2026() -> None:
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert text.startswith(
        "MIT License\n\nCopyright (c) 2026 Partnership Case Library contributors\n"
    )


def test_list_fields_are_link_tables_in_the_case_files_order(package_dir: Path) -> None:
    def text(name: str) -> str:
        return (package_dir / f"{name}.csv").read_bytes().decode("utf-8")

    assert text("case-forms") == (
        "case_id,position,form\r\n"
        "cu-chi-coffee,1,supply-chain\r\n"
        "cu-chi-coffee,2,capacity-building\r\n"
        "test-case,1,joint-research\r\n"
    )
    assert text("case-countries") == (
        "case_id,position,country\r\ncu-chi-coffee,1,VN\r\ntest-case,1,VN\r\n"
    )
    assert text("case-sdgs") == "case_id,position,sdg\r\ntest-case,1,8\r\n"


def test_validation_catches_a_link_to_an_unknown_code(package_dir: Path, tmp_path: Path) -> None:
    for item in package_dir.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    forms = tmp_path / "case-forms.csv"
    forms.write_bytes(forms.read_bytes().replace(b"1,joint-research", b"1,joint-reserch"))
    restamp(tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = [(task.name, e.type, e.row_number) for task in report.tasks for e in task.errors]
    assert errors == [("case-forms", "foreign-key", 4)]
