"""All products switch together: a build stopped at any step of the commit leaves either the
complete old set with its stamp or the complete new set with its stamp, never a mix, and
never a stamp that claims outputs that are not there.

The failure is injected, not timed: a child process builds with every rename of the output
folder counted (`pipeline.outputs._rename`) and dies (`os._exit`) at the one asked for.
Products are tiny fakes, so that each build takes a moment.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import build as build_module
from pipeline.build import BuildError, build
from pipeline.edition import ProductResult
from pipeline.fingerprint import STAMP
from pipeline.outputs import JOURNAL, PREFIX, exclusive, recover
from tests.support import TODAY, case_text, snapshot

# The child: fake products that write `content`; dies at rename number `stop` (0: never).
CHILD = """
import os, sys
from pathlib import Path
import pipeline.build as b, pipeline.outputs as o
from pipeline.edition import Edition, ProductResult
cases, out, content, lang, stop = sys.argv[1:6]

def fake(name):
    def write(library, edition, info, staging):
        if name.endswith("/"):
            (staging / name).mkdir()
            (staging / name / "table.csv").write_text(content)
        else:
            (staging / name).write_text(content)
        return ProductResult((name.rstrip("/"),))
    return (name, write)

b.PRODUCTS = [fake("data/"), fake("book.pdf")]
calls = 0
real = o._rename

def counted(source, target):
    global calls
    calls += 1
    if calls == int(stop):
        os._exit(9)
    real(source, target)

o._rename = counted
result = b.build(Path(cases), Path(out), Edition(lang=lang))
print(calls)
"""


def child(
    cases: Path, out: Path, content: str, lang: str, stop: int
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(cases), str(out), content, lang, str(stop)],
        capture_output=True,
        text=True,
    )


def products(out: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(out).items() if not k.startswith(".")}


@pytest.fixture
def library(cases_dir: Path) -> Path:
    for case_id in ("test-case", "other-case"):
        (cases_dir / f"{case_id}.md").write_text(case_text(case_id), "utf-8")
    return cases_dir


@pytest.mark.slow
def test_a_build_stopped_at_any_rename_leaves_one_whole_set_and_a_true_stamp(library, tmp_path):
    reference = tmp_path / "reference"
    assert child(library, reference, "old", "en", 0).returncode == 0
    done = child(library, reference, "new", "nl", 0)  # over an old set, as below
    assert done.returncode == 0, done.stderr
    renames = int(done.stdout.split()[-1])
    new, new_stamp = products(reference), (reference / STAMP).read_text("utf-8")
    assert renames >= 8 and new == {"book.pdf": b"new", "data/table.csv": b"new"}
    seen = set()
    for stop in range(1, renames + 1):
        out = tmp_path / f"out-{stop}"
        first = child(library, out, "old", "en", 0)
        assert first.returncode == 0, first.stderr
        old, old_stamp = products(out), (out / STAMP).read_text("utf-8")
        killed = child(library, out, "new", "nl", stop)
        assert killed.returncode == 9, (stop, killed.stderr)
        with exclusive(out):
            recover(out)
        after = products(out)
        stamp = (out / STAMP).read_text("utf-8") if (out / STAMP).exists() else None
        assert (after, stamp) in ((old, old_stamp), (old, None), (new, new_stamp)), stop
        assert [n for n in os.listdir(out) if n.startswith(PREFIX)] == [], stop
        seen.add("new" if after == new else "old")
        # The English build again is up to date only over the English set.
        again = child(library, out, "old", "en", 0)
        assert again.returncode == 0 and products(out) == old, (stop, again.stderr)
    assert seen == {"old", "new"}  # stops before and after the commit point were both tried


def _fake(name: str, *, error: OSError | None = None):
    def write(library, edition, info, staging: Path) -> ProductResult:
        (staging / name).write_bytes(b"partial")
        if error is not None:
            raise error
        return ProductResult((name,))

    return (name, write)


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (errno.ENOSPC, "the disk is full: free some space, then build again"),
        (errno.EROFS, "it is read-only or not yours: choose another folder with --out"),
    ],
)
def test_a_full_or_read_only_folder_is_a_clear_error_and_leaves_nothing_behind(
    library, tmp_path, monkeypatch, code, advice
):
    out = tmp_path / "out"
    monkeypatch.setattr(build_module, "PRODUCTS", [_fake("book.pdf")])
    assert build(library, out, today=TODAY).ok
    before = snapshot(out)
    failing = OSError(code, os.strerror(code), str(out / "book.pdf"))
    monkeypatch.setattr(build_module, "PRODUCTS", [_fake("book.pdf", error=failing)])
    (out / STAMP).unlink()
    with pytest.raises(BuildError) as err:
        build(library, out, today=TODAY)
    assert str(err.value) == (
        f"The output folder {out} cannot be written ({out / 'book.pdf'}): {advice}."
    )
    assert {k: v for k, v in snapshot(out).items()} == before
    assert [n for n in os.listdir(out) if n.startswith(PREFIX)] == []


def test_a_read_only_folder_before_anything_is_written(library, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    real_mkdir = Path.mkdir

    def refuse(self: Path, *args, **kwargs):
        if self.name.startswith(PREFIX):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(BuildError, match=r"cannot be written .*read-only or not yours"):
        build(library, out, today=TODAY)
    assert sorted(os.listdir(out)) == [".lock"]
    assert not (out / JOURNAL).exists()


def test_the_stamp_records_the_bytes_the_check_read(library, tmp_path, monkeypatch):
    """An edit that lands between the up-to-date look and the check is what gets stamped."""
    out = tmp_path / "out"
    monkeypatch.setattr(build_module, "PRODUCTS", [_fake("book.pdf")])
    path = library / "test-case.md"
    original = path.read_text("utf-8")
    edited = original.replace("Designed and led", "Led")
    real_validate = build_module.validate_library

    def edit_then_validate(*args, **kwargs):
        path.write_text(edited, "utf-8")  # lands after the up-to-date look
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(build_module, "validate_library", edit_then_validate)
    assert build(library, out, today=TODAY).ok
    monkeypatch.setattr(build_module, "validate_library", real_validate)
    # The stamp describes the edited file: building it again is up to date ...
    assert build(library, out, today=TODAY).up_to_date
    # ... and reverting the edit is not.
    path.write_text(original, "utf-8")
    assert not build(library, out, today=TODAY).up_to_date
