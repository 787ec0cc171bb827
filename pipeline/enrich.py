"""Stage 3, enrich: valid cases -> a Library of enriched cases.

Pure and deterministic: reference data comes from schema/ and pycountry, the
build year is passed in, nothing touches the network or the clock.
"""

from __future__ import annotations

import csv
import gettext
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

from .config import SCHEMA_DIR
from .models import ENDED_STATUSES, Case
from .names import organisation_key

RELATED_COUNT = 3


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_nl: str
    region_en: str = ""
    region_nl: str = ""
    subregion_en: str = ""
    subregion_nl: str = ""

    def name(self, lang: str) -> str:
        return self.name_nl if lang == "nl" else self.name_en


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str  # the first spelling met, in case id order
    case_ids: tuple[str, ...]


@dataclass(frozen=True)
class EnrichedCase:
    """A valid case plus everything the pipeline derives from it."""

    case: Case
    countries: tuple[Country, ...]
    organisation_ids: tuple[str, ...]
    ongoing: bool
    duration_years: int
    period_en: str
    period_nl: str
    word_count: int
    related: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def meta(self):
        return self.case.meta

    def period(self, lang: str) -> str:
        return self.period_nl if lang == "nl" else self.period_en

    def regions(self, lang: str = "en") -> list[str]:
        return _distinct(c.region_nl if lang == "nl" else c.region_en for c in self.countries)

    def subregions(self, lang: str = "en") -> list[str]:
        return _distinct(c.subregion_nl if lang == "nl" else c.subregion_en for c in self.countries)


@dataclass(frozen=True)
class Library:
    """Everything the exporters and the renderer need, in case id order."""

    cases: tuple[EnrichedCase, ...]
    organisations: dict[str, Organisation] = field(default_factory=dict)
    build_year: int = 0

    def by_id(self, case_id: str) -> EnrichedCase:
        return next(c for c in self.cases if c.id == case_id)


def _distinct(values) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


@cache
def _m49(schema_dir: Path = SCHEMA_DIR) -> dict[str, dict[str, str]]:
    path = schema_dir / "reference" / "m49.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["alpha2"]: row for row in csv.DictReader(f)}


@cache
def _dutch() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)


@cache
def country(code: str) -> Country:
    """Names (English, Dutch) and UN M49 region of an ISO 3166-1 alpha-2 code."""
    record = pycountry.countries.get(alpha_2=code)
    name_en = getattr(record, "common_name", None) or record.name
    name_nl = _dutch().gettext(record.name)
    m49 = _m49().get(code, {})
    return Country(
        code=code,
        name_en=name_en,
        name_nl=name_nl,
        region_en=m49.get("region_en", ""),
        region_nl=m49.get("region_nl", ""),
        subregion_en=m49.get("subregion_en", ""),
        subregion_nl=m49.get("subregion_nl", ""),
    )


def period(started: int, ended: int | None, lang: str) -> str:
    """ "2011–2016", "2013" (one year) or "since 2018" / "sinds 2018"."""
    if ended is None:
        return f"sinds {started}" if lang == "nl" else f"since {started}"
    return str(started) if ended == started else f"{started}–{ended}"


def word_count(case: Case) -> int:
    return len(case.meta.summary.split()) + sum(len(t.split()) for t in case.sections.values())


def enrich(cases: list[Case], *, build_year: int) -> Library:
    """Enrich every case and link them: organisations and related cases."""
    cases = sorted(cases, key=lambda c: c.id)
    organisations: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    enriched = []
    for case in cases:
        meta = case.meta
        org_ids = tuple(organisation_key(p.name) for p in meta.partners)
        for org_id, partner in zip(org_ids, meta.partners, strict=True):
            names.setdefault(org_id, partner.name)
            if case.id not in organisations[org_id]:
                organisations[org_id].append(case.id)
        ongoing = meta.status not in ENDED_STATUSES
        last = meta.ended if meta.ended is not None else max(build_year, meta.started)
        enriched.append(
            EnrichedCase(
                case=case,
                countries=tuple(country(c) for c in meta.countries),
                organisation_ids=org_ids,
                ongoing=ongoing,
                duration_years=last - meta.started + 1,
                period_en=period(meta.started, meta.ended, "en"),
                period_nl=period(meta.started, meta.ended, "nl"),
                word_count=word_count(case),
            )
        )
    with_related = tuple(
        EnrichedCase(**{**e.__dict__, "related": related_cases(e, enriched)}) for e in enriched
    )
    orgs = {
        org_id: Organisation(org_id, names[org_id], tuple(ids))
        for org_id, ids in sorted(organisations.items(), key=lambda kv: names[kv[0]].casefold())
    }
    return Library(cases=with_related, organisations=orgs, build_year=build_year)


def _relatedness(a: EnrichedCase, b: EnrichedCase) -> tuple[int, ...]:
    ma, mb = a.case.meta, b.case.meta
    return (
        len(set(a.organisation_ids) & set(b.organisation_ids)),
        len(set(ma.forms) & set(mb.forms)),
        len(set(ma.themes) & set(mb.themes)),
        len(set(ma.sectors) & set(mb.sectors)),
        len(set(ma.countries) & set(mb.countries)),
    )


def related_cases(case: EnrichedCase, others: list[EnrichedCase]) -> tuple[str, ...]:
    """The most related other cases: shared organisations first, then forms, themes,
    sectors, countries; ties broken by case id so the order never changes."""
    scored = [(_relatedness(case, other), other.id) for other in others if other.id != case.id]
    scored = [s for s in scored if any(s[0])]
    scored.sort(key=lambda s: (tuple(-x for x in s[0]), s[1]))
    return tuple(case_id for _score, case_id in scored[:RELATED_COUNT])
