"""The fingerprint: every input that changes a byte of the outputs changes it."""

from __future__ import annotations

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
