"""Case cards: ``cards.pdf``, one A5 card per case of the edition, for the workshop table.

In:  the enriched library, the edition, the build's facts and the book page each
chapter opens on (from the casebook's layout). Out: the PDF (`write_cards`).
Each card is numbered as in the book (`select_cases`) and must fit on its page: a
card that runs over is set tighter, then tightest, and the cards are laid out again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.casebook.html import _environment, select_cases
from pipeline.casebook.memo import rendered_once
from pipeline.casebook.pdf import layout, write_pdf
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
    pages: Mapping[str, int],
    tight: Mapping[str, int] | None = None,
) -> str:
    """The cards as one HTML document. `pages`: the book's anchors ("case-<id>") -> the page
    each is on (a case without one prints no page); `tight`: case id -> how far its card is
    tightened (0 to TIGHTEST)."""
    lang = edition.lang
    cases = select_cases(library.in_language(lang), edition.workshop)
    config = info.config
    heading = {s.key: s for s in sections()}["questions"]
    cards: list[dict[str, Any]] = []
    for number, case in enumerate(cases, 1):
        count = len(case.meta.sources)
        cards.append(
            {
                "case": case,
                "number": number,
                "tight": (tight or {}).get(case.id, 0),
                "facts": key_facts(case, lang),
                "own_questions": case.case.sections.get("questions"),
                "questions_heading": heading.heading(case.meta.language),
                "page": pages.get(f"case-{case.id}"),
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


def write_cards(
    library: Library,
    edition: Edition,
    info: BuildInfo,
    target: Path,
    pages: Mapping[str, int],
    salt: str = "",
) -> tuple[str, ...]:
    """Write cards.pdf to `target`, one page per card; returns the ids of the cases whose card
    runs over its page even at the tightest setting (for a notice; none in the bundled cases).

    With the build's cache, cards whose HTML (and code, `salt`) a build rendered before are
    taken from it (`pipeline.casebook.memo`)."""
    html = cards_html(library, edition, info, pages)
    folder = info.cache / "documents" if info.cache else None

    def render(path: Path) -> list[str]:
        return list(_render_cards(library, edition, info, path, pages))

    return tuple(rendered_once(folder, "cards", html, salt, target, render))


def _render_cards(
    library: Library, edition: Edition, info: BuildInfo, target: Path, pages: Mapping[str, int]
) -> tuple[str, ...]:
    """`write_cards` without the cache: each card laid out, tightened where it runs over."""
    ids = [c.id for c in select_cases(library, edition.workshop)]
    tight: dict[str, int] = {}
    while True:
        document = layout(cards_html(library, edition, info, pages, tight))
        starts: dict[str, int] = {}
        for index, page in enumerate(document.pages):
            for name in page.anchors:
                if name.startswith("card-"):
                    starts.setdefault(name[len("card-") :], index)
        ends = [starts.get(cid, 0) for cid in ids[1:]] + [len(document.pages)]
        over = [cid for cid, end in zip(ids, ends, strict=True) if end - starts.get(cid, 0) > 1]
        if all(tight.get(cid, 0) >= TIGHTEST for cid in over):
            break
        for cid in over:
            tight[cid] = min(tight.get(cid, 0) + 1, TIGHTEST)
    write_pdf(document, target)
    return tuple(over)
