"""Documents rendered in pieces, each cached, then put together (`pipeline.casebook.pieces`)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdf

from pipeline.casebook.cache import PartCache
from pipeline.casebook.pieces import Pieces
from pipeline.casebook.workers import Workers


def _piece(words: str, pages: int) -> str:
    """A document of `pages` pages in the pack's design (a folio of its own, bundled fonts)."""
    body = "".join(f'<p style="break-before: page">{words} {i}</p>' for i in range(pages))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pack</title>'
        '<link rel="stylesheet" href="facilitator.css">'
        "<style>@page { @bottom-right { content: counter(page); } }</style>"
        f"</head><body>{body}</body></html>"
    )


def _render(cache: Path, pieces: list[str], target: Path) -> int:
    """Render `pieces` into `target`; how many were rendered (not taken from the cache)."""
    with Workers(1) as workers:
        document = Pieces(PartCache(cache), "salt", workers)
        document.start(pieces)
        assert document.write(target, None).get() == len(pypdf.PdfReader(target).pages)
        return document.rendered


def test_pieces_are_numbered_as_one_document_and_taken_from_the_cache(tmp_path: Path):
    pieces = [_piece("Alpha", 2), _piece("Beta", 3)]
    assert _render(tmp_path / "cache", pieces, tmp_path / "one.pdf") == 2
    texts = [page.extract_text() for page in pypdf.PdfReader(tmp_path / "one.pdf").pages]
    # Each piece numbers its pages from 1; put together, the folios run on.
    assert [t.split() for t in texts] == [
        ["Alpha", "0", "1"],
        ["Alpha", "1", "2"],
        ["Beta", "0", "3"],
        ["Beta", "1", "4"],
        ["Beta", "2", "5"],
    ]
    with pikepdf.open(tmp_path / "one.pdf") as pdf:  # one font program per face
        programs = {
            font.DescendantFonts[0].FontDescriptor.get("/FontFile3", None).objgen
            for page in pdf.pages
            for font in page.Resources.Font.values()
            if "/FontFile3" in font.DescendantFonts[0].FontDescriptor
        }
        assert len(programs) == 1
    # The second piece changed: only it is rendered again, and the bytes are a cold build's.
    pieces[1] = _piece("Gamma", 1)
    assert _render(tmp_path / "cache", pieces, tmp_path / "two.pdf") == 1
    assert _render(tmp_path / "cold", pieces, tmp_path / "cold.pdf") == 2
    assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()
    # Only the entries of the last pieces are kept.
    assert len(list((tmp_path / "cache").glob("*.pdf"))) == 2
