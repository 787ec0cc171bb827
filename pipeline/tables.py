"""The published data contract: Table Schemas for the data package, and case -> rows.

The Table Schemas are generated here from the pydantic models (titles and
descriptions), schema/vocabularies.yaml (allowed values) and
schema/sections.yaml (section columns); `invoke schema` writes them to
schema/datapackage.json and a test fails when that file is out of date.
Both `validate` (bulk Frictionless check) and `export` use these functions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .config import CasebookConfig
from .models import Case, FrontMatter, Partner, Source
from .problems import Problem
from .schema import sections, vocabularies, vocabulary_for

LIST_SEPARATOR = ";"

# Front matter field -> (Table Schema type, is a list, vocabulary field or None).
# A test checks that this covers exactly the fields of FrontMatter.
CASE_COLUMNS: dict[str, tuple[str, bool, str | None]] = {
    "id": ("string", False, None),
    "title": ("string", False, None),
    "language": ("string", False, None),
    "summary": ("string", False, None),
    "scope": ("string", False, "scope"),
    "status": ("string", False, "status"),
    "started": ("integer", False, None),
    "ended": ("integer", False, None),
    "countries": ("string", True, None),
    "sectors": ("string", True, "sectors"),
    "forms": ("string", True, "forms"),
    "themes": ("string", True, "themes"),
    "sdgs": ("string", True, None),
    "stage": ("string", False, "stage"),
    "funding": ("string", False, "funding"),
    "risks": ("string", True, "risks"),
    "safeguards": ("string", True, "safeguards"),
    "tags": ("string", True, None),
    "workshops": ("string", True, None),
    "contributor": ("string", False, None),
    "reviewed": ("date", False, None),
}
NOT_COLUMNS = {"partners", "sources"}  # they have tables of their own


# Columns the pipeline adds (enrichment). name -> (type, title, description).
# Naming: a column that exists in two languages ends in _en / _nl; lists are
# separated by `;` like the contributed list columns. A test checks that
# export.enriched_cells fills exactly these columns.
def _label_columns() -> dict[str, tuple[str, str, str]]:
    """<field>_en and <field>_nl for every coded column: its labels, in the code order."""
    out = {}
    for name, (_kind, is_list, vocab_field) in CASE_COLUMNS.items():
        if vocab_field is None:
            continue
        title = FrontMatter.model_fields[name].title or name
        for lang, language in (("en", "English"), ("nl", "Dutch")):
            out[f"{name}_{lang}"] = (
                "string",
                f"{title} ({language})",
                f"The {language} label of each code in `{name}`"
                + (", in the same order, separated by `;`." if is_list else ".")
                + f" Labels and definitions: the `{vocabulary_for(vocab_field).id}` table.",
            )
    return out


ENRICHED_COLUMNS: dict[str, tuple[str, str, str]] = {
    "country_names_en": (
        "string",
        "Countries (English)",
        "Country names in English, in the order of `countries`, separated by `;`.",
    ),
    "country_names_nl": (
        "string",
        "Countries (Dutch)",
        "Country names in Dutch, in the order of `countries`, separated by `;`.",
    ),
    "regions_en": (
        "string",
        "UN M49 regions (English)",
        "Distinct UN M49 regions of the countries, in English, separated by `;`.",
    ),
    "regions_nl": (
        "string",
        "UN M49 regions (Dutch)",
        "Distinct UN M49 regions of the countries, in Dutch, separated by `;`.",
    ),
    "subregions_en": (
        "string",
        "UN M49 sub-regions (English)",
        "Distinct UN M49 sub-regions of the countries, in English, separated by `;`.",
    ),
    "subregions_nl": (
        "string",
        "UN M49 sub-regions (Dutch)",
        "Distinct UN M49 sub-regions of the countries, in Dutch, separated by `;`.",
    ),
    **_label_columns(),
    "sdg_titles_en": (
        "string",
        "SDG titles (English)",
        "Short titles of the goals in `sdgs`, in English, in the same order, separated by `;`.",
    ),
    "sdg_titles_nl": (
        "string",
        "SDG titles (Dutch)",
        "Short titles of the goals in `sdgs`, in Dutch, in the same order, separated by `;`.",
    ),
    "period_en": (
        "string",
        "Period (English)",
        "The period for display: “2011–2016”, “2013” for one year, “since 2018” when ongoing.",
    ),
    "period_nl": (
        "string",
        "Period (Dutch)",
        "The period for display in Dutch: “2011–2016”, “2013”, “sinds 2018” when ongoing.",
    ),
    "duration_years": (
        "integer",
        "Duration (years)",
        "Years from start to end (or to the build year when ongoing), counting both ends.",
    ),
    "ongoing": (
        "boolean",
        "Ongoing",
        "True when the status says the partnership has not ended.",
    ),
    "organisation_ids": (
        "string",
        "Organisation ids",
        "Organisation id of each partner, in the order of partners.csv, separated by `;`:"
        " the id in schema/organisations.yaml for a registered name or alias, otherwise the"
        " name normalised (lower case, accents, punctuation and legal forms such as plc dropped).",
    ),
    "partner_count": (
        "integer",
        "Number of partners",
        "How many partners the case lists.",
    ),
    "source_count": (
        "integer",
        "Number of sources",
        "How many sources the case lists.",
    ),
    "related_cases": (
        "string",
        "Related cases",
        "Ids of up to three most related other cases, most related first, separated by `;`."
        " Score: 5 per shared organisation (organisation id), 4 per shared form, 3 per"
        " theme, 2 per sector, 1 per country; equal scores go to more shared organisations,"
        " then forms, themes, sectors, countries, then the smaller id. Cases sharing none"
        " of these are not listed.",
    ),
    "word_count": ("integer", "Word count", "Words in the summary and all sections."),
    "reading_minutes": (
        "integer",
        "Reading time (minutes)",
        "`word_count` divided by 200 words a minute, rounded up; at least 1.",
    ),
    "completeness": (
        "integer",
        "Completeness (0–100)",
        "How complete the case is, for sorting the work still to do: 50 × (sections present"
        " with at least 25 words) / (all 9 sections, required and optional) + 30 × (optional"
        " fields filled among themes, sdgs, stage, funding, risks and safeguards) / 6"
        " + 20 × (sources with a URL) / (all sources), rounded half up.",
    ),
    "questions_from_bank": (
        "boolean",
        "Questions from the bank",
        "True when the case has no “Questions for discussion” section of its own and the"
        " casebook prints two general questions from schema/questions.yaml instead.",
    ),
    "bank_questions_en": (
        "string",
        "General questions (English)",
        "The questions from the question bank for a case without its own, in English,"
        " separated by `;`; empty when the case has its own questions.",
    ),
    "bank_questions_nl": (
        "string",
        "General questions (Dutch)",
        "The questions from the question bank for a case without its own, in Dutch,"
        " separated by `;`; empty when the case has its own questions.",
    ),
    "first_added": (
        "date",
        "First added",
        "Date of the first commit that added the case file (git committer date);"
        " empty when the cases are not in a git repository or the file is not committed.",
    ),
    "last_changed": (
        "date",
        "Last changed",
        "Date of the last commit that changed the case file (git committer date);"
        " empty when unknown. Uncommitted edits do not count.",
    ),
    "revisions": (
        "integer",
        "Revisions",
        "Number of commits that changed the case file (merges and renames not followed);"
        " empty when unknown.",
    ),
}


def _vocab_pattern(field: str, is_list: bool) -> str:
    ids = "|".join(re.escape(i) for i in vocabulary_for(field).ids)
    return f"^({ids})(;({ids}))*$" if is_list else f"^({ids})$"


def _model_field(model: type, name: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
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
            constraints["pattern"] = "^[A-Z]{2}(;[A-Z]{2})*$"
        elif name == "sdgs":
            constraints["pattern"] = "^([1-9]|1[0-7])(;([1-9]|1[0-7]))*$"
        elif name == "id":
            constraints.update(unique=True, pattern="^[a-z0-9]+(-[a-z0-9]+)*$")
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
                "title": spec.en,
                "description": f"The section “{spec.en}” / “{spec.nl}” as Markdown"
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
            (vocab.title_en, vocab.description_en) if vocab else RESOURCE_DESCRIPTIONS[name]
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


# --- rows ------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def case_row(case: Case) -> dict[str, str]:
    """The front matter and section columns of one case, as CSV text cells."""
    row = {name: _cell(getattr(case.meta, name)) for name in CASE_COLUMNS}
    for spec in sections():
        row[f"section_{spec.key}"] = case.sections.get(spec.key, "")
    return row


def partner_rows(case: Case, organisation_ids: Iterable[str]) -> list[dict[str, str]]:
    return [
        {
            "case_id": case.id,
            "position": str(i),
            "organisation_id": org_id,
            "name": p.name,
            "type": p.type,
            "role": p.role,
            "counterpart": _cell(p.counterpart),
        }
        for i, (p, org_id) in enumerate(
            zip(case.meta.partners, organisation_ids, strict=True), start=1
        )
    ]


def source_rows(case: Case) -> list[dict[str, str]]:
    return [
        {
            "case_id": case.id,
            "position": str(i),
            "title": s.title,
            "url": _cell(s.url),
            "publisher": _cell(s.publisher),
            "year": _cell(s.year),
        }
        for i, s in enumerate(case.meta.sources, start=1)
    ]


def schema_problems(cases: list[Case]) -> list[Problem]:
    """Validate the contributed columns of all cases against the published schema, in one call."""
    from frictionless import Resource, Schema

    fields = case_fields(enriched=False)
    names = [f["name"] for f in fields]
    rows = [case_row(c) for c in cases]
    data = [names] + [[row[n] for n in names] for row in rows]
    schema = Schema.from_descriptor({"fields": fields, "primaryKey": ["id"], "missingValues": [""]})
    report = Resource(data=data, schema=schema).validate()
    problems = []
    for row_number, field_name, note in report.flatten(["rowNumber", "fieldName", "note"]):
        case = cases[row_number - 2] if row_number and row_number >= 2 else None
        problems.append(
            Problem(
                "schema-violation",
                case.file if case else "cases",
                case.section_lines.get(str(field_name).removeprefix("section_")) if case else None,
                None,
                str(field_name or ""),
                params={"field": field_name, "detail": note},
            )
        )
    return problems
