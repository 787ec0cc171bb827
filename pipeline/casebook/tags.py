"""The structure tree of a tagged PDF, without an element for every line of text.

In:  the pydyf PDF that WeasyPrint is about to write (a `write_pdf` finisher).
Out: the same PDF in which each text box's own `/Span` element is gone: its marked
     content is a kid of the element around it instead.

WeasyPrint tags every text box (a line's worth of text in one style) as a `/Span`
structure element holding one marked-content id, under the paragraph, heading or list
body it belongs to. Such a Span carries no meaning (no attributes, no language, no
alternative text): ISO 32000 lets an element list its marked content directly, which is
how WeasyPrint already tags a link's text. These Spans were half of every object of the
casebook (152,213 of 313,448 at 500 synthetic cases), and every object costs time and
memory to write, to copy when the parts are put together (`assemble`) and to read. The
reading order and the text each element holds are unchanged; the parent tree maps each
id to the element that now holds it. Spans that are HTML `<span>` elements (which hold
other elements) stay.
"""

from __future__ import annotations

from typing import Any

_TEXT_SPAN_KEYS = {"Type", "S", "K", "Pg", "P"}


def _object(objects: list[Any], reference: bytes) -> Any:
    """The pydyf object that a reference such as b"12 0 R" names."""
    return objects[int(reference.split(b" ", 1)[0])]


def flatten_text_spans(_document: Any, pdf: Any) -> None:
    """Fold each text box's one-id `/Span` into its parent element (in place).

    The dropped Spans stay in `pdf.objects`, so that no object is renumbered, but are
    marked free: pydyf writes them as free entries of the cross-reference table (its
    compressed writer tells a free entry by number 0 and a nonzero generation).
    """
    objects: list[Any] = pdf.objects
    root_reference = pdf.catalog.get("StructTreeRoot")
    if root_reference is None:  # not a tagged PDF
        return
    folded: dict[bytes, tuple[int, bytes]] = {}  # Span's reference -> (its id, its parent)
    elements = []
    for candidate in objects:
        if not isinstance(candidate, dict) or candidate.get("Type") != "/StructElem":
            continue
        kids: Any = candidate.get("K")
        if (
            candidate.get("S") == "/Span"
            and candidate.keys() == _TEXT_SPAN_KEYS
            and len(kids) == 1
            and type(kids[0]) is int
            # An id refers to content on the element's own page (`/Pg`).
            and _object(objects, candidate["P"]).get("Pg") == candidate["Pg"]
        ):
            folded[candidate.reference] = (kids[0], candidate["P"])  # type: ignore[attr-defined]
        else:
            elements.append(candidate)
    if not folded:
        return
    for element in elements:
        kids = element.get("K")
        if kids:
            for index, kid in enumerate(kids):
                if type(kid) is bytes and kid in folded:
                    kids[index] = folded[kid][0]
    parent_tree = _object(objects, _object(objects, root_reference)["ParentTree"])
    nums = parent_tree["Nums"]
    for index in range(1, len(nums), 2):
        ids = nums[index]
        if isinstance(ids, list):  # a page's elements by id, in order; else a link's element
            for position, value in enumerate(ids):
                if value in folded:
                    ids[position] = folded[value][1]
    for reference in folded:
        span = _object(objects, reference)
        span.free, span.generation, span.number = "f", 65535, 0
