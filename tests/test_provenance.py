"""Provenance from git: the pure parser on literal `git log` output, and the git calls on
small repositories made in tmp_path with fixed commit dates.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.provenance import (
    Provenance,
    build_date,
    data_version,
    git_provenance,
    package_version,
    parse_git_log,
    project_version,
    release_tag,
)

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


@pytest.fixture(autouse=True)
def no_repository_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git must not find a repository above tmp_path, nor the caller's settings."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def git(repo: Path, *args: str, date: str = "2025-01-01T12:00:00+00:00") -> None:
    """Run git in `repo` with a fixed author, committer and date."""
    env = {
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "HOME": str(repo),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def commit_all(repo: Path, message: str, date: str) -> None:
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", message, date=date)


# --- parse_git_log ---------------------------------------------------------------------------

GIT_LOG = (
    "\x012026-03-02\n\nb-case.md\na-case.md\n"
    "\x012025-01-15\n\na-case.md\n"
    "\x01not-a-date\n\nignored.md\n"
    "\x012024-06-30\n\na-case.md\n"
)


def test_parse_git_log():
    assert parse_git_log(GIT_LOG) == {
        "a-case.md": Provenance(dt.date(2024, 6, 30), dt.date(2026, 3, 2), 3),
        "b-case.md": Provenance(dt.date(2026, 3, 2), dt.date(2026, 3, 2), 1),
    }
    assert parse_git_log("") == {}


def test_parse_git_log_skips_names_before_the_first_commit_and_keeps_names_whole():
    text = (
        "stray.md\n"
        "\x012025-05-06\n\n  spaced name.md  \nsub/nested.md\n\n"
        "\x012025-05-01\nspaced name.md\n"
    )
    assert parse_git_log(text) == {
        "spaced name.md": Provenance(dt.date(2025, 5, 1), dt.date(2025, 5, 6), 2),
        "sub/nested.md": Provenance(dt.date(2025, 5, 6), dt.date(2025, 5, 6), 1),
    }


def test_provenance_outside_git_is_empty(tmp_path: Path):
    assert git_provenance(tmp_path) == {}
    assert git_provenance(tmp_path / "missing") == {}


@needs_git
def test_provenance_from_a_repository(tmp_path: Path):
    folder = tmp_path / "cases"
    folder.mkdir()
    git(tmp_path, "init", "-q")
    (folder / "a-case.md").write_text("one")
    (tmp_path / "outside.md").write_text("not a case")
    commit_all(tmp_path, "add", "2025-01-01T12:00:00+00:00")
    (folder / "a-case.md").write_text("two")
    (folder / "b-case.md").write_text("new")
    commit_all(tmp_path, "change", "2025-02-03T12:00:00+00:00")
    (folder / "c-case.md").write_text("not committed")
    assert git_provenance(folder) == {
        "a-case.md": Provenance(dt.date(2025, 1, 1), dt.date(2025, 2, 3), 2),
        "b-case.md": Provenance(dt.date(2025, 2, 3), dt.date(2025, 2, 3), 1),
    }


@needs_git
def test_provenance_uses_the_committer_date_in_utc_terms_of_the_commit_and_skips_merges(
    tmp_path: Path,
):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a-case.md").write_text("one")
    commit_all(tmp_path, "add", "2024-12-31T23:30:00-02:00")
    git(tmp_path, "checkout", "-q", "-b", "side")
    (tmp_path / "b-case.md").write_text("side")
    commit_all(tmp_path, "side", "2025-03-01T10:00:00+00:00")
    git(tmp_path, "checkout", "-q", "main")
    (tmp_path / "a-case.md").write_text("two")
    commit_all(tmp_path, "main", "2025-04-01T10:00:00+00:00")
    git(tmp_path, "merge", "-q", "--no-ff", "-m", "merge", "side", date="2025-05-01T10:00:00+00:00")
    # %cs is the committer date as the committer wrote it (its own time zone): 2024-12-31.
    # The merge commit counts for neither file.
    assert git_provenance(tmp_path) == {
        "a-case.md": Provenance(dt.date(2024, 12, 31), dt.date(2025, 4, 1), 2),
        "b-case.md": Provenance(dt.date(2025, 3, 1), dt.date(2025, 3, 1), 1),
    }


@needs_git
def test_a_renamed_file_starts_a_new_history(tmp_path: Path):
    git(tmp_path, "init", "-q")
    (tmp_path / "old-id.md").write_text("one")
    commit_all(tmp_path, "add", "2025-01-01T12:00:00+00:00")
    git(tmp_path, "mv", "old-id.md", "new-id.md")
    commit_all(tmp_path, "rename", "2025-06-01T12:00:00+00:00")
    assert git_provenance(tmp_path) == {
        "new-id.md": Provenance(dt.date(2025, 6, 1), dt.date(2025, 6, 1), 1),
        "old-id.md": Provenance(dt.date(2025, 1, 1), dt.date(2025, 6, 1), 2),
    }


def test_provenance_without_git_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert git_provenance(tmp_path) == {}


# --- build_date and data_version -------------------------------------------------------------


def test_build_date_from_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 29, 23, 59, tzinfo=dt.UTC).timestamp()))
    )
    assert build_date(tmp_path) == dt.date(2026, 11, 29)


@needs_git
def test_build_date_from_the_last_commit_and_source_date_epoch_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    git(tmp_path, "init", "-q")
    (tmp_path / "a-case.md").write_text("one")
    commit_all(tmp_path, "add", "2025-01-01T12:00:00+00:00")
    (tmp_path / "a-case.md").write_text("two")
    # 23:30 at UTC-02:00 is the next day in UTC: the build date is the UTC day.
    commit_all(tmp_path, "change", "2025-02-03T23:30:00-02:00")
    sub = tmp_path / "cases"
    sub.mkdir()
    assert build_date(tmp_path) == build_date(sub) == dt.date(2025, 2, 4)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert build_date(sub) == dt.date(1970, 1, 1)


def test_build_date_outside_git_is_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    before = dt.date.today()
    assert before <= build_date(tmp_path) <= dt.date.today()
    # A SOURCE_DATE_EPOCH that is not a number of seconds is ignored.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert before <= build_date(tmp_path) <= dt.date.today()


@needs_git
def test_data_version_is_the_short_commit(tmp_path: Path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a-case.md").write_text("one")
    commit_all(tmp_path, "add", "2025-01-01T12:00:00+00:00")
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert data_version(tmp_path) == head[:12]
    assert len(head) == 40


def test_data_version_outside_git_is_unversioned(tmp_path: Path):
    assert data_version(tmp_path) == "unversioned"


@needs_git
def test_data_version_of_a_repository_without_commits_is_unversioned(tmp_path: Path):
    git(tmp_path, "init", "-q")
    assert data_version(tmp_path) == "unversioned"


@needs_git
def test_release_tag_and_the_package_version_of_a_tagged_and_an_untagged_commit(tmp_path: Path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a-case.md").write_text("a\n", encoding="utf-8")
    commit_all(tmp_path, "first", "2026-01-01T12:00:00+00:00")
    assert release_tag(tmp_path) == ""
    commit = data_version(tmp_path)
    assert package_version("1.2.0", commit, release_tag(tmp_path)) == f"1.2.0+g{commit}"
    git(tmp_path, "tag", "v1.2.0")
    assert release_tag(tmp_path) == "v1.2.0"
    assert package_version("1.2.0", commit, release_tag(tmp_path)) == "1.2.0"


def test_release_tag_outside_git_is_empty(tmp_path: Path):
    assert release_tag(tmp_path) == ""


def test_project_version_reads_project_version(tmp_path: Path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\nversion = "3.4.5"\n', encoding="utf-8")
    assert project_version(pyproject) == "3.4.5"
