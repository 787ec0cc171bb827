"""Checking files on both cores gives what checking them one by one gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.check import pool
from pipeline.check.validate import validate_library
from tests.support import TODAY, VALID_FRONT_MATTER, case_text


def test_forked_and_serial_checks_report_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for i in range(8):
        front = VALID_FRONT_MATTER.format(id=f"case-{i}")
        if i % 3 == 0:
            front = front.replace("scope: national", "scope: nationl")
        (tmp_path / f"case-{i}.md").write_text(case_text(front=front), "utf-8")
    (tmp_path / "broken.md").write_bytes(b"\xff\xfe not text")
    monkeypatch.setattr(pool, "cores", lambda: 1)
    serial = validate_library(tmp_path, today=TODAY)
    monkeypatch.setattr(pool, "cores", lambda: 2)
    monkeypatch.setattr(pool, "PARALLEL_FROM", 4)  # so that 9 files are split in two
    forked = validate_library(tmp_path, today=TODAY)
    assert forked.problems == serial.problems and len(serial.problems) == 4
    assert [c.id for c in forked.cases] == [c.id for c in serial.cases]
    assert forked.digests == serial.digests and len(serial.digests) == 9


def test_the_paths_are_split_in_order(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pool, "cores", lambda: 2)
    monkeypatch.setattr(pool, "PARALLEL_FROM", 2)
    paths = [Path(f"{i}.md") for i in range(7)]
    seen: list[str] = []
    # The work goes to the other processes, so it must be picklable: os.fspath is.
    assert pool.map_files(os.fspath, paths, lambda: seen.append("meanwhile")) == [
        f"{i}.md" for i in range(7)
    ]
    assert seen == ["meanwhile"]


def test_with_other_threads_running_the_files_are_checked_here(monkeypatch: pytest.MonkeyPatch):
    import threading

    monkeypatch.setattr(pool, "cores", lambda: 2)
    monkeypatch.setattr(pool, "PARALLEL_FROM", 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        here = os.getpid()
        # Run in this process: a lambda (not picklable) would fail in a pool.
        assert pool.map_files(lambda _p: os.getpid(), [Path("a"), Path("b")]) == [here, here]
    finally:
        stop.set()
        other.join()
