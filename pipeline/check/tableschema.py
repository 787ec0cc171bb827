"""The bulk Frictionless pass: every case's contributed columns against the published schema.

In:  the valid cases. Out: a Problem for each cell the Table Schema refuses.
"""

from __future__ import annotations

from pipeline.case import Case
from pipeline.columns import case_row
from pipeline.problems import Problem
from pipeline.tableschema import case_fields


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
        section = str(field_name).removeprefix("section_")
        problems.append(
            Problem(
                "schema-violation",
                file=case.file if case else "cases",
                line=case.section_lines.get(section) if case else None,
                field=str(field_name or ""),
                params={"field": field_name, "detail": note},
            )
        )
    return problems
