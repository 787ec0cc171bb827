"""What workshops get: the printed casebook, and one handout PDF per case.

In:  the enriched library, the edition and the build's facts.
Out: ``casebook.pdf`` (rendered in cached parts, see `pipeline.casebook.parts`),
``cards.pdf`` (one A5 card per case, `pipeline.casebook.cards`), ``facilitator.pdf``
(see `pipeline.casebook.facilitator`) and, for an edition with handouts,
``cases/<id>.pdf``.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from pipeline.casebook.assemble import assemble
from pipeline.casebook.cache import PartCache
from pipeline.casebook.html import (
    BookPart,
    PartHTML,
    casebook_document,
    casebook_html,
    select_cases,
)
from pipeline.casebook.kit import Cards, Pack
from pipeline.casebook.layout import PageMap
from pipeline.casebook.parts import PaginationError, render_book
from pipeline.casebook.pdf import render_pdf
from pipeline.casebook.workers import Workers, jobs
from pipeline.edition import BuildInfo, Edition, ProductResult
from pipeline.fingerprint import code_fingerprint
from pipeline.library import Library
from pipeline.outputs import BuildError

__all__ = ["write_casebook"]


def write_casebook(
    library: Library, edition: Edition, info: BuildInfo, staging: Path
) -> ProductResult:
    """Write casebook.pdf, cards.pdf, facilitator.pdf (and, with `edition.handouts`,
    cases/<id>.pdf) into `staging`. Cards and handouts are numbered as in the book. Each
    case is printed in the edition's language where it has a text in it
    (`pipeline.library.EnrichedCase.text`), else in its original language."""
    library = library.in_language(edition.lang)
    info = dataclasses.replace(info, config=info.config.for_language(edition.lang))

    def part_html(part: BookPart) -> PartHTML:
        return casebook_document(library, edition, info, part=part)

    salt = code_fingerprint()  # what else turns the same HTML into other bytes
    temporary = None if info.cache else Path(tempfile.mkdtemp(prefix="parts-"))
    cache = info.cache or temporary
    assert cache is not None
    # One set of worker processes for the book's parts, the pieces of the cards (rendered
    # beside the book's first parts) and of the facilitator's pack (beside its front and
    # back matter), and for putting the three documents together.
    try:
        with Workers(jobs(), info.progress) as workers:
            quiet = dataclasses.replace(info, progress=None)  # a callback stays here
            cards = Cards(library, edition, quiet, workers, cache / "cards", salt)
            pack = Pack(library, edition, quiet, workers, cache / "facilitator", salt)

            def start_pack(numbers: PageMap) -> None:
                """Queue the pack (whose front prints the book's pages) behind the book's
                front and back matter, numbered alike."""
                pack.start(numbers.anchors)

            book = render_book(
                [case.id for case in select_cases(library, edition.workshop)],
                part_html,
                PartCache(cache / "casebook"),
                duplex=edition.duplex,
                salt=salt,
                runner=workers,
                # The cards print no page number: in a cold build they are rendered
                # beside the book's first parts, and any card that runs over is set
                # tighter and queued behind them; after an edit, behind the changed runs.
                started=cards.start,
                queued=cards.tighten,
                numbered=start_pack,
                first=info.edited,
            )
            if pack.pages != book.page_map.anchors:  # the numbers moved after all
                start_pack(book.page_map)
            fonts = info.cache / "fonts" if info.cache else None
            parts = zip(
                book.pdfs, book.layouts, book.page_map.blanks_before, book.continues, strict=True
            )
            # Each document is put together by a worker, the book first: this process
            # meanwhile waits for the cards (and sets tighter any that runs over).
            written = workers.submit(
                assemble,
                [
                    (pdf, lay.pages, blanks, lay.folios, goes_on)
                    for pdf, lay, blanks, goes_on in parts
                ],
                staging / "casebook.pdf",
                fonts,
            )
            kit, long_cards = cards.write(staging / "cards.pdf", fonts and fonts / "cards")
            facilitator = pack.write(staging / "facilitator.pdf", fonts and fonts / "facilitator")
            pages = written.get()
            kit.get(), facilitator.get()
    except PaginationError as err:
        raise BuildError(f"The casebook could not be paginated: {err}.") from None
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    names = ["casebook.pdf", "cards.pdf", "facilitator.pdf"]
    if edition.handouts:
        folder = staging / "cases"
        folder.mkdir()
        for case in select_cases(library, edition.workshop):
            render_pdf(
                casebook_html(library, edition, info, handout=case.id), folder / f"{case.id}.pdf"
            )
        names.append("cases")
    return ProductResult(
        tuple(names),
        pages=pages,
        parts=(book.rendered, len(book.pdfs)),
        notices=book.notices
        + tuple(f"The card of {cid} in cards.pdf runs over one page." for cid in long_cards),
    )
