"""Shared fixtures: a factory for case files, so each test states only what it changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import case_text


@pytest.fixture
def cases_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    return folder


@pytest.fixture
def write_case(cases_dir: Path) -> Callable[..., Path]:
    """write_case("id", front=..., body=..., raw=b"...") -> path of the written file."""

    def write(case_id: str = "test-case", *, raw: bytes | None = None, **parts: str) -> Path:
        path = cases_dir / f"{case_id}.md"
        path.write_bytes(raw if raw is not None else case_text(case_id, **parts).encode("utf-8"))
        return path

    return write


@pytest.fixture(scope="session")
def bundled_cases() -> Path:
    return Path(__file__).resolve().parent.parent / "cases"
