"""The enriched library: what every product gets, and nothing it has to compute again.

Made by `pipeline.enrich`; read by the products (`pipeline.data`, `pipeline.casebook`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def meta(self) -> FrontMatter:
        return self.case.meta

    def period(self, lang: str) -> str:
        return pick(self.periods, lang)

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


def _distinct(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out
