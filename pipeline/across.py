"""Across the cases: the workshop's nine questions, answered by the library (shared by the
casebook's part "Across the cases" and the web edition's cross-case page).

In:  the cases of an edition (enriched) and the edition's language.
Out: plain data, one `Topic` per workshop question: the cases that speak to it, each
with a one-line pointer taken from its own text or coded fields, and a compact
comparison table where the data allows. Pure: nothing is read but the cases and the
vocabularies; every statement comes from a case file.

The questions' words are catalogue labels (``across_q_<key>`` and ``across_q_<key>_note``,
pipeline/catalogues/*.yaml); which section and which coded field answer each question
is `TOPICS` below. The facilitator's pack (`pipeline.casebook.facilitator`) reads the
same topics to say which cases fit which question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from markdown_it import MarkdownIt

from pipeline.i18n import duration, label
from pipeline.library import EnrichedCase
from pipeline.reference import sections, vocabularies, vocabulary_for

# Partner types on the company side of a partnership (partners.type vocabulary).
COMPANY_SIDE = ("company", "business-association", "corporate-foundation", "social-enterprise")
# Risks that bear on the NGO's watchdog role (risks vocabulary).
WATCHDOG_RISKS = ("loss-of-independence", "self-censorship", "conflict-of-interest")
POINTER_LIMIT = 260  # characters of a one-line pointer
SHORT_POINTER = 60  # a pointer shorter than this takes the next sentence too
MIN_WORDS = 4  # shorter "sentences" are labels ("**Risks**"), not statements


@dataclass(frozen=True)
class TopicSpec:
    """Where the library answers one workshop question: a section, a table, a pointer."""

    key: str  # catalogue labels across_q_<key> and across_q_<key>_note
    section: str  # the case section (schema/sections.yaml) that holds the answer
    table: str = ""  # "counterparts", "time", "ending", "safeguards", "risks"
    sentences: int = 1  # how many first sentences of `section` make the pointer


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec("why", "why"),
    TopicSpec("offer", "contributions"),
    TopicSpec("forms", "collaboration"),  # the overview has the forms x cases matrix
    TopicSpec("counterparts", "collaboration", table="counterparts"),
    TopicSpec("time", "time", table="time"),
    TopicSpec("evaluate", "results", table="ending"),
    TopicSpec("watchdog", "independence", table="safeguards"),
    TopicSpec("red_lines", "independence", sentences=2),
    TopicSpec("risks", "risks", table="risks"),
)


@dataclass(frozen=True)
class Entry:
    """One case under a question: its number, title, pointer (in the case's language)."""

    case_id: str
    number: int
    title: str
    pointer: str
    language: str
    coded: str = ""  # what the case codes for the question, in the edition's language


@dataclass(frozen=True)
class Row:
    """One row of a comparison table: the case it belongs to and its cells."""

    case_id: str
    number: int
    cells: tuple[str, ...] = ()  # text cells (tables of kind "text")
    marks: tuple[bool, ...] = ()  # one per column (tables of kind "matrix")
    language: str = ""  # of the text cells taken from the case, "" when all are labels


@dataclass(frozen=True)
class Table:
    """A comparison: "matrix" (cases x terms, a mark where a case codes the term) or "text"."""

    key: str
    kind: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Topic:
    """One workshop question with its cases and its comparison."""

    key: str
    title: str
    note: str
    section_heading: str
    entries: tuple[Entry, ...]
    table: Table | None = None
    number: int = 0  # of the question, from 1 (the guide may be printed in parts)


# ---------------------------------------------------------------- text of the cases


@cache
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(\[]?[A-ZÀ-ÖØ-Þ0-9])")


def _inline_text(children: Sequence[object]) -> str:
    parts = []
    for child in children:
        kind = getattr(child, "type", "")
        if kind in ("text", "code_inline"):
            parts.append(str(getattr(child, "content", "")))
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def paragraphs(markdown: str) -> list[str]:
    """The plain text of a section's paragraphs, list items included, in reading order."""
    return list(_paragraphs(markdown))


# The casebook, its guide, the facilitator's pack and the site ask for the same sections'
# sentences several times in a build (each in both languages): parsed once.
@lru_cache(maxsize=8192)
def _paragraphs(markdown: str) -> tuple[str, ...]:
    tokens = _md().parse(markdown)
    out = []
    for i, token in enumerate(tokens):
        if token.type == "paragraph_open":
            text = _inline_text(tokens[i + 1].children or [])
            if text:
                out.append(text)
    return tuple(out)


def list_items(markdown: str) -> list[str]:
    """The plain text of the items of the section's top-level lists (e.g. its questions)."""
    tokens = _md().parse(markdown)
    out = []
    for i, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 2:
            text = _inline_text(tokens[i + 1].children or [])
            if text:
                out.append(text)
    return out


def sentences(markdown: str) -> list[str]:
    """The sentences of a section, without lead-ins (those that open a list), labels
    ("**Risks**") and fragments (list items such as "a binding commitment;")."""
    return list(_sentences(markdown))


@lru_cache(maxsize=8192)
def _sentences(markdown: str) -> tuple[str, ...]:
    out: list[str] = []
    for paragraph in _paragraphs(markdown):
        out.extend(
            s
            for s in _SENTENCE_END.split(paragraph)
            if len(s.split()) >= MIN_WORDS and not s.endswith(":") and not s[0].islower()
        )
    return tuple(out)


def shorten(text: str, limit: int = POINTER_LIMIT) -> str:
    """`text`, cut at a word before `limit` characters with an ellipsis when longer."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ") + " …"


def first_sentences(case: EnrichedCase, section: str, count: int = 1) -> str:
    """The first `count` sentences of a case's section, shortened; "" if it has none."""
    found = sentences(case.case.sections.get(section, ""))
    taken = found[:count]
    # A very short first sentence ("Pay rose too.") says little on its own: add the next.
    while len(" ".join(taken)) < SHORT_POINTER and len(taken) < len(found):
        taken.append(found[len(taken)])
    return shorten(" ".join(taken), POINTER_LIMIT * count)


# ---------------------------------------------------------------- the tables


def company_side(case: EnrichedCase) -> list[tuple[str, str, str]]:
    """(name, type id, counterpart id or "") of every company-side partner of a case."""
    return [
        (p.name, p.type, p.counterpart or "") for p in case.meta.partners if p.type in COMPANY_SIDE
    ]


def _matrix(
    key: str, field: str, cases: Sequence[EnrichedCase], numbers: dict[str, int], lang: str
) -> Table | None:
    coding = [c for c in cases if c.terms.get(field)]
    used = {t.id for c in coding for t in c.terms[field]}
    terms = [t for t in vocabularies()[_vocabulary_id(field)].terms if t.id in used]
    if not coding:
        return None
    rows = tuple(
        Row(c.id, numbers[c.id], marks=tuple(t.id in {x.id for x in c.terms[field]} for t in terms))
        for c in coding
    )
    return Table(
        key, "matrix", label(f"across_table_{key}", lang), tuple(t.label(lang) for t in terms), rows
    )


def _vocabulary_id(field: str) -> str:
    return vocabulary_for(field).id


def _text_table(key: str, columns: Sequence[str], rows: Sequence[Row], lang: str) -> Table | None:
    if not rows:
        return None
    return Table(
        key,
        "text",
        label(f"across_table_{key}", lang),
        tuple(label(c, lang) for c in columns),
        tuple(rows),
    )


def _table(
    spec: TopicSpec, cases: Sequence[EnrichedCase], numbers: dict[str, int], lang: str
) -> Table | None:
    def term(field: str, term_id: str) -> str:
        return vocabulary_for(field).term(term_id).label(lang) if term_id else ""

    if spec.table in ("safeguards", "risks"):
        return _matrix(spec.table, spec.table, cases, numbers, lang)
    if spec.table == "counterparts":
        # One row per case: every company-side partner, then who the NGO dealt with in
        # those for which a source names it ("unknown" is coded, but says nothing).
        rows = []
        for c in cases:
            sides = company_side(c)
            if not sides:
                continue
            named = [
                f"{name}: {term('partners.counterpart', cp)}"
                for name, _kind, cp in sides
                if cp and cp != "unknown"
            ]
            partners = ", ".join(
                f"{name} ({term('partners.type', kind)})" for name, kind, _cp in sides
            )
            rows.append(
                Row(c.id, numbers[c.id], (partners, "; ".join(named) or label("not_stated", lang)))
            )
        return _text_table("counterparts", ("across_partner", "across_counterpart"), rows, lang)
    if spec.table == "time":
        rows = [
            Row(
                c.id,
                numbers[c.id],
                (c.period(lang), _years(c, lang), term("funding", c.meta.funding or "")),
            )
            for c in cases
        ]
        return _text_table("time", ("period", "duration", "funding"), rows, lang)
    if spec.table == "ending":
        rows = [
            Row(
                c.id,
                numbers[c.id],
                (
                    c.period(lang),
                    _years(c, lang),
                    term("stage", c.meta.stage or ""),
                    term("status", c.meta.status),
                    label("ongoing", lang)
                    if c.ongoing
                    else f"{label('ended', lang)} {c.meta.ended}",
                ),
            )
            for c in cases
        ]
        return _text_table(
            "ending", ("period", "duration", "stage", "status", "across_afterwards"), rows, lang
        )
    return None


def _years(case: EnrichedCase, lang: str) -> str:
    return duration(case.duration_years, lang)


# ---------------------------------------------------------------- the topics


def _pointer(spec: TopicSpec, case: EnrichedCase, lang: str) -> tuple[str, str]:
    """The pointer of a case under a question and its language ("" when it is labels only)."""
    if spec.key == "watchdog":
        coded = [t for t in case.terms.get("risks", ()) if t.id in WATCHDOG_RISKS]
        parts = []
        if case.terms.get("safeguards"):
            parts.append(
                f"{label('safeguards', lang)}: {', '.join(case.labels('safeguards', lang))}"
            )
        if coded:
            parts.append(f"{label('risks', lang)}: {', '.join(t.label(lang) for t in coded)}")
        if parts:
            return "; ".join(parts) + ".", lang
    if spec.key == "counterparts":
        return _counterparts(case, lang), case.meta.language
    return first_sentences(case, spec.section, spec.sentences), case.meta.language


def _counterparts(case: EnrichedCase, lang: str) -> str:
    """The company-side partners with their counterpart (where known) and their role."""
    vocab = vocabulary_for("partners.counterpart")
    parts = []
    for partner in case.meta.partners:
        if partner.type not in COMPANY_SIDE:
            continue
        known = partner.counterpart and partner.counterpart != "unknown"
        who = (
            f"{partner.name} ({vocab.term(partner.counterpart or '').label(lang)})"
            if known
            else partner.name
        )
        parts.append(f"{who}: {partner.role.rstrip('.')}")
    return shorten(". ".join(parts[:2]) + ("." if parts else ""))


def speaks_to(spec: TopicSpec, case: EnrichedCase) -> bool:
    """Whether a case has an answer to a question: its section, or for some, a coded field."""
    if spec.key == "counterparts":
        return bool(company_side(case))
    if spec.key == "forms":
        return bool(case.meta.forms)
    if spec.key == "risks":
        return bool(case.meta.risks) or bool(sentences(case.case.sections.get("risks", "")))
    return bool(sentences(case.case.sections.get(spec.section, "")))


def topics(cases: Sequence[EnrichedCase], lang: str) -> tuple[Topic, ...]:
    """The nine workshop questions, each with the cases that speak to it and its table."""
    numbers = {c.id: n for n, c in enumerate(cases, 1)}
    headings = {s.key: s for s in sections()}
    out: list[Topic] = []
    for spec in TOPICS:
        entries = []
        for case in cases:
            if not speaks_to(spec, case):
                continue
            pointer, language = _pointer(spec, case, lang)
            coded = ", ".join(case.labels("forms", lang)) if spec.key == "forms" else ""
            if not pointer and not coded:
                pointer, language = ", ".join(case.labels(spec.key, lang)), lang
            entry = Entry(case.id, numbers[case.id], case.meta.title, pointer, language, coded)
            entries.append(entry)
        section = headings.get(spec.section)
        out.append(
            Topic(
                spec.key,
                label(f"across_q_{spec.key}", lang),
                label(f"across_q_{spec.key}_note", lang),
                section.heading(lang) if section else "",
                tuple(entries),
                _table(spec, cases, numbers, lang),
                len(out) + 1,
            )
        )
    return tuple(out)
