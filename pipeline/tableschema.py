"""The published data contract: the Table Schemas of the data package and its descriptor.

The Table Schemas are generated here from the pydantic models (titles and
descriptions), schema/vocabularies.yaml (allowed values) and
schema/sections.yaml (section columns); `invoke schema` writes them to
schema/datapackage.json and a test fails when that file is out of date.
Both the check (bulk Frictionless pass) and the data package use them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from pipeline.case import FrontMatter, Partner, Source
from pipeline.columns import CASE_COLUMNS, ENRICHED_COLUMNS
from pipeline.config import CasebookConfig
from pipeline.contract import COUNTRY_PATTERN, ID_PATTERN, LIST_SEPARATOR
from pipeline.reference import sections, vocabularies, vocabulary_for


def _vocab_pattern(field: str, is_list: bool) -> str:
    ids = "|".join(re.escape(i) for i in vocabulary_for(field).ids)
    sep = re.escape(LIST_SEPARATOR)
    return f"^({ids})({sep}({ids}))*$" if is_list else f"^({ids})$"


def _model_field(
    model: type[BaseModel], name: str, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    info = model.model_fields[name]
    out = {
        "name": name,
        "title": info.title or name,
        "description": info.description or "",
    }
    out.update(extra or {})
    return out


def case_fields(*, enriched: bool = True) -> list[dict[str, Any]]:
    """Table Schema fields of cases.csv."""
    fields = []
    for name, (kind, is_list, vocab_field) in CASE_COLUMNS.items():
        desc: dict[str, Any] = {"type": kind}
        constraints: dict[str, Any] = {}
        if name in FrontMatter.model_fields and FrontMatter.model_fields[name].is_required():
            constraints["required"] = True
        if vocab_field:
            constraints["pattern"] = _vocab_pattern(vocab_field, is_list)
        elif name == "countries":
            sep = re.escape(LIST_SEPARATOR)
            constraints["pattern"] = f"^{COUNTRY_PATTERN}({sep}{COUNTRY_PATTERN})*$"
        elif name == "sdgs":
            constraints["pattern"] = "^([1-9]|1[0-7])(;([1-9]|1[0-7]))*$"
        elif name == "id":
            constraints.update(unique=True, pattern=ID_PATTERN)
        elif name == "language":
            constraints["enum"] = ["en", "nl"]
        if constraints:
            desc["constraints"] = constraints
        field = _model_field(FrontMatter, name, desc)
        if is_list:
            field["description"] += " Several values are separated by `;`."
        fields.append(field)
    for spec in sections():
        fields.append(
            {
                "name": f"section_{spec.key}",
                "type": "string",
                "title": spec.heading("en"),
                "description": f"The section “{spec.heading('en')}” / “{spec.heading('nl')}” as Markdown"
                + (" (required)." if spec.required else " (optional; empty when absent)."),
            }
        )
    if enriched:
        for name, (kind, title, description) in ENRICHED_COLUMNS.items():
            fields.append({"name": name, "type": kind, "title": title, "description": description})
    return fields


def _row_key_fields(position: str) -> list[dict[str, Any]]:
    """The primary key of a table with one row per case × item: case_id and position."""
    return [
        {
            "name": "case_id",
            "type": "string",
            "title": "Case id",
            "description": "The case this row belongs to.",
            "constraints": {"required": True},
        },
        {
            "name": "position",
            "type": "integer",
            "title": "Position",
            "description": position,
            "constraints": {"required": True, "minimum": 1},
        },
    ]


def partner_fields() -> list[dict[str, Any]]:
    """Table Schema fields of partners.csv."""
    return [
        *_row_key_fields("Order of the partner in the case file, from 1."),
        {
            "name": "organisation_id",
            "type": "string",
            "title": "Organisation id",
            "description": "Stable id of the organisation across cases (its name, normalised).",
            "constraints": {"required": True},
        },
        _model_field(Partner, "name", {"type": "string", "constraints": {"required": True}}),
        _model_field(Partner, "type", {"type": "string", "constraints": {"required": True}}),
        _model_field(Partner, "role", {"type": "string", "constraints": {"required": True}}),
        _model_field(Partner, "counterpart", {"type": "string"}),
    ]


def source_fields() -> list[dict[str, Any]]:
    """Table Schema fields of sources.csv."""
    return [
        *_row_key_fields("Number of the source in the case, from 1 (as printed in the casebook)."),
        _model_field(Source, "title", {"type": "string", "constraints": {"required": True}}),
        _model_field(Source, "url", {"type": "string", "format": "uri"}),
        _model_field(Source, "publisher", {"type": "string"}),
        _model_field(Source, "year", {"type": "integer"}),
    ]


def vocabulary_fields() -> list[dict[str, Any]]:
    """Table Schema fields of each vocabulary table."""
    return [
        {
            "name": "id",
            "type": "string",
            "title": "Id",
            "description": "The code used in the case files and data.",
            "constraints": {"required": True, "unique": True},
        },
        {
            "name": "label_en",
            "type": "string",
            "title": "Label (English)",
            "description": "Label in English.",
        },
        {
            "name": "label_nl",
            "type": "string",
            "title": "Label (Dutch)",
            "description": "Label in Dutch.",
        },
        {
            "name": "definition_en",
            "type": "string",
            "title": "Definition (English)",
            "description": "One-line definition in English.",
        },
        {
            "name": "definition_nl",
            "type": "string",
            "title": "Definition (Dutch)",
            "description": "One-line definition in Dutch.",
        },
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
    for table in ("partners", "sources"):
        schemas[table]["foreignKeys"] = [
            {
                "fields": ["case_id"],
                "reference": {"resource": "cases", "fields": ["id"]},
            }
        ]
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
}


def licence(licence_id: str) -> dict[str, str]:
    """The Data Package `licenses` entry for an SPDX id; unknown ids keep just their name."""
    return dict(LICENCES.get(licence_id, {"name": licence_id}))


def resource_descriptors() -> list[dict[str, Any]]:
    """One Tabular Data Resource per table: data tables first, then the vocabularies."""
    vocabs = vocabularies()
    resources = []
    for name, schema in table_schemas().items():
        vocab = vocabs.get(name)
        title, description = (
            (vocab.title("en"), vocab.description("en")) if vocab else RESOURCE_DESCRIPTIONS[name]
        )
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
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

    In: the publication settings. Out: name, title, licence and every resource with its Table
    Schema. `export` adds version, created, contributors and sources for a particular build;
    `invoke schema` writes this to schema/datapackage.json.
    """
    contract: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": config.title,
        "description": config.subtitle,
    }
    if config.url:
        contract["homepage"] = config.url
    contract["licenses"] = [licence(config.data_licence)]
    contract["resources"] = resource_descriptors()
    return contract


def contract_json(config: CasebookConfig) -> str:
    """schema/datapackage.json as text: two-space JSON, UTF-8 characters kept, final newline."""
    return json.dumps(package_contract(config), indent=2, ensure_ascii=False) + "\n"
