"""Fonts embedded once per book (pipeline.casebook.embed): parts written with markers,
one subset per face made when they are put together."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from pipeline.casebook import embed, pdf
from pipeline.casebook.assemble import assemble

STYLE = (
    '<style>@import url("../../assets/fonts/fonts.css");'
    'body { font-family: "Casebook Serif"; } .sans { font-family: "Casebook Sans"; }</style>'
)


def _part(target: Path, text: str) -> Path:
    html = f'<html lang="en"><head><title>t</title>{STYLE}</head><body><p>{text}</p>'
    html += f'<p class="sans">{text}</p></body></html>'
    pdf.write_pdf(pdf.layout(html), target, deferred_fonts=True)
    return target


def _programs(path: Path) -> dict[str, list[pikepdf.Object]]:
    """BaseFont -> the font programs its descriptors point to."""
    found: dict[str, list[pikepdf.Object]] = {}
    with pikepdf.open(path) as book:
        for page in book.pages:
            for font in page.obj.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                found.setdefault(str(font.BaseFont), []).append(
                    (program.objgen, program.read_bytes())
                )
    return found


def test_a_marker_names_its_bundled_file_and_nothing_else_is_one():
    path = embed.FONTS_DIR / "CasebookSerif-Regular.ttf"
    data = path.read_bytes()
    assert embed.marker(data).startswith(b"\0\1\0\0casebook-font:")
    assert embed.marked_font(embed.marker(data)) == path
    sans = (embed.FONTS_DIR / "SourceSans3-Regular.otf").read_bytes()
    assert embed.marker(sans).startswith(b"OTTO")  # WeasyPrint tells CFF from TrueType so
    assert embed.marked_font(data) is None
    assert embed.marked_font(b"\0\1\0\0casebook-font:" + b"0" * 64) is None
    # Variable fonts are never deferred (WeasyPrint instantiates them on embedding).
    assert all("Variable" not in p.name for p in embed.bundled_fonts().values())


@pytest.mark.slow
def test_parts_put_together_embed_each_face_once_with_every_glyph_they_use(tmp_path):
    first = _part(tmp_path / "a.pdf", "Alpha")
    second = _part(tmp_path / "b.pdf", "Zulu")
    # Written with markers: a part has no font program of its own.
    with pikepdf.open(first) as part:
        font = next(iter(part.pages[0].Resources.Font.values()))
        descriptor = font.DescendantFonts[0].FontDescriptor
        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        assert embed.marked_font(program.read_bytes()) is not None
    book = tmp_path / "book.pdf"
    assert assemble([(first, 1, 0), (second, 1, 0)], book, font_cache=tmp_path / "fonts") == 2
    programs = _programs(book)
    assert sorted(programs) == ["/MHLKLP+Casebook-Sans", "/WMOEEU+Casebook-Serif"]
    for uses in programs.values():
        assert len(uses) == 2 and len({objgen for objgen, _data in uses}) == 1  # one program
    serif = TTFont(io.BytesIO(programs["/WMOEEU+Casebook-Serif"][0][1]))
    full = TTFont(embed.FONTS_DIR / "CasebookSerif-Regular.ttf")
    cmap = full.getBestCmap()
    glyf, order = serif["glyf"], serif.getGlyphOrder()

    def contours(letter: str) -> int:  # of the glyph at the full font's id (retain_gids)
        gid = full.getGlyphID(cmap[ord(letter)])
        return glyf[order[gid]].numberOfContours if gid < len(order) else 0

    assert all(contours(letter) > 0 for letter in "AlphaZulu")  # glyphs of both parts
    assert contours("Q") == contours("x") == 0  # used by neither: left out
    # The subset is kept for the next build, and only the ones in use.
    assert len(list((tmp_path / "fonts").glob("*.font"))) == 2
    again = tmp_path / "again.pdf"
    assemble([(first, 1, 0), (second, 1, 0)], again, font_cache=tmp_path / "fonts")
    assert again.read_bytes() == book.read_bytes()


def test_a_document_on_its_own_gets_our_subsets_not_weasyprints(tmp_path, monkeypatch):
    # A preview, the cards, the pack: their bundled fonts are subset by `subset_font` (the
    # same bytes with or without HarfBuzz's subset library), never by WeasyPrint.
    from weasyprint.pdf import fonts

    def refused(*_args: object) -> None:
        raise AssertionError("WeasyPrint subset a bundled font")

    monkeypatch.setattr(fonts.Font, "_harfbuzz_subset", refused)
    monkeypatch.setattr(fonts.Font, "_fonttools_subset", refused)
    html = f'<html lang="en"><head><title>t</title>{STYLE}</head><body><p>Quick fox</p>'
    html += '<p class="sans">Lazy dog</p></body></html>'
    target = tmp_path / "alone.pdf"
    pdf.render_pdf(html, target)
    programs = _programs(target)
    assert len(programs) == 2  # the serif and the sans, each subset
    whole = len(TTFont(embed.face_file("Casebook Serif", 400, "normal")).getGlyphOrder())
    for name, found in programs.items():
        [(_ref, data)] = found
        font = TTFont(io.BytesIO(data))
        assert "GPOS" not in font and len(font.getGlyphOrder()) < whole / 2, name  # a subset


def test_subsetting_drops_the_layout_tables_and_keeps_the_glyphs(tmp_path):
    serif = embed.face_file("Casebook Serif", 400, "normal")
    font = TTFont(io.BytesIO(embed.subset_font(serif, {0, 5, 6, 7})))
    assert "GSUB" not in font and "GPOS" not in font and "glyf" in font
    assert len(font.getGlyphOrder()) == 8  # ids kept: 0 to 7
