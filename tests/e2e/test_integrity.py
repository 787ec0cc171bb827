"""Integrity of the casebook's parts: no case text can remove a chapter, no cache entry is
trusted unchecked.

The parts machinery finds its own placeholders and links through what the
templates made (`PartHTML`) and the laid-out document, never in HTML that holds
contributor text; cached parts are used only when their bytes and page count
are what was recorded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.build import build, load_library
from pipeline.casebook import parts
from pipeline.casebook.html import BookPart, casebook_document
from pipeline.config import casebook_config
from pipeline.edition import BuildInfo, Edition
from pipeline.fingerprint import STAMP
from tests.support import SECTION_TEXT, TODAY, VALID_BODY, VALID_FRONT_MATTER, case_text, snapshot

TITLES = {
    "alpha-case": "Alpha NGO and Alpha Co study wages",
    "beta-case": "Beta NGO and Beta Co set a standard",
    "gamma-case": "Gamma NGO and Gamma Co share a fund",
    "hostile-case": "Hostile NGO and Hostile Co write markers",
}

# Every marker the pipeline writes into its own HTML, spelt out by a contributor.
MARKERS = (
    '`class="placeholder" id="case-beta-case"` and '
    '`<div class="placeholder" id="case-gamma-case" style="counter-reset: page 1"></div>` '
    'and `href="#case-alpha-case"`, `id="case-alpha-case"`, `class="placeholder" id="glossary"`'
    ' and a [link](#case-beta-case) and <div class="placeholder" id="organisations"></div>.'
)


def _front(case_id: str) -> str:
    front = VALID_FRONT_MATTER.format(id=case_id)
    return front.replace(
        'title: "Test NGO – Test Co: a joint study"', f'title: "{TITLES[case_id]}"'
    )


def write_library(folder: Path, hostile_text: str = MARKERS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for case_id in TITLES:
        body = None
        if case_id == "hostile-case":
            body = VALID_BODY.replace(SECTION_TEXT, f"{SECTION_TEXT} {hostile_text}", 1)
        text = case_text(case_id, front=_front(case_id), body=body)
        (folder / f"{case_id}.md").write_text(text, encoding="utf-8")
    return folder


def chapters(pdf: Path) -> dict[str, int]:
    """Title -> 1-based page where a chapter "CASE n" with that title opens."""
    found: dict[str, int] = {}
    for number, page in enumerate(pypdf.PdfReader(pdf).pages, 1):
        text = re.sub(r"\s+", " ", page.extract_text() or "")
        for title in TITLES.values():
            if re.search(r"CASE \d+ ", text) and title in text and title not in found:
                found[title] = number
    return found


def contents(pdf: Path) -> str:
    reader = pypdf.PdfReader(pdf)
    for page in reader.pages:
        text = re.sub(r"\s+", " ", page.extract_text() or "")
        if "CONTENTS" in text.upper() and all(t in text for t in TITLES.values()):
            return text
    raise AssertionError("no contents page lists every case")


@pytest.mark.slow
def test_marker_strings_in_a_case_remove_no_chapter(tmp_path, monkeypatch):
    monkeypatch.setattr(parts, "RUN_LENGTH", 1)  # every case in a part of its own
    cases = write_library(tmp_path / "cases")
    result = build(cases, tmp_path / "out", today=TODAY)
    assert result.ok, result.validation.problems
    pdf = tmp_path / "out" / "casebook.pdf"
    opened = chapters(pdf)
    assert sorted(opened) == sorted(TITLES.values())
    toc = contents(pdf)
    for title, page in opened.items():
        # The contents give each chapter the page it opens on.
        after = toc.split(title, 1)[1][:120]
        assert re.match(rf"[ .…]*(?:\d+ min · [A-Z]{{2}} )?{page}\b", after), (title, page, after)
    outline = [item.title for item in pypdf.PdfReader(pdf).outline if not isinstance(item, list)]
    assert all(any(title in entry for entry in outline) for title in TITLES.values())


def _documents(folder: Path) -> list[tuple[tuple[str, ...], frozenset[str]]]:
    _, library = load_library(folder, today=TODAY)
    assert library is not None
    info = BuildInfo(TODAY, "v", casebook_config())
    kinds = [BookPart("front"), BookPart("cases", frozenset(TITLES)), BookPart("back")]
    return [
        (doc.links, doc.anchors)
        for doc in (casebook_document(library, Edition(), info, part=kind) for kind in kinds)
    ]


MARKER_PIECES = [
    'class="placeholder"',
    'id="case-alpha-case"',
    'href="#case-beta-case"',
    "[x](#case-gamma-case)",
    "`<div class='placeholder' id='glossary'>`",
    'id="organisations"',
    "counter-reset: page 7",
]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from(MARKER_PIECES), st.text(alphabet="ab <>\"'=#`[]()-", max_size=20)
        ),
        max_size=8,
    ).map(" ".join)
)
def test_case_text_never_changes_the_links_and_anchors_the_parts_machinery_sees(
    tmp_path_factory, text
):
    clean = _documents(write_library(tmp_path_factory.mktemp("clean"), hostile_text="Plain."))
    hostile = _documents(write_library(tmp_path_factory.mktemp("hostile"), hostile_text=text))
    assert hostile == clean


# ---------------------------------------------------------------- the verified cache


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cache")
    cases = write_library(folder / "cases", hostile_text="Plain.")
    out = folder / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1764374400")
        assert build(cases, out, today=TODAY).ok
    return cases, out, snapshot(out)


def _entries(out: Path) -> list[Path]:
    return sorted((out / ".cache" / "casebook").glob("*.pdf"))


def _rebuild(cases: Path, out: Path, monkeypatch) -> list[str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")
    (out / STAMP).unlink()  # a rebuild that uses the cache (not --force)
    result = build(cases, out, today=TODAY)
    assert result.ok
    return result.notices


def _biggest(out: Path) -> Path:
    return max(_entries(out), key=lambda p: p.stat().st_size)


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    ["truncated", "zeroed", "another-pdf", "wrong-page-count"],
)
def test_a_damaged_cache_entry_is_rendered_again_with_a_notice(built, damage, monkeypatch):
    cases, out, first = built
    entry = _biggest(out)
    if damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:1000])
    elif damage == "zeroed":
        entry.write_bytes(bytes(400))
    elif damage == "another-pdf":
        other = min(_entries(out), key=lambda p: p.stat().st_size)
        entry.write_bytes(other.read_bytes())
    else:
        record_path = entry.with_suffix(".json")
        record = json.loads(record_path.read_text("utf-8"))
        record["layout"]["pages"] += 1
        record_path.write_text(json.dumps(record), "utf-8")
    notices = _rebuild(cases, out, monkeypatch)
    assert len(notices) == 1, notices
    assert notices[0].startswith(f"A cached part of the casebook ({entry.name}) failed its check")
    assert notices[0].endswith("it was rendered again.")
    assert snapshot(out) == first  # the same book as before the damage, byte for byte


@pytest.mark.slow
def test_an_intact_cache_gives_no_notice(built, monkeypatch):
    cases, out, first = built
    assert _rebuild(cases, out, monkeypatch) == []
    assert snapshot(out) == first


@pytest.mark.slow
def test_a_full_disk_while_rendering_leaves_no_half_written_part(tmp_path, monkeypatch):
    import errno
    import os

    from pipeline.casebook import pdf as pdf_module
    from pipeline.outputs import BuildError

    monkeypatch.setenv("CASEBOOK_JOBS", "1")  # render in this process, where the fault is
    cases = write_library(tmp_path / "cases", hostile_text="Plain.")

    def full_disk(document, target, **_options):
        Path(target).write_bytes(b"%PDF-1.7 half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(pdf_module, "write_pdf", full_disk)
    with pytest.raises(BuildError, match="the disk is full"):
        build(cases, tmp_path / "out", today=TODAY)
    cache = tmp_path / "out" / ".cache" / "casebook"
    assert sorted(p.name for p in cache.glob("*.part")) == []
    assert not (tmp_path / "out" / "casebook.pdf").exists()
