"""What a build depends on, as one hash: if it has not changed, neither have the outputs.

invoke has no up-to-date checks of its own, so `build` asks this module. The
fingerprint covers every input that can change a byte of the outputs: the
case files, everything in schema/, the pipeline's own code, templates, fonts
and assets, pyproject.toml (the [tool.casebook] settings), the build options,
the git commit and date printed in the colophon, SOURCE_DATE_EPOCH, and the
versions of the libraries that render and write the outputs, and of the system
libraries that shape the PDF (Pango, HarfBuzz and its subset library, fontconfig).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.config import PACKAGE_DIR, SCHEMA_DIR, project_file
from pipeline.safefile import read_case_bytes

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


def case_digests(paths: Iterable[Path]) -> dict[str, str]:
    """File name -> SHA-256 of its bytes, for the up-to-date check before the check reads them."""
    digests = {}
    for path in sorted(paths):
        try:
            digests[path.name] = hashlib.sha256(read_case_bytes(path)).hexdigest()
        except OSError:
            digests[path.name] = ""  # the check will say what is wrong with it
    return digests


def fingerprint(digests: Mapping[str, str], options: dict[str, Any]) -> str:
    """A SHA-256 over every input of a build: the case files' digests (name -> SHA-256 of
    the bytes, see `case_digests` and `pipeline.check.validate.ValidationResult.digests`),
    schema/, pyproject.toml, the code and libraries, and `options`."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    for name, value in sorted(digests.items()):
        add(f"case:{name}", value.encode())
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
    that render and write (SQLite's too), and SOURCE_DATE_EPOCH (dates in the PDF).
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
    environment = {
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "sqlite": sqlite3.sqlite_version,  # writes casebook.sqlite
    }
    digest.update(json.dumps([versions, environment, system_libraries()], sort_keys=True).encode())
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


def stamp_record(
    value: str, names: Iterable[str], cases: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The stamp that says the products `names` were built from fingerprint `value`, and,
    if given, from the case files `cases` (file name -> SHA-256), for the next build's
    list of what changed."""
    record: dict[str, Any] = {"fingerprint": value, "products": list(names)}
    if cases is not None:
        record["cases"] = dict(sorted(cases.items()))
    return record


@dataclass(frozen=True)
class CaseChanges:
    """The case files added, changed and removed since the last build (file names, sorted)."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def case_changes(out_dir: Path, cases: Mapping[str, str]) -> CaseChanges | None:
    """What changed in the case files (name -> SHA-256) since the last build into `out_dir`;
    None when that build recorded none (the first build, or one from before they were kept)."""
    try:
        before = json.loads((out_dir / STAMP).read_text("utf-8")).get("cases")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(before, dict):
        return None
    return CaseChanges(
        added=tuple(sorted(set(cases) - set(before))),
        changed=tuple(sorted(n for n in cases if n in before and before[n] != cases[n])),
        removed=tuple(sorted(set(before) - set(cases))),
    )


@cache
def system_libraries() -> dict[str, str]:
    """The versions of the system libraries that change the PDF's bytes: Pango, HarfBuzz and
    fontconfig, and whether HarfBuzz's subset library is there (WeasyPrint subsets fonts
    with it, else with fontTools, and the two give other bytes). "" when not found."""
    found: dict[str, str] = {}
    probes = {
        "pango": ("pango-1.0", "pango_version", ctypes.c_int),
        "harfbuzz": ("harfbuzz", "hb_version_string", ctypes.c_char_p),
        "fontconfig": ("fontconfig", "FcGetVersion", ctypes.c_int),
    }
    for name, (library, function, kind) in probes.items():
        try:
            call = getattr(ctypes.CDLL(ctypes.util.find_library(library) or ""), function)
            call.restype = kind
            value = call()
            found[name] = value.decode() if isinstance(value, bytes) else str(value)
        except (OSError, AttributeError, TypeError):
            found[name] = ""
    found["harfbuzz-subset"] = "yes" if ctypes.util.find_library("harfbuzz-subset") else "no"
    return found
