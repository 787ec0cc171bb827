"""The output folder as a transaction: lock, stage, commit, recover.

Plain files stand in for the products; nothing is rendered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from pipeline.fingerprint import STAMP
from pipeline.outputs import (
    COMMIT_DIR,
    JOURNAL,
    LOCK_FILE,
    MANIFEST,
    OLD_DIR,
    PREFIX,
    STAGING_DIR,
    BuildError,
    commit,
    exclusive,
    recover,
    source_date_epoch,
    staging,
)


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> text)."""
    return {
        p.relative_to(folder).as_posix(): p.read_text("utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An output folder with last build's products and a file of the user's."""
    out = tmp_path / "output"
    (out / "data").mkdir(parents=True)
    (out / "casebook.pdf").write_text("old pdf", "utf-8")
    (out / "data" / "cases.csv").write_text("old csv", "utf-8")
    (out / "notes.txt").write_text("mine", "utf-8")
    return out


def stage(folder: Path) -> None:
    """Write a new casebook.pdf and data/ into the staging `folder`."""
    (folder / "data").mkdir()
    (folder / "casebook.pdf").write_text("new pdf", "utf-8")
    (folder / "data" / "cases.csv").write_text("new csv", "utf-8")


# --- the lock --------------------------------------------------------------------------------


def test_a_second_holder_of_the_lock_is_refused(out_dir: Path):
    with exclusive(out_dir):
        with pytest.raises(BuildError) as info, exclusive(out_dir):
            pass
        assert str(info.value) == (
            f"Another build is running in {out_dir}. Wait for it to finish, then try again."
        )
    assert (out_dir / LOCK_FILE).is_file()


def test_the_lock_is_released_when_the_block_ends_even_by_an_error(out_dir: Path):
    with pytest.raises(KeyError), exclusive(out_dir):
        raise KeyError("x")
    # Free again: taken once more, and refused to a second holder once more.
    with exclusive(out_dir), pytest.raises(BuildError), exclusive(out_dir):
        pass


# --- staging and commit ----------------------------------------------------------------------


def test_staging_is_a_new_empty_folder_removed_when_the_block_ends(out_dir: Path):
    with staging(out_dir) as folder:
        assert folder.parent == out_dir
        assert folder.name == STAGING_DIR and folder.name.startswith(PREFIX)
        assert list(folder.iterdir()) == []
        # Listed in the journal before it was made, so that recovery may remove it.
        assert json.loads((out_dir / JOURNAL).read_text("utf-8"))["entries"][0] == STAGING_DIR
        (folder / "half.pdf").write_text("half", "utf-8")
    assert not folder.exists()
    assert sorted(p.name for p in out_dir.iterdir()) == ["casebook.pdf", "data", "notes.txt"]


def test_commit_installs_the_products_and_removes_the_staging_folder(out_dir: Path):
    (out_dir / STAMP).write_text("{}", "utf-8")
    with staging(out_dir) as folder:
        stage(folder)
        stamp = {"fingerprint": "new", "products": ["casebook.pdf", "data"]}
        installed = commit(out_dir, folder, ["casebook.pdf", "data"], stamp)
        assert not folder.exists()
    assert installed == [out_dir / "casebook.pdf", out_dir / "data"]
    assert tree(out_dir) == {
        STAMP: json.dumps(stamp) + "\n",
        "casebook.pdf": "new pdf",
        "data/cases.csv": "new csv",
        "notes.txt": "mine",
    }
    # The stamp is the new set's (the old one went first), nothing of the machinery is left.
    assert sorted(p.name for p in out_dir.iterdir()) == [STAMP, "casebook.pdf", "data", "notes.txt"]


def test_commit_replaces_a_product_folder_whole(out_dir: Path):
    (out_dir / "data" / "stale.csv").write_text("from an older build", "utf-8")
    with staging(out_dir) as folder:
        stage(folder)
        commit(out_dir, folder, ["data"], {})
    assert tree(out_dir) == {
        STAMP: "{}\n",
        "casebook.pdf": "old pdf",
        "data/cases.csv": "new csv",
        "notes.txt": "mine",
    }


@pytest.mark.parametrize("name", ["missing.pdf", ".hidden", "data/cases.csv"])
def test_commit_refuses_a_name_that_is_not_a_staged_product(out_dir: Path, name: str):
    before = tree(out_dir)
    with staging(out_dir) as folder:
        stage(folder)
        (folder / ".hidden").write_text("x", "utf-8")
        with pytest.raises(BuildError) as info:
            commit(out_dir, folder, ["casebook.pdf", name], {})
        assert str(info.value) == f"a product named {name!r} was not written as expected"
    assert tree(out_dir) == before
    assert not (out_dir / COMMIT_DIR).exists()


# --- recover ---------------------------------------------------------------------------------


def killed_after_the_commit_point(out_dir: Path, names: list[str]) -> None:
    """What a build killed just after its commit rename leaves: COMMIT_DIR with a manifest,
    and the journal."""
    folder = out_dir / COMMIT_DIR
    folder.mkdir()
    stage(folder)
    manifest = {"products": names, "stamp": {"fingerprint": "new", "products": names}}
    (folder / MANIFEST).write_text(json.dumps(manifest) + "\n", "utf-8")
    (out_dir / JOURNAL).write_text(json.dumps({"entries": [STAGING_DIR, COMMIT_DIR, OLD_DIR]}))


NEW_STAMP = json.dumps({"fingerprint": "new", "products": ["casebook.pdf", "data"]}) + "\n"


def test_recover_finishes_a_committed_build(out_dir: Path):
    killed_after_the_commit_point(out_dir, ["casebook.pdf", "data"])
    recover(out_dir)
    assert tree(out_dir) == {
        STAMP: NEW_STAMP,
        "casebook.pdf": "new pdf",
        "data/cases.csv": "new csv",
        "notes.txt": "mine",
    }


def test_recover_finishes_a_build_killed_half_way_through_installing(out_dir: Path):
    # casebook.pdf was swapped already, data/ was moved aside but not yet replaced.
    killed_after_the_commit_point(out_dir, ["casebook.pdf", "data"])
    (out_dir / OLD_DIR).mkdir()
    (out_dir / "casebook.pdf").rename(out_dir / OLD_DIR / "casebook.pdf")
    (out_dir / COMMIT_DIR / "casebook.pdf").rename(out_dir / "casebook.pdf")
    (out_dir / "data").rename(out_dir / OLD_DIR / "data")
    recover(out_dir)
    assert tree(out_dir) == {
        STAMP: NEW_STAMP,
        "casebook.pdf": "new pdf",
        "data/cases.csv": "new csv",
        "notes.txt": "mine",
    }


def test_recover_removes_stale_staging_folders_and_keeps_the_last_good_products(out_dir: Path):
    (out_dir / STAGING_DIR).mkdir()
    (out_dir / STAGING_DIR / "casebook.pdf").write_text("half-written", "utf-8")
    (out_dir / JOURNAL).write_text(json.dumps({"entries": [STAGING_DIR, COMMIT_DIR, OLD_DIR]}))
    # A commit folder without its manifest never reached the commit point.
    (out_dir / COMMIT_DIR).mkdir()
    (out_dir / COMMIT_DIR / "casebook.pdf").write_text("incomplete", "utf-8")
    (out_dir / OLD_DIR).mkdir()
    recover(out_dir)
    assert tree(out_dir) == {
        "casebook.pdf": "old pdf",
        "data/cases.csv": "old csv",
        "notes.txt": "mine",
    }


def test_recover_leaves_user_files_without_the_builds_prefixes(out_dir: Path):
    mine = ["build-notes.txt", ".build", ".gitignore", ".cache", "old", "commit.txt"]
    for name in mine:
        (out_dir / name).write_text("mine", "utf-8")
    (out_dir / LOCK_FILE).write_text("", "utf-8")
    recover(out_dir)
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        [*mine, LOCK_FILE, "casebook.pdf", "data", "notes.txt"]
    )


def test_recover_removes_only_what_a_journal_lists(out_dir: Path):
    # Names an older recovery matched by prefix, and one with this build's prefix: all kept.
    mine = [".old-notes", ".commit-msg", ".build-x", f"{PREFIX}x.txt"]
    for name in mine:
        (out_dir / name).write_text("mine", "utf-8")
    (out_dir / JOURNAL).write_text(json.dumps({"entries": [STAGING_DIR, "notes.txt", "../x"]}))
    recover(out_dir)
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        [*mine, "casebook.pdf", "data", "notes.txt"]
    )


def test_recover_of_a_clean_folder_changes_nothing(out_dir: Path):
    before = tree(out_dir)
    recover(out_dir)
    assert tree(out_dir) == before


def test_commit_never_touches_files_that_are_not_named(out_dir: Path, tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text("elsewhere", "utf-8")
    (out_dir / "link.txt").symlink_to(outside)
    with staging(out_dir) as folder:
        stage(folder)
        commit(out_dir, folder, ["casebook.pdf"], {})
    recover(out_dir)
    assert outside.read_text("utf-8") == "elsewhere"
    assert (out_dir / "link.txt").is_symlink()
    assert tree(out_dir)["data/cases.csv"] == "old csv"


# --- SOURCE_DATE_EPOCH -----------------------------------------------------------------------


def test_source_date_epoch_is_set_for_the_block_and_removed_after(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with source_date_epoch(dt.date(2026, 11, 29)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1795910400"
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_source_date_epoch_already_set_is_kept(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    with source_date_epoch(dt.date(2026, 11, 29)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "0"
    assert os.environ["SOURCE_DATE_EPOCH"] == "0"
