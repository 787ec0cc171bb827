"""The structure tree without a Span element per text box (`pipeline.casebook.tags`)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pypdf import PdfReader

from pipeline.casebook.pdf import layout, write_pdf

_HTML = """<html lang="en"><head><title>Tags</title></head><body>
<h1>Heading</h1>
<p>Plain words, <em>emphasis</em> and <a href="#end">a link</a> in one paragraph.</p>
<p>Some <span lang="nl">Nederlandse woorden</span> in a span.</p>
<ul><li>First item</li><li>Second item</li></ul>
<p id="end">The end.</p>
</body></html>"""


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, todo = [], list(pdf.Root.StructTreeRoot.K)
    while todo:
        element = todo.pop()
        if isinstance(element, pikepdf.Dictionary) and element.get("/Type") == "/StructElem":
            found.append(element)
            todo.extend(element.get("/K", []))
    return found


def test_text_is_marked_content_of_its_element_and_the_parent_tree_says_so(tmp_path: Path):
    target = tmp_path / "tags.pdf"
    write_pdf(layout(_HTML), target)
    with pikepdf.open(target) as pdf:
        elements = _elements(pdf)
        kinds = sorted(str(e.S) for e in elements)
        # No Span per text box is left; the <span> element stays, its text its own kid.
        assert kinds.count("/Span") == 1
        span = next(e for e in elements if e.S == "/Span")
        assert len(span.K) == 1 and isinstance(span.K[0], int)
        paragraph = next(e for e in elements if e.S == "/P")
        assert [kid for kid in paragraph.K if isinstance(kid, int)]  # its words, by id
        # Every id on the page maps back to the element that lists it.
        page = pdf.pages[0]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        on_page = by_key[int(page.obj.StructParents)]
        holders = {
            int(kid): element.objgen
            for element in elements
            for kid in element.get("/K", [])
            if isinstance(kid, int)
        }
        assert {mcid: on_page[mcid].objgen for mcid in range(len(on_page))} == holders
        assert len(holders) >= 8  # heading, two paragraphs, span, link, list items
        # The Spans dropped are no objects of the file: only the elements found remain.
        in_file = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)]
        assert sum(o.get("/Type") == "/StructElem" for o in in_file) == len(elements)
    text = PdfReader(target).pages[0].extract_text()
    assert "emphasis and a link in one paragraph." in " ".join(text.split())
