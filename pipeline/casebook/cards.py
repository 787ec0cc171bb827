"""Case cards: ``cards.pdf``, one A5 card per case of the edition, for the workshop table.

In:  the enriched library, the edition and the build's facts. Out: the cards' HTML
(`cards_html`), which `pipeline.casebook.kit` renders in pieces into cards.pdf.
Each card is numbered as in the book (`select_cases`) and must fit on its page: a
card that runs over is set tighter, then tightest, and laid out again (`kit`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from pipeline.casebook.html import _environment, select_cases
from pipeline.edition import BuildInfo, Edition
from pipeline.i18n import duration, label
from pipeline.library import EnrichedCase, Library
from pipeline.reference import sections, vocabulary_for

# How far a card that runs over its page is tightened, in steps (cards.css: .tight-1, .tight-2).
TIGHTEST = 2
MAX_FACTS = 5
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9À-Ý“\"‘(])")


def first_sentence(text: str, limit: int = 220) -> str:
    """The first sentence of `text`, cut at a word with "…" when longer than `limit`."""
    sentence = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def key_facts(case: EnrichedCase, lang: str) -> list[dict[str, str]]:
    """Three to five facts: the summary's first sentence, then coded fields that are set."""

    def t(key: str) -> str:
        return label(key, lang)

    def term(field: str, term_id: str) -> str:
        return vocabulary_for(field).term(term_id).label(lang)

    m = case.meta
    facts = [{"label": "", "text": first_sentence(m.summary), "lang": m.language}]
    countries = ", ".join(k.name(lang) for k in case.countries)
    facts.append({"label": t("countries"), "text": f"{countries} · {term('scope', m.scope)}"})
    facts.append({"label": t("sectors"), "text": ", ".join(term("sectors", s) for s in m.sectors)})
    if m.stage:
        facts.append({"label": t("stage"), "text": term("stage", m.stage)})
    if m.funding:
        facts.append({"label": t("funding"), "text": term("funding", m.funding)})
    if case.sdgs:
        facts.append({"label": t("sdgs"), "text": ", ".join(str(g.number) for g in case.sdgs)})
    return [{"lang": lang, **fact} for fact in facts[:MAX_FACTS]]


def cards_html(
    library: Library,
    edition: Edition,
    info: BuildInfo,
    tight: Mapping[str, int] | None = None,
    only: Collection[str] | None = None,
) -> str:
    """The cards as one HTML document: all of them, or those of the cases `only` (each
    still numbered as in the book). `tight`: case id -> how far its card is tightened (0 to
    TIGHTEST). A card names its case by number, not by page, so the cards do not change
    when the book's pages move."""
    lang = edition.lang
    cases = select_cases(library.in_language(lang), edition.workshop)
    config = info.config
    heading = {s.key: s for s in sections()}["questions"]
    cards: list[dict[str, Any]] = []
    for number, case in enumerate(cases, 1):
        if only is not None and case.id not in only:
            continue
        count = len(case.meta.sources)
        cards.append(
            {
                "case": case,
                "number": number,
                "tight": (tight or {}).get(case.id, 0),
                "facts": key_facts(case, lang),
                "own_questions": case.case.sections.get("questions"),
                "questions_heading": heading.heading(case.meta.language),
                "sources": f"{count} {label('card_source' if count == 1 else 'card_sources', lang)}",
            }
        )

    def t(key: str) -> str:
        return label(key, lang)

    def term(field: str, term_id: str | None) -> str:
        return vocabulary_for(field).term(term_id).label(lang) if term_id else ""

    return (
        _environment()
        .get_template("cards.html.j2")
        .render(cards=cards, lang=lang, config=config, t=t, term=term, duration=duration)
    )
