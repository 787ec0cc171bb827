"""Stage 3, enrich: valid cases -> a Library of enriched cases.

Pure and deterministic: reference data comes from schema/ and CLDR (Babel), the
build year and the git provenance map are passed in, nothing touches the
network, the clock or git. The same cases give the same Library.

What each case gains: its countries with their UN M49 regions (names from
CLDR in every language); vocabulary labels in every language; SDG titles and colours; period, duration
and whether it is ongoing; registry-aware organisation ids; the three most
related cases; word count, reading time and a completeness score; provenance
from git; and, when the case has no questions of its own, two questions from
the question bank (schema/questions.yaml).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from pathlib import PurePath

from pipeline import i18n
from pipeline.case import Case
from pipeline.contract import (
    CODED_FIELDS,
    ENDED_STATUSES,
    OPTIONAL_CODED_FIELDS,
    RELATED_COUNT,
    RELATEDNESS_WEIGHTS,
    SHORT_SECTION_WORDS,
    WORDS_PER_MINUTE,
)
from pipeline.library import CaseText, EnrichedCase, Library, Organisation, original_text
from pipeline.provenance import Provenance
from pipeline.reference import (
    Question,
    QuestionBank,
    Term,
    country,
    question_bank,
    sdg_goals,
    sections,
    vocabulary_for,
)
from pipeline.registry import Registry, organisation_registry
from pipeline.translation import Translation, changed_parts, original_digests

BANK_QUESTION_COUNT = 2
QUESTIONS_SECTION = "questions"


# --- per-case enrichments --------------------------------------------------------------------


def period(started: int, ended: int | None, lang: str) -> str:
    """ "2011–2016", "2013" (one year) or "since 2018" / "sinds 2018"."""
    if ended is None:
        return i18n.since(started, lang)
    return str(started) if ended == started else f"{started}–{ended}"


def _words(text: str) -> int:
    return len(text.split())


def word_count(case: Case) -> int:
    """Words in the summary and all sections (Markdown markup counts as written)."""
    return _text_words(case.meta.summary, case.sections)


def _text_words(summary: str, texts: Mapping[str, str]) -> int:
    return _words(summary) + sum(_words(t) for t in texts.values())


def reading_minutes(words: int) -> int:
    """Minutes to read `words` at WORDS_PER_MINUTE, rounded up; at least 1."""
    return max(1, -(-words // WORDS_PER_MINUTE))


def completeness(case: Case) -> int:
    """Completeness score 0–100: 50 for sections, 30 for optional fields, 20 for sources.

    - 50 × (sections of schema/sections.yaml present with at least SHORT_SECTION_WORDS words)
      / (number of sections, required and optional);
    - 30 × (optional fields filled among themes, sdgs, stage, funding, risks, safeguards) / 6;
    - 20 × (sources with a URL) / (sources);
    rounded half up to a whole number.
    """
    specs = sections()
    full = sum(1 for s in specs if _words(case.sections.get(s.key, "")) >= SHORT_SECTION_WORDS)
    meta = case.meta
    filled = sum(1 for name in OPTIONAL_CODED_FIELDS if getattr(meta, name) not in (None, []))
    with_url = sum(1 for s in meta.sources if s.url)
    score = (
        Fraction(50 * full, len(specs))
        + Fraction(30 * filled, len(OPTIONAL_CODED_FIELDS))
        + (Fraction(20 * with_url, len(meta.sources)) if meta.sources else 0)
    )
    return int(score + Fraction(1, 2))


def _terms(case: Case) -> dict[str, tuple[Term, ...]]:
    out = {}
    for name in CODED_FIELDS:
        value = getattr(case.meta, name)
        codes = value if isinstance(value, list) else [value] if value else []
        vocab = vocabulary_for(name)
        out[name] = tuple(vocab.term(code) for code in codes)
    return out


def _pick(case_id: str, pool: tuple[Question, ...], salt: str) -> Question:
    # A stable hash (not hash(), which changes between runs) spreads cases that
    # share a code over the questions available for it.
    digest = hashlib.sha256(f"{case_id}\x00{salt}".encode()).digest()
    return pool[int.from_bytes(digest[:8], "big") % len(pool)]


def bank_questions(case: Case, bank: QuestionBank) -> tuple[Question, ...]:
    """Two questions for a case without its own: one for its forms, one for its risks,
    general ones to fill up. Forms and risks are tried in the bank's order; which
    question of a code depends on the case id only."""
    chosen: list[Question] = []
    for group, codes in (("forms", case.meta.forms), ("risks", case.meta.risks)):
        pools = getattr(bank, group)
        code = next((c for c in pools if c in codes and pools[c]), None)
        if code is not None:
            chosen.append(_pick(case.id, pools[code], f"{group}/{code}"))
    general = list(bank.general)
    while len(chosen) < BANK_QUESTION_COUNT and general:
        question = _pick(case.id, tuple(general), f"general/{len(chosen)}")
        general.remove(question)
        chosen.append(question)
    return tuple(chosen[:BANK_QUESTION_COUNT])


def case_texts(case: Case, translations: list[Translation]) -> dict[str, CaseText]:
    """Language -> text of one case: the original's, then each translation's (in language
    order), stale where the original changed since the translation was stamped; each with
    its own word count and reading time."""
    words = word_count(case)
    texts: dict[str, CaseText] = {
        case.meta.language: replace(
            original_text(case), word_count=words, reading_minutes=reading_minutes(words)
        )
    }
    digests = original_digests(case)
    for t in sorted(translations, key=lambda t: t.meta.language):
        info = t.meta.translation
        changed = changed_parts(info, digests)
        words = _text_words(t.meta.summary, t.sections)
        texts.setdefault(
            t.meta.language,
            CaseText(
                language=t.meta.language,
                title=t.meta.title,
                summary=t.meta.summary,
                roles=dict(t.meta.roles),
                sections=dict(t.sections),
                is_original=False,
                original_language=case.meta.language,
                by=info.by,
                method=info.method,
                reviewed=info.reviewed,
                original_hash=info.original_hash or "",
                stale=changed is not None,
                changed=changed or (),
                word_count=words,
                reading_minutes=reading_minutes(words),
            ),
        )
    return texts


# --- the library -----------------------------------------------------------------------------


def enrich(
    cases: list[Case],
    *,
    build_year: int,
    registry: Registry | None = None,
    provenance: Mapping[str, Provenance] | None = None,
    questions: QuestionBank | None = None,
    translations: list[Translation] | None = None,
) -> Library:
    """Enrich every case and link them: organisations and related cases.

    `registry` and `questions` default to schema/organisations.yaml and
    schema/questions.yaml; `provenance` maps case file names (``<id>.md``) to
    what git knows (see pipeline.provenance) and defaults to nothing known;
    `translations` are the valid translations (each case gets its `texts`).
    """
    registry = registry if registry is not None else organisation_registry()
    bank = questions if questions is not None else question_bank()
    provenance = provenance or {}
    goals = sdg_goals()
    cases = sorted(cases, key=lambda c: c.id)
    translated: dict[str, list[Translation]] = defaultdict(list)
    for t in translations or ():
        translated[t.original_id].append(t)
    org_cases: dict[str, list[str]] = defaultdict(list)
    org_spellings: dict[str, list[str]] = defaultdict(list)
    org_types: dict[str, str] = {}
    enriched = []
    for case in cases:
        meta = case.meta
        org_ids = tuple(registry.organisation_id(p.name) for p in meta.partners)
        for org_id, partner in zip(org_ids, meta.partners, strict=True):
            org_types.setdefault(org_id, partner.type)
            if partner.name not in org_spellings[org_id]:
                org_spellings[org_id].append(partner.name)
            if case.id not in org_cases[org_id]:
                org_cases[org_id].append(case.id)
        ongoing = meta.status not in ENDED_STATUSES
        last = meta.ended if meta.ended is not None else max(build_year, meta.started)
        words = word_count(case)
        own_questions = QUESTIONS_SECTION in case.sections
        enriched.append(
            EnrichedCase(
                case=case,
                countries=tuple(country(c) for c in meta.countries),
                organisation_ids=org_ids,
                ongoing=ongoing,
                duration_years=last - meta.started,
                periods={lang: period(meta.started, meta.ended, lang) for lang in i18n.languages()},
                word_count=words,
                sdgs=tuple(goals[n] for n in meta.sdgs if n in goals),
                terms=_terms(case),
                reading_minutes=reading_minutes(words),
                completeness=completeness(case),
                questions=() if own_questions else bank_questions(case, bank),
                questions_from_bank=not own_questions,
                provenance=provenance.get(PurePath(case.file).name),
                texts=case_texts(case, translated[case.id]),
            )
        )
    with_related = tuple(replace(e, related=related_cases(e, enriched)) for e in enriched)
    orgs = []
    for org_id, case_ids in org_cases.items():
        entry = registry.get(org_id)
        orgs.append(
            Organisation(
                id=org_id,
                name=entry.name if entry else org_spellings[org_id][0],
                case_ids=tuple(case_ids),
                spellings=tuple(org_spellings[org_id]),
                type=(entry.type if entry else "") or org_types[org_id],
                country=entry.country if entry else "",
                website=entry.website if entry else "",
                collective=entry.collective if entry else False,
                aliases=entry.aliases if entry else (),
                see_also=entry.see_also if entry else (),
            )
        )
    orgs.sort(key=lambda o: (index_sort_key(o.name), o.id))
    # Listed in schema/organisations.yaml but in no case: in the data, not in the index.
    orgs += sorted(
        (
            Organisation(
                id=e.id,
                name=e.name,
                case_ids=(),
                type=e.type,
                country=e.country,
                website=e.website,
                collective=e.collective,
                aliases=e.aliases,
                see_also=e.see_also,
            )
            for e in registry.entries
            if e.id not in org_cases
        ),
        key=lambda o: (index_sort_key(o.name), o.id),
    )
    return Library(cases=with_related, organisations={o.id: o for o in orgs}, build_year=build_year)


def index_sort_key(name: str) -> str:
    """Where a name goes in the organisation index: "The Coca-Cola Company" under C."""
    folded = name.casefold()
    return folded.removeprefix("the ") or folded


# Weight of one shared organisation, form, theme, sector and country in the
# relatedness score: organisations count most, countries least.


def _relatedness(a: EnrichedCase, b: EnrichedCase) -> tuple[int, ...]:
    """Shared (organisations, forms, themes, sectors, countries) of two cases."""
    ma, mb = a.case.meta, b.case.meta
    return (
        len(set(a.organisation_ids) & set(b.organisation_ids)),
        len(set(ma.forms) & set(mb.forms)),
        len(set(ma.themes) & set(mb.themes)),
        len(set(ma.sectors) & set(mb.sectors)),
        len(set(ma.countries) & set(mb.countries)),
    )


def related_cases(case: EnrichedCase, others: list[EnrichedCase]) -> tuple[str, ...]:
    """The RELATED_COUNT most related other cases, most related first.

    Score: 5 per shared organisation, 4 per shared form, 3 per theme, 2 per sector,
    1 per country. Equal scores go to more shared organisations, then forms, themes,
    sectors, countries, and last to the smaller case id, so the order never changes
    between builds. Cases sharing nothing are never related.

    A weighted sum rather than "organisations first, then forms...": with strict
    priority one shared multinational (Unilever) outranked two Oxfam studies with the
    same method, and three shared forms outranked a case with the same sector,
    themes and countries.
    """
    scored = []
    for other in others:
        if other.id == case.id:
            continue
        shared = _relatedness(case, other)
        score = sum(w * n for w, n in zip(RELATEDNESS_WEIGHTS, shared, strict=True))
        if score:
            scored.append(((-score, *(-n for n in shared)), other.id))
    scored.sort()
    return tuple(case_id for _key, case_id in scored[:RELATED_COUNT])
