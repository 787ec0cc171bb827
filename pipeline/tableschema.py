"""The published data contract: the Table Schemas of the data package and its descriptor.

The Table Schemas are generated from the pydantic models (titles, descriptions and
limits; the fields are in `pipeline.tablefields`), schema/vocabularies.yaml (allowed
values) and schema/sections.yaml (section columns); `invoke schema` writes them to
schema/datapackage.json and a test fails when that file is out of date.
Both the check (bulk Frictionless pass) and the data package use them.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline import casetexts
from pipeline.config import CasebookConfig
from pipeline.linktables import link_description, link_schemas
from pipeline.reference import vocabularies
from pipeline.tablefields import (
    case_fields,
    country_alternation,
    model_constraints,
    organisation_fields,
    partner_fields,
    source_fields,
    vocabulary_fields,
)

__all__ = [
    "LICENCES",
    "case_fields",
    "contract_json",
    "country_alternation",
    "licence",
    "model_constraints",
    "organisation_fields",
    "package_contract",
    "partner_fields",
    "source_fields",
    "table_schemas",
    "vocabulary_fields",
]

# Single-valued coded fields get a foreign key to their vocabulary table.
_FOREIGN_KEYS = {
    "cases": {
        "scope": "scopes",
        "status": "statuses",
        "stage": "stages",
        "funding": "funding",
    },
    "partners": {"type": "organisation-types", "counterpart": "counterparts"},
    "organisations": {"type": "organisation-types"},
}


def table_schemas() -> dict[str, dict[str, Any]]:
    """Resource name -> Table Schema, for every table of the data package."""
    schemas: dict[str, dict[str, Any]] = {
        "cases": {"fields": case_fields(), "primaryKey": ["id"], "missingValues": [""]},
        "partners": {
            "fields": partner_fields(),
            "primaryKey": ["case_id", "position"],
            "missingValues": [""],
        },
        "sources": {
            "fields": source_fields(),
            "primaryKey": ["case_id", "position"],
            "missingValues": [""],
        },
    }
    # The list fields of cases.csv as link tables, right after the tables they link.
    schemas.update(link_schemas(country_alternation()))
    schemas["organisations"] = {
        "fields": organisation_fields(),
        "primaryKey": ["id"],
        "missingValues": [""],
    }
    schemas["case_texts"] = {
        "fields": casetexts.case_text_fields(),
        "primaryKey": ["case_id", "language"],
        "missingValues": [""],
    }
    for table in ("partners", "sources", "case_texts"):
        schemas[table]["foreignKeys"] = [
            {
                "fields": ["case_id"],
                "reference": {"resource": "cases", "fields": ["id"]},
            }
        ]
    schemas["partners"]["foreignKeys"].append(
        {
            "fields": ["organisation_id"],
            "reference": {"resource": "organisations", "fields": ["id"]},
        }
    )
    for table, links in _FOREIGN_KEYS.items():
        schemas[table].setdefault("foreignKeys", []).extend(
            {"fields": [field], "reference": {"resource": vocab, "fields": ["id"]}}
            for field, vocab in links.items()
        )
    for vocab in vocabularies().values():
        schemas[vocab.id] = {
            "fields": vocabulary_fields(),
            "primaryKey": ["id"],
            "missingValues": [""],
        }
    return schemas


# --- the package contract --------------------------------------------------------------------

PACKAGE_NAME = "partnership-case-library"
# Data Package v2 (https://datapackage.org): the package and each table resource name their
# profile with `$schema`; a table resource says `"type": "table"`.
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
KEYWORDS = [
    "partnerships",
    "NGOs",
    "private sector",
    "case studies",
    "sustainable development goals",
]

# Licences a data publisher may choose in [tool.casebook] data_licence (SPDX ids).
LICENCES: dict[str, dict[str, str]] = {
    "CC-BY-4.0": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    "CC-BY-SA-4.0": {
        "name": "CC-BY-SA-4.0",
        "title": "Creative Commons Attribution-ShareAlike 4.0",
        "path": "https://creativecommons.org/licenses/by-sa/4.0/",
    },
    "CC0-1.0": {
        "name": "CC0-1.0",
        "title": "CC0 1.0 Universal",
        "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    },
}

RESOURCE_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "cases": (
        "Cases",
        "One row per case: the case file's fields, its sections as Markdown, and enriched fields.",
    ),
    "partners": ("Partners", "One row per partner of a case, in the order of the case file."),
    "sources": ("Sources", "One row per source of a case, numbered as in the casebook."),
    "organisations": (
        "Organisations",
        "One row per organisation: those of schema/organisations.yaml and those the cases"
        " name, by id.",
    ),
    "case_texts": (casetexts.TITLE, casetexts.DESCRIPTION),
}


def licence(licence_id: str) -> dict[str, str]:
    """The Data Package `licenses` entry for an SPDX id; unknown ids keep just their name."""
    return dict(LICENCES.get(licence_id, {"name": licence_id}))


def resource_descriptors() -> list[dict[str, Any]]:
    """One table resource (Data Package v2) per table: data tables first, then the vocabularies."""
    vocabs = vocabularies()
    resources = []
    for name, schema in table_schemas().items():
        vocab = vocabs.get(name)
        title, description = (
            (vocab.title("en"), vocab.description("en"))
            if vocab
            else RESOURCE_DESCRIPTIONS.get(name) or link_description(name)
        )
        resources.append(
            {
                "$schema": RESOURCE_PROFILE,
                "name": name,
                "type": "table",
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": title,
                "description": description,
                "schema": schema,
            }
        )
    return resources


def package_contract(config: CasebookConfig) -> dict[str, Any]:
    """The published contract: the datapackage.json descriptor without data-dependent metadata.

    In: the publication settings. Out: `$schema` (Data Package v2), name, title, homepage
    (`[tool.casebook] url`, when set), keywords, licence and every resource with its Table
    Schema. `export` adds version, created, contributors and sources for a particular build,
    and each file's bytes and hash; `invoke schema` writes this to schema/datapackage.json.
    """
    contract: dict[str, Any] = {
        "$schema": PACKAGE_PROFILE,
        "name": PACKAGE_NAME,
        "title": config.title,
        "description": config.subtitle,
    }
    if config.url:
        contract["homepage"] = config.url
    contract["keywords"] = list(KEYWORDS)
    contract["licenses"] = [licence(config.data_licence)]
    contract["resources"] = resource_descriptors()
    return contract


def contract_json(config: CasebookConfig) -> str:
    """schema/datapackage.json as text: two-space JSON, UTF-8 characters kept, final newline."""
    return json.dumps(package_contract(config), indent=2, ensure_ascii=False) + "\n"
