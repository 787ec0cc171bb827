"""Folios printed onto the pages of the book when its parts are put together.

In:  the book's pages with their page numbers and where WeasyPrint had laid out each
     folio (`pdf.take_folios`), and the book's embedded font programs (`embed`).
Out: each page with its number drawn where WeasyPrint would have drawn it, in the
     same face, size and colour, marked as a pagination artifact (PDF/UA).

Parts are rendered without folios, so a part's PDF does not depend on the page it
starts on: a part whose own content did not change is never rendered again, however
the pages before it moved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from pipeline.casebook.embed import FONTS_DIR
from pipeline.casebook.pdf import Folio

DIGITS = "0123456789"
FONT_NAME = Name("/CBFolio")  # the folio font's name in a page's resources


@cache
def digit_glyphs(path: Path) -> dict[str, tuple[int, float]]:
    """Each digit's glyph id and advance (in 1/1000 of the size) in the font file `path`."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    cmap, upem = font.getBestCmap(), font["head"].unitsPerEm
    return {
        digit: (font.getGlyphID(cmap[ord(digit)]), font["hmtx"][cmap[ord(digit)]][0] * 1000 / upem)
        for digit in DIGITS
    }


def folio_glyphs(folios: Sequence[Folio | None]) -> dict[Path, set[int]]:
    """The glyphs the folios need, by font file (for `embed.embed_fonts`)."""
    needed: dict[Path, set[int]] = {}
    for folio in folios:
        if folio is not None:
            path = FONTS_DIR / folio[3]
            needed.setdefault(path, set()).update(g for g, _w in digit_glyphs(path).values())
    return needed


def _font(book: pikepdf.Pdf, path: Path, program: pikepdf.Object, name: str) -> pikepdf.Object:
    """A Type0 font of the digits of `path`, whose font program is `program`."""
    from fontTools.ttLib import TTFont

    glyphs = digit_glyphs(path)
    font = TTFont(path, lazy=True)
    upem = font["head"].unitsPerEm
    ascent = round(font["hhea"].ascent * 1000 / upem)
    descent = round(font["hhea"].descent * 1000 / upem)
    cff = path.read_bytes()[:4] == b"OTTO"
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name(name),
        Flags=4,
        FontBBox=Array([0, descent, 1000, ascent]),
        ItalicAngle=0,
        Ascent=ascent,
        Descent=descent,
        CapHeight=ascent,
        StemV=80,
    )
    descriptor["/FontFile3" if cff else "/FontFile2"] = program
    widths = Array()
    for gid, width in sorted(glyphs.values()):
        widths.extend(Array([gid, Array([round(width, 3)])]))
    lines = [f"<{gid:04x}> <{ord(digit):04x}>" for digit, (gid, _w) in sorted(glyphs.items())]
    cmap = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            "1 begincodespacerange <0000> <ffff> endcodespacerange",
            f"{len(lines)} beginbfchar",
            *lines,
            "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
    )
    descendant = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType0 if cff else Name.CIDFontType2,
        BaseFont=Name(name),
        CIDSystemInfo=Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        CIDToGIDMap=Name.Identity,
        W=widths,
        FontDescriptor=book.make_indirect(descriptor),
    )
    return book.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name(name),
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([book.make_indirect(descendant)]),
            ToUnicode=book.make_stream(cmap.encode()),
        )
    )


def stamp_folios(
    book: pikepdf.Pdf,
    pages: Sequence[tuple[pikepdf.Page, int, Folio]],
    programs: Mapping[Path, tuple[pikepdf.Object, str]],
) -> None:
    """Print `number` on each of `pages` where its folio was laid out.

    `programs`: the font program embedded for each font file, with the name the book's
    fonts give that face.
    """
    fonts: dict[str, pikepdf.Object] = {}
    save = book.make_stream(b"q\n")
    for page, number, (x, anchor, y, face, size, red, green, blue) in pages:
        path = FONTS_DIR / face
        if face not in fonts:
            program, name = programs[path]
            fonts[face] = _font(book, path, program, name)
        glyphs = digit_glyphs(path)
        text = str(number)
        width = sum(glyphs[digit][1] for digit in text) * size / 1000
        start = {"right": x - width, "center": x - width / 2}.get(anchor, x)
        shown = "".join(f"{glyphs[digit][0]:04x}" for digit in text)
        content = (
            "Q\n/Artifact << /Type /Pagination >> BDC\nBT\n"
            f"{FONT_NAME} {size:g} Tf\n{red:g} {green:g} {blue:g} rg\n"
            f"{start:.3f} {y:.3f} Td\n<{shown}> Tj\nET\nEMC\n"
        )
        page.contents_add(save, prepend=True)
        page.contents_add(book.make_stream(content.encode()))
        if "/Resources" not in page.obj:
            page.obj.Resources = Dictionary()
        resources = page.obj.Resources
        if "/Font" not in resources:
            resources.Font = Dictionary()
        resources.Font[FONT_NAME] = fonts[face]
