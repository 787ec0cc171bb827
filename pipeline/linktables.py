"""Link tables: one row per case × item of each list field (`case-forms`, `case-countries`, …).

`cases.csv` keeps each list as one `;`-separated cell, for people reading the table; the link
tables are the same lists normalised, for machines. A coded item gets a foreign key to its
vocabulary table, a country or goal its exact code range, so `frictionless validate`, SQLite
and Datasette check and join them without splitting strings. Why link tables and not Data
Package v2's `list` type: SQLite, pandas, R and spreadsheets read a plain table; few readers
know `list`, and a list cell cannot carry a foreign key.

In: a `Case`. Out: rows (text cells) and Table Schemas, keyed by resource name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.case import Case
from pipeline.contract import ID_PATTERN, SDG_COUNT
from pipeline.tablefields import row_key_fields


@dataclass(frozen=True)
class Link:
    """A list field of the front matter as a table: `column` holds one item per row."""

    field: str  # the front-matter list field
    column: str  # the item's column in the link table
    title: str
    kind: str  # Table Schema type of the item
    vocabulary: str | None = None  # resource the item's foreign key points to


LINKS: dict[str, Link] = {
    "case-countries": Link("countries", "country", "Country", "string"),
    "case-sectors": Link("sectors", "sector", "Sector", "string", "sectors"),
    "case-forms": Link("forms", "form", "Form of collaboration", "string", "forms"),
    "case-themes": Link("themes", "theme", "Theme", "string", "themes"),
    "case-sdgs": Link("sdgs", "sdg", "SDG", "integer"),
    "case-risks": Link("risks", "risk", "Risk", "string", "risks"),
    "case-safeguards": Link("safeguards", "safeguard", "Safeguard", "string", "safeguards"),
    "case-tags": Link("tags", "tag", "Keyword", "string"),
    "case-workshops": Link("workshops", "workshop", "Workshop", "string"),
}


def link_description(name: str) -> tuple[str, str]:
    """(title, description) of the resource `name`, for the descriptor."""
    link = LINKS[name]
    return (
        f"Cases × {link.field}",
        f"One row per item of a case's `{link.field}`, in the case file's order: the"
        f" `{link.field}` column of cases.csv as a table, one `{link.column}` per row.",
    )


def _item_field(link: Link, country_pattern: str) -> dict[str, Any]:
    constraints: dict[str, Any] = {"required": True}
    if link.column == "country":
        constraints["pattern"] = f"^({country_pattern})$"
    elif link.column == "sdg":
        constraints.update(minimum=1, maximum=SDG_COUNT)
    elif link.column == "workshop":
        # Any id: a workshop not (yet) in schema/workshops.yaml is a warning, not an error,
        # so the table must accept what a valid case may list.
        constraints["pattern"] = ID_PATTERN
    return {
        "name": link.column,
        "type": link.kind,
        "title": link.title,
        "description": f"One item of the case's `{link.field}`; see that column of cases.csv.",
        "constraints": constraints,
    }


def link_schemas(country_pattern: str) -> dict[str, dict[str, Any]]:
    """Resource name -> Table Schema of every link table; `country_pattern` is the
    alternation of the country codes the contract accepts (as for cases.countries)."""
    schemas = {}
    for name, link in LINKS.items():
        foreign_keys: list[dict[str, Any]] = [
            {"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["id"]}}
        ]
        if link.vocabulary:
            foreign_keys.append(
                {
                    "fields": [link.column],
                    "reference": {"resource": link.vocabulary, "fields": ["id"]},
                }
            )
        schemas[name] = {
            "fields": [
                *row_key_fields(f"Order of the item in the case's `{link.field}`, from 1."),
                _item_field(link, country_pattern),
            ],
            "primaryKey": ["case_id", "position"],
            "foreignKeys": foreign_keys,
            "missingValues": [""],
        }
    return schemas


def link_rows(case: Case) -> dict[str, list[dict[str, str]]]:
    """Resource name -> this case's rows of every link table (text cells)."""
    return {
        name: [
            {"case_id": case.id, "position": str(i), link.column: str(item)}
            for i, item in enumerate(getattr(case.meta, link.field), start=1)
        ]
        for name, link in LINKS.items()
    }
