"""The generated Table Schemas: fields compared whole, patterns built from the contract."""

from __future__ import annotations

import re

import pytest

from pipeline.case import COUNTRY_CODES, FrontMatter
from pipeline.columns import CASE_COLUMNS, ENRICHED_COLUMNS
from pipeline.config import CasebookConfig
from pipeline.contract import EARLIEST_YEAR, ID_PATTERN, LIST_SEPARATOR
from pipeline.linktables import LINKS
from pipeline.reference import sections, vocabularies, vocabulary_for
from pipeline.tableschema import (
    LICENCES,
    case_fields,
    country_alternation,
    licence,
    package_contract,
    partner_fields,
    source_fields,
    table_schemas,
)


def field(name: str, fields: list[dict] | None = None) -> dict:
    return next(f for f in (fields or case_fields()) if f["name"] == name)


def matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern, value) is not None


# --- fields compared whole -------------------------------------------------------------------


def test_id_field():
    assert field("id") == {
        "name": "id",
        "title": "Case id",
        "description": "Unique id; equals the file name without .md.",
        "type": "string",
        "constraints": {"required": True, "maxLength": 80, "unique": True, "pattern": ID_PATTERN},
    }


def test_countries_field():
    assert field("countries") == {
        "name": "countries",
        "title": "Countries",
        "description": "ISO 3166-1 alpha-2 codes of the countries concerned."
        " Several values are separated by `;`.",
        "type": "string",
        "constraints": {
            "required": True,
            "pattern": f"^({country_alternation()})(;({country_alternation()}))*$",
        },
    }


def test_country_pattern_accepts_exactly_the_models_iso_codes():
    pattern = field("countries")["constraints"]["pattern"]
    every = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    assert [c for c in every if matches(pattern, c)] == list(COUNTRY_CODES)
    assert "NL" in COUNTRY_CODES and "UK" not in COUNTRY_CODES
    assert matches(pattern, "NL;VN;GB")
    assert not matches(pattern, "NL;UK")
    assert not matches(pattern, "nl")


def test_single_coded_field_scope():
    assert field("scope") == {
        "name": "scope",
        "title": "Scope",
        "description": "Geographic scope.",
        "type": "string",
        "constraints": {"required": True, "enum": ["local", "national", "multi-country", "global"]},
    }


def test_language_and_year_fields():
    assert field("language") == {
        "name": "language",
        "title": "Language",
        "description": "Language of the case text: en (English) or nl (Dutch).",
        "type": "string",
        "constraints": {"required": True, "enum": ["en", "nl"]},
    }
    assert field("started") == {
        "name": "started",
        "title": "Started",
        "description": "Year the collaboration started.",
        "type": "integer",
        "constraints": {"required": True, "minimum": EARLIEST_YEAR},
    }


def test_section_and_enriched_fields():
    assert field("section_why") == {
        "name": "section_why",
        "type": "string",
        "title": "Why work together",
        "description": "The section “Why work together” / “Waarom samenwerken” as Markdown"
        " (required).",
    }
    optional = next(s for s in sections() if not s.required)
    assert field(f"section_{optional.key}")["description"] == (
        f"The section “{optional.heading('en')}” / “{optional.heading('nl')}” as Markdown (optional; empty when absent)."
    )
    kind, title, description = ENRICHED_COLUMNS["reading_minutes"]
    assert field("reading_minutes") == {
        "name": "reading_minutes",
        "type": kind,
        "title": title,
        "description": description,
    }


def test_source_fields():
    assert source_fields() == [
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
            "description": "Number of the source in the case, from 1 (as printed in the casebook).",
            "constraints": {"required": True, "minimum": 1},
        },
        {
            "name": "title",
            "title": "Title",
            "description": "Title of the source as published.",
            "type": "string",
            "constraints": {"required": True, "minLength": 1, "maxLength": 300},
        },
        {
            "name": "url",
            "title": "URL",
            "description": "Web address (http or https).",
            "type": "string",
            "constraints": {"maxLength": 2000},
            "format": "uri",
        },
        {
            "name": "publisher",
            "title": "Publisher",
            "description": "Who published the source.",
            "type": "string",
            "constraints": {"minLength": 1, "maxLength": 200},
        },
        {
            "name": "year",
            "title": "Year",
            "description": "Year of publication.",
            "type": "integer",
            "constraints": {"minimum": EARLIEST_YEAR},
        },
        {
            "name": "mirror",
            "title": "Mirror",
            "description": "`true` when the address is a copy on another host (an archive,"
            " an aggregator), cited only because no copy at the original publisher is known.",
            "type": "boolean",
        },
    ]


def test_field_order_is_case_columns_sections_then_enriched():
    names = [f["name"] for f in case_fields()]
    assert names == [
        *CASE_COLUMNS,
        *(f"section_{s.key}" for s in sections()),
        *ENRICHED_COLUMNS,
    ]
    assert [f["name"] for f in case_fields(enriched=False)] == names[: -len(ENRICHED_COLUMNS)]
    assert [f["name"] for f in partner_fields()] == [
        "case_id",
        "position",
        "organisation_id",
        "name",
        "type",
        "role",
        "counterpart",
    ]


# --- patterns from the contract --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [("oxfam-unilever", True), ("a1", True), ("Oxfam", False), ("a--b", False), ("-a", False)],
)
def test_id_pattern_is_the_contracts(value: str, ok: bool):
    assert matches(field("id")["constraints"]["pattern"], value) is ok


def test_no_nullable_column_has_a_pattern():
    # Frictionless' SQL export cannot check a pattern on NULL (see tableschema.py).
    for f in [*case_fields(), *partner_fields(), *source_fields()]:
        constraints = f.get("constraints", {})
        assert "pattern" not in constraints or constraints.get("required"), f["name"]


def test_limits_are_the_models():
    assert field("title")["constraints"] == {"required": True, "minLength": 1, "maxLength": 120}
    assert field("summary")["constraints"] == {
        "required": True,
        "minLength": 100,
        "maxLength": 700,
    }
    assert field("contributor")["constraints"] == {"minLength": 1, "maxLength": 200}
    assert field("ended")["constraints"] == {"minimum": EARLIEST_YEAR}
    assert field("completeness")["constraints"] == {"minimum": 0, "maximum": 100}
    partners = {f["name"]: f for f in partner_fields()}
    assert partners["role"]["constraints"] == {"required": True, "minLength": 1, "maxLength": 200}
    assert partners["name"]["constraints"] == {"required": True, "minLength": 1, "maxLength": 200}
    for name in ("title", "summary"):
        info = FrontMatter.model_fields[name]
        limit = next(m.max_length for m in info.metadata if hasattr(m, "max_length"))
        assert field(name)["constraints"]["maxLength"] == limit


def test_single_coded_fields_are_enums_and_required_list_fields_patterns():
    for name, (_kind, is_list, vocab_field) in CASE_COLUMNS.items():
        if vocab_field is None:
            continue
        constraints = field(name).get("constraints", {})
        ids = vocabulary_for(vocab_field).ids
        if not is_list:
            assert constraints["enum"] == list(ids), name
            continue
        if not constraints.get("required"):
            assert "pattern" not in constraints, name
            continue
        pattern = constraints["pattern"]
        assert all(matches(pattern, i) for i in ids), name
        assert not matches(pattern, ids[0] + "x"), name
        assert not matches(pattern, ""), name
        assert matches(pattern, LIST_SEPARATOR.join(ids[:2])) is (len(ids) > 1), name
    partners = {f["name"]: f for f in partner_fields()}
    assert partners["type"]["constraints"]["enum"] == list(vocabulary_for("partners.type").ids)
    assert partners["counterpart"]["constraints"] == {
        "enum": list(vocabulary_for("partners.counterpart").ids)
    }


# --- the package -----------------------------------------------------------------------------


def test_every_vocabulary_is_a_table_after_the_data_tables():
    assert list(table_schemas()) == [
        "cases",
        "partners",
        "sources",
        *LINKS,
        "organisations",
        "case_texts",
        *vocabularies(),
    ]


def test_licence_entries():
    assert licence("CC0-1.0") == LICENCES["CC0-1.0"]
    assert licence("CC0-1.0") is not LICENCES["CC0-1.0"]
    assert licence("MIT") == {"name": "MIT"}


def test_package_contract_head():
    contract = package_contract(
        CasebookConfig(title="T", subtitle="S", data_licence="CC0-1.0", url="https://example.org")
    )
    assert {k: v for k, v in contract.items() if k != "resources"} == {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "partnership-case-library",
        "title": "T",
        "description": "S",
        "homepage": "https://example.org",
        "keywords": [
            "partnerships",
            "NGOs",
            "private sector",
            "case studies",
            "sustainable development goals",
        ],
        "licenses": [
            {
                "name": "CC0-1.0",
                "title": "CC0 1.0 Universal",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
            }
        ],
    }
    assert "homepage" not in package_contract(CasebookConfig())
