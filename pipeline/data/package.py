"""Stage 4, export: Library -> CSV data package (datapackage.json, CSV tables, README.md).

Writes into the folder it is given; `build` gives it a temporary folder and
moves the result into place only when everything succeeded. The contract (Table
Schemas, resource titles, licence) comes from `tables`; this module adds what
depends on the data (version, created, contributors, sources, each file's bytes and
hash). `workbook` and `datareadme` present the same descriptor and rows; `zip_package` bundles the folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.casetexts import case_text_rows
from pipeline.columns import case_row, partner_rows, source_rows
from pipeline.config import CasebookConfig
from pipeline.library import EnrichedCase, Library, Organisation
from pipeline.linktables import LINKS, link_rows
from pipeline.reference import vocabularies
from pipeline.tableschema import package_contract


def enriched_cells(case: EnrichedCase) -> dict[str, str]:
    """The enriched columns of cases.csv for one case (tables.ENRICHED_COLUMNS, same order)."""

    def joined(values: Iterable[object]) -> str:
        return ";".join(str(v) for v in values)

    def flag(value: bool) -> str:
        return "true" if value else "false"

    labels = {
        f"{name}_{lang}": joined(case.labels(name, lang))
        for name in case.terms
        for lang in ("en", "nl")
    }
    known = case.provenance
    return {
        "country_names_en": joined(c.name("en") for c in case.countries),
        "country_names_nl": joined(c.name("nl") for c in case.countries),
        "regions_en": joined(case.regions("en")),
        "regions_nl": joined(case.regions("nl")),
        "subregions_en": joined(case.subregions("en")),
        "subregions_nl": joined(case.subregions("nl")),
        **labels,
        "sdg_titles_en": joined(g.title("en") for g in case.sdgs),
        "sdg_titles_nl": joined(g.title("nl") for g in case.sdgs),
        "period_en": case.period("en"),
        "period_nl": case.period("nl"),
        "duration_years": str(case.duration_years),
        "ongoing": flag(case.ongoing),
        "organisation_ids": joined(case.organisation_ids),
        "partner_count": str(len(case.meta.partners)),
        "source_count": str(len(case.meta.sources)),
        "related_cases": joined(case.related),
        "word_count": str(case.word_count),
        "reading_minutes": str(case.reading_minutes),
        "completeness": str(case.completeness),
        "questions_from_bank": flag(case.questions_from_bank),
        "bank_questions_en": joined(q.text("en") for q in case.questions),
        "bank_questions_nl": joined(q.text("nl") for q in case.questions),
        "first_added": known.first_added.isoformat() if known else "",
        "last_changed": known.last_changed.isoformat() if known else "",
        "revisions": str(known.revisions) if known else "",
    }


def organisation_row(organisation: Organisation) -> dict[str, str]:
    """The row of organisations.csv for one organisation: aliases are the registry's, then
    the other spellings the cases use, distinct, without the name itself."""
    aliases: list[str] = []
    for spelling in (*organisation.aliases, *organisation.spellings):
        if spelling != organisation.name and spelling not in aliases:
            aliases.append(spelling)
    return {
        "id": organisation.id,
        "name": organisation.name,
        "aliases": ";".join(aliases),
        "type": organisation.type,
        "country": organisation.country,
        "website": organisation.website,
    }


def table_rows(library: Library) -> dict[str, list[dict[str, str]]]:
    """Resource name -> rows (text cells), for every table of the package."""
    tables: dict[str, list[dict[str, str]]] = {
        "cases": [],
        "partners": [],
        "sources": [],
        **{name: [] for name in LINKS},
        "case_texts": [],
    }
    for case in library.cases:
        tables["case_texts"].extend(case_text_rows(case))
        tables["cases"].append({**case_row(case.case), **enriched_cells(case)})
        tables["partners"].extend(partner_rows(case.case, case.organisation_ids))
        tables["sources"].extend(source_rows(case.case))
        for name, rows in link_rows(case.case).items():
            tables[name].extend(rows)
    tables["organisations"] = [
        organisation_row(o) for o in sorted(library.organisations.values(), key=lambda o: o.id)
    ]
    for vocab in vocabularies().values():
        tables[vocab.id] = [
            {
                "id": t.id,
                "label_en": t.label("en"),
                "label_nl": t.label("nl"),
                "definition_en": t.definition("en"),
                "definition_nl": t.definition("nl"),
            }
            for t in vocab.terms
        ]
    return tables


def contributors(library: Library, config: CasebookConfig) -> list[dict[str, Any]]:
    """The package's contributors (Data Package v2, `roles` a list): every case's
    `contributor`, distinct and sorted, as an author, then the publisher."""
    names = sorted({c.meta.contributor for c in library.cases if c.meta.contributor}, key=_sort_key)
    people: list[dict[str, Any]] = [{"title": name, "roles": ["author"]} for name in names]
    return [*people, {"title": config.publisher, "roles": ["publisher"]}]


# One entry, not one per publication: the publications are data, one row per case and
# source in sources.csv, and listing them again here would repeat that table (with every
# repeat of a shared report) and grow the descriptor with every case.
SOURCES_ENTRY = {
    "title": "The case files of the Partnership Case Library and the publications they cite",
    "path": "sources.csv",
}


def package_sources(library: Library) -> list[dict[str, str]]:
    """The package-level `sources`: one entry for the case files and their sources table.

    In: the library. Out: [SOURCES_ENTRY] when any case cites a source, else [] (then the
    data rests on the case files alone and sources.csv is empty).
    """
    return [dict(SOURCES_ENTRY)] if any(c.meta.sources for c in library.cases) else []


def created_date(library: Library, fallback: str) -> str:
    """When the data was made: the latest `reviewed` date of any case, else `fallback`.

    Taken from the data rather than the clock, so rebuilding the same cases gives the
    same descriptor. `fallback` is an ISO date or timestamp (the build date).
    """
    reviewed = [c.meta.reviewed for c in library.cases if c.meta.reviewed]
    return f"{max(reviewed).isoformat()}T00:00:00Z" if reviewed else fallback


def package_descriptor(
    library: Library, config: CasebookConfig, *, version: str, created: str
) -> dict[str, Any]:
    """The datapackage.json descriptor: the published contract plus this build's metadata.

    In: the library, the settings, the package version (see
    `pipeline.provenance.package_version`) and the fallback creation date (see
    `created_date`). Out: the descriptor with version, created, contributors and sources
    added to `tables.package_contract`, keys in a fixed order; no `bytes` or `hash` (they
    describe written files: see `with_file_facts`).
    """
    contract = package_contract(config)
    resources = contract.pop("resources")
    return {
        **contract,
        "version": version,
        "created": created_date(library, created),
        "contributors": contributors(library, config),
        "sources": package_sources(library),
        "resources": resources,
    }


def _sort_key(text: str) -> tuple[str, str]:
    # Case-insensitive first, then exact, so the order never depends on input order.
    return (text.casefold(), text)


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    """Write one CSV table (RFC 4180, UTF-8, CRLF): the header `fields`, then `rows`.

    Every cell is written exactly as given, with CSV quoting only: no prefix against
    spreadsheet formulas (the workbook is the file for spreadsheets; see
    pipeline.data.spreadsheet).
    """
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def with_file_facts(descriptor: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The descriptor with each resource's `bytes` and `hash` ("sha256:<hex>") of its file.

    In: a descriptor and the folder its resources' CSV files were written to. Out: a copy
    with the two keys just before each resource's `schema`; the input is unchanged.
    """
    resources = []
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        facts = {"bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"}
        head = {k: v for k, v in resource.items() if k != "schema"}
        resources.append({**head, **facts, "schema": resource["schema"]})
    return {**descriptor, "resources": resources}


def export_package(
    library: Library,
    out_dir: Path,
    config: CasebookConfig,
    *,
    version: str,
    created: str,
) -> Path:
    """Write datapackage.json, one CSV per table and README.md into `out_dir`.

    `version` is the package version, `created` the fallback creation timestamp (see
    `created_date`). The CSV files are written first, then datapackage.json with their
    sizes and hashes, then the READMEs (English and Dutch). Returns the descriptor path.
    """
    from pipeline.data.readme import READMES, data_readme

    out_dir.mkdir(parents=True, exist_ok=True)
    descriptor = package_descriptor(library, config, version=version, created=created)
    rows = table_rows(library)
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        write_csv(out_dir / resource["path"], fields, rows[resource["name"]])
    descriptor = with_file_facts(descriptor, out_dir)
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in READMES:  # README.md and its Dutch guide README.nl.md
        (out_dir / name).write_text(data_readme(descriptor, name), encoding="utf-8")
    return path


def write_zip(entries: list[tuple[str, bytes]], path: Path, day: dt.date) -> None:
    """Write a zip whose bytes depend only on `entries` and `day`.

    Every entry gets the timestamp `day` 00:00, mode 0644 and deflate compression, in the
    order given; no extra fields. (zipfile otherwise stamps each entry with the clock.)
    """
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the mode above is honoured everywhere
            archive.writestr(info, data, compresslevel=9)


def zip_package(data_dir: Path, path: Path, day: dt.date, *, folder: str = "casebook-data") -> Path:
    """Zip the data package in `data_dir` as `folder/…`, entries sorted by name; returns `path`."""
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    entries = [(f"{folder}/{f.relative_to(data_dir).as_posix()}", f.read_bytes()) for f in files]
    write_zip(entries, path, day)
    return path
