"""The case data model: pydantic types and per-field rules.

Field names, vocabularies and limits here are the contract of docs/case-format.md;
the Table Schemas in schema/ are generated from these models plus
schema/vocabularies.yaml (see `pipeline.tableschema`), and a test fails when
the two drift. Validation errors carry our own kebab-case codes
(PydanticCustomError) so that `validate` can turn them into plain messages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal, get_args

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from pipeline.contract import (
    BIDI_CONTROLS,
    EARLIEST_YEAR,
    FORMULA_STARTS,
    ID_PATTERN,
    LIST_SEPARATOR,
    SDG_COUNT,
    URL_PATTERN,
)
from pipeline.problems import suggest
from pipeline.reference import vocabulary_for

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _today(info: ValidationInfo) -> dt.date:
    context = info.context or {}
    return context.get("today") or dt.date.today()


def _clean_text(value: str, info: ValidationInfo, *, multiline: bool = False) -> str:
    """Reject control characters (and, in one-line fields, invisible ones)."""
    for ch in value:
        if (
            (unicodedata.category(ch) == "Cc" and not (multiline and ch == "\n"))
            or ord(ch) in BIDI_CONTROLS
            or (not multiline and _INVISIBLE.match(ch))
        ):
            raise PydanticCustomError(
                "forbidden-character",
                "forbidden character",
                {"value": f"U+{ord(ch):04X}"},
            )
    return value


def _line(value: str, info: ValidationInfo) -> str:
    return _clean_text(value, info)


def _paragraph(value: str, info: ValidationInfo) -> str:
    return _clean_text(value, info, multiline=True)


def _no_formula(value: str) -> str:
    # Short fields (names, titles, tags) that start with "=" are rejected rather than
    # altered: a leading "=" is a formula in a spreadsheet and never intended there.
    if value.startswith(FORMULA_STARTS):
        raise PydanticCustomError("formula-like", "formula", {"value": value[:1]})
    return value


def _list_item(value: str) -> str:
    if LIST_SEPARATOR in value:
        raise PydanticCustomError("list-separator", "separator", {"value": value})
    return value


def _in_vocabulary(field: str) -> AfterValidator:
    """A validator that accepts only the ids of the vocabulary of `field`."""

    def check(value: str) -> str:
        allowed = vocabulary_for(field).ids
        if value not in allowed:
            raise PydanticCustomError(
                "unknown-term",
                "unknown term",
                {"allowed": list(allowed), "suggestion": suggest(value, allowed) or ""},
            )
        return value

    return AfterValidator(check)


def _vocabulary_note(field: str) -> Any:
    # Read by the field reference (pipeline.check.docs) to list the allowed values.
    return Field(json_schema_extra={"vocabulary": field})


# The ISO 3166-1 alpha-2 codes a case may use: pycountry's, sorted. The published Table
# Schema checks countries against exactly these (pipeline.tableschema).
COUNTRY_CODES: tuple[str, ...] = tuple(sorted(c.alpha_2 for c in pycountry.countries))

# Codes people use that ISO 3166-1 spells otherwise.
_COMMON_CODES = {"UK": "GB", "EL": "GR", "EN": "GB"}


def _country(value: str) -> str:
    if pycountry.countries.get(alpha_2=value) is None or len(value) != 2 or not value.isupper():
        if value.upper() in _COMMON_CODES:
            raise PydanticCustomError(
                "unknown-country", "country", {"suggestion": _COMMON_CODES[value.upper()]}
            )
        match = pycountry.countries.get(alpha_2=value.upper()) if len(value) == 2 else None
        if match is None:
            try:
                match = pycountry.countries.lookup(value)
            except LookupError:
                match = None
        raise PydanticCustomError(
            "unknown-country", "country", {"suggestion": match.alpha_2 if match else ""}
        )
    return value


def _year(value: int, info: ValidationInfo) -> int:
    limit = _today(info).year
    if value < EARLIEST_YEAR or value > 9999:
        raise PydanticCustomError(
            "year-impossible", "year", {"minimum": EARLIEST_YEAR, "limit": limit}
        )
    if value > limit:
        raise PydanticCustomError("year-in-future", "future", {"limit": limit})
    return value


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("invalid-date", "date", {}) from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _past_date(value: dt.date, info: ValidationInfo) -> dt.date:
    today = _today(info)
    if value > today:
        raise PydanticCustomError("date-in-future", "future", {"limit": today.isoformat()})
    return value


def _url(value: str) -> str:
    if not re.match(URL_PATTERN, value, re.IGNORECASE):
        raise PydanticCustomError("invalid-url", "url", {})
    return value


def _unique(value: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for item in value:
        if item in seen:
            raise PydanticCustomError("duplicate-item", "duplicate", {"value": item})
        seen.add(item)
    return value


Line = Annotated[str, AfterValidator(_line)]
Name = Annotated[
    str,
    Field(min_length=1, max_length=200),
    AfterValidator(_line),
    AfterValidator(_no_formula),
]
Year = Annotated[int, AfterValidator(_year)]
Keyword = Annotated[
    str,
    Field(min_length=1, max_length=60),
    AfterValidator(_line),
    AfterValidator(_list_item),
    AfterValidator(_no_formula),
]
Country = Annotated[str, AfterValidator(_country)]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_line), AfterValidator(_url)]
Sdg = Annotated[int, Field(ge=1, le=SDG_COUNT)]
ReviewDate = Annotated[dt.date, BeforeValidator(_parse_date), AfterValidator(_past_date)]


# The languages a case may be written in (its sections use that language's headings).
CaseLanguage = Literal["en", "nl"]
CASE_LANGUAGES: tuple[str, ...] = get_args(CaseLanguage)


class _Strict(BaseModel):
    # strict: "2013" is not a year and "yes" is not a list; extra: unknown keys are typos.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Partner(_Strict):
    """One organisation in the partnership, as the case file lists it."""

    name: Name = Field(title="Name", description="The organisation's name as the case uses it.")
    type: Annotated[str, _in_vocabulary("partners.type"), _vocabulary_note("partners.type")] = (
        Field(title="Type", description="Kind of organisation.")
    )
    role: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_line)] = Field(
        title="Role",
        description="What this organisation did in the partnership (≤ 200 characters).",
    )
    counterpart: (
        Annotated[
            str, _in_vocabulary("partners.counterpart"), _vocabulary_note("partners.counterpart")
        ]
        | None
    ) = Field(
        default=None,
        title="Counterpart",
        description="Who the NGO dealt with inside this organisation, where a source says so.",
    )


class Source(_Strict):
    """A publication or page that backs the case's statements."""

    title: Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_line)] = Field(
        title="Title", description="Title of the source as published."
    )
    url: Url | None = Field(default=None, title="URL", description="Web address (http or https).")
    publisher: Name | None = Field(
        default=None, title="Publisher", description="Who published the source."
    )
    year: Year | None = Field(default=None, title="Year", description="Year of publication.")
    mirror: bool = Field(
        default=False,
        title="Mirror",
        description=(
            "`true` when the address is a copy on another host (an archive, an aggregator),"
            " cited only because no copy at the original publisher is known."
        ),
    )


class FrontMatter(_Strict):
    """The YAML front matter of a case file: the contributor's structured data."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)] = Field(
        title="Case id", description="Unique id; equals the file name without .md."
    )
    title: Annotated[
        str,
        Field(min_length=1, max_length=120),
        AfterValidator(_line),
        AfterValidator(_no_formula),
    ] = Field(title="Title", description="Title of the case (≤ 120 characters).")
    language: CaseLanguage = Field(
        title="Language",
        description="Language of the case text: en (English) or nl (Dutch).",
    )
    summary: Annotated[str, Field(min_length=100, max_length=700), AfterValidator(_paragraph)] = (
        Field(title="Summary", description="What happened, in 100–700 characters.")
    )
    scope: Annotated[str, _in_vocabulary("scope"), _vocabulary_note("scope")] = Field(
        title="Scope", description="Geographic scope."
    )
    partners: Annotated[list[Partner], Field(min_length=2), AfterValidator(_unique)] = Field(
        title="Partners", description="The organisations involved (at least two)."
    )
    countries: Annotated[list[Country], Field(min_length=1), AfterValidator(_unique)] = Field(
        title="Countries",
        description="ISO 3166-1 alpha-2 codes of the countries concerned.",
    )
    sectors: Annotated[
        list[Annotated[str, _in_vocabulary("sectors"), _vocabulary_note("sectors")]],
        Field(min_length=1),
        AfterValidator(_unique),
    ] = Field(title="Sectors", description="Economic sectors.")
    forms: Annotated[
        list[Annotated[str, _in_vocabulary("forms"), _vocabulary_note("forms")]],
        Field(min_length=1),
        AfterValidator(_unique),
    ] = Field(title="Forms of collaboration", description="What the partners did together.")
    started: Year = Field(title="Started", description="Year the collaboration started.")
    status: Annotated[str, _in_vocabulary("status"), _vocabulary_note("status")] = Field(
        title="Status", description="Where the partnership stands."
    )
    sources: Annotated[list[Source], Field(min_length=1), AfterValidator(_unique)] = Field(
        title="Sources",
        description="Publications that back every statement in the case.",
    )
    ended: Year | None = Field(
        default=None,
        title="Ended",
        description="Year the collaboration ended, if it did.",
    )
    themes: Annotated[
        list[Annotated[str, _in_vocabulary("themes"), _vocabulary_note("themes")]],
        Field(min_length=0),
        AfterValidator(_unique),
    ] = Field(default_factory=list, title="Themes", description="Themes addressed.")
    sdgs: Annotated[list[Sdg], Field(min_length=0), AfterValidator(_unique)] = Field(
        default_factory=list,
        title="SDGs",
        description="Sustainable Development Goals (1–17) addressed.",
    )
    stage: Annotated[str, _in_vocabulary("stage"), _vocabulary_note("stage")] | None = Field(
        default=None,
        title="Stage",
        description="Stage on Austin's collaboration continuum.",
    )
    funding: Annotated[str, _in_vocabulary("funding"), _vocabulary_note("funding")] | None = Field(
        default=None, title="Funding", description="Who paid for the collaboration."
    )
    risks: Annotated[
        list[Annotated[str, _in_vocabulary("risks"), _vocabulary_note("risks")]],
        Field(min_length=0),
        AfterValidator(_unique),
    ] = Field(default_factory=list, title="Risks", description="Risks and criticisms.")
    safeguards: Annotated[
        list[Annotated[str, _in_vocabulary("safeguards"), _vocabulary_note("safeguards")]],
        Field(min_length=0),
        AfterValidator(_unique),
    ] = Field(default_factory=list, title="Safeguards", description="Safeguards the NGO used.")
    tags: Annotated[list[Keyword], Field(min_length=0), AfterValidator(_unique)] = Field(
        default_factory=list, title="Tags", description="Free keywords."
    )
    workshops: Annotated[
        list[Annotated[str, Field(pattern=ID_PATTERN, max_length=60)]],
        Field(min_length=0),
        AfterValidator(_unique),
    ] = Field(
        default_factory=list,
        title="Workshops",
        description="Ids of the workshop editions that use the case.",
    )
    contributor: Name | None = Field(
        default=None,
        title="Contributor",
        description="Who wrote or last revised the case.",
    )
    reviewed: ReviewDate | None = Field(
        default=None,
        title="Reviewed",
        description="Date the case was last checked against its sources.",
    )


class Case(BaseModel):
    """A valid case: front matter plus its sections (section key -> Markdown)."""

    model_config = ConfigDict(frozen=True)

    meta: FrontMatter
    sections: dict[str, str]
    file: str
    section_lines: dict[str, int] = Field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id
