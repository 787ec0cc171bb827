"""CITATION.cff agrees with pyproject.toml and with the data package descriptor."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import yaml

from pipeline.build import load_library
from pipeline.config import casebook_config
from pipeline.data.package import contributors

ROOT = Path(__file__).resolve().parents[1]


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_citation_names_the_project_version_and_a_release_date():
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    # Quoted in the file so that YAML keeps it text ("1.10" is not the number 1.1).
    assert cff["version"] == pyproject()["project"]["version"]
    assert dt.date.fromisoformat(cff["date-released"]) <= dt.date.today()
    assert re.fullmatch(r"https://[^\s/]+/\S+", cff["repository-code"])


def test_citation_title_authors_and_licence_are_the_casebook_settings():
    cff, config = citation(), casebook_config(ROOT / "pyproject.toml")
    assert cff["title"] == config.title
    assert cff["license"] == config.data_licence
    names = [author["name"] for author in cff["authors"]]
    assert config.publisher in names


def test_citation_authors_are_contributors_of_the_data_package():
    validation, library = load_library(ROOT / "cases")
    assert library is not None, [p.code for p in validation.problems]
    listed = {c["title"] for c in contributors(library, casebook_config(ROOT / "pyproject.toml"))}
    names = [author["name"] for author in citation()["authors"]]
    assert set(names) <= listed, set(names) - listed
