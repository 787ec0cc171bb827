"""The enriched library: what every product gets, and nothing it has to compute again.

Made by `pipeline.enrich`; read by the products (`pipeline.data`, `pipeline.casebook`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from pipeline.case import Case, FrontMatter
from pipeline.i18n import pick
from pipeline.provenance import Provenance
from pipeline.reference import Country, Question, Sdg, Term


@dataclass(frozen=True)
class Organisation:
    """One organisation across cases (or only in the registry), for the index and organisations.csv."""

    id: str
    name: str  # registry name, else the first spelling met in case id order
    case_ids: tuple[str, ...]
    spellings: tuple[str, ...] = ()  # names as the case files write them
    type: str = ""  # registry type, else the partners.type of the first mention
    country: str = ""  # registry only
    website: str = ""  # registry only
    aliases: tuple[str, ...] = ()  # registry aliases (other spellings it lists)
    collective: bool = False  # registry only: a group named as one partner, not in the index
    see_also: tuple[str, ...] = ()  # registry only: ids of related organisations ("see also")


@dataclass(frozen=True)
class CaseText:
    """The text of a case in one language: the original's, or a translation's.

    `roles` maps each partner's name (as the original writes it) to its role; `sections`
    section keys to Markdown. A translation says who made it (`by`), how (`method`:
    "human" or "machine-assisted"), whether a person checked it (`reviewed`), the stamp it
    carries (`original_hash`, "" when not stamped) and, when the original has changed
    since that stamp, `stale` with the `changed` parts (title, summary, roles, section keys).
    """

    language: str
    title: str
    summary: str
    roles: Mapping[str, str]
    sections: Mapping[str, str]
    is_original: bool = True
    original_language: str = ""  # the original's language (its own for the original)
    by: str = ""
    method: str = ""
    reviewed: bool = False
    original_hash: str = ""
    stale: bool = False
    changed: tuple[str, ...] = ()
    word_count: int = 0  # words in the summary and sections of this text (0: not counted)
    reading_minutes: int = 0


def original_text(case: Case) -> CaseText:
    """The CaseText of a case's own text."""
    meta = case.meta
    return CaseText(
        language=meta.language,
        title=meta.title,
        summary=meta.summary,
        roles={p.name: p.role for p in meta.partners},
        sections=dict(case.sections),
        original_language=meta.language,
    )


@dataclass(frozen=True)
class EnrichedCase:
    """A valid case plus everything the pipeline derives from it."""

    case: Case
    countries: tuple[Country, ...]
    organisation_ids: tuple[str, ...]  # one per partner, in the case file's order
    ongoing: bool
    duration_years: int
    periods: Mapping[str, str]  # language -> "2011–2016", "since 2018", …
    word_count: int
    related: tuple[str, ...] = ()
    sdgs: tuple[Sdg, ...] = ()
    terms: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)  # coded field -> terms
    reading_minutes: int = 0
    completeness: int = 0
    # Bank questions for a case without its own questions section; () otherwise
    # (the case's own section is then in case.sections["questions"]).
    questions: tuple[Question, ...] = ()
    questions_from_bank: bool = False
    provenance: Provenance | None = None
    # Language -> the case's text in it: the original's and each translation's.
    texts: Mapping[str, CaseText] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def meta(self) -> FrontMatter:
        return self.case.meta

    def period(self, lang: str) -> str:
        return pick(self.periods, lang)

    @property
    def original(self) -> CaseText:
        """The text the case was written in."""
        found = next((t for t in self.texts.values() if t.is_original), None)
        return found or original_text(self.case)

    def text(self, lang: str) -> CaseText:
        """The text a reader of `lang` gets: the case's text in `lang` (original or
        translation) where there is one, else the original. The one rule every edition uses."""
        return self.texts.get(lang) or self.original

    @property
    def printed(self) -> CaseText:
        """The text `case` carries: the original, or the one `in_language` put in."""
        return self.texts.get(self.meta.language) or self.original

    def in_language(self, lang: str) -> EnrichedCase:
        """This case with `case` holding `text(lang)`: its title, summary, language, partner
        roles and sections, and that text's word count and reading time; every fact
        (partners, sources, dates, codes) the original's."""
        text = self.text(lang)
        meta = self.case.meta
        partners = [
            p.model_copy(update={"role": text.roles.get(p.name, p.role)}) for p in meta.partners
        ]
        shown = meta.model_copy(
            update={
                "title": text.title,
                "summary": text.summary,
                "language": text.language,
                "partners": partners,
            }
        )
        # A section the original no longer has (removed since the stamp) is not printed.
        kept = {k: v for k, v in text.sections.items() if k in self.original.sections}
        case = self.case.model_copy(update={"meta": shown, "sections": kept})
        if not text.word_count:  # a text enrich did not count
            return replace(self, case=case)
        return replace(
            self, case=case, word_count=text.word_count, reading_minutes=text.reading_minutes
        )

    def regions(self, lang: str = "en") -> list[str]:
        return _distinct(c.region(lang) for c in self.countries)

    def subregions(self, lang: str = "en") -> list[str]:
        return _distinct(c.subregion(lang) for c in self.countries)

    def labels(self, field_name: str, lang: str = "en") -> list[str]:
        """Labels of a coded field (e.g. "forms") in the order of the case file."""
        return [t.label(lang) for t in self.terms.get(field_name, ())]


@dataclass(frozen=True)
class Library:
    """Everything the exporters and the renderer need, in case id order."""

    cases: tuple[EnrichedCase, ...]
    # The organisations of the cases, then registry entries no case names (case_ids ()).
    organisations: dict[str, Organisation] = field(default_factory=dict)
    build_year: int = 0

    def by_id(self, case_id: str) -> EnrichedCase:
        return next(c for c in self.cases if c.id == case_id)

    def in_language(self, lang: str) -> Library:
        """The library as an edition in `lang` prints it: each case's `text(lang)`."""
        return replace(self, cases=tuple(c.in_language(lang) for c in self.cases))


def _distinct(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out
