"""Stage 4, export: Library -> CSV data package (datapackage.json + CSV tables).

Writes into the folder it is given; `build` gives it a temporary folder and
moves the result into place only when everything succeeded.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .config import CasebookConfig
from .enrich import EnrichedCase, Library
from .schema import vocabularies
from .tables import case_row, partner_rows, source_rows, table_schemas

LICENCES = {
    "CC-BY-4.0": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    "CC0-1.0": {
        "name": "CC0-1.0",
        "title": "CC0 1.0 Universal",
        "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    },
}


def enriched_cells(case: EnrichedCase) -> dict[str, str]:
    """The enriched columns of cases.csv for one case."""
    return {
        "country_names_en": ";".join(c.name_en for c in case.countries),
        "country_names_nl": ";".join(c.name_nl for c in case.countries),
        "regions": ";".join(case.regions("en")),
        "subregions": ";".join(case.subregions("en")),
        "period": case.period_en,
        "duration_years": str(case.duration_years),
        "ongoing": "true" if case.ongoing else "false",
        "partner_count": str(len(case.meta.partners)),
        "source_count": str(len(case.meta.sources)),
        "word_count": str(case.word_count),
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
    for vocab in vocabularies().values():
        tables[vocab.id] = [
            {
                "id": t.id,
                "label_en": t.en,
                "label_nl": t.nl,
                "definition_en": t.definition_en,
                "definition_nl": t.definition_nl,
            }
            for t in vocab.terms
        ]
    return tables


def package_descriptor(config: CasebookConfig, *, version: str, created: str) -> dict[str, Any]:
    """The datapackage.json descriptor, with every Table Schema inline."""
    resources = []
    for name, schema in table_schemas().items():
        vocab = vocabularies().get(name)
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": vocab.title_en if vocab else name.capitalize(),
                "description": vocab.description_en if vocab else _DESCRIPTIONS[name],
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "partnership-case-library",
        "title": config.title,
        "description": config.subtitle,
        "version": version,
        "created": created,
        "licenses": [LICENCES.get(config.data_licence, {"name": config.data_licence})],
        "contributors": [{"title": config.publisher, "role": "publisher"}],
        "resources": resources,
    }


_DESCRIPTIONS = {
    "cases": "One row per case: the case file's fields, its sections as Markdown, and enriched fields.",
    "partners": "One row per partner of a case, in the order of the case file.",
    "sources": "One row per source of a case, numbered as in the casebook.",
}


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
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
    """Write datapackage.json and one CSV per table into `out_dir`; returns the descriptor path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    descriptor = package_descriptor(config, version=version, created=created)
    rows = table_rows(library)
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        write_csv(out_dir / resource["path"], fields, rows[resource["name"]])
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
