"""The data package as an Excel workbook, output/casebook.xlsx (part of the export stage).

In: the descriptor and rows that `export` publishes. Out: one sheet per table
(frozen header row, autofilter, column widths, long text wrapped) — the link tables
such as "case-sdgs" among them (one row per case and goal, the goal as a number) — a
"Fields" sheet that explains every field, and an "About" sheet (title, version,
licence, how to cite, and which cells were cut short).

Excel holds at most 32,767 characters in a cell (CELL_LIMIT). A longer text is cut
to fit, ends with TRUNCATED_MARKER, and the About sheet lists every such cell: the
build goes on, because the CSV files and the database keep the whole text.

Safety and fidelity: every text cell is stored as a string (`t="s"`), never as a
formula, so a value starting with "=" is shown as typed and the text is exactly
the text of the case file: no quote prefix is needed here, unlike in the CSV.
Integers, booleans and dates are stored as numbers, booleans and dates.
Deterministic bytes: document dates come from the build date and the zip entries
are rewritten with a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pipeline.data.package import write_zip
from pipeline.data.readme import citation

MIN_WIDTH, MAX_WIDTH = 6, 60
CELL_LIMIT = 32_767  # characters in one Excel cell
TRUNCATED_MARKER = " […cut short: Excel holds 32,767 characters in a cell; see the CSV file]"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _value(text: str, kind: str) -> Any:
    """A CSV text cell as the typed value the workbook stores (empty -> None)."""
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "boolean":
        return text == "true"
    if kind == "date":
        return dt.date.fromisoformat(text)
    # openpyxl refuses control characters other than tab, LF and CR; validation already
    # rejects them, this keeps a stray one from aborting the build.
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _put(ws: Worksheet, row: int, column: int, value: Any, *, header: bool = False) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        # openpyxl turns any string starting with "=" into a formula; force plain text.
        cell.data_type = "s"
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if header:
        cell.font = BOLD


def _width(values: list[Any]) -> float:
    longest = max(
        (max(len(line) for line in str(v).split("\n")) for v in values if v is not None), default=0
    )
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _fits(text: Any) -> Any:
    """`text` cut to CELL_LIMIT characters with TRUNCATED_MARKER at the end, if longer."""
    if isinstance(text, str) and len(text) > CELL_LIMIT:
        return text[: CELL_LIMIT - len(TRUNCATED_MARKER)] + TRUNCATED_MARKER
    return text


def _long(values: list[Any]) -> bool:
    """Whether a column holds text wider than MAX_WIDTH or with line breaks (so it wraps)."""
    return any(isinstance(v, str) and (len(v) > MAX_WIDTH or "\n" in v) for v in values)


def _table_sheet(ws: Worksheet, header: list[str], rows: list[list[Any]]) -> None:
    """Header row in bold and frozen, autofilter over the data, widths from the content,
    long text columns wrapped (top-aligned)."""
    for c, name in enumerate(header, start=1):
        _put(ws, 1, c, name, header=True)
    wrapped = {c for c in range(len(header)) if _long([row[c] for row in rows])}
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value)
            if c - 1 in wrapped:
                ws.cell(row=r, column=c).alignment = WRAP
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(header), 1))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for c, name in enumerate(header, start=1):
        column = [name, *(row[c - 1] for row in rows)]
        ws.column_dimensions[get_column_letter(c)].width = _width(column)


def _about_rows(descriptor: dict[str, Any], cut: list[str]) -> list[tuple[str, str]]:
    """The About sheet: key, text; `cut` names the cells cut to Excel's limit (table.field
    of row id), which get a row of their own when there are any."""
    licences = descriptor.get("licenses") or [{"name": ""}]
    lic = licences[0]
    note = (
        [
            (
                "Cut short",
                f"Excel holds at most {CELL_LIMIT:,} characters in a cell; these cells were "
                f"cut to fit and end with “{TRUNCATED_MARKER.strip()}”. The CSV files and "
                "casebook.sqlite hold the whole text: " + "; ".join(cut) + ".",
            )
        ]
        if cut
        else []
    )
    return [
        ("Title", descriptor["title"]),
        ("Description", descriptor.get("description", "")),
        ("Version", descriptor.get("version", "")),
        ("Created", descriptor.get("created", "")),
        (
            "Licence",
            " ".join(x for x in (lic.get("title") or lic["name"], lic.get("path", "")) if x),
        ),
        ("How to cite", citation(descriptor)),
        (
            "Contributors",
            "; ".join(c["title"] for c in descriptor.get("contributors", [])),
        ),
        (
            "About this workbook",
            "One sheet per table of the CSV data package (datapackage.json); the Fields sheet "
            "explains every column. Lists in the cases sheet are separated by ';'; the "
            "case-… sheets hold the same lists one item per row (case-sdgs: the goal as a "
            "number). Text is stored as text: "
            "nothing in this workbook is a formula.",
        ),
        *note,
    ]


def workbook(descriptor: dict[str, Any], rows: dict[str, list[dict[str, str]]]) -> Workbook:
    """The workbook for a package descriptor and its rows (resource name -> text rows)."""
    wb = Workbook()
    wb.remove(wb.active)
    cut: list[str] = []
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        key = resource["schema"].get("primaryKey", [fields[0]["name"]])
        ws = wb.create_sheet(resource["name"][:31])  # Excel's limit on sheet names
        values = []
        for row in rows[resource["name"]]:
            typed = [_value(row[f["name"]], f["type"]) for f in fields]
            for f, value in zip(fields, typed, strict=True):
                if _fits(value) is not value:
                    ids = "/".join(row[k] for k in key)
                    cut.append(f"{resource['name']}.{f['name']} of {ids}")
            values.append([_fits(v) for v in typed])
        _table_sheet(ws, [f["name"] for f in fields], values)
    fields_rows = [
        [r["name"], f["name"], f["type"], f.get("title", ""), f.get("description", "")]
        for r in descriptor["resources"]
        for f in r["schema"]["fields"]
    ]
    _table_sheet(
        wb.create_sheet("Fields"), ["table", "field", "type", "title", "description"], fields_rows
    )
    about = wb.create_sheet("About")
    for r, (key, value) in enumerate(_about_rows(descriptor, cut), start=1):
        _put(about, r, 1, key, header=True)
        _put(about, r, 2, value)
        about.cell(row=r, column=2).alignment = WRAP
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    wb.active = 0
    return wb


def save_workbook(wb: Workbook, path: Path, day: dt.date) -> Path:
    """Save `wb` with document dates and zip timestamps from `day`, so the bytes repeat."""
    moment = dt.datetime(day.year, day.month, day.day)
    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = wb.properties.lastModifiedBy = None
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would stamp `modified` with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    with zipfile.ZipFile(buffer) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    write_zip(entries, path, day)
    return path


def write_workbook(
    descriptor: dict[str, Any], rows: dict[str, list[dict[str, str]]], path: Path, day: dt.date
) -> Path:
    """Write output/casebook.xlsx for a descriptor and its rows; returns `path`."""
    return save_workbook(workbook(descriptor, rows), path, day)
