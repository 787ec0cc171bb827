"""The data model's reference files in ``schema/``: vocabularies and section headings.

These YAML files are the single source of truth for codes, labels and
headings; the pydantic models, the Table Schemas, the casebook and the docs
all read them through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from .config import SCHEMA_DIR


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
