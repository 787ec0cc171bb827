"""Faults: a build that fails, times out, is refused or is killed leaves the previous outputs.

Most tests swap the real products for tiny ones (`fake_products`), so that the
orchestration is tested in milliseconds; one slow test kills a real build
with SIGKILL at several points and compares the previous outputs byte for byte.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import build as build_module
from pipeline.build import BuildError, build
from pipeline.cli import run_build
from pipeline.edition import ProductResult
from pipeline.fingerprint import STAMP
from pipeline.outputs import (
    COMMIT_DIR,
    JOURNAL,
    MANIFEST,
    OLD_DIR,
    PREFIX,
    STAGING_DIR,
)
from pipeline.outputs import recover as recover_outputs
from tests.support import TODAY, VALID_FRONT_MATTER, case_text, snapshot


def write_library(cases_dir: Path) -> None:
    for case_id in ("test-case", "other-case"):
        (cases_dir / f"{case_id}.md").write_text(case_text(case_id), "utf-8")


def product(name: str, content: bytes, *, fail: bool = False, sleep: float = 0.0):
    """A product writer that writes `name` (a file, or a folder when name ends in /)."""

    def write(library, edition, info, staging: Path) -> ProductResult:
        if sleep:
            time.sleep(sleep)
        if fail:
            raise RuntimeError("the product failed")
        if name.endswith("/"):
            (staging / name).mkdir()
            (staging / name / "table.csv").write_bytes(content)
        else:
            (staging / name).write_bytes(content)
        return ProductResult((name.rstrip("/"),))

    return (name, write)


@pytest.fixture
def previous(cases_dir: Path, tmp_path: Path, monkeypatch) -> Path:
    """An output folder holding a good previous build (made with the fake products)."""
    write_library(cases_dir)
    out = tmp_path / "out"
    monkeypatch.setattr(
        build_module, "PRODUCTS", [product("data/", b"old table"), product("book.pdf", b"old")]
    )
    assert build(cases_dir, out, today=TODAY).ok
    assert snapshot(out) == {"book.pdf": b"old", "data/table.csv": b"old table"}
    # The tests below rebuild the same cases with other products: without the
    # stamp, the up-to-date check cannot skip those builds.
    (out / STAMP).unlink()
    return out


def test_successful_build_replaces_every_product_and_leaves_nothing_else(
    previous, cases_dir, monkeypatch
):
    monkeypatch.setattr(
        build_module, "PRODUCTS", [product("data/", b"new table"), product("book.pdf", b"new")]
    )
    result = build(cases_dir, previous, today=TODAY)
    assert result.outputs == [previous / "data", previous / "book.pdf"]
    assert snapshot(previous) == {"book.pdf": b"new", "data/table.csv": b"new table"}
    assert sorted(os.listdir(previous)) == [".lock", STAMP, "book.pdf", "data"]


def test_failing_product_keeps_the_previous_outputs(previous, cases_dir, monkeypatch):
    before = snapshot(previous)
    monkeypatch.setattr(
        build_module,
        "PRODUCTS",
        [product("data/", b"new table"), product("book.pdf", b"new", fail=True)],
    )
    with pytest.raises(RuntimeError, match="the product failed"):
        build(cases_dir, previous, today=TODAY)
    assert snapshot(previous) == before
    assert sorted(os.listdir(previous)) == [".lock", "book.pdf", "data"]


def test_invalid_cases_keep_the_previous_outputs(previous, cases_dir):
    before = snapshot(previous)
    bad = VALID_FRONT_MATTER.format(id="test-case").replace("scope: national", "scope: nowhere")
    (cases_dir / "test-case.md").write_text(case_text("test-case", front=bad), "utf-8")
    result = build(cases_dir, previous, today=TODAY)
    assert not result.ok and result.outputs == []
    assert snapshot(previous) == before


def test_build_that_runs_out_of_time_stops_with_a_clear_message(
    previous, cases_dir, monkeypatch, capsys
):
    before = snapshot(previous)
    monkeypatch.setenv("CASEBOOK_RENDER_TIMEOUT", "0.2")
    monkeypatch.setattr(build_module, "PRODUCTS", [product("book.pdf", b"new", sleep=30)])
    assert run_build(cases_dir, previous) == 1
    assert capsys.readouterr().err == (
        "The build stopped: writing the casebook and the data took longer than 0.2 seconds "
        "(the limit is set by CASEBOOK_RENDER_TIMEOUT). The previous outputs are unchanged.\n"
    )
    assert snapshot(previous) == before
    assert sorted(os.listdir(previous)) == [".lock", "book.pdf", "data"]


def test_second_build_into_the_same_folder_is_refused(previous, cases_dir, capsys):
    before = snapshot(previous)
    with (previous / ".lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BuildError) as err:
            build(cases_dir, previous, today=TODAY)
        assert run_build(cases_dir, previous) == 1
    assert str(err.value) == (
        f"Another build is running in {previous}. Wait for it to finish, then try again."
    )
    assert capsys.readouterr().err == (
        f"Another build is running in {previous}. Wait for it to finish, then try again."
        " The previous outputs are unchanged.\n"
    )
    assert snapshot(previous) == before
    # The lock is released with the first build: now the build runs.
    assert build(cases_dir, previous, today=TODAY).ok


USER_FILES = {
    # Names an older build's recovery deleted; a build must never touch them.
    ".build-abc123/notes.txt": b"mine",
    ".commitlintrc.json": b"{}",
    ".old-notes.txt": b"mine too",
    ".old-data/table.csv": b"kept",
    f"{PREFIX}mine.txt": b"even with the build's prefix, not listed in a journal",
}


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def test_next_build_removes_what_a_killed_build_left_before_the_commit(previous):
    before = snapshot(previous)
    _write(previous, {f"{STAGING_DIR}/data/table.csv": b"half written", **USER_FILES})
    (previous / JOURNAL).write_text(json.dumps({"entries": [STAGING_DIR, COMMIT_DIR]}), "utf-8")
    recover_outputs(previous)
    assert snapshot(previous) == {**before, **USER_FILES}
    assert not (previous / STAGING_DIR).exists() and not (previous / JOURNAL).exists()


def test_recovery_without_a_journal_removes_nothing(previous):
    before = snapshot(previous)
    _write(previous, {f"{STAGING_DIR}/data/table.csv": b"not ours to judge", **USER_FILES})
    recover_outputs(previous)
    assert snapshot(previous) == {
        **before,
        **USER_FILES,
        f"{STAGING_DIR}/data/table.csv": b"not ours to judge",
    }


def test_a_failing_build_leaves_user_files_alone(previous, cases_dir, monkeypatch):
    _write(previous, USER_FILES)
    before = snapshot(previous)
    (cases_dir / "test-case.md").write_text("not a case", "utf-8")  # fails the check
    assert not build(cases_dir, previous, today=TODAY).ok
    assert snapshot(previous) == before
    monkeypatch.setattr(
        build_module, "PRODUCTS", [product("data/", b"new"), product("book.pdf", b"x", fail=True)]
    )
    write_library(cases_dir)
    with pytest.raises(RuntimeError):
        build(cases_dir, previous, today=TODAY)
    assert snapshot(previous) == before


@pytest.mark.parametrize("moved", [0, 1, 2])
def test_next_build_finishes_a_build_killed_after_the_commit(previous, moved):
    """Killed while the products were moved into place, after `moved` of them."""
    commit, old = previous / COMMIT_DIR, previous / OLD_DIR
    (commit / "data").mkdir(parents=True)
    (commit / "data" / "table.csv").write_bytes(b"new table")
    (commit / "book.pdf").write_bytes(b"new")
    stamp = {"fingerprint": "the new one", "products": ["data", "book.pdf"]}
    manifest = {"products": ["data", "book.pdf"], "stamp": stamp}
    (commit / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    (previous / JOURNAL).write_text(json.dumps({"entries": [STAGING_DIR, COMMIT_DIR, OLD_DIR]}))
    old.mkdir()
    for name in ["data", "book.pdf"][:moved]:
        (previous / name).rename(old / name)
        (commit / name).rename(previous / name)
    recover_outputs(previous)
    assert snapshot(previous) == {"book.pdf": b"new", "data/table.csv": b"new table"}
    assert sorted(os.listdir(previous)) == [".lock", STAMP, "book.pdf", "data"]
    assert json.loads((previous / STAMP).read_text("utf-8")) == stamp


def _wait_for(condition, process: subprocess.Popen, what: str) -> None:
    """Poll until `condition()` holds; fail if the build ends first (no time assertion)."""
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the build ended before {what}: {process.stderr.read()}")
        time.sleep(0.01)


@pytest.mark.slow
def test_killed_build_leaves_the_previous_outputs_byte_for_byte(cases_dir, tmp_path):
    write_library(cases_dir)
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764374400"}
    command = [sys.executable, "-m", "pipeline", "build", "--cases", str(cases_dir)]
    first = subprocess.run([*command, "--out", str(out)], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    assert {"casebook.pdf", "data/datapackage.json"} <= set(before)
    command.append("--force")  # the same inputs again: rebuild rather than skip as up to date

    def staging(*parts: str):
        return lambda: (out / STAGING_DIR).joinpath(*parts).exists()

    kill_points = {
        "at once": lambda: True,
        "when the staging folder appears": staging(),
        "during rendering (data written, PDF not yet)": staging("data", "datapackage.json"),
    }
    for what, condition in kill_points.items():
        process = subprocess.Popen(
            [*command, "--out", str(out)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_for(condition, process, what)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL, what
        assert {k: v for k, v in snapshot(out).items() if not k.startswith(".")} == before, what

    # The next build removes what the killed ones left and replaces the outputs.
    again = subprocess.run([*command, "--out", str(out)], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert sorted(n for n in os.listdir(out) if n.startswith(".")) == [".cache", ".lock", STAMP]
    assert snapshot(out).keys() == before.keys()


def test_progress_is_told_every_stage(cases_dir, tmp_path, monkeypatch):
    write_library(cases_dir)
    monkeypatch.setattr(
        build_module, "PRODUCTS", [product("data/", b"t"), product("book.pdf", b"b")]
    )
    stages: list[str] = []
    build(cases_dir, tmp_path / "out", progress=stages.append, today=TODAY)
    assert stages == [
        f"Validating the case files in {cases_dir}",
        "Writing data/",  # each product's label, as PRODUCTS names it
        "Writing book.pdf",
    ]
