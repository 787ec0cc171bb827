"""Reproducible builds: the same inputs give byte-identical CSV, JSON, PDF and every other file.

Two builds run as separate processes with different hash seeds (so that set
and dict ordering cannot hide), into two folders; every file is compared.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.provenance import build_date, project_version
from tests.support import case_text

EPOCH = 1764374400  # 2025-11-29T00:00:00Z

# The version printed in the outputs comes from git; pin it so that a commit made
# between the two builds cannot make them differ.
BUILD = (
    "import sys, pipeline.build as b; b.data_version = lambda _folder: 'test-version'; "
    "b.release_tag = lambda _folder: ''; "
    "from pipeline.cli import main; sys.exit(main(sys.argv[1:]))"
)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def test_build_date_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert build_date(Path(".")) == dt.date(2025, 11, 29)


@pytest.mark.slow
@pytest.mark.parametrize("epoch", [str(EPOCH), None], ids=["SOURCE_DATE_EPOCH", "no-epoch"])
def test_two_builds_of_the_same_cases_are_byte_identical(cases_dir, tmp_path, epoch):
    for case_id in ("test-case", "other-case"):
        (cases_dir / f"{case_id}.md").write_text(case_text(case_id), "utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env.update(PYTHONHASHSEED=seed, **({"SOURCE_DATE_EPOCH": epoch} if epoch else {}))
        done = subprocess.run(
            [sys.executable, "-c", BUILD, "build", "--cases", str(cases_dir), "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(files(out))
    first, second = outputs
    assert {"casebook.pdf", "data/datapackage.json", "data/cases.csv"} <= first.keys()
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # Not a commit, so the data package's version is the project version alone.
    assert f'"version": "{project_version()}"'.encode() in first["data/datapackage.json"]


# Renders the fixture library with or without the faster page references (one
# process each: two renders in one process differ in their font subsets).
RENDER = """
import datetime as dt
import sys
from pathlib import Path
from pipeline.casebook import pdf
from pipeline.casebook.html import casebook_html
from pipeline.build import load_library
from pipeline.config import casebook_config
from pipeline.edition import BuildInfo, Edition
if sys.argv[3] == "plain":
    pdf._speed_up_pydyf = lambda: None
_validation, library = load_library(Path(sys.argv[1]))
info = BuildInfo(dt.date(2026, 11, 29), "v", casebook_config())
html = casebook_html(library, Edition(), info)
pdf.render_pdf(html, Path(sys.argv[2]))
"""


@pytest.mark.slow
def test_faster_page_references_change_no_byte_of_the_pdf(cases_dir, tmp_path):
    for case_id in ("test-case", "other-case"):
        (cases_dir / f"{case_id}.md").write_text(case_text(case_id), "utf-8")
    pdfs = {}
    for mode in ("fast", "plain"):
        target = tmp_path / f"{mode}.pdf"
        done = subprocess.run(
            [sys.executable, "-c", RENDER, str(cases_dir), str(target), mode],
            capture_output=True,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},  # fixed font timestamps
        )
        assert done.returncode == 0, done.stderr
        pdfs[mode] = target.read_bytes()
    assert pdfs["fast"] == pdfs["plain"]
