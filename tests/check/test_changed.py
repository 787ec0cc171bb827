"""`validate --changed`: only the case files a branch changes are reported."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.check.changed import ChangedError, changed_cases
from pipeline.cli import main
from tests.support import VALID_FRONT_MATTER, case_text


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with two committed cases on main (one with a warning), on a branch."""
    for var in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "CASES_BASE_REF"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    old = VALID_FRONT_MATTER.format(id="old-case").replace("2026-01-31", "2020-01-31")
    (cases / "old-case.md").write_text(case_text(front=old), "utf-8")
    (cases / "kept-case.md").write_text(case_text("kept-case"), "utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "cases")
    git(tmp_path, "checkout", "-qb", "my-case")
    return cases


def test_only_the_branchs_files_are_reported(repo: Path, capsys):
    (repo / "kept-case.md").write_text(
        case_text("kept-case").replace("scope: national", "scope: nationl"), "utf-8"
    )
    (repo / "new-case.md").write_text(case_text("new-case"), "utf-8")  # not yet added to git
    (repo / "_template.md").write_text("---\n---\n", "utf-8")  # a template is never a case
    assert changed_cases(repo, "main") == [repo / "kept-case.md", repo / "new-case.md"]
    assert main(["validate", "--cases", str(repo), "--changed", "--base", "main"]) == 1
    out = capsys.readouterr().out
    # The old case's warning (an old review) is left out: the branch did not touch it.
    assert "old-case" not in out and "[unknown-term] scope:" in out
    assert out.rstrip().endswith("2 file(s) checked: 1 error(s), 0 warning(s).")


def test_nothing_changed_reports_nothing(repo: Path, capsys):
    assert main(["validate", "--cases", str(repo), "--changed"]) == 0
    assert capsys.readouterr().out.strip() == "0 file(s) checked: 0 error(s), 0 warning(s)."


def test_an_unknown_base_is_a_one_line_error(repo: Path, capsys):
    with pytest.raises(ChangedError):
        changed_cases(repo, "no-such-branch")
    assert main(["validate", "--cases", str(repo), "--changed", "--base", "no-such-branch"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("git merge-base no-such-branch HEAD failed:") and "\n" not in err


def test_preview_changed_previews_each_changed_case_in_its_own_language(repo, monkeypatch, capsys):
    import importlib.util
    import sys

    from invoke import Context

    from pipeline import preview
    from pipeline.build import BuildResult
    from pipeline.check.validate import ValidationResult

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("_tasks_preview", root / "tasks.py")
    assert spec is not None and spec.loader is not None
    tasks = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, tasks)
    spec.loader.exec_module(tasks)
    monkeypatch.setattr(tasks, "ROOT", repo.parent)
    made = []

    def fake(source: Path, target: Path, *, lang: str | None = None) -> BuildResult:
        made.append((source.name, target.relative_to(repo.parent).as_posix(), lang))
        return BuildResult(ValidationResult(files=1), pages=2, language="nl")

    monkeypatch.setattr(preview, "build_preview", fake)
    dutch = case_text("new-case").replace("language: en", "language: nl")
    (repo / "new-case.md").write_text(dutch, "utf-8")
    tasks.preview_changed(Context(), cases=str(repo), base="main")
    # No language asked for: build_preview takes the case's own.
    assert made == [("new-case.md", "output/preview/new-case.pdf", None)]
    assert capsys.readouterr().out == "Preview: output/preview/new-case.pdf (2 pages)\n"


def test_a_changed_case_is_still_compared_with_the_unchanged_ones(repo: Path, capsys):
    # The unchanged cases are only glanced at, but the check across files still sees them.
    front = VALID_FRONT_MATTER.format(id="new-case").replace(
        "  - name: Test NGO", "  - name: Test N.G.O."
    )
    (repo / "new-case.md").write_text(case_text(front=front), "utf-8")
    assert main(["validate", "--cases", str(repo), "--changed", "--base", "main"]) == 0
    out = capsys.readouterr().out
    assert "[organisation-spelling] partners[0].name: “Test N.G.O.” looks like “Test NGO”" in out
    assert "kept-case.md" in out  # named as the other spelling's file, not reported itself
    assert "old-case" not in out
    assert out.rstrip().endswith("1 file(s) checked: 0 error(s), 1 warning(s).")
