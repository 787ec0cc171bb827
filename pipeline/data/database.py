"""The data package as one SQLite database, output/casebook.sqlite (part of the data room).

In: the descriptor and rows that `export` publishes. Out: one table per resource, named
like the resource, with the Table Schema's primary and foreign keys and NOT NULL for
required fields. Empty cells are NULL; integers are INTEGER, booleans 0/1, dates ISO
text, everything else TEXT exactly as in the CSV files.

Deterministic bytes: a fixed page size, rollback journal (no WAL files), no timestamps
(SQLite stores none), rows in the CSV order, tables in the descriptor's order, and
``VACUUM`` at the end, so the same inputs and SQLite library give the same file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

PAGE_SIZE = 4096
_TYPES = {"integer": "INTEGER", "boolean": "INTEGER", "number": "REAL"}


def _quote(name: str) -> str:
    """An SQL identifier: names such as organisation-types need quotes."""
    return '"' + name.replace('"', '""') + '"'


def _value(text: str, kind: str) -> Any:
    """A CSV text cell as the value stored: None for empty, int for integers and booleans."""
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "boolean":
        return 1 if text == "true" else 0
    if kind == "number":
        return float(text)
    return text


def create_table_sql(resource: dict[str, Any]) -> str:
    """CREATE TABLE for one resource of the descriptor: columns, NOT NULL, keys."""
    schema = resource["schema"]
    lines = []
    for field in schema["fields"]:
        column = f"{_quote(field['name'])} {_TYPES.get(field['type'], 'TEXT')}"
        if field.get("constraints", {}).get("required"):
            column += " NOT NULL"
        lines.append(column)
    if schema.get("primaryKey"):
        lines.append(f"PRIMARY KEY ({', '.join(map(_quote, schema['primaryKey']))})")
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        lines.append(
            f"FOREIGN KEY ({', '.join(map(_quote, fk['fields']))}) REFERENCES "
            f"{_quote(ref['resource'])} ({', '.join(map(_quote, ref['fields']))})"
        )
    return f"CREATE TABLE {_quote(resource['name'])} (\n  " + ",\n  ".join(lines) + "\n)"


def write_database(
    descriptor: dict[str, Any], rows: dict[str, list[dict[str, str]]], path: Path
) -> Path:
    """Write output/casebook.sqlite for a descriptor and its rows (resource name -> text
    rows); returns `path`. An existing file at `path` is replaced."""
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("BEGIN")
        for resource in descriptor["resources"]:
            con.execute(create_table_sql(resource))
        for resource in descriptor["resources"]:
            fields = resource["schema"]["fields"]
            columns = ", ".join(_quote(f["name"]) for f in fields)
            marks = ", ".join("?" for _ in fields)
            con.executemany(
                f"INSERT INTO {_quote(resource['name'])} ({columns}) VALUES ({marks})",
                (
                    [_value(row[f["name"]], f["type"]) for f in fields]
                    for row in rows[resource["name"]]
                ),
            )
        con.execute("COMMIT")
        con.execute("VACUUM")
    finally:
        con.close()
    return path
