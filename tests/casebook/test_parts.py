"""How the casebook is cut into parts, and the order a cold build starts them in."""

from __future__ import annotations

from pipeline.casebook.parts import GUIDE_PIECES, GUIDE_SPLIT, _cold_order, plan, runs


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
