"""How the casebook is cut into parts, and the order a cold build starts them in."""

from __future__ import annotations

from pipeline.casebook.cache import PartCache
from pipeline.casebook.html import BookPart, PartHTML
from pipeline.casebook.parts import (
    GUIDE_PIECES,
    GUIDE_SPLIT,
    _cold_order,
    plan,
    render_book,
    runs,
)
from pipeline.casebook.workers import Workers


def test_a_cold_build_starts_the_guide_then_the_runs_longest_first_and_the_ends_last():
    ids = [f"case-{n:03d}" for n in range(GUIDE_SPLIT)]
    parts = plan(ids)
    started = sorted(parts, key=_cold_order)
    kinds = [p.kind for p in started]
    guide = ["guide"] * GUIDE_PIECES
    assert kinds == [*guide, *["cases"] * len(runs(ids)), "overview", "back", "front"]
    sizes = [len(p.cases) for p in started if p.kind == "cases"]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    # Every case is in exactly one run, in the book's order within it.
    assert sorted(c for p in parts for c in p.cases) == ids


def test_the_guide_of_a_large_library_is_cut_into_pieces_each_its_own_part():
    small = plan([f"case-{n:03d}" for n in range(GUIDE_SPLIT - 1)])
    assert [p.piece for p in small if p.kind == "guide"] == [(0, 1)]
    large = plan([f"case-{n:03d}" for n in range(GUIDE_SPLIT)])
    pieces = [p for p in large if p.kind == "guide"]
    assert [p.piece for p in pieces] == [(i, GUIDE_PIECES) for i in range(GUIDE_PIECES)]
    assert large.index(pieces[0]) == 2  # after the front matter and the overview
    assert len({p.identity for p in large}) == len(large)  # each cached on its own


def test_after_an_edit_the_changed_run_goes_before_the_work_queued_beside_the_book(tmp_path):
    """The front and back matter wait for the changed runs and the overview, the cards for
    nothing: after an edit the cards come behind the runs, not between them."""
    ids = [f"case-{n:03d}" for n in range(30)]
    edited = runs(ids)[-1][0]
    assert len(runs(ids)) > 2
    text = {case_id: case_id for case_id in ids}
    log: list[str] = []

    def html(part: BookPart) -> PartHTML:
        log.append(part.kind)
        body = " ".join(text[c] for c in sorted(part.cases)) or part.kind
        return PartHTML(f"<html><body><p>{body}</p></body></html>")

    def book(first: frozenset[str] = frozenset()) -> None:
        log.clear()
        with Workers(1) as workers:
            render_book(
                ids,
                html,
                PartCache(tmp_path / "cache"),
                duplex=False,
                salt="t",
                runner=workers,
                started=lambda: log.append("started"),
                first=first,
            )

    book()
    assert log.index("started") == 1  # a cold build: beside the first part
    text[edited] = "changed"
    book(frozenset({edited}))
    assert log[0] == "cases"  # the edited run is written (and rendered) first
    started = log.index("started")
    assert log[started + 1 :] == ["front", "back"]
    # Every run (the others found in the cache) and the overview, whose reading times
    # changed, were written and the changed ones rendered before the cards were queued.
    assert log[:started].count("cases") == len(runs(ids)) and "overview" in log[:started]
