"""Stage 5c: put the rendered parts of a casebook together into one tagged PDF.

In:  the part PDFs in book order (written by WeasyPrint with pdf_variant
     "pdf/ua-1", see `pipeline.chunks`), how many pages of each are its own
     (the rest are placeholders) and how many empty pages go before each.
Out: one PDF/UA-1 file; its page count.

Copying pages is not enough for a tagged PDF, so this also merges what
WeasyPrint writes once per document:
- the structure tree: the children of each part's Document element go under
  one Document element, in order;
- the parent tree, which maps marked content on a page (`/StructParents`) and
  each link (`/StructParent`) back to its structure element: the keys of each
  part are shifted past those of the parts before it;
- named destinations: links between parts point at names (WeasyPrint writes
  `/Dest (case-x)`), which now resolve to the part that has the anchor;
- the outline (bookmarks), the document information and the XMP metadata
  (from the front part: title, language, PDF/UA identification).
qpdf (pikepdf) copies the objects; pages referred to only by placeholders are
never copied into the book.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import cast

import pikepdf
from pikepdf import Array, Dictionary, Name

from pipeline.casebook.embed import embed_fonts
from pipeline.casebook.pdf import Folio
from pipeline.casebook.stamp import folio_glyphs, stamp_folios

_CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")


def _tree(node: pikepdf.Object, leaves: str) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """The (key, value) pairs of a PDF number tree (`leaves` "/Nums") or name tree ("/Names")."""
    pairs: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    if leaves in node:
        flat = node[leaves]
        pairs.extend((flat[i], flat[i + 1]) for i in range(0, len(flat), 2))
    for kid in node.get("/Kids", []):
        pairs.extend(_tree(kid, leaves))
    return pairs


def _outline_items(
    source: pikepdf.Pdf, page_of: dict[tuple[int, int], pikepdf.Page]
) -> list[pikepdf.OutlineItem]:
    """The part's bookmarks as new outline items pointing at the book's pages."""

    def convert(item: pikepdf.OutlineItem) -> pikepdf.OutlineItem | None:
        destination = item.destination
        if not isinstance(destination, Array) or len(destination) < 1:
            return None
        page = page_of.get(destination[0].objgen)
        if page is None:  # a bookmark on a placeholder page: not in the book
            return None
        target = Array([page.obj, *list(destination)[1:]])
        new = pikepdf.OutlineItem(str(item.title), destination=target)
        new.is_closed = item.is_closed
        new.children.extend(c for c in map(convert, item.children) if c is not None)
        return new

    with source.open_outline() as outline:
        return [c for c in map(convert, outline.root) if c is not None]


def assemble(
    parts: Sequence[
        tuple[Path, int, int]
        | tuple[Path, int, int, Sequence[Folio | None]]
        | tuple[Path, int, int, Sequence[Folio | None], bool]
    ],
    target: Path,
    font_cache: Path | None = None,
) -> int:
    """Write the book of `parts` (pdf, own pages, empty pages before it, where the folio
    of each own page goes, if any, and whether it goes on with the part before: its
    bookmarks then go under that part's last one) to `target`.

    The parts' bundled fonts (markers, see `embed`) become one subset per face;
    `font_cache` is a folder where those subsets are kept for the next build. Each
    folio is printed with the page's number in the book (`stamp`).
    """
    book = pikepdf.new()
    folios: list[tuple[pikepdf.Page, int, Folio]] = []
    # The parts are opened one at a time and closed once copied (the front part, whose
    # metadata the book takes, at the end): qpdf keeps every object it has read of an
    # open PDF, so the book's whole object graph was held twice.
    front = pikepdf.open(parts[0][0])
    try:
        for key in _CATALOG_KEYS:
            if key in front.Root:
                book.Root[key] = _copy(book, front.Root[key])
        book.docinfo = cast(Dictionary, _copy(book, front.docinfo))
        tree_root = book.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = book.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=tree_root, K=Array())
        )
        tree_root.K = Array([document])
        parent_tree: list[tuple[int, pikepdf.Object]] = []
        destinations: dict[bytes, pikepdf.Object] = {}
        outline: list[pikepdf.OutlineItem] = []
        next_key = 0
        for position, part in enumerate(parts):
            source = front if position == 0 else pikepdf.open(part[0])
            first_copied = _next_number(book)
            own, blanks = part[1], part[2]
            part_folios = part[3] if len(part) > 3 else ()
            for _ in range(blanks):
                _blank_page(book, book.pages[-1])
            page_of: dict[tuple[int, int], pikepdf.Page] = {}
            used_keys: set[int] = set()
            for index, page in enumerate(source.pages[:own]):
                book.pages.append(page)
                copy = book.pages[-1]
                folio = part_folios[index] if index < len(part_folios) else None
                if folio is not None:
                    folios.append((copy, len(book.pages), folio))
                page_of[page.obj.objgen] = copy
                # Shift this part's parent-tree keys past those of the parts before it.
                if "/StructParents" in copy.obj:
                    used_keys.add(int(copy.obj.StructParents))
                    copy.obj.StructParents = int(copy.obj.StructParents) + next_key
                for annotation in copy.obj.get("/Annots", []):
                    if "/StructParent" in annotation:
                        used_keys.add(int(annotation.StructParent))
                        annotation.StructParent = int(annotation.StructParent) + next_key
            source_root = source.Root.StructTreeRoot
            kept = [
                (int(n), v)
                for n, v in _tree(source_root.ParentTree, "/Nums")
                if int(n) in used_keys
            ]
            copied = _copy_all(book, source, [value for _num, value in kept])
            parent_tree.extend(
                (num + next_key, value) for (num, _v), value in zip(kept, copied, strict=True)
            )
            next_key += max(used_keys, default=-1) + 1
            in_book = {page.obj.objgen for page in page_of.values()}
            for source_document in source_root.K:
                for kid in book.copy_foreign(source_document).K:
                    if "/Pg" not in kid or kid.Pg.objgen in in_book:
                        kid.P = document
                        document.K.append(kid)
            dests = source.Root.get("/Names", Dictionary()).get("/Dests", Dictionary())
            for dest_name, destination in _tree(dests, "/Names"):
                dest_page = page_of.get(destination[0].objgen)
                if dest_page is not None and bytes(dest_name) not in destinations:
                    destinations[bytes(dest_name)] = Array([dest_page.obj, *list(destination)[1:]])
            items = _outline_items(source, page_of)
            if len(part) > 4 and part[4] and outline:
                outline[-1].children.extend(items)
            else:
                outline.extend(items)
            if source is not front:
                _detach(book, first_copied)
                source.close()
        tree_root.ParentTree = book.make_indirect(
            Dictionary(Nums=Array([x for key, value in parent_tree for x in (key, value)]))
        )
        tree_root.ParentTreeNextKey = next_key
        book.Root.StructTreeRoot = tree_root
        names = Array()
        for name in sorted(destinations):
            names.extend([pikepdf.String(name), destinations[name]])
        book.Root.Names = Dictionary(Dests=book.make_indirect(Dictionary(Names=names)))
        with book.open_outline() as book_outline:
            book_outline.root.extend(outline)
        programs = embed_fonts(book, font_cache, folio_glyphs([f for _p, _n, f in folios]))
        stamp_folios(book, folios, programs)
        pikepdf.settings.set_flate_compression_level(9)  # the book is written once per build
        book.save(
            target,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            min_version=front.pdf_version,
        )
        return len(book.pages)
    finally:
        pikepdf.settings.set_flate_compression_level(-1)
        front.close()


def _next_number(book: pikepdf.Pdf) -> int:
    """The number the book's next new object gets. (Found by making one: qpdf numbers new
    objects one past the largest; the probe is referred to by nothing, so never written.
    `len(book.objects)` would list every object of the book, once per part.)"""
    return int(book.make_indirect(Dictionary()).objgen[0]) + 1


def _detach(book: pikepdf.Pdf, first: int) -> None:
    """Give the streams copied into `book` since object `first` their own bytes, so that
    the PDF they came from can be closed: qpdf copies a stream's data only when the book
    is written, from the PDF it was copied from. The bytes stay as they were encoded."""
    for number in range(first, _next_number(book) - 1):
        stream = book.get_object((number, 0))
        if isinstance(stream, pikepdf.Stream):
            stream.write(
                stream.read_raw_bytes(),
                filter=cast(Name | Array | None, stream.get("/Filter")),
                decode_parms=cast(Dictionary | Array | None, stream.get("/DecodeParms")),
            )


def _copy(book: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """`value` (direct or indirect) of another PDF, copied into `book`."""
    if not isinstance(value, pikepdf.Object):  # bool, int, Decimal: plain Python values
        return value
    if value.is_indirect:
        return book.copy_foreign(value)
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(book, item) for key, item in value.items()})
    if isinstance(value, Array):
        return Array([_copy(book, item) for item in value])
    return value


def _copy_all(
    book: pikepdf.Pdf, source: pikepdf.Pdf, values: list[pikepdf.Object]
) -> list[pikepdf.Object]:
    """`values` of `source` copied into `book` in one call: the thousands of entries of a
    part's parent tree copied one by one (`_copy`) took a second at 200 cases. The array
    that carries them is not referenced in `book`, so it is not written."""
    if not values:
        return []
    return list(book.copy_foreign(source.make_indirect(Array(values))))


def _blank_page(book: pikepdf.Pdf, like: pikepdf.Page) -> None:
    """An empty page the size of `like`: the left-hand page before a part in a two-sided book."""
    page = Dictionary(
        Type=Name.Page,
        MediaBox=_copy(book, like.obj.MediaBox),
        Resources=Dictionary(),
        Contents=book.make_stream(b""),
    )
    for box in ("/TrimBox", "/BleedBox"):
        if box in like.obj:
            page[box] = _copy(book, like.obj[box])
    book.pages.append(pikepdf.Page(page))
