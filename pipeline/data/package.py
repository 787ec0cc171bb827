"""Stage 4, export: Library -> CSV data package (datapackage.json, CSV tables, README.md).

Writes into the folder it is given; `build` gives it a temporary folder and
moves the result into place only when everything succeeded. The contract (Table
Schemas, resource titles, licence) comes from `tables`; this module adds what
depends on the data (version, created, contributors, sources). `workbook` and
`datareadme` present the same descriptor and rows; `zip_package` bundles the folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.columns import case_row, partner_rows, source_rows
from pipeline.config import CasebookConfig
from pipeline.library import EnrichedCase, Library, Organisation
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
    }
    for case in library.cases:
        tables["cases"].append({**case_row(case.case), **enriched_cells(case)})
        tables["partners"].extend(partner_rows(case.case, case.organisation_ids))
        tables["sources"].extend(source_rows(case.case))
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


def contributors(library: Library, config: CasebookConfig) -> list[dict[str, str]]:
    """The package's contributors: every case's `contributor`, distinct and sorted, then the publisher."""
    names = sorted({c.meta.contributor for c in library.cases if c.meta.contributor}, key=_sort_key)
    people = [{"title": name, "role": "author"} for name in names]
    return [*people, {"title": config.publisher, "role": "publisher"}]


def package_sources(library: Library) -> list[dict[str, str]]:
    """The publications the cases rest on, distinct by (title, URL), sorted by title."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for case in library.cases:
        for source in case.meta.sources:
            entry = {"title": source.title}
            if source.url:
                entry["path"] = source.url
            seen.setdefault((source.title, source.url or ""), entry)
    return [seen[key] for key in sorted(seen, key=lambda k: (_sort_key(k[0]), k))]


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

    In: the library, the settings, a version string and the fallback creation date (see
    `created_date`). Out: the descriptor with version, created, contributors and sources
    added to `tables.package_contract`, keys in a fixed order.
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


def export_package(
    library: Library,
    out_dir: Path,
    config: CasebookConfig,
    *,
    version: str,
    created: str,
) -> Path:
    """Write datapackage.json, one CSV per table and README.md into `out_dir`.

    `created` is the fallback creation timestamp (see `created_date`). Returns the
    descriptor path.
    """
    from pipeline.data.readme import data_readme

    out_dir.mkdir(parents=True, exist_ok=True)
    descriptor = package_descriptor(library, config, version=version, created=created)
    rows = table_rows(library)
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        write_csv(out_dir / resource["path"], fields, rows[resource["name"]])
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / "README.md").write_text(data_readme(descriptor), encoding="utf-8")
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
