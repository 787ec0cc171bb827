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
for all of them with fontTools (WeasyPrint's options, subroutines kept), and puts that one
font program in place of the markers. The same glyphs give the same bytes on every
machine, with or without HarfBuzz's subset library. Fonts that are not bundled (a
system font for a glyph the bundled fonts lack) are embedded by WeasyPrint as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
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


@cache
def _faces() -> dict[tuple[str, int, str], Path]:
    """(family, weight, style) -> bundled file, from the @font-face rules of fonts.css."""
    css = (FONTS_DIR / "fonts.css").read_text("utf-8")
    faces: dict[tuple[str, int, str], Path] = {}
    for rule in re.findall(r"@font-face\s*{([^}]*)}", css):
        values = dict(re.findall(r"([a-z-]+)\s*:\s*([^;]+);", rule))
        family = values["font-family"].strip().strip('"')
        src = re.search(r'url\("([^"]+)"\)', values["src"])
        if src:
            key = (family, int(values["font-weight"]), values["font-style"].strip())
            faces[key] = FONTS_DIR / src[1]
    return faces


def face_file(family: str, weight: int, style: str) -> Path:
    """The bundled file fonts.css gives a family at a weight and style (the nearest weight
    declared); ValueError for a family it does not declare."""
    faces = [
        (abs(w - weight), path) for (f, w, s), path in _faces().items() if (f, s) == (family, style)
    ]
    if not faces:
        raise ValueError(f"fonts.css declares no {style} face of {family!r}")
    return min(faces)[1]


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
def install() -> None:
    """Wrap WeasyPrint's `Font.clean` (subsetting): `deferred()` skips it for bundled fonts,
    which are otherwise subset by `subset_font`."""
    from weasyprint.pdf import fonts

    original = fonts.Font.clean

    def clean(self: Any, to_unicode: Any, hinting: Any) -> None:
        bundled = (
            not self.missing
            and not self.used_in_forms
            and "fvar" not in self.tables
            and bundled_fonts().get(hashlib.sha256(self.file_content).hexdigest())
        )
        if bundled and _state["deferring"]:
            self.file_content = marker(self.file_content)
            return
        if bundled and to_unicode:
            # A document on its own (a preview, the cards): our subset, as the book gets
            # it, rather than WeasyPrint's, which without HarfBuzz's subset library takes
            # ten times as long (see `subset_font`) and differs with it.
            self.file_content = subset_font(bundled, set(to_unicode))
            return
        original(self, to_unicode, hinting)

    fonts.Font.clean = clean


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """While open, WeasyPrint writes bundled fonts as markers (see the module's docstring)."""
    install()
    _state["deferring"] = True
    try:
        yield
    finally:
        _state["deferring"] = False


# ---------------------------------------------------------------- the book


def _font_uses(book: pikepdf.Pdf) -> list[tuple[pikepdf.Object, str, pikepdf.Object]]:
    """Every use of a Type0 font in the book's resources (pages, forms, patterns), in page
    order: (the /Font dictionary, the font's name in it, the font dictionary)."""
    seen: set[tuple[int, int]] = set()
    found: list[tuple[pikepdf.Object, str, pikepdf.Object]] = []

    def visit(resources: pikepdf.Object | None) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        if resources.is_indirect:
            if resources.objgen in seen:
                return
            seen.add(resources.objgen)
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for key, font in fonts.items():
                if font.get("/Subtype") == Name.Type0:
                    found.append((fonts, key, font))
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


def _widths(widths: pikepdf.Object) -> dict[int, pikepdf.Object]:
    """A CIDFont's /W array ([first [w w …] first last w …]) as glyph id -> width."""
    found: dict[int, pikepdf.Object] = {}
    items = list(widths)
    i = 0
    while i + 1 < len(items):
        first, run = int(items[i]), items[i + 1]
        if isinstance(run, pikepdf.Array):
            for offset, width in enumerate(run):
                found.setdefault(first + offset, width)
            i += 2
        else:
            for gid in range(first, int(run) + 1):
                found.setdefault(gid, items[i + 2])
            i += 3
    return found


_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")


def _merge(book: pikepdf.Pdf, fonts: list[pikepdf.Object]) -> pikepdf.Object:
    """One font dictionary for `fonts` (the same face in several parts): the first, with
    the widths and the Unicode map of them all."""
    first = fonts[0]
    widths: dict[int, pikepdf.Object] = {}
    unicode: dict[bytes, bytes] = {}
    for font in fonts:
        for gid, width in _widths(font.DescendantFonts[0].get("/W", pikepdf.Array())).items():
            widths.setdefault(gid, width)
        if "/ToUnicode" in font:
            for gid_hex, text in _BFCHAR.findall(font.ToUnicode.read_bytes()):
                unicode.setdefault(gid_hex.lower(), text)
    if len(fonts) > 1:
        runs: list[tuple[int, list[pikepdf.Object]]] = []
        for gid in sorted(widths):
            if gid - 1 not in widths:
                runs.append((gid, []))
            runs[-1][1].append(widths[gid])
        first.DescendantFonts[0].W = pikepdf.Array(
            [x for start, run in runs for x in (start, pikepdf.Array(run))]
        )
        lines = [b"<%s> <%s>" % item for item in sorted(unicode.items())]
        chunks = [lines[i : i + 100] for i in range(0, len(lines), 100)]
        body = b"".join(
            b"%d beginbfchar\n%s\nendbfchar\n" % (len(c), b"\n".join(c)) for c in chunks
        )
        first.ToUnicode = book.make_stream(
            b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            b"/CIDSystemInfo\n<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
            b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
            + body
            + b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        )
        box = first.DescendantFonts[0].FontDescriptor.FontBBox
        box[2] = max(float(f.DescendantFonts[0].FontDescriptor.FontBBox[2]) for f in fonts)
    return first


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
        desubroutinize=False,  # smaller CFF subsets, and no slower
        notdef_outline=False,
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(glyphs))
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    # Deleted before subsetting: fontTools (4.68) would otherwise read the whole of the
    # layout tables it is about to drop, ten times the work of the subset itself.
    for tag in ("GSUB", "GPOS", "SVG "):
        if tag in font:
            del font[tag]
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


def embed_fonts(
    book: pikepdf.Pdf,
    cache_dir: Path | None = None,
    extra: Mapping[Path, set[int]] | None = None,
) -> dict[Path, tuple[pikepdf.Object, str]]:
    """Put one subset of each bundled face in place of the markers in `book`.

    The faces are told apart by their font file: every font dictionary whose file is
    the marker of the same bundled file gets the same subset, made for the union of
    the glyphs they all use and the `extra` glyphs of that file (the folios' digits).
    Returns each file's font program and the name the book's fonts give it.
    """
    # The same face (font name) in several parts: one font dictionary, used by them all.
    uses = _font_uses(book)
    groups: dict[str, list[pikepdf.Object]] = {}
    marked: dict[str, Path] = {}
    for _fonts, _name, font in uses:
        descriptor = font.DescendantFonts[0].FontDescriptor
        stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
        path = marked_font(stream.read_bytes()) if stream is not None else None
        if path is not None:
            group = groups.setdefault(str(font.BaseFont), [])
            if all(font.objgen != other.objgen for other in group):
                group.append(font)
            marked[str(font.BaseFont)] = path
    merged = {name: _merge(book, fonts) for name, fonts in groups.items()}
    for fonts_, key_, font in uses:
        if str(font.BaseFont) in merged and font.objgen != merged[str(font.BaseFont)].objgen:
            fonts_[key_] = merged[str(font.BaseFont)]
    by_file: dict[Path, list[pikepdf.Object]] = {}
    names: dict[Path, str] = {}
    for name, font in merged.items():
        by_file.setdefault(marked[name], []).append(font.DescendantFonts[0])
        names.setdefault(marked[name], name)
    for path in extra or {}:
        by_file.setdefault(path, [])
    used: set[str] = set()
    programs: dict[Path, tuple[pikepdf.Object, str]] = {}
    for path, descendants in by_file.items():
        glyphs: set[int] = {0, *(extra or {}).get(path, set())}
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
        programs[path] = (program, names.get(path, f"/CBFOLI+{path.stem}"))
    if cache_dir is not None and cache_dir.is_dir():  # forget the subsets of older builds
        for old in cache_dir.glob("*.font"):
            if old.stem not in used:
                old.unlink(missing_ok=True)
    return programs


def _key(data: bytes, glyphs: set[int]) -> str:
    return hashlib.sha256(data + repr(sorted(glyphs)).encode()).hexdigest()[:32]
