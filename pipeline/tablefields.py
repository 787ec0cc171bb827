"""The fields of each table of the data package, as Table Schema field descriptors.

In: the case models (`pipeline.case`: titles, descriptions, and the limits read from
the fields' pydantic metadata), the column lists (`pipeline.columns`), the vocabularies
and the contract's constants. Out: lists of Table Schema fields, which
`pipeline.tableschema` assembles into the published schemas.
"""

from __future__ import annotations

import re
from itertools import groupby
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pipeline.case import CASE_LANGUAGES, COUNTRY_CODES, FrontMatter, Partner, Source
from pipeline.columns import CASE_COLUMNS, ENRICHED_COLUMNS
from pipeline.contract import COMPLETENESS_RANGE, EARLIEST_YEAR, ID_PATTERN, LIST_SEPARATOR
from pipeline.reference import sections, vocabulary_for

# Nullable columns get no `pattern`: Frictionless' SQL export (`publish("sqlite:///…")`)
# turns a pattern into a REGEXP check whose function fails on NULL. Single-valued coded
# fields use `enum` instead (NULL passes); list columns keep a pattern only when required.

# pydantic/annotated-types metadata -> (Table Schema constraint, attribute holding the number).
_BOUNDS: tuple[tuple[type, str, str], ...] = (
    (MinLen, "minLength", "min_length"),
    (MaxLen, "maxLength", "max_length"),
    (Ge, "minimum", "ge"),
    (Le, "maximum", "le"),
)


def _annotations(annotation: Any) -> list[Any]:
    """The metadata of `Annotated[T, ...]`, also inside `T | None` (FieldInfo unpacked)."""
    if get_origin(annotation) is Annotated:
        out: list[Any] = []
        for item in get_args(annotation)[1:]:
            out.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        return out
    if get_origin(annotation) in (Union, UnionType):
        return [
            m for arg in get_args(annotation) if arg is not type(None) for m in _annotations(arg)
        ]
    return []


def model_constraints(model: type[BaseModel], name: str) -> dict[str, Any]:
    """Length and range constraints of a single-valued model field, read from its metadata.

    In: a pydantic model and one of its (not list) fields. Out: Table Schema constraints
    (minLength, maxLength, minimum, maximum) for the numbers the model enforces.
    """
    info = model.model_fields[name]
    out: dict[str, Any] = {}
    for item in [*info.metadata, *_annotations(info.annotation)]:
        for kind, key, attribute in _BOUNDS:
            if isinstance(item, kind):
                out[key] = getattr(item, attribute)
    return out


def _vocab_enum(field: str) -> list[str]:
    return list(vocabulary_for(field).ids)


def _list_pattern(item: str) -> str:
    """A pattern for a `;`-separated list whose items each match the alternation `item`."""
    return f"^({item})({re.escape(LIST_SEPARATOR)}({item}))*$"


def _vocab_pattern(field: str) -> str:
    return _list_pattern("|".join(re.escape(i) for i in vocabulary_for(field).ids))


def country_alternation() -> str:
    """ISO 3166-1 alpha-2 codes as a regex alternation grouped by first letter ("A[DEFG…]|…").

    Countries are a list column, and Frictionless has no `enum` for list items, so the
    codes are a pattern; a `countries` table would need a link table for a foreign key. The
    codes are the model's (`pipeline.case.COUNTRY_CODES`, from pycountry), so the
    contract accepts exactly the countries validation accepts.
    """
    groups = groupby(COUNTRY_CODES, key=lambda code: code[0])
    return "|".join(f"{first}[{''.join(c[1] for c in codes)}]" for first, codes in groups)


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


def _contributed(
    model: type[BaseModel], name: str, kind: str, *, is_list: bool = False, **constraints: Any
) -> dict[str, Any]:
    """A model field as a Table Schema field of type `kind`: `required` as in the model, the
    model's length and range limits (not for list columns: theirs count items), `constraints`."""
    info = model.model_fields[name]
    found: dict[str, Any] = {"required": True} if info.is_required() else {}
    if not is_list and kind in ("string", "integer"):
        found.update(model_constraints(model, name))
    found.update(constraints)
    return _model_field(model, name, {"type": kind, **({"constraints": found} if found else {})})


def case_fields(*, enriched: bool = True) -> list[dict[str, Any]]:
    """Table Schema fields of cases.csv."""
    fields = []
    for name, (kind, is_list, vocab_field) in CASE_COLUMNS.items():
        required = FrontMatter.model_fields[name].is_required()
        extra: dict[str, Any] = {}
        if vocab_field and not is_list:
            extra["enum"] = _vocab_enum(vocab_field)
        elif vocab_field and required:
            extra["pattern"] = _vocab_pattern(vocab_field)
        elif name == "countries":
            extra["pattern"] = _list_pattern(country_alternation())
        elif name == "id":
            extra.update(unique=True, pattern=ID_PATTERN)
        elif name == "language":
            extra["enum"] = list(CASE_LANGUAGES)
        elif name in ("started", "ended"):
            extra["minimum"] = EARLIEST_YEAR
        field = _contributed(FrontMatter, name, kind, is_list=is_list, **extra)
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
        low, high = COMPLETENESS_RANGE
        limits = {"completeness": {"minimum": low, "maximum": high}}
        for name, (kind, title, description) in ENRICHED_COLUMNS.items():
            field = {"name": name, "type": kind, "title": title, "description": description}
            if name in limits:
                field["constraints"] = limits[name]
            fields.append(field)
    return fields


def row_key_fields(position: str) -> list[dict[str, Any]]:
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
        *row_key_fields("Order of the partner in the case file, from 1."),
        {
            "name": "organisation_id",
            "type": "string",
            "title": "Organisation id",
            "description": "Stable id of the organisation across cases (its name, normalised).",
            "constraints": {"required": True, "pattern": ID_PATTERN},
        },
        _contributed(Partner, "name", "string"),
        _contributed(Partner, "type", "string", enum=_vocab_enum("partners.type")),
        _contributed(Partner, "role", "string"),
        _contributed(Partner, "counterpart", "string", enum=_vocab_enum("partners.counterpart")),
    ]


def source_fields() -> list[dict[str, Any]]:
    """Table Schema fields of sources.csv."""
    url = _contributed(Source, "url", "string")
    url["format"] = "uri"
    return [
        *row_key_fields("Number of the source in the case, from 1 (as printed in the casebook)."),
        _contributed(Source, "title", "string"),
        url,
        _contributed(Source, "publisher", "string"),
        _contributed(Source, "year", "integer", minimum=EARLIEST_YEAR),
        _contributed(Source, "mirror", "boolean"),
    ]


def organisation_fields() -> list[dict[str, Any]]:
    """Table Schema fields of organisations.csv (one row per organisation id)."""
    return [
        {
            "name": "id",
            "type": "string",
            "title": "Organisation id",
            "description": "The id in schema/organisations.yaml for a registered organisation,"
            " otherwise its name normalised; `partners.organisation_id` refers to it.",
            "constraints": {"required": True, "unique": True, "pattern": ID_PATTERN},
        },
        {
            "name": "name",
            "type": "string",
            "title": "Name",
            "description": "The registry's name, otherwise the first spelling met in case id order.",
            "constraints": {"required": True},
        },
        {
            "name": "aliases",
            "type": "string",
            "title": "Aliases",
            "description": "Other spellings: the registry's aliases, then other names the cases"
            " use for it. Several values are separated by `;`.",
        },
        {
            "name": "type",
            "type": "string",
            "title": "Type",
            "description": "Kind of organisation: the registry's type, otherwise the partner type"
            " of its first mention.",
            "constraints": {"enum": _vocab_enum("partners.type")},
        },
        {
            "name": "country",
            "type": "string",
            "title": "Country",
            "description": "ISO 3166-1 alpha-2 code of the head office (registry only).",
            # One code per cell and nullable: an enum, which SQL exports can check (no pattern).
            "constraints": {"enum": list(COUNTRY_CODES)},
        },
        {
            "name": "website",
            "type": "string",
            "title": "Website",
            "description": "Web address (registry only).",
            "format": "uri",
        },
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
