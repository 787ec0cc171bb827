"""How the casebook is cut into parts, and the order a cold build starts them in."""

from __future__ import annotations

from pipeline.casebook.parts import _cold_order, plan, runs


def test_a_cold_build_starts_the_guide_then_the_runs_longest_first_and_the_ends_last():
    ids = [f"case-{n:03d}" for n in range(60)]
    parts = plan(ids)
    started = sorted(parts, key=_cold_order)
    kinds = [p.kind for p in started]
    assert kinds == ["guide", *["cases"] * len(runs(ids)), "overview", "back", "front"]
    sizes = [len(p.cases) for p in started if p.kind == "cases"]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    # Every case is in exactly one run, in the book's order within it.
    assert sorted(c for p in parts for c in p.cases) == ids
