"""Fonts embedded once per book: WeasyPrint leaves them out, the book gets one subset each.

In:  PDFs that WeasyPrint wrote inside `deferred()` (a part of the casebook, or a
     whole document), then the PDF they were put together into (`embed_fonts`).
Out: the same PDF with one subset of each bundled face, made for the glyphs every
     part used, shared by every font dictionary of that face.

Each WeasyPrint document subsets every font it uses (with HarfBuzz's subset library
when it is installed, else, much more slowly, with fontTools), so a book put together
from parts carried a subset of every face per part. Inside `deferred()`, a bundled
font (one of `pipeline/assets/fonts`, static) is not subset: its font file is written
as a marker of a few bytes that names the file. `embed_fonts` then reads which glyphs
each face's font dictionaries use (their widths, `/W`), subsets the bundled file once
for all of them with fontTools (the same options WeasyPrint uses), and puts that one
font program in place of the markers. The same glyphs give the same bytes on every
machine, with or without HarfBuzz's subset library. Fonts that are not bundled (a
system font for a glyph the bundled fonts lack) are embedded by WeasyPrint as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Name

from pipeline.config import ASSETS_DIR

FONTS_DIR = ASSETS_DIR / "fonts"
MARKER = b"casebook-font:"  # after the four bytes of the font's type
_state = {"deferring": False}


@cache
def bundled_fonts() -> dict[str, Path]:
    """The static bundled font files by the SHA-256 of their bytes (variable ones left out)."""
    found: dict[str, Path] = {}
    for path in sorted(FONTS_DIR.iterdir()):
        if path.suffix in (".ttf", ".otf") and "Variable" not in path.name:
            found[hashlib.sha256(path.read_bytes()).hexdigest()] = path
    return found


def marker(data: bytes) -> bytes:
    """The stand-in for the font file `data`: its type's four bytes, MARKER, its SHA-256."""
    kind = data[:4] if data[:4] == b"OTTO" else b"\0\1\0\0"
    return kind + MARKER + hashlib.sha256(data).hexdigest().encode()


def marked_font(data: bytes) -> Path | None:
    """The bundled font file a marker names; None when `data` is no marker of ours."""
    if data[4 : 4 + len(MARKER)] != MARKER:
        return None
    return bundled_fonts().get(data[4 + len(MARKER) :].decode("ascii", "replace"))


@cache
def _install() -> None:
    """Wrap WeasyPrint's `Font.clean` (subsetting) so that `deferred()` can skip it."""
    from weasyprint.pdf import fonts

    original = fonts.Font.clean

    def clean(self: Any, to_unicode: Any, hinting: Any) -> None:
        if (
            _state["deferring"]
            and not self.missing
            and not self.used_in_forms
            and "fvar" not in self.tables
            and hashlib.sha256(self.file_content).hexdigest() in bundled_fonts()
        ):
            self.file_content = marker(self.file_content)
            return
        original(self, to_unicode, hinting)

    fonts.Font.clean = clean


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """While open, WeasyPrint writes bundled fonts as markers (see the module's docstring)."""
    _install()
    _state["deferring"] = True
    try:
        yield
    finally:
        _state["deferring"] = False


# ---------------------------------------------------------------- the book


def _font_dictionaries(book: pikepdf.Pdf) -> list[pikepdf.Object]:
    """Every Type0 font dictionary the pages use (in their resources, forms and patterns),
    in page order, each once."""
    seen: set[tuple[int, int]] = set()
    found: list[pikepdf.Object] = []

    def visit(resources: pikepdf.Object | None) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        if resources.is_indirect:
            if resources.objgen in seen:
                return
            seen.add(resources.objgen)
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            if font.objgen not in seen and font.get("/Subtype") == Name.Type0:
                seen.add(font.objgen)
                found.append(font)
        for kind in ("/XObject", "/Pattern"):
            for item in resources.get(kind, pikepdf.Dictionary()).values():
                if item.is_indirect and item.objgen in seen:
                    continue
                if item.is_indirect:
                    seen.add(item.objgen)
                if "/Resources" in item:
                    visit(item.Resources)

    for page in book.pages:
        visit(page.obj.get("/Resources"))
    return found


def _glyphs(widths: pikepdf.Object) -> set[int]:
    """The glyph ids of a CIDFont's /W array ([first [w w …] first [w …] …])."""
    glyphs: set[int] = set()
    items = list(widths)
    i = 0
    while i + 1 < len(items):
        first, run = int(items[i]), items[i + 1]
        if isinstance(run, pikepdf.Array):
            glyphs.update(range(first, first + len(run)))
            i += 2
        else:  # first last width
            glyphs.update(range(first, int(run) + 1))
            i += 3
    return glyphs


def subset_font(path: Path, glyphs: set[int], cache_dir: Path | None = None) -> bytes:
    """The font file at `path` with only `glyphs` (ids kept): WeasyPrint's own options.

    With `cache_dir`, a subset made before for the same file and glyphs is reused.
    """
    data = path.read_bytes()
    cached = cache_dir / f"{_key(data, glyphs)}.font" if cache_dir else None
    if cached is not None and cached.exists():
        return cached.read_bytes()
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=False,
        desubroutinize=True,
        notdef_outline=False,
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(glyphs))
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    result = out.getvalue()
    if cached is not None and cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_bytes(result)
        temporary.replace(cached)
    return result


def embed_fonts(book: pikepdf.Pdf, cache_dir: Path | None = None) -> int:
    """Put one subset of each bundled face in place of the markers in `book`; the number
    of font programs embedded this way.

    The faces are told apart by their font file: every font dictionary whose file is
    the marker of the same bundled file gets the same subset, made for the union of
    the glyphs they all use.
    """
    by_file: dict[Path, list[pikepdf.Object]] = {}
    for font in _font_dictionaries(book):
        descendant = font.DescendantFonts[0]
        descriptor = descendant.FontDescriptor
        key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
        stream = descriptor.get(key)
        if stream is None:
            continue
        path = marked_font(stream.read_bytes())
        if path is not None:
            by_file.setdefault(path, []).append(descendant)
    used: set[str] = set()
    for path, descendants in by_file.items():
        glyphs: set[int] = {0}
        for descendant in descendants:
            glyphs |= _glyphs(descendant.get("/W", pikepdf.Array()))
        data = subset_font(path, glyphs, cache_dir)
        used.add(_key(path.read_bytes(), glyphs))
        if data[:4] == b"OTTO":
            program = book.make_stream(data, Subtype=Name.OpenType)
            key = "/FontFile3"
        else:
            program = book.make_stream(data, Length1=len(data))
            key = "/FontFile2"
        for descendant in descendants:
            descendant.FontDescriptor[key] = program
    if cache_dir is not None and cache_dir.is_dir():  # forget the subsets of older builds
        for old in cache_dir.glob("*.font"):
            if old.stem not in used:
                old.unlink(missing_ok=True)
    return len(by_file)


def _key(data: bytes, glyphs: set[int]) -> str:
    return hashlib.sha256(data + repr(sorted(glyphs)).encode()).hexdigest()[:32]
