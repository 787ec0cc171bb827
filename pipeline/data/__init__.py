"""What data users get: the CSV data package, its zip and the Excel workbook.

In:  the enriched library, the edition and the build's facts.
Out: ``data/`` (datapackage.json, one CSV per table, README.md and its Dutch guide
README.nl.md, both in every build),
``casebook-data.zip`` (that folder as one download), ``casebook.xlsx`` and
``casebook.sqlite`` (the same tables as a workbook and as a database).
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.data.database import write_database
from pipeline.data.package import export_package, table_rows, zip_package
from pipeline.data.workbook import write_workbook
from pipeline.edition import BuildInfo, Edition, ProductResult
from pipeline.library import Library

__all__ = ["write_data"]


def write_data(library: Library, edition: Edition, info: BuildInfo, staging: Path) -> ProductResult:
    """Write the data package, its zip, the workbook and the database into `staging`.

    The data does not depend on the edition: every case is in it, with labels in
    both languages. The package's version is `info.package_version` (the data version
    when that is empty).
    """
    created = f"{info.date.isoformat()}T00:00:00Z"
    version = info.package_version or info.version
    path = export_package(library, staging / "data", info.config, version=version, created=created)
    zip_package(staging / "data", staging / "casebook-data.zip", info.date)
    # The descriptor as written, bytes and hashes included: the same in every product.
    descriptor = json.loads(path.read_text("utf-8"))
    rows = table_rows(library)
    write_workbook(descriptor, rows, staging / "casebook.xlsx", info.date)
    write_database(descriptor, rows, staging / "casebook.sqlite")
    return ProductResult(("data", "casebook-data.zip", "casebook.xlsx", "casebook.sqlite"))
