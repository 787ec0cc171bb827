"""The fingerprint: every input that changes a byte of the outputs changes it."""

from __future__ import annotations

import json

from pipeline import fingerprint
from pipeline.fingerprint import case_digests, code_fingerprint, system_libraries


def test_the_system_libraries_that_shape_the_pdf_are_named():
    found = system_libraries()
    assert set(found) == {"pango", "harfbuzz", "fontconfig", "harfbuzz-subset"}
    assert found["harfbuzz-subset"] in ("yes", "no")
    assert found["pango"].isdigit()  # Pango is on every machine that builds the casebook


def test_whether_harfbuzz_subset_is_there_changes_the_code_fingerprint(monkeypatch):
    before = code_fingerprint()
    other = {
        **system_libraries(),
        "harfbuzz-subset": "no" if system_libraries()["harfbuzz-subset"] == "yes" else "yes",
    }
    monkeypatch.setattr(fingerprint, "system_libraries", lambda: other)
    assert code_fingerprint() != before


def test_case_digests_read_at_most_the_limit_and_never_follow_a_link(tmp_path):
    (tmp_path / "a.md").write_bytes(b"x")
    (tmp_path / "b.md").symlink_to("/dev/zero")
    digests = case_digests([tmp_path / "a.md", tmp_path / "b.md"])
    assert digests == {
        "a.md": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
        "b.md": "",
    }


def test_the_next_build_lists_the_cases_added_changed_and_removed(tmp_path):
    from pipeline.cli import changes_line
    from pipeline.fingerprint import STAMP, CaseChanges, case_changes, stamp_record

    assert case_changes(tmp_path, {"a.md": "1"}) is None  # no earlier build
    before = stamp_record("f", ["data"], {"a.md": "1", "b.md": "2", "c.md": "3"})
    (tmp_path / STAMP).write_text(json.dumps(before), "utf-8")
    changes = case_changes(tmp_path, {"a.md": "1", "b.md": "9", "d.md": "4"})
    assert changes == CaseChanges(added=("d.md",), changed=("b.md",), removed=("c.md",))
    assert changes_line(changes) == (
        "Since the last build: 1 added (d.md), 1 changed (b.md), 1 removed (c.md)."
    )
    assert changes_line(CaseChanges(changed=("b.md",))) == (
        "Since the last build: none added, 1 changed (b.md), none removed."
    )
    assert changes_line(CaseChanges()) == (
        "Since the last build: no case file added, changed or removed."
    )
