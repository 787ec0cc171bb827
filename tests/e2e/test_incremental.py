"""Up-to-date checks: a build with no changed input redoes nothing; any change rebuilds.

Incremental and cold builds must give the same outputs, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import build as build_module
from pipeline.build import build
from pipeline.fingerprint import STAMP, case_digests, fingerprint
from tests.support import TODAY, case_text


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in (".lock", STAMP) and ".cache" not in p.parts
    }


@pytest.fixture
def pinned(monkeypatch):
    # The colophon prints the git commit; pin it so a commit during the test can't interfere.
    monkeypatch.setattr(build_module, "data_version", lambda _folder: "test-version")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")


def test_fingerprint_changes_with_any_input(cases_dir, write_case):
    path = write_case("test-case")
    base = fingerprint(case_digests([path]), {"lang": "en"})
    assert fingerprint(case_digests([path]), {"lang": "en"}) == base
    assert fingerprint(case_digests([path]), {"lang": "nl"}) != base
    path.write_text(case_text("test-case").replace("Designed and led", "Led"), "utf-8")
    assert fingerprint(case_digests([path]), {"lang": "en"}) != base


@pytest.mark.slow
def test_unchanged_build_is_skipped_and_outputs_stay_identical(
    cases_dir, write_case, tmp_path, pinned
):
    write_case("test-case")
    out = tmp_path / "out"
    cold = build(cases_dir, out, today=TODAY)
    assert not cold.up_to_date and cold.pages > 0
    before = outputs(out)

    again = build(cases_dir, out, today=TODAY)
    assert again.up_to_date
    assert [p.name for p in again.outputs] == [p.name for p in cold.outputs]
    assert outputs(out) == before

    forced = build(cases_dir, out, force=True, today=TODAY)
    assert not forced.up_to_date
    assert outputs(out) == before  # a forced rebuild of the same inputs: same bytes


@pytest.mark.slow
def test_edited_case_rebuilds_exactly_as_a_cold_build(cases_dir, write_case, tmp_path, pinned):
    write_case("test-case")
    write_case("other-case")
    out = tmp_path / "out"
    build(cases_dir, out, today=TODAY)
    kept = _pieces(out)
    assert sorted(folder for folder, _name, _mtime in kept) == ["cards"] + ["facilitator"] * 2
    edited = case_text("test-case").replace("Designed and led the study.", "Led the study.")
    (cases_dir / "test-case.md").write_text(edited, "utf-8")

    incremental = build(cases_dir, out, today=TODAY)
    assert not incremental.up_to_date
    # Neither the cards nor the pack print a partner's role: their pieces came from the cache.
    assert _pieces(out) == kept
    cold_out = tmp_path / "cold"
    build(cases_dir, cold_out, today=TODAY)
    assert outputs(out) == outputs(cold_out)
    assert "Led the study." in (out / "data" / "partners.csv").read_text("utf-8")


@pytest.mark.slow
def test_missing_output_is_rebuilt(cases_dir, write_case, tmp_path, pinned):
    write_case("test-case")
    out = tmp_path / "out"
    build(cases_dir, out, today=TODAY)
    (out / "casebook.pdf").unlink()
    result = build(cases_dir, out, today=TODAY)
    assert not result.up_to_date
    assert (out / "casebook.pdf").exists()


@pytest.mark.slow
def test_an_edit_adding_pages_renders_its_part_and_the_front_and_back_only(
    cases_dir, write_case, tmp_path, pinned, monkeypatch
):
    from pipeline.casebook import kit, parts

    monkeypatch.setattr(parts, "RUN_LENGTH", 1)  # every case a part of its own
    monkeypatch.setattr(kit, "PIECE_SCALE", 1)  # and a piece of the cards and the pack
    for case_id in ("alpha-case", "beta-case", "gamma-case"):
        write_case(case_id)
    out = tmp_path / "out"
    first = build(cases_dir, out, today=TODAY)
    # Front, overview, guide, three runs, back: each rendered once, cold.
    assert first.parts == (7, 7)
    kept = _pieces(out)  # the cards of each run; the pack's front and its notes on each run
    assert sorted(folder for folder, _name, _mtime in kept) == ["cards"] * 3 + ["facilitator"] * 4
    # Two pages more in the first case: every later page number moves.
    longer = (
        (cases_dir / "alpha-case.md")
        .read_text("utf-8")
        .replace(
            "## Lessons learned\n",
            "## Lessons learned\n\n" + "More words on the lessons. " * 600 + "\n",
        )
    )
    (cases_dir / "alpha-case.md").write_text(longer, "utf-8")
    edited = build(cases_dir, out, today=TODAY)
    assert edited.pages >= first.pages + 2
    # The run of the edited case, the overview (its reading time) and the front and back
    # matter (contents, index); the guide (across the cases: no page numbers) and the
    # later chapters come from the cache, their folios printed anew when put together.
    assert edited.parts == (4, 7)
    # The cards and the pack's notes name cases by number: only the pieces of the edited
    # case (its reading time) are rendered again, and the pack's front (it prints pages).
    before = {(folder, name) for folder, name, _mtime in kept}
    after = {(folder, name) for folder, name, _mtime in _pieces(out)}
    assert sorted(folder for folder, _name in after - before) == [
        "cards",
        "facilitator",
        "facilitator",
    ]
    assert sorted(folder for folder, _name in after & before) == ["cards"] * 2 + ["facilitator"] * 2
    cold_out = tmp_path / "cold"
    build(cases_dir, cold_out, today=TODAY)
    assert outputs(out) == outputs(cold_out)


def _pieces(out: Path) -> set[tuple[str, str, int]]:
    """The cached pieces of the cards and the pack: (folder, file name, modification time)."""
    return {
        (folder, path.name, path.stat().st_mtime_ns)
        for folder in ("cards", "facilitator")
        for path in (out / ".cache" / folder).glob("*.pdf")
    }
