"""The package as users install it: a wheel, installed into a fresh venv, builds the casebook
from another folder with only what the wheel ships (schema, templates, fonts, catalogues).

Nothing is downloaded: the wheel is built with the build backend of this environment
(`--no-build-isolation`), installed without dependencies, and the new venv finds the
dependencies through a .pth file naming this environment's site-packages. One full build
(about 25 s), so the test is slow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Not needed to build the wheel, and large or changing while tests run.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "output", "build", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis"
)


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def backend_problem() -> str | None:
    """Why this environment cannot build the wheel offline, or None when it can."""
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["build-system"]
    wanted = [Requirement(r) for r in requires["requires"]]
    for requirement in wanted:
        found = run(
            sys.executable,
            "-c",
            f"import importlib.metadata as m; print(m.version({requirement.name!r}))",
            cwd=ROOT,
        )
        version = found.stdout.strip()
        if found.returncode != 0:
            return f"{requirement.name} is not installed"
        if not requirement.specifier.contains(version, prereleases=True):
            return f"{requirement.name} {version} does not satisfy build-system {requirement}"
    return None


def package_files() -> set[str]:
    """Every non-Python file the package carries, as the wheel names it."""
    files = {
        "pipeline/" + p.relative_to(ROOT / "pipeline").as_posix()
        for p in (ROOT / "pipeline").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc")
    }
    files |= {
        "pipeline/schema/" + p.relative_to(ROOT / "schema").as_posix()
        for p in (ROOT / "schema").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc")
    }
    return {f for f in files if "__pycache__" not in f}


def test_wheel_installs_and_builds_the_casebook_from_another_folder(tmp_path: Path):
    problem = backend_problem()
    if problem:
        pytest.skip(f"cannot build the wheel without downloading: {problem}")

    # The wheel, from a copy of the checkout (a build writes build/ and *.egg-info beside it).
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    wheels = tmp_path / "wheels"
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-cache-dir",
        "-w",
        wheels,
        source,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = wheels.glob("partnership_case_library-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert sorted(package_files() - shipped) == []
    assert {
        "pipeline/schema/vocabularies.yaml",
        "pipeline/schema/sections.yaml",
        "pipeline/schema/reference/m49.csv",
        "pipeline/casebook/templates/casebook.html.j2",
        "pipeline/data/templates/data-readme.md.j2",
        "pipeline/catalogues/en.yaml",
        "pipeline/catalogues/nl.yaml",
        "pipeline/codes.yaml",
        "pipeline/assets/fonts/fonts.css",
    } <= shipped

    # A fresh venv with the wheel alone; the dependencies come from this environment.
    venv = tmp_path / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "--no-cache-dir",
        wheel,
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).stdout.strip()
    )
    # A .pth line adds a folder to sys.path without running that folder's own .pth files,
    # so this environment's editable install of the checkout stays out of the new venv.
    (site / "_host_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    where = run(python, "-c", "import pipeline; print(pipeline.__file__)", cwd=elsewhere, env=env)
    assert Path(where.stdout.strip()) == site / "pipeline" / "__init__.py", where.stderr
    assert (site / "pipeline" / "schema" / "vocabularies.yaml").is_file()

    out = tmp_path / "out"
    build = run(
        python, "-m", "pipeline", "build", "--cases", ROOT / "cases", "--out", out,
        cwd=elsewhere,
        env=env,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert (out / "casebook.pdf").is_file()
    assert (out / "data" / "datapackage.json").is_file()
    assert (out / "casebook.pdf").read_bytes().startswith(b"%PDF-")
    assert list(elsewhere.iterdir()) == []
