"""Stage 5, render: Library -> casebook HTML (Jinja) -> PDF (WeasyPrint).

Contributed text is untrusted. Markdown is rendered with raw HTML disabled and
then cleaned with an allow-list (nh3); links keep only http, https and mailto;
Jinja autoescapes everything else and case text is never used as a template.
WeasyPrint gets the fetcher of `pipeline.sandbox`: no network, no other file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pipeline.across import topics
from pipeline.casebook import agenda as workshop_agenda
from pipeline.casebook import charts
from pipeline.casebook.backmatter import glossary_entries, index_entries
from pipeline.casebook.logo import logo_data_url
from pipeline.config import CASEBOOK_TEMPLATES, CasebookConfig
from pipeline.edition import BuildInfo, Edition
from pipeline.i18n import FALLBACK, duration, format_date, label
from pipeline.library import EnrichedCase, Library
from pipeline.markup import markdown_to_html, typeset_markdown
from pipeline.reference import sections, vocabularies, vocabulary_for
from pipeline.translated import translation_note
from pipeline.typography import (
    mention_id,
    protect_names,
    running_title,
    typeset,
    url_breaks,
    with_period,
)

# Characters the bundled fonts lack (see pipeline/assets/fonts/README.md): without this
# WeasyPrint would silently take the glyph from a system font. U+2011 (non-breaking
# hyphen) prints as the hyphen-minus a PDF reader's search finds; U+2060 (word joiner) goes.
_MISSING_GLYPHS = str.maketrans({"\u2011": "-", "\u2060": None})


def _finalize(value: Any) -> Any:
    """Applied by Jinja to every printed value: replace characters the fonts lack."""
    if isinstance(value, str):  # Markup is a str; translate keeps it Markup
        return value.translate(_MISSING_GLYPHS)
    return value


def print_markdown(
    text: str, lang: str, names: Mapping[str, str] | None = None, where: str = ""
) -> Markup:
    """Contributor Markdown as it is printed: sanitised (`markdown_to_html`), then typeset
    for `lang` with the organisation `names` (spelling -> id) kept whole and, with `where`,
    each mention marked for the index (`pipeline.typography`)."""
    return Markup(protect_names(typeset_markdown(text, lang), names or {}, where))


def css_string(value: str) -> Markup:
    """`value` as a quoted CSS string, safe inside a <style> element.

    Backslash, quote, angle brackets, ampersand and control characters are
    written as CSS escapes, so no value can end the string, the rule or the element.
    """
    out = []
    for ch in value:
        if ch.isprintable() and ch not in '\\"<>&':
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return Markup('"' + "".join(out) + '"')


@dataclasses.dataclass(frozen=True)
class PartHTML:
    """The HTML of a book or part, and what the templates link to and put in it.

    `links` are the anchors of the template's own links, in the order first made;
    `anchors` the ids of the template's own elements. Contributor text adds
    neither: it can hold no id, and its in-document links are not counted.
    """

    html: str
    links: tuple[str, ...] = ()
    anchors: frozenset[str] = frozenset()
    placeholders: tuple[str, ...] = ()  # the anchors on the placeholder page written

    @property
    def placeholder_pages(self) -> int:
        """How many placeholder pages follow the part's own: one, if it holds any anchor."""
        return 1 if self.placeholders else 0


@dataclasses.dataclass(frozen=True)
class BookPart:
    """One part of a casebook rendered on its own (see `pipeline.chunks`).

    `kind` is "front" (cover to contents and agenda), "overview" (the matrix and
    charts), "guide" (the chapter across the cases),
    "cases" or "back" (index and
    glossary); `cases` the ids of the chapters in it; `start` the book's page
    number of its first page and `total` the book's page count; `notes` the number of
    notes pages the back matter ends with (a two-sided book is padded to a multiple
    of four pages for booklet printing); `pages` the book page of each mention of an
    organisation (for the back matter's index); `piece`, of the guide, which of how many
    parts of its workshop questions this is. `page_of` gives the book page of an anchor
    of another part, which the part prints as text (contents, agenda, index; None: not
    known, nothing printed); the anchors it links to and does not hold are put on one
    empty placeholder page at its end, so that WeasyPrint keeps the links (`assemble`
    leaves that page out and points them at the book's pages).
    """

    kind: str
    cases: frozenset[str] = frozenset()
    start: int = 1
    total: int = 0
    notes: int = 0
    pages: tuple[tuple[str, int], ...] = ()  # for the back matter: each mention's page
    piece: tuple[int, int] = (0, 1)
    page_of: Callable[[str], int | None] | None = None


@cache
def _environment() -> Environment:
    """The Jinja environment, made (and its template compiled) once per process.

    The casebook is written part by part, twice per part and per round of
    numbering; compiling the template each time cost 0.15 s a call.
    """
    env = Environment(
        finalize=_finalize,
        loader=FileSystemLoader(CASEBOOK_TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown_to_html
    env.filters["css_string"] = css_string
    env.filters["typo"] = typeset
    env.filters["url"] = url_breaks
    env.filters["period"] = with_period
    env.filters["running"] = running_title
    env.filters["print_markdown"] = print_markdown
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one of the package's templates (autoescaped, strict) with `context`."""
    return _environment().get_template(name).render(**context)


def select_cases(library: Library, workshop: str | None = None) -> tuple[EnrichedCase, ...]:
    """The cases of an edition: all of them, or those that list `workshop` in `workshops`."""
    if not workshop:
        return library.cases
    return tuple(c for c in library.cases if workshop in (c.meta.workshops or []))


def overview(cases: tuple[EnrichedCase, ...], *, lang: str, until: int) -> dict[str, Any]:
    """The overview chapter's data: the cases x forms matrix and three charts (SVG data URLs).

    Only forms and sectors that occur are shown, in vocabulary order for forms and by
    count (then vocabulary order) for sectors.
    """

    def t(key: str) -> str:
        return label(key, lang)

    vocab = vocabularies()
    forms = [term for term in vocab["forms"].terms if any(term.id in c.meta.forms for c in cases)]
    by_form = [
        (typeset(f.label(lang), lang), sum(f.id in c.meta.forms for c in cases)) for f in forms
    ]
    by_form.sort(key=lambda item: -item[1])
    sector_terms = vocab["sectors"].terms
    by_sector = [
        (typeset(s.label(lang), lang), sum(s.id in c.meta.sectors for c in cases))
        for s in sector_terms
    ]
    by_sector = sorted((item for item in by_sector if item[1]), key=lambda item: -item[1])
    spans = [
        charts.Span(
            f"{n}. {typeset(running_title(c.meta.title, 40), c.meta.language)}",
            c.meta.started,
            None if c.ongoing else c.meta.ended,
        )
        for n, c in enumerate(cases, 1)
    ]
    figures = []
    for key, svg in (
        ("chart_forms", charts.bar_chart(by_form, title=t("chart_forms"))),
        ("chart_sectors", charts.bar_chart(by_sector, title=t("chart_sectors"))),
        (
            "chart_timeline",
            charts.timeline(
                spans,
                title=t("chart_timeline"),
                until=until,
                ongoing_label=t("ongoing"),
                ended_label=t("ended"),
            ),
        ),
    ):
        figures.append({"key": key, "src": charts.data_url(svg), "alt": _alt(svg)})
    # The turned column heads are as tall as the longest label needs (about 1.5 mm a
    # character at their size), so that none climbs above the table.
    head = max((len(f.label(lang)) for f in forms), default=0) * 1.5 + 3
    return {"forms": forms, "figures": figures, "head_mm": round(head, 1)}


def _alt(svg: str) -> str:
    """The alt text of a chart: its <title> and <desc>, unescaped (Jinja escapes again)."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    return ". ".join(
        (root.findtext(f"{ns}{tag}") or "").strip() for tag in ("title", "desc")
    ).strip(". ")


def edition_line(config: CasebookConfig, edition: Edition) -> str:
    """What this build is, in its language: `config.edition` where the publisher set one,
    else "Full edition" / "Workshop edition", "… for two-sided printing"."""
    if config.edition:
        return config.edition
    line = label("edition_workshop" if edition.workshop else "edition_full", edition.lang)
    return line + (f" · {label('edition_duplex', edition.lang)}" if edition.duplex else "")


def casebook_document(
    library: Library,
    edition: Edition,
    info: BuildInfo,
    *,
    handout: str | None = None,
    part: BookPart | None = None,
    pages: Mapping[str, int] | None = None,
) -> PartHTML:
    """The casebook as one HTML document (pure: no files written), with its links and anchors.

    The edition's `workshop` keeps only the cases that list that workshop id; `duplex`
    adds the two-sided page design; `handout` (a case id) makes a one-case handout
    instead of the book: the chapter of that case with a short title block, no front or
    back matter. `part` renders only that part of the book, numbered as in the whole book.
    `pages` (or `part.pages`) gives the book page of each mention of an organisation,
    which the index prints; without it the index points to each case's first page.
    """
    lang, workshop, duplex, config = edition.lang, edition.workshop, edition.duplex, info.config
    library = library.in_language(lang)  # each case in the reader's language where it has one
    config = config.for_language(lang)
    build = {
        "date": info.date.isoformat(),
        "date_display": format_date(info.date, lang),
        "year": info.date.year,
        "version": info.version,
        "edition": config.edition,
    }

    # The edition's own words are typeset like the cases' text (quotes, apostrophes).
    def t(key: str) -> str:
        return typeset(label(key, lang), lang)

    def term(field: str, term_id: str | None) -> str:
        if not term_id:
            return ""
        return typeset(vocabulary_for(field).term(term_id).label(lang), lang)

    # The default subtitle and edition name (English, in pipeline/config.py) are
    # translated in each catalogue; settings that differ print as written.
    if config.subtitle == label("default_subtitle", FALLBACK):
        config = dataclasses.replace(config, subtitle=t("default_subtitle"))
    build = {**build, "edition": edition_line(config, edition)}
    cases = select_cases(library, workshop)
    # Numbered as in the book, a handout too: its one case keeps its number.
    numbers = {c.id: n for n, c in enumerate(cases, 1)}
    if handout:
        cases = tuple(c for c in cases if c.id == handout)
    in_book = {c.id for c in cases}
    # Organisation names per case, never hyphenated where the case text names them.
    # Organisation names per case (spelling -> id), never hyphenated where the case text
    # names them, and each mention marked for the index.
    names = {
        c.id: {
            spelling: org_id
            for org_id in dict.fromkeys(c.organisation_ids)
            if org_id in library.organisations
            for spelling in (
                library.organisations[org_id].name,
                *library.organisations[org_id].spellings,
            )
        }
        for c in cases
    }
    defined = workshop_agenda.definition(workshop)
    # The contents list the overview, a part of its own.
    front = not handout and (not part or part.kind in ("front", "overview"))
    # The chapter across the cases is a part of its own ("guide"); the contents list it.
    guide = not handout and (not part or part.kind in ("front", "guide"))
    # The template names every link and anchor it makes through `ref` and `anchor`,
    # so the parts machinery knows them as data and never has to find them in
    # HTML that also holds contributor text.
    links: dict[str, None] = {}
    anchors: set[str] = set()

    def ref(name: str) -> str:
        links[name] = None
        return f"#{name}"

    def anchor(name: str) -> str:
        anchors.add(name)
        return name

    def page_number(name: str) -> str:
        """The book page of anchor `name`, printed as text by a part told its numbers
        (`BookPart.page_of`); "" in one document, whose CSS prints it (target-counter)."""
        page = part.page_of(name) if part is not None and part.page_of is not None else None
        return "" if page is None else str(page)

    written: list[str] = []

    def placeholders() -> list[str]:
        """The anchors of other parts that this part links to and `page_of` knows: held by
        one placeholder page at its end. Called by the template after everything else, so
        every link it made is known by then."""
        if part is None or part.page_of is None:
            return []
        page_of = part.page_of
        made = [name for name in links if name not in anchors and page_of(name) is not None]
        written.extend(made)
        return made

    template = _environment().get_template("casebook.html.j2")
    html = template.render(
        logo=logo_data_url(config.logo),
        ref=ref,
        anchor=anchor,
        placeholders=placeholders,
        page_number=page_number,
        mention=mention_id,
        library=library,
        cases=cases,
        numbers=numbers,
        titles={c.id: c.meta.title for c in cases},
        in_book=in_book,
        index=index_entries(library, in_book, dict(pages or (part.pages if part else ())))
        if not handout
        else [],
        glossary=glossary_entries(vocabularies(), lang) if not handout else [],
        names=names,
        # Printed in the front matter (and the guide) only: not computed for the other parts.
        overview=overview(cases, lang=lang, until=library.build_year or info.date.year)
        if cases and front
        else None,
        plan=workshop_agenda.heading(defined, lang) if defined else None,
        agenda=workshop_agenda.agenda(defined, cases, lang) if defined and front else None,
        across=_piece(topics(cases, lang), part) if cases and guide else (),
        lang=lang,
        config=config,
        build=build,
        workshop=workshop,
        duplex=duplex,
        handout=handout,
        part=part,
        t=t,
        term=term,
        translation_note=translation_note,
        duration=duration,
        sections=sections(),
        vocabularies=vocabularies(),
    )
    return PartHTML(html, tuple(links), frozenset(anchors), tuple(written))


def _piece(items: Sequence[Any], part: BookPart | None) -> Sequence[Any]:
    """The share of `items` of a guide in parts (`BookPart.piece`); all of them else."""
    if part is None or part.kind != "guide":
        return items
    index, count = part.piece
    return items[len(items) * index // count : len(items) * (index + 1) // count]


def casebook_html(
    library: Library,
    edition: Edition,
    info: BuildInfo,
    *,
    handout: str | None = None,
    part: BookPart | None = None,
) -> str:
    """The HTML of `casebook_document`: the whole book, a handout (`handout`) or one `part`."""
    return casebook_document(library, edition, info, handout=handout, part=part).html
