"""The facets of the case index: what a reader can filter the cases by.

In:  the enriched cases and the language of the page. Out: each case's values per facet
(the values the index's list items and the case pages carry for Pagefind's filters) and,
per facet, its options in order with their labels and counts.

A value is a stable code, the same in every language (a vocabulary id, a country code,
a decade's first year), so a filtered list's address works in either language; the label
is the page's language. Which CSV column each facet mirrors is in `FACETS`: the browser
tests compare the filtered list with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.i18n import country_name, label
from pipeline.library import EnrichedCase
from pipeline.reference import vocabulary_for


@dataclass(frozen=True)
class FacetSpec:
    """One facet: its URL parameter (and Pagefind filter), its catalogue label, its field."""

    key: str
    label: str  # catalogue label of the facet's title
    field: str = ""  # the coded field of the case, for vocabulary facets


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("form", "forms", "forms"),
    FacetSpec("sector", "sectors", "sectors"),
    FacetSpec("country", "countries"),
    FacetSpec("region", "web_regions"),
    FacetSpec("theme", "themes", "themes"),
    FacetSpec("risk", "risks", "risks"),
    FacetSpec("safeguard", "safeguards", "safeguards"),
    FacetSpec("status", "status", "status"),
    FacetSpec("language", "web_language"),
    FacetSpec("period", "web_decade"),
)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    key: str
    title: str
    options: tuple[Option, ...]


def slug(text: str) -> str:
    """A name as a code: "Latin America and the Caribbean" -> "latin-america-and-the-caribbean"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def decades(case: EnrichedCase, until: int) -> list[int]:
    """The first years of the decades a partnership ran in: 2013-2021 -> [2010, 2020]; an
    ongoing one runs to `until` (the build year)."""
    last = until if case.ongoing or case.meta.ended is None else case.meta.ended
    return list(range(case.meta.started // 10 * 10, max(last, case.meta.started) + 1, 10))


def values(case: EnrichedCase, key: str, until: int) -> list[str]:
    """The codes of `case` for facet `key`, in the case file's order, each once."""
    meta = case.meta
    found: list[str]
    if key == "country":
        found = list(meta.countries)
    elif key == "region":
        found = [slug(c.region("en")) for c in case.countries if c.region("en")]
    elif key == "status":
        found = [meta.status]
    elif key == "language":
        # The language the case was written in (cases.csv), not the one a page shows it in.
        found = [case.original.language]
    elif key == "period":
        found = [str(d) for d in decades(case, until)]
    else:
        found = list(getattr(meta, _spec(key).field))
    return list(dict.fromkeys(found))


def value_label(key: str, value: str, lang: str, cases: Sequence[EnrichedCase] = ()) -> str:
    """The words for the code `value` of facet `key` in `lang`."""
    if key == "country":
        return country_name(value, lang)
    if key == "region":
        for case in cases:
            for country in case.countries:
                if slug(country.region("en")) == value:
                    return country.region(lang)
        return value
    if key == "language":
        return label(f"language_{value}", lang)
    if key == "period":
        return f"{value}–{int(value) + 9}"
    return vocabulary_for(_spec(key).field).term(value).label(lang)


def facets(cases: Sequence[EnrichedCase], lang: str, until: int) -> tuple[Facet, ...]:
    """Every facet with the options that occur in `cases`: vocabulary facets in vocabulary
    order, decades in time order, the others alphabetically by label; each with its count."""
    out = []
    for spec in FACETS:
        counts: dict[str, int] = {}
        for case in cases:
            for value in values(case, spec.key, until):
                counts[value] = counts.get(value, 0) + 1
        options = [Option(v, value_label(spec.key, v, lang, cases), n) for v, n in counts.items()]
        if spec.field:
            order = vocabulary_for(spec.field).ids
            options.sort(key=lambda o: order.index(o.value))
        elif spec.key == "period":
            options.sort(key=lambda o: o.value)
        else:
            options.sort(key=lambda o: (o.label.casefold(), o.value))
        out.append(Facet(spec.key, label(spec.label, lang), tuple(options)))
    return tuple(out)


def _spec(key: str) -> FacetSpec:
    return next(s for s in FACETS if s.key == key)
