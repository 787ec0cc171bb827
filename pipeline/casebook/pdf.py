"""Casebook HTML -> PDF with WeasyPrint: layout in the sandbox, tagged PDF out.

In:  HTML made by `pipeline.casebook.html`. Out: a weasyprint Document, or a PDF file.
"""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.casebook import embed
from pipeline.casebook.fetcher import safe_fetcher
from pipeline.casebook.tags import flatten_text_spans
from pipeline.config import CASEBOOK_TEMPLATES


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """pydyf's `PDF.page_references`, built once per page count instead of on every access.

    pydyf rebuilds the tuple of every page reference each time the property is
    read, and WeasyPrint reads it once per tagged element and per link: time
    that grows with elements × pages (2.3 s of 9 s writing a 264-page book, and
    quadratically more for longer ones). Pages are only ever appended, so the
    page count tells whether the cached tuple is still right; the values are
    the same, and so is every byte of the PDF.
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_casebook_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{n} 0 R".encode("ascii") for n in kids[::3]))
        pdf.__dict__["_casebook_page_references"] = cached
    references: tuple[bytes, ...] = cached[1]
    return references


@cache
def _speed_up_pydyf() -> Any:
    """Install the cached `page_references` on pydyf.PDF; returns the original property."""
    import pydyf

    original = pydyf.PDF.page_references
    pydyf.PDF.page_references = property(_page_references)
    return original


def layout(html: str) -> Any:
    """Lay out casebook HTML with WeasyPrint (sandboxed fetcher); the weasyprint Document."""
    from weasyprint import HTML

    _speed_up_pydyf()
    return HTML(
        string=html, base_url=CASEBOOK_TEMPLATES.as_uri() + "/", url_fetcher=safe_fetcher()
    ).render()


def write_pdf(document: Any, target: Path | str, *, deferred_fonts: bool = False) -> None:
    """Write a laid-out document as tagged PDF (PDF/UA-1).

    With `deferred_fonts`, the bundled fonts are written as markers, for
    `embed.embed_fonts` to replace with one subset per face once the book is put together.
    """
    embed.install()  # bundled fonts subset by `embed.subset_font`
    with embed.deferred() if deferred_fonts else contextlib.nullcontext():
        document.write_pdf(
            target,
            pdf_variant="pdf/ua-1",
            attachments=[],
            uncompressed_pdf=False,
            finisher=flatten_text_spans,  # half the objects, the same reading order
        )


def render_pdf(html: str, target: Path) -> int:
    """Render casebook HTML to a tagged PDF (PDF/UA-1) file; returns the number of pages."""
    document = layout(html)
    write_pdf(document, target)
    return len(document.pages)


# A folio as `take_folios` found it: (x, anchor, baseline, font file, size, r, g, b), in
# PDF points from the bottom left of the page; `anchor` says whether x is where the number
# starts ("left"), ends ("right") or has its middle ("center").
Folio = tuple[float, str, float, str, float, float, float, float]
_PX = 0.75  # WeasyPrint's CSS pixel in PDF points


def _counts_pages(box: Any) -> bool:
    """Whether a margin box's `content` prints the page counter (a folio)."""
    return (
        any(
            kind == "counter()" and value and value[0] == "page"
            for kind, value in box.style["content"]
            if isinstance(value, tuple)
        )
        if isinstance(box.style["content"], tuple)
        else False
    )


def take_folios(document: Any) -> list[Folio | None]:
    """Take the folios (page-number margin boxes) off every page of a laid-out document,
    and say where each was, for `assemble` to print the book's page number there.

    So a part of the book prints no page number of its own, and its PDF is the same
    wherever in the book it goes.
    """
    from weasyprint.formatting_structure import boxes

    found: list[Folio | None] = []
    for page in document.pages:
        box = page._page_box
        height = box.margin_height()
        folio: Folio | None = None
        kept = []
        for child in box.children:
            if folio is None and isinstance(child, boxes.MarginBox) and _counts_pages(child):
                text = next(_text_boxes(child), None)
                if text is not None:
                    style = text.style
                    keyword = child.at_keyword
                    anchor = "right" if "right" in keyword else "left"
                    anchor = "center" if "center" in keyword else anchor
                    x = text.position_x + (text.width if anchor == "right" else 0)
                    x = text.position_x + text.width / 2 if anchor == "center" else x
                    face = embed.face_file(
                        style["font_family"][0], style["font_weight"], style["font_style"]
                    )
                    red, green, blue = style["color"].to("srgb").coordinates
                    folio = (
                        round(x * _PX, 3),
                        anchor,
                        round((height - text.position_y - text.baseline) * _PX, 3),
                        face.name,
                        round(style["font_size"] * _PX, 3),
                        round(red, 4),
                        round(green, 4),
                        round(blue, 4),
                    )
                    continue
            kept.append(child)
        box.children = kept
        found.append(folio)
    return found


def _text_boxes(box: Any) -> Any:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)
