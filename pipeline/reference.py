"""The data model's reference files in ``schema/``: vocabularies and section headings.

These YAML files are the single source of truth for codes, labels and
headings; the pydantic models, the Table Schemas, the casebook and the docs
all read them through this module.
"""

from __future__ import annotations

import csv
import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pycountry
import yaml

from pipeline.config import SCHEMA_DIR


@dataclass(frozen=True)
class Term:
    id: str
    en: str
    nl: str
    definition_en: str
    definition_nl: str

    def label(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en

    def definition(self, lang: str) -> str:
        return self.definition_nl if lang == "nl" else self.definition_en


@dataclass(frozen=True)
class Vocabulary:
    id: str
    fields: tuple[str, ...]
    title_en: str
    title_nl: str
    description_en: str
    description_nl: str
    terms: tuple[Term, ...]

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms)

    def term(self, term_id: str) -> Term:
        return next(t for t in self.terms if t.id == term_id)

    def title(self, lang: str) -> str:
        return self.title_nl if lang == "nl" else self.title_en


@dataclass(frozen=True)
class Section:
    key: str
    required: bool
    en: str
    nl: str
    question_en: str
    question_nl: str

    def heading(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


def load_yaml(path: Path) -> Any:
    """One of the project's own YAML files (schema/, templates, catalogue), with the C loader.

    Only for trusted files: contributed case files go through `pipeline.load`.
    """
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def vocabularies(schema_dir: Path = SCHEMA_DIR) -> dict[str, Vocabulary]:
    """Vocabulary id -> Vocabulary, in file order."""
    raw = load_yaml(schema_dir / "vocabularies.yaml")["vocabularies"]
    return {
        vid: Vocabulary(
            id=vid,
            fields=tuple(v["fields"]),
            title_en=v["title_en"],
            title_nl=v["title_nl"],
            description_en=v["description_en"],
            description_nl=v["description_nl"],
            terms=tuple(Term(**t) for t in v["terms"]),
        )
        for vid, v in raw.items()
    }


@cache
def vocabulary_for(field: str, schema_dir: Path = SCHEMA_DIR) -> Vocabulary:
    """The vocabulary that governs a field path such as ``forms`` or ``partners.type``."""
    for vocab in vocabularies(schema_dir).values():
        if field in vocab.fields:
            return vocab
    raise KeyError(field)


@cache
def sections(schema_dir: Path = SCHEMA_DIR) -> tuple[Section, ...]:
    """The case sections in reading order."""
    return tuple(Section(**s) for s in load_yaml(schema_dir / "sections.yaml")["sections"])


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
class Sdg:
    """A Sustainable Development Goal with its official colour (for badges)."""

    number: int
    title_en: str
    title_nl: str
    colour: str
    text_colour: str

    def title(self, lang: str) -> str:
        return self.title_nl if lang == "nl" else self.title_en


@dataclass(frozen=True)
class Question:
    """A discussion question in both languages; `topic` says where it came from."""

    en: str
    nl: str
    topic: str = ""  # "forms/supply-chain", "risks/greenwashing" or "general"

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class QuestionBank:
    general: tuple[Question, ...] = ()
    forms: Mapping[str, tuple[Question, ...]] = field(default_factory=dict)
    risks: Mapping[str, tuple[Question, ...]] = field(default_factory=dict)


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


# Display names where ISO 3166 (and its Dutch translation) inverts the name for
# sorting ("Congo, The Democratic Republic of the"): code -> (English, Dutch).
# Names in the form people write them; BQ and SH are real lists and stay.
_DISPLAY_NAMES = {
    "BO": ("Bolivia", "Bolivia"),
    "CD": ("Democratic Republic of the Congo", "Democratische Republiek Congo"),
    "FM": ("Micronesia", "Micronesia"),
    "KP": ("North Korea", "Noord-Korea"),
    "KR": ("South Korea", "Zuid-Korea"),
    "MD": ("Moldova", "Moldavië"),
    "PS": ("Palestine", "Palestina"),
    "VA": ("Vatican City", "Vaticaanstad"),
    "VE": ("Venezuela", "Venezuela"),
    "VG": ("British Virgin Islands", "Britse Maagdeneilanden"),
    "VI": ("United States Virgin Islands", "Amerikaanse Maagdeneilanden"),
}


@cache
def country(code: str) -> Country:
    """Names (English, Dutch) and UN M49 region of an ISO 3166-1 alpha-2 code.

    An unknown code (validation rejects those) gives the code as its name.
    """
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        return Country(code=code, name_en=code, name_nl=code)
    name_en = getattr(record, "common_name", None) or record.name
    name_nl = _dutch().gettext(record.name)
    name_en, name_nl = _DISPLAY_NAMES.get(code, (name_en, name_nl))
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


@cache
def sdg_goals(schema_dir: Path = SCHEMA_DIR) -> dict[int, Sdg]:
    """Goal number -> Sdg, from schema/reference/sdgs.yaml."""
    return {
        int(g["number"]): Sdg(
            number=int(g["number"]),
            title_en=str(g["title_en"]),
            title_nl=str(g["title_nl"]),
            colour=str(g["colour"]),
            text_colour=str(g["text_colour"]),
        )
        for g in load_yaml(schema_dir / "reference" / "sdgs.yaml")
    }


def parse_question_bank(data: Any) -> QuestionBank:
    """The loaded questions.yaml -> QuestionBank; ValueError names a malformed entry."""

    def questions(items: Any, topic: str) -> tuple[Question, ...]:
        if not isinstance(items, list):
            raise ValueError(f"questions.yaml: {topic} must be a list of questions")
        out = []
        for item in items:
            if not (
                isinstance(item, Mapping)
                and all(isinstance(item.get(k), str) and item[k].strip() for k in ("en", "nl"))
            ):
                raise ValueError(f"questions.yaml: every question in {topic} needs en and nl")
            if ";" in item["en"] + item["nl"]:
                raise ValueError(f"questions.yaml: a question in {topic} contains “;”")
            out.append(Question(item["en"].strip(), item["nl"].strip(), topic))
        return tuple(out)

    if not isinstance(data, Mapping):
        raise ValueError("questions.yaml: expected general, forms and risks")
    groups: dict[str, dict[str, tuple[Question, ...]]] = {}
    for group in ("forms", "risks"):
        raw = data.get(group) or {}
        if not isinstance(raw, Mapping):
            raise ValueError(f"questions.yaml: {group} must map codes to questions")
        groups[group] = {str(k): questions(v, f"{group}/{k}") for k, v in raw.items()}
    return QuestionBank(
        general=questions(data.get("general") or [], "general"),
        forms=groups["forms"],
        risks=groups["risks"],
    )


@cache
def question_bank(schema_dir: Path = SCHEMA_DIR) -> QuestionBank:
    """The bundled question bank, schema/questions.yaml (empty when absent)."""
    path = schema_dir / "questions.yaml"
    return parse_question_bank(load_yaml(path)) if path.exists() else QuestionBank()
