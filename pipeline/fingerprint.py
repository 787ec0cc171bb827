"""What a build depends on, as one hash: if it has not changed, neither have the outputs.

invoke has no up-to-date checks of its own, so `build` asks this module. The
fingerprint covers every input that can change a byte of the outputs: the
case files, everything in schema/, the pipeline's own code, templates, fonts
and assets, pyproject.toml (the [tool.casebook] settings), the build options,
the git commit and date printed in the colophon, SOURCE_DATE_EPOCH, and the
versions of the libraries that render and write the outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.config import PACKAGE_DIR, SCHEMA_DIR, project_file

STAMP = ".stamp.json"  # in the output folder, next to the products it describes
_LIBRARIES = (
    "weasyprint",
    "pydyf",
    "frictionless",
    "pydantic",
    "jinja2",
    "markdown-it-py",
    "nh3",
    "openpyxl",
    "pycountry",
    "babel",  # CLDR: dates and country names
    "pyphen",
    "tinycss2",
    "fonttools",
    "pikepdf",
)


def _files(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(case_paths: Iterable[Path], options: dict[str, Any]) -> str:
    """A SHA-256 over every input of a build (case files and `options` included)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    for path in sorted(case_paths):
        add(f"case:{path.name}", path.read_bytes())
    for path in _files(SCHEMA_DIR):
        add(f"schema:{path.relative_to(SCHEMA_DIR).as_posix()}", path.read_bytes())
    pyproject = project_file()
    if pyproject is not None:
        add("pyproject", pyproject.read_bytes())
    add("code", code_fingerprint().encode())
    add("options", json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()


def code_fingerprint() -> str:
    """A SHA-256 over what turns the same HTML into other bytes.

    The pipeline's code, templates, fonts and assets, the versions of the libraries
    that render and write, and SOURCE_DATE_EPOCH (dates in the PDF).
    """
    digest = hashlib.sha256()
    for path in _files(PACKAGE_DIR):
        data = path.read_bytes()
        digest.update(f"file:{path.relative_to(PACKAGE_DIR).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    versions = {}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    environment = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "")}
    digest.update(json.dumps([versions, environment], sort_keys=True).encode())
    return digest.hexdigest()


def up_to_date(out_dir: Path, value: str) -> list[Path] | None:
    """The outputs of the last build if it had this fingerprint and they all still exist."""
    try:
        stamp = json.loads((out_dir / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("fingerprint") != value:
        return None
    outputs = [out_dir / name for name in stamp.get("products", [])]
    return outputs if outputs and all(p.exists() for p in outputs) else None


def write_stamp(out_dir: Path, value: str, outputs: list[Path]) -> None:
    """Record what the outputs now in `out_dir` were built from (atomically)."""
    tmp = out_dir / f"{STAMP}.tmp"
    products = [p.name for p in outputs]
    tmp.write_text(json.dumps({"fingerprint": value, "products": products}) + "\n", "utf-8")
    os.replace(tmp, out_dir / STAMP)


def forget(out_dir: Path) -> None:
    """Drop the stamp: the outputs are about to change."""
    (out_dir / STAMP).unlink(missing_ok=True)
