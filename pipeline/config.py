"""Where things are, and the casebook settings from ``[tool.casebook]`` in pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
CASES_DIR = ROOT / "cases"
OUTPUT_DIR = ROOT / "output"
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"

# Limits on contributed content (see the security notes in README).
MAX_CASE_BYTES = 200_000
MAX_SECTION_CHARS = 20_000
# A section shorter than this is flagged (warning) and does not count as complete.
SHORT_SECTION_WORDS = 25


@dataclass(frozen=True)
class CasebookConfig:
    """Publication settings; every field has a default so the file is optional."""

    title: str = "Partnership Case Library"
    subtitle: str = "Cases of NGOs working with companies"
    publisher: str = "Partnership Case Library"
    edition: str = "Workshop edition"
    licence: str = "CC-BY-4.0"
    data_licence: str = "CC-BY-4.0"
    url: str = ""


@cache
def casebook_config(pyproject: Path = ROOT / "pyproject.toml") -> CasebookConfig:
    """Read ``[tool.casebook]``; unknown keys are ignored, missing ones default."""
    if not pyproject.exists():
        return CasebookConfig()
    data = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("casebook", {})
    known = {f.name for f in fields(CasebookConfig)}
    return CasebookConfig(**{k: str(v) for k, v in data.items() if k in known})
