"""The casebook in parts (pipeline.chunks, pipeline.assemble).

The book is rendered as front matter, runs of cases and back matter, each its own
WeasyPrint document, then put together. It must read exactly like the same book
laid out as one document: same pages, same words, same page numbers in the TOC,
"see also", index and folios; and stay one well-formed tagged PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from pipeline.build import load_library
from pipeline.casebook import parts as chunks
from pipeline.casebook.assemble import assemble
from pipeline.casebook.cache import PartCache
from pipeline.casebook.html import casebook_document
from pipeline.casebook.layout import Layout, page_map
from pipeline.casebook.parts import Part, plan, render_book
from pipeline.casebook.pdf import render_pdf
from pipeline.config import ROOT, casebook_config
from pipeline.edition import BuildInfo, Edition
from pipeline.provenance import build_date


def test_runs_are_content_defined_so_a_new_case_changes_one_part():
    ids = [f"case-{i:03d}" for i in range(120)]
    before = plan(ids)
    guide = [Part("guide", piece=(i, chunks.GUIDE_PIECES)) for i in range(chunks.GUIDE_PIECES)]
    assert before[: 2 + len(guide)] == [Part("front"), Part("overview"), *guide]
    assert before[-1] == Part("back")
    assert [c for p in before for c in p.cases] == ids
    assert all(1 <= len(p.cases) <= chunks.MAX_RUN for p in before[2 + len(guide) : -1])
    after = plan([*ids[:60], "a-new-case", *ids[60:]])
    # Only the run the case joins changes, and the one after it when that run was cut
    # at MAX_RUN; every other part is the same, so its cached PDF is used again.
    gone = [p for p in before if p not in after]
    assert 1 <= len(gone) <= 2 and ids[60] in gone[0].cases + gone[-1].cases
    assert len(after) - len(before) in (0, 1)
    assert [p for p in after if p in before] == [p for p in before if p not in gone]


def test_page_map_numbers_parts_and_opens_each_on_a_right_hand_page_in_duplex():
    layouts = [Layout(6, {"cover": 0, "toc": 2}), Layout(3, {"case-a": 0}), Layout(2, {"index": 0})]
    simplex = page_map(layouts, duplex=False)
    assert (simplex.starts, simplex.blanks_before, simplex.total) == ([1, 7, 10], [0, 0, 0], 11)
    assert simplex.anchors == {"cover": 1, "toc": 3, "case-a": 7, "index": 10}
    duplex = page_map(layouts, duplex=True)
    assert (duplex.starts, duplex.blanks_before, duplex.total) == ([1, 7, 11], [0, 0, 1], 12)
    assert duplex.anchors["index"] == 11


def _page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdfium), without white space and hyphens.

    One hyphen glyph serves "-", U+2010 and the hyphen of a broken word, and maps
    back to whichever the font subset met first, which differs between one
    document and several; pdfium then joins or splits the lines around it
    differently. Same look; so hyphens and line breaks are left out of the comparison.
    """
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(pdf)
    try:
        texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return [re.sub(r"[\s\-\u2010\ufffe]", "", text) for text in texts]


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The bundled cases as one document and in small parts, both two-sided."""
    folder = tmp_path_factory.mktemp("parts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1764374400")
        patch.setattr(chunks, "RUN_LENGTH", 3)  # more, shorter parts than usual
        _, library = load_library(ROOT / "cases")
        assert library is not None
        config = casebook_config()
        info = BuildInfo(build_date(ROOT / "cases"), "test-version", config)

        def html(part=None):
            return casebook_document(library, Edition(duplex=True), info, part=part)

        cache = PartCache(folder / "cache")
        ids = [c.id for c in library.cases]
        book = render_book(ids, html, cache, duplex=True, salt="test")
        # The book as one document, its index told the pages of every mention as the
        # parts' layout found them (one document has no layout before it is rendered).
        whole = folder / "whole.pdf"
        mentions = casebook_document(
            library, Edition(duplex=True), info, pages=book.page_map.anchors
        )
        render_pdf(mentions.html, whole)
        in_parts = folder / "parts.pdf"
        assemble(
            [
                (pdf, layout.pages, blanks, layout.folios)
                for pdf, layout, blanks in zip(
                    book.pdfs, book.layouts, book.page_map.blanks_before, strict=True
                )
            ],
            in_parts,
        )
        again = render_book(ids, html, cache, duplex=True, salt="test")
    return whole, in_parts, book, again


@pytest.mark.slow
def test_book_in_parts_reads_page_for_page_like_one_document(books):
    whole, in_parts, book, _again = books
    assert len(book.pdfs) >= 5  # front, at least three runs of cases, back
    expected, actual = _page_texts(whole), _page_texts(in_parts)
    # In parts, a two-sided book ends with notes pages up to a multiple of four pages.
    assert len(actual) % 4 == 0 and 0 <= len(actual) - len(expected) < 4
    assert all(re.fullmatch(r"Notes\d*", text) for text in actual[len(expected) :])
    for number, (got, want) in enumerate(zip(actual, expected, strict=False), 1):
        assert got == want, f"page {number} differs"
    # The numbers were really printed: a folio (the number alone, last on the page).
    assert not actual[0].endswith("1")  # the cover has no folio
    assert actual[2].endswith("3")


@pytest.mark.slow
def test_unchanged_parts_come_from_the_cache(books):
    _whole, _in_parts, book, again = books
    assert book.rendered == len(book.pdfs) and again.rendered == 0
    assert again.pdfs == book.pdfs


@pytest.mark.slow
def test_book_in_parts_is_one_well_formed_tagged_pdf(books):
    whole, in_parts, _book, _again = books
    with pikepdf.open(in_parts) as pdf, pikepdf.open(whole) as reference:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en"
        assert b"pdfuaid" in pdf.Root.Metadata.read_bytes()
        pages = {page.obj.objgen for page in pdf.pages}
        # Every structure element sits on a page of the book.
        elements, todo = 0, list(pdf.Root.StructTreeRoot.K)
        while todo:
            element = todo.pop()
            if not isinstance(element, pikepdf.Dictionary):
                continue
            elements += 1
            if "/Pg" in element:
                assert element.Pg.objgen in pages
            kids = element.get("/K")
            if isinstance(kids, pikepdf.Array):
                todo.extend(kids)
            elif isinstance(kids, pikepdf.Dictionary):
                todo.append(kids)
        assert elements > 1000
        # The parent tree has one entry for each page's marked content and each link.
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert len(keys) == len(set(keys))
        wanted = set()
        names = pdf.Root.Names.Dests.Names
        destinations = {str(names[i]) for i in range(0, len(names), 2)}
        for page in pdf.pages:
            if "/StructParents" in page.obj:
                wanted.add(int(page.obj.StructParents))
            for link in page.obj.get("/Annots", []):
                wanted.add(int(link.StructParent))
                if "/Dest" in link:  # links inside the book resolve, across parts too
                    assert str(link.Dest) in destinations
        assert wanted == set(keys)
        # The same bookmarks as the book laid out as one document.
        with pdf.open_outline() as outline, reference.open_outline() as expected:
            assert [str(i.title) for i in outline.root] == [str(i.title) for i in expected.root]


def test_notes_pad_a_two_sided_book_to_a_multiple_of_four():
    from pipeline.casebook.parts import notes_needed

    layouts = [Layout(3, {}), Layout(6, {}), Layout(3, {})]  # 3 + blank + 6 + 3 = 13
    numbers = page_map(layouts, duplex=True)
    assert numbers.total == 13
    assert notes_needed(layouts[-1], numbers, duplex=True) == 3
    assert notes_needed(layouts[-1], numbers, duplex=False) == 0
    # Rendered with its three notes pages, the back matter asks for the same three again.
    padded = [*layouts[:-1], Layout(6, {"notes-1": 3, "notes-2": 4, "notes-3": 5})]
    again = page_map(padded, duplex=True)
    assert again.total == 16 and notes_needed(padded[-1], again, duplex=True) == 3


@pytest.mark.slow
def test_each_font_is_embedded_once_and_the_book_no_larger_than_one_document(books):
    whole, in_parts, book, _again = books
    programs: dict[str, set[tuple[int, int]]] = {}
    with pikepdf.open(in_parts) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.get("/Font", {}).values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                programs.setdefault(str(font.BaseFont), set()).add(program.objgen)
    assert len(book.pdfs) >= 5 and len(programs) >= 6  # serif and sans, several styles
    assert {face: len(found) for face, found in programs.items()} == dict.fromkeys(programs, 1)
    assert in_parts.stat().st_size <= 1.1 * whole.stat().st_size


@pytest.mark.slow
def test_a_guide_in_parts_reads_as_one_chapter_in_the_bookmarks(tmp_path):
    from pipeline.across import TOPICS, topics

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1764374400")
        patch.setattr(chunks, "GUIDE_SPLIT", 1)  # the bundled library's guide in three parts
        _, library = load_library(ROOT / "cases")
        assert library is not None
        info = BuildInfo(build_date(ROOT / "cases"), "test-version", casebook_config())

        def html(part=None):
            return casebook_document(library, Edition(), info, part=part)

        ids = [c.id for c in library.cases]
        book = render_book(ids, html, PartCache(tmp_path / "cache"), duplex=False, salt="t")
    assert book.continues.count(True) == chunks.GUIDE_PIECES - 1
    target = tmp_path / "book.pdf"
    assemble(
        [
            (pdf, layout.pages, blanks, layout.folios, goes_on)
            for pdf, layout, blanks, goes_on in zip(
                book.pdfs, book.layouts, book.page_map.blanks_before, book.continues, strict=True
            )
        ],
        target,
    )
    questions = [t.title for t in topics(library.cases, "en")]
    assert len(questions) == len(TOPICS)
    with pikepdf.open(target) as pdf, pdf.open_outline() as outline:
        top = [str(item.title) for item in outline.root]
        chapter = next(item for item in outline.root if str(item.title) == "Across the cases")
        under = [re.sub(r"^\d+\s*", "", str(item.title)) for item in chapter.children]
    assert top.count("Across the cases") == 1
    assert under == questions  # every question under the chapter, in order
    assert not set(top) & set(under)
