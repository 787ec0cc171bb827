"""The columns of cases.csv, partners.csv and sources.csv, and a case -> its rows.

The contributed columns follow the case models (`pipeline.case`); the enriched
columns are what `pipeline.enrich` adds. Their descriptions quote the
contract's constants (`pipeline.contract`), never a number of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.case import Case, FrontMatter
from pipeline.contract import (
    LIST_SEPARATOR,
    OPTIONAL_CODED_FIELDS,
    RELATED_COUNT,
    RELATEDNESS_WEIGHTS,
    SHORT_SECTION_WORDS,
    WORDS_PER_MINUTE,
)
from pipeline.reference import sections, vocabulary_for

# Small numbers as the descriptions write them.
_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def _and(names: Iterable[str]) -> str:
    """ "a, b and c" """
    items = list(names)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


# Front matter field -> (Table Schema type, is a list, vocabulary field or None).
# A test checks that this covers exactly the fields of FrontMatter.
CASE_COLUMNS: dict[str, tuple[str, bool, str | None]] = {
    "id": ("string", False, None),
    "title": ("string", False, None),
    "language": ("string", False, None),
    "summary": ("string", False, None),
    "scope": ("string", False, "scope"),
    "status": ("string", False, "status"),
    "started": ("integer", False, None),
    "ended": ("integer", False, None),
    "countries": ("string", True, None),
    "sectors": ("string", True, "sectors"),
    "forms": ("string", True, "forms"),
    "themes": ("string", True, "themes"),
    "sdgs": ("string", True, None),
    "stage": ("string", False, "stage"),
    "funding": ("string", False, "funding"),
    "risks": ("string", True, "risks"),
    "safeguards": ("string", True, "safeguards"),
    "tags": ("string", True, None),
    "workshops": ("string", True, None),
    "contributor": ("string", False, None),
    "reviewed": ("date", False, None),
}
NOT_COLUMNS = {"partners", "sources"}  # they have tables of their own


# Columns the pipeline adds (enrichment). name -> (type, title, description).
# Naming: a column that exists in two languages ends in _en / _nl; lists are
# separated by `;` like the contributed list columns. A test checks that
# export.enriched_cells fills exactly these columns.
def _label_columns() -> dict[str, tuple[str, str, str]]:
    """<field>_en and <field>_nl for every coded column: its labels, in the code order."""
    out = {}
    for name, (_kind, is_list, vocab_field) in CASE_COLUMNS.items():
        if vocab_field is None:
            continue
        title = FrontMatter.model_fields[name].title or name
        for lang, language in (("en", "English"), ("nl", "Dutch")):
            out[f"{name}_{lang}"] = (
                "string",
                f"{title} ({language})",
                f"The {language} label of each code in `{name}`"
                + (", in the same order, separated by `;`." if is_list else ".")
                + f" Labels and definitions: the `{vocabulary_for(vocab_field).id}` table.",
            )
    return out


ENRICHED_COLUMNS: dict[str, tuple[str, str, str]] = {
    "country_names_en": (
        "string",
        "Countries (English)",
        "Country names in English, in the order of `countries`, separated by `;`.",
    ),
    "country_names_nl": (
        "string",
        "Countries (Dutch)",
        "Country names in Dutch, in the order of `countries`, separated by `;`.",
    ),
    "regions_en": (
        "string",
        "UN M49 regions (English)",
        "Distinct UN M49 regions of the countries, in English, separated by `;`.",
    ),
    "regions_nl": (
        "string",
        "UN M49 regions (Dutch)",
        "Distinct UN M49 regions of the countries, in Dutch, separated by `;`.",
    ),
    "subregions_en": (
        "string",
        "UN M49 sub-regions (English)",
        "Distinct UN M49 sub-regions of the countries, in English, separated by `;`.",
    ),
    "subregions_nl": (
        "string",
        "UN M49 sub-regions (Dutch)",
        "Distinct UN M49 sub-regions of the countries, in Dutch, separated by `;`.",
    ),
    **_label_columns(),
    "sdg_titles_en": (
        "string",
        "SDG titles (English)",
        "Short titles of the goals in `sdgs`, in English, in the same order, separated by `;`.",
    ),
    "sdg_titles_nl": (
        "string",
        "SDG titles (Dutch)",
        "Short titles of the goals in `sdgs`, in Dutch, in the same order, separated by `;`.",
    ),
    "period_en": (
        "string",
        "Period (English)",
        "The period for display: “2011–2016”, “2013” for one year, “since 2018” when ongoing.",
    ),
    "period_nl": (
        "string",
        "Period (Dutch)",
        "The period for display in Dutch: “2011–2016”, “2013”, “sinds 2018” when ongoing.",
    ),
    "duration_years": (
        "integer",
        "Duration (years)",
        "Years from start to end (or to the build year when ongoing), counting both ends.",
    ),
    "ongoing": (
        "boolean",
        "Ongoing",
        "True when the status says the partnership has not ended.",
    ),
    "organisation_ids": (
        "string",
        "Organisation ids",
        "Organisation id of each partner, in the order of partners.csv, separated by `;`:"
        " the id in schema/organisations.yaml for a registered name or alias, otherwise the"
        " name normalised (lower case, accents, punctuation and legal forms such as plc dropped).",
    ),
    "partner_count": (
        "integer",
        "Number of partners",
        "How many partners the case lists.",
    ),
    "source_count": (
        "integer",
        "Number of sources",
        "How many sources the case lists.",
    ),
    "related_cases": (
        "string",
        "Related cases",
        f"Ids of up to {_WORDS.get(RELATED_COUNT, RELATED_COUNT)} most related other cases, most related first, separated"
        " by `;`. Score: {} per shared organisation (organisation id), {} per shared form, {} per"
        " theme, {} per sector, {} per country; equal scores go to more shared organisations,"
        " then forms, themes, sectors, countries, then the smaller id. Cases sharing none"
        " of these are not listed.".format(*RELATEDNESS_WEIGHTS),
    ),
    "word_count": ("integer", "Word count", "Words in the summary and all sections."),
    "reading_minutes": (
        "integer",
        "Reading time (minutes)",
        f"`word_count` divided by {WORDS_PER_MINUTE} words a minute, rounded up; at least 1.",
    ),
    "completeness": (
        "integer",
        "Completeness (0–100)",
        "How complete the case is, for sorting the work still to do: 50 × (sections present"
        f" with at least {SHORT_SECTION_WORDS} words) / (all {len(sections())} sections, required"
        " and optional) + 30 × (optional fields filled among"
        f" {_and(OPTIONAL_CODED_FIELDS)}) / {len(OPTIONAL_CODED_FIELDS)}"
        " + 20 × (sources with a URL) / (all sources), rounded half up.",
    ),
    "questions_from_bank": (
        "boolean",
        "Questions from the bank",
        "True when the case has no “Questions for discussion” section of its own and the"
        " casebook prints two general questions from schema/questions.yaml instead.",
    ),
    "bank_questions_en": (
        "string",
        "General questions (English)",
        "The questions from the question bank for a case without its own, in English,"
        " separated by `;`; empty when the case has its own questions.",
    ),
    "bank_questions_nl": (
        "string",
        "General questions (Dutch)",
        "The questions from the question bank for a case without its own, in Dutch,"
        " separated by `;`; empty when the case has its own questions.",
    ),
    "first_added": (
        "date",
        "First added",
        "Date of the first commit that added the case file (git committer date);"
        " empty when the cases are not in a git repository or the file is not committed.",
    ),
    "last_changed": (
        "date",
        "Last changed",
        "Date of the last commit that changed the case file (git committer date);"
        " empty when unknown. Uncommitted edits do not count.",
    ),
    "revisions": (
        "integer",
        "Revisions",
        "Number of commits that changed the case file (merges and renames not followed);"
        " empty when unknown.",
    ),
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def case_row(case: Case) -> dict[str, str]:
    """The front matter and section columns of one case, as CSV text cells."""
    row = {name: _cell(getattr(case.meta, name)) for name in CASE_COLUMNS}
    for spec in sections():
        row[f"section_{spec.key}"] = case.sections.get(spec.key, "")
    return row


def partner_rows(case: Case, organisation_ids: Iterable[str]) -> list[dict[str, str]]:
    return [
        {
            "case_id": case.id,
            "position": str(i),
            "organisation_id": org_id,
            "name": p.name,
            "type": p.type,
            "role": p.role,
            "counterpart": _cell(p.counterpart),
        }
        for i, (p, org_id) in enumerate(
            zip(case.meta.partners, organisation_ids, strict=True), start=1
        )
    ]


def source_rows(case: Case) -> list[dict[str, str]]:
    return [
        {
            "case_id": case.id,
            "position": str(i),
            "title": s.title,
            "url": _cell(s.url),
            "publisher": _cell(s.publisher),
            "year": _cell(s.year),
            "mirror": _cell(s.mirror),
        }
        for i, s in enumerate(case.meta.sources, start=1)
    ]
