"""The pages of the web edition in one language, as data for their templates.

In:  the enriched library, the language of the pages, the build year and what the
build wrote beside the site (`Extras`: the downloads found, each case's card and handout,
its rows in the data package). Out: `Page` objects (pure: nothing is read or written).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal

from pipeline.across import Row, Table, topics
from pipeline.i18n import duration, label, locale
from pipeline.library import EnrichedCase, Library, Organisation
from pipeline.reference import sections, vocabularies, vocabulary_for
from pipeline.translated import translation_note
from pipeline.web.facets import FACETS, facets, values
from pipeline.web.site import Page
from pipeline.web.text import case_text

_SAFE_SEGMENT = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
# The coded fields of the at-a-glance panel, in its order, each linked to its glossary entry.
PANEL_FIELDS = ("sectors", "forms", "stage", "status", "funding", "themes", "risks", "safeguards")


@dataclass(frozen=True)
class Download:
    """A file of the build copied into the site: its path there, label key and size."""

    path: str
    label: str
    size: int
    group: str  # "print" or "data"


@dataclass(frozen=True)
class Extras:
    """What the build wrote beside the site that its pages link to."""

    downloads: tuple[Download, ...] = ()
    cards: frozenset[str] = frozenset()  # cases with a card in downloads/cards.pdf
    handouts: frozenset[str] = frozenset()  # cases with downloads/cases/<id>.pdf
    rows: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # case -> table -> n


def organisation_path(lang: str, org_id: str) -> str:
    """The page of an organisation; "" for an id that cannot be a path segment."""
    return f"{lang}/organisations/{org_id}/" if _SAFE_SEGMENT.fullmatch(org_id) else ""


def term_anchor(vocabulary: str, term_id: str) -> str:
    return f"{vocabulary}-{term_id}"


def _panel(case: EnrichedCase, lang: str, library: Library) -> list[dict[str, Any]]:
    """The rows of the at-a-glance panel: (label, items), each item with text and link."""
    meta = case.meta
    rows: list[dict[str, Any]] = []
    partners = []
    for partner, org_id in zip(meta.partners, case.organisation_ids, strict=True):
        kind = vocabulary_for("partners.type").term(partner.type).label(lang)
        counterpart = (
            vocabulary_for("partners.counterpart").term(partner.counterpart).label(lang)
            if partner.counterpart
            else ""
        )
        known = org_id in library.organisations
        partners.append(
            {
                "name": partner.name,
                "href": organisation_path(lang, org_id) if known else "",
                "kind": kind,
                "counterpart": counterpart,
                "role": partner.role,
            }
        )
    rows.append({"key": "partners", "label": label("partners", lang), "partners": partners})
    rows.append(
        {
            "key": "countries",
            "label": label("countries", lang),
            "entries": [{"text": c.name(lang), "href": ""} for c in case.countries],
        }
    )
    for name in PANEL_FIELDS:
        ids = getattr(meta, name)
        ids = [ids] if isinstance(ids, str) else list(ids or [])
        if not ids:
            continue
        vocab = vocabulary_for(name)
        items = [
            {
                "text": vocab.term(i).label(lang),
                "href": f"{lang}/glossary/#{term_anchor(vocab.id, i)}",
            }
            for i in ids
        ]
        rows.append({"key": name, "label": label(name, lang), "entries": items})
        if name == "forms":
            period = f"{case.period(lang)} · {duration(case.duration_years, lang)}"
            rows.append(
                {"key": "period", "label": label("period", lang), "entries": [{"text": period}]}
            )
    if case.sdgs:
        rows.append(
            {
                "key": "sdgs",
                "label": label("sdgs", lang),
                "sdgs": [{"number": g.number, "title": g.title(lang)} for g in case.sdgs],
            }
        )
    rows.append(
        {
            "key": "language",
            "label": label("case_language", lang),
            "entries": [{"text": label(f"language_{meta.language}", lang)}],
        }
    )
    if meta.reviewed:
        rows.append(
            {
                "key": "reviewed",
                "label": label("reviewed", lang),
                "entries": [{"text": meta.reviewed.isoformat()}],
            }
        )
    if meta.contributor:
        rows.append(
            {
                "key": "contributor",
                "label": label("contributor", lang),
                "entries": [{"text": meta.contributor}],
            }
        )
    return rows


def case_page(library: Library, case: EnrichedCase, lang: str, until: int, extras: Extras) -> Page:
    """The page of one case: panel, sections, questions, sources, related cases, files."""
    text = case_text(case, lang)
    number = library.cases.index(case) + 1
    body = [
        {
            "key": s.key,
            "heading": s.heading(text.language),
            "markdown": text.sections[s.key],
        }
        for s in sections()
        if s.key in text.sections
    ]
    related = [
        library.by_id(rid) for rid in case.related if any(c.id == rid for c in library.cases)
    ]
    context = {
        "case": case,
        "text": text,
        "translation": translation_note(text, lang),
        "number": number,
        "total": len(library.cases),
        "panel": _panel(case, lang, library),
        "body": body,
        "bank": [q.text(lang) for q in case.questions] if case.questions_from_bank else [],
        "sources": case.meta.sources,
        "related": [
            {
                "href": f"{lang}/cases/{r.id}/",
                "title": case_text(r, lang).title,
                "lang": r.meta.language,
            }
            for r in related
        ],
        "card": case.id in extras.cards,
        "handout": case.id in extras.handouts,
        "rows": dict(extras.rows.get(case.id, {})),
        "filters": [(spec.key, values(case, spec.key, until)) for spec in FACETS],
    }
    return Page(
        f"{lang}/cases/{case.id}/",
        lang,
        "case.html.j2",
        text.title,
        context,
        kind="article",
        description=text.summary,
    )


def index_page(library: Library, lang: str, until: int) -> Page:
    """The case index: every case as a plain list, with the search box and the filters."""
    items = []
    for case in library.cases:
        text = case_text(case, lang)
        items.append(
            {
                "id": case.id,
                "href": f"{lang}/cases/{case.id}/",
                "title": text.title,
                "summary": text.summary,
                "lang": text.language,
                "period": case.period(lang),
                "countries": ", ".join(c.name(lang) for c in case.countries),
                "forms": ", ".join(case.labels("forms", lang)),
                "data": {spec.key: " ".join(values(case, spec.key, until)) for spec in FACETS},
            }
        )
    context = {"items": items, "facets": facets(library.cases, lang, until)}
    return Page(f"{lang}/cases/", lang, "index.html.j2", label("web_cases", lang), context, True)


def home_page(library: Library, lang: str) -> Page:
    """The home page: the library's purpose, the workshop's questions, the way in."""
    found = topics(library.cases, lang)
    context = {"topics": found, "count": len(library.cases)}
    return Page(f"{lang}/", lang, "home.html.j2", label("web_home", lang), context)


def forms_matrix(library: Library, lang: str) -> Table:
    """The cases by form of collaboration (the casebook prints it in its overview)."""
    used = {f for c in library.cases for f in c.meta.forms}
    forms = [t for t in vocabularies()["forms"].terms if t.id in used]
    rows = tuple(
        Row(c.id, n, marks=tuple(t.id in c.meta.forms for t in forms))
        for n, c in enumerate(library.cases, 1)
    )
    return Table(
        "forms", "matrix", label("matrix", lang), tuple(t.label(lang) for t in forms), rows
    )


def across_page(library: Library, lang: str) -> Page:
    """The cross-case views: every workshop question with its cases and comparison (the
    question of forms with the matrix of cases by form)."""
    found = [
        dataclasses.replace(t, table=forms_matrix(library, lang))
        if t.key == "forms" and t.table is None and library.cases
        else t
        for t in topics(library.cases, lang)
    ]
    context = {
        "topics": found,
        "cases": {c.id: (case_text(c, lang).title, c.meta.language) for c in library.cases},
    }
    return Page(f"{lang}/across/", lang, "across.html.j2", label("web_across", lang), context)


def organisation_pages(library: Library, lang: str) -> list[Page]:
    """The list of organisations, and one page per organisation with its cases."""
    orgs = [
        o for o in library.organisations.values() if o.case_ids and organisation_path(lang, o.id)
    ]
    orgs.sort(key=lambda o: (o.name.casefold(), o.id))
    titles = {c.id: case_text(c, lang) for c in library.cases}

    def cases_of(org: Organisation) -> list[dict[str, str]]:
        return [
            {
                "href": f"{lang}/cases/{cid}/",
                "title": titles[cid].title,
                "lang": titles[cid].language,
            }
            for cid in org.case_ids
            if cid in titles
        ]

    def kind(org: Organisation) -> str:
        try:
            return vocabulary_for("partners.type").term(org.type).label(lang) if org.type else ""
        except StopIteration:
            return ""

    listing = [
        {
            "href": organisation_path(lang, o.id),
            "name": o.name,
            "kind": kind(o),
            "count": len(o.case_ids),
        }
        for o in orgs
    ]
    pages = [
        Page(
            f"{lang}/organisations/",
            lang,
            "organisations.html.j2",
            label("web_organisations", lang),
            {"organisations": listing},
        )
    ]
    for org in orgs:
        context = {"org": org, "kind": kind(org), "cases": cases_of(org)}
        pages.append(
            Page(organisation_path(lang, org.id), lang, "organisation.html.j2", org.name, context)
        )
    return pages


def glossary_page(lang: str) -> Page:
    """Every vocabulary the cases are coded with, each term with its definition."""
    lists = []
    for vocab in vocabularies().values():
        terms = [
            {
                "anchor": term_anchor(vocab.id, t.id),
                "label": t.label(lang),
                "definition": t.definition(lang),
            }
            for t in vocab.terms
        ]
        lists.append(
            {
                "id": vocab.id,
                "title": vocab.title(lang),
                "description": vocab.description(lang),
                "terms": terms,
            }
        )
    return Page(
        f"{lang}/glossary/", lang, "glossary.html.j2", label("web_glossary", lang), {"lists": lists}
    )


def downloads_page(lang: str, extras: Extras, citation: str, book_language: str) -> Page:
    """The downloads: the files of the build copied into the site, and the citation."""

    def listing(group: str) -> list[dict[str, str]]:
        return [
            {
                "path": d.path,
                "label": label(d.label, lang) if d.label else d.path.rsplit("/", 1)[1],
                "name": d.path.rsplit("/", 1)[1],
                "size": file_size(d.size, lang),
            }
            for d in extras.downloads
            if d.group == group
        ]

    context = {
        "print": listing("print"),
        "data": listing("data"),
        "tables": listing("table"),
        "handouts": sorted(extras.handouts),
        "citation": citation,
        "book_language": label(f"language_{book_language}", lang),
    }
    return Page(
        f"{lang}/downloads/", lang, "downloads.html.j2", label("web_downloads", lang), context
    )


def file_size(size: int, lang: str) -> str:
    """A file's size as the language writes it, never split: "1.2 MB", "1,2 MB", "860 kB"."""
    if size >= 1_000_000:
        return f"{format_decimal(size / 1_000_000, '0.0', locale=locale(lang))}\u00a0MB"
    return f"{format_decimal(max(1, round(size / 1000)), '0', locale=locale(lang))}\u00a0kB"
