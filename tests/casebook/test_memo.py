"""Whole documents kept by the hash of their HTML (`pipeline.casebook.memo`)."""

from __future__ import annotations

from pathlib import Path

from pipeline.casebook.memo import rendered_once


class Renderer:
    """Writes `body` to the target and counts its calls."""

    def __init__(self, body: bytes) -> None:
        self.body, self.calls = body, 0

    def __call__(self, target: Path) -> int:
        self.calls += 1
        target.write_bytes(self.body)
        return 7


def test_the_same_html_is_rendered_once(tmp_path: Path):
    cache, render = tmp_path / "cache", Renderer(b"%PDF one")
    assert rendered_once(cache, "cards", "<p>a</p>", "code", tmp_path / "1.pdf", render) == 7
    assert rendered_once(cache, "cards", "<p>a</p>", "code", tmp_path / "2.pdf", render) == 7
    assert render.calls == 1 and (tmp_path / "2.pdf").read_bytes() == b"%PDF one"


def test_other_html_or_code_renders_again_and_replaces_the_entry(tmp_path: Path):
    cache, render = tmp_path / "cache", Renderer(b"%PDF")
    rendered_once(cache, "cards", "<p>a</p>", "code", tmp_path / "1.pdf", render)
    rendered_once(cache, "cards", "<p>b</p>", "code", tmp_path / "2.pdf", render)
    rendered_once(cache, "cards", "<p>b</p>", "new code", tmp_path / "3.pdf", render)
    assert render.calls == 3
    assert len(list(cache.glob("cards-*.pdf"))) == 1  # the older entries are gone


def test_an_entry_whose_bytes_changed_is_not_used(tmp_path: Path):
    cache, render = tmp_path / "cache", Renderer(b"%PDF right")
    rendered_once(cache, "pack", "<p>a</p>", "code", tmp_path / "1.pdf", render)
    [entry] = cache.glob("pack-*.pdf")
    entry.write_bytes(b"%PDF tampered")
    rendered_once(cache, "pack", "<p>a</p>", "code", tmp_path / "2.pdf", render)
    assert render.calls == 2 and (tmp_path / "2.pdf").read_bytes() == b"%PDF right"


def test_without_a_cache_it_renders_every_time(tmp_path: Path):
    render = Renderer(b"%PDF")
    rendered_once(None, "pack", "<p>a</p>", "code", tmp_path / "1.pdf", render)
    rendered_once(None, "pack", "<p>a</p>", "code", tmp_path / "1.pdf", render)
    assert render.calls == 2
