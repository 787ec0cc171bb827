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

from pipeline.build import build_date

from .conftest import case_text

EPOCH = 1764374400  # 2025-11-29T00:00:00Z

# The version printed in the outputs comes from git; pin it so that a commit made
# between the two builds cannot make them differ.
BUILD = (
    "import sys, pipeline.build as b; b.data_version = lambda: 'test-version'; "
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
    assert build_date() == dt.date(2025, 11, 29)


@pytest.mark.slow
def test_two_builds_of_the_same_cases_are_byte_identical(cases_dir, tmp_path):
    for case_id in ("test-case", "other-case"):
        (cases_dir / f"{case_id}.md").write_text(case_text(case_id), "utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": seed}
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
    assert b'"version": "test-version"' in first["data/datapackage.json"]
