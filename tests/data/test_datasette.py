"""casebook.sqlite served by datasette: the tables answer over HTTP as they are in the file.

Starts `datasette serve` on a free port of 127.0.0.1 only, waits at most STARTUP seconds,
and stops it in a `finally`. Skipped when datasette is not installed; set
CASEBOOK_DATASETTE to a datasette executable (e.g. one in its own venv) to use that one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from pipeline.build import load_library
from pipeline.config import ROOT, CasebookConfig
from pipeline.data.database import write_database
from pipeline.data.package import package_descriptor, table_rows
from tests.support import BUNDLED_TODAY

STARTUP = 20.0  # seconds datasette gets to answer
HOST = "127.0.0.1"
# Never through a proxy: the server is on this machine.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _datasette() -> list[str] | None:
    """The command that runs datasette, or None when there is none."""
    if executable := os.environ.get("CASEBOOK_DATASETTE"):
        return [executable]
    if importlib.util.find_spec("datasette") is not None:
        return [sys.executable, "-m", "datasette"]
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, timeout: float = 5.0) -> Any:
    with _OPENER.open(f"http://{HOST}:{port}{path}", timeout=timeout) as response:
        assert response.status == 200, path
        return json.loads(response.read().decode("utf-8"))


def _wait(process: subprocess.Popen[bytes], port: int) -> None:
    """Until datasette answers on `port`; fails after STARTUP seconds or when it exits."""
    end = time.monotonic() + STARTUP
    while time.monotonic() < end:
        if process.poll() is not None:
            pytest.fail(f"datasette exited with {process.returncode} before it answered")
        try:
            _get(port, "/-/versions.json", timeout=1.0)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"datasette did not answer on {HOST}:{port} within {STARTUP:.0f} s")


@pytest.mark.slow
def test_datasette_serves_the_cases_and_partners(tmp_path: Path) -> None:
    command = _datasette()
    if command is None:
        pytest.skip("datasette is not installed (pip install datasette, or set CASEBOOK_DATASETTE)")
    _, library = load_library(ROOT / "cases", today=BUNDLED_TODAY)
    assert library is not None
    descriptor = package_descriptor(library, CasebookConfig(), version="t", created="C")
    rows = table_rows(library)
    database = write_database(descriptor, rows, tmp_path / "casebook.sqlite")
    port = _free_port()
    process = subprocess.Popen(
        [*command, "serve", str(database), "--port", str(port), "-h", HOST],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(process, port)
        cases = _get(port, "/casebook/cases.json?_shape=array&_size=max")
        assert [c["id"] for c in cases] == [r["id"] for r in rows["cases"]]
        assert [c["title"] for c in cases] == [r["title"] for r in rows["cases"]]
        assert all(isinstance(c["started"], int) for c in cases)
        partners = _get(port, "/casebook/partners.json?_size=max")
        assert partners["columns"][:4] == ["case_id", "position", "organisation_id", "name"]
        got = [dict(zip(partners["columns"], row, strict=True)) for row in partners["rows"]]
        assert [(p["case_id"], p["position"], p["name"]) for p in got] == [
            (r["case_id"], int(r["position"]), r["name"]) for r in rows["partners"]
        ]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
