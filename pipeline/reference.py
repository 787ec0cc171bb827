"""The data model's reference files in ``schema/``: vocabularies and section headings.

These YAML files are the single source of truth for codes, labels and
headings; the pydantic models, the Table Schemas, the casebook and the docs
all read them through this module.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import SCHEMA_DIR
from pipeline.i18n import country_name, pick

# Per-language values are mappings language code -> text, read from the columns named
# after the language ("en", "title_nl", "definition_de"): a new language is a new column
# in the YAML, and no code here names one. They stay out of the hash (a dict has none),
# so these values can still be set members and cache keys.
Words = Mapping[str, str]


@dataclass(frozen=True)
class Term:
    id: str
    labels: Words = field(hash=False)
    definitions: Words = field(hash=False)
    aliases: tuple[str, ...] = ()  # other names people use, in any language (suggestions)

    def label(self, lang: str) -> str:
        return pick(self.labels, lang)

    def definition(self, lang: str) -> str:
        return pick(self.definitions, lang)


@dataclass(frozen=True)
class Vocabulary:
    id: str
    fields: tuple[str, ...]
    titles: Words = field(hash=False)
    descriptions: Words = field(hash=False)
    terms: tuple[Term, ...] = ()

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms)

    def term(self, term_id: str) -> Term:
        return next(t for t in self.terms if t.id == term_id)

    def title(self, lang: str) -> str:
        return pick(self.titles, lang)

    def description(self, lang: str) -> str:
        return pick(self.descriptions, lang)


@dataclass(frozen=True)
class Section:
    key: str
    required: bool
    headings: Words = field(hash=False)
    # The workshop's guiding question the section answers ("" for none).
    questions: Words = field(hash=False)

    def heading(self, lang: str) -> str:
        return pick(self.headings, lang)

    def question(self, lang: str) -> str:
        return pick(self.questions, lang)


def per_language(row: Mapping[str, Any], prefix: str = "", skip: Collection[str] = ()) -> Words:
    """The columns of `row` named `prefix` + a language code, as {language: text}.

    With no prefix, every column without an underscore that is not in `skip` is a
    language ("en", "nl"); `skip` also leaves out prefixed columns such as region_code.
    """
    out = {}
    for key, value in row.items():
        if key in skip:
            continue
        if prefix and key.startswith(prefix):
            out[key[len(prefix) :]] = str(value)
        elif not prefix and "_" not in key:
            out[key] = str(value)
    return out


def load_yaml(path: Path) -> Any:
    """One of the project's own YAML files (schema/, templates, catalogue), with the C loader.

    Only for trusted files: contributed case files go through `pipeline.load`.
    """
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _schema(schema_dir: Path | None) -> Path:
    # SCHEMA_DIR is read at each call, not bound as a default, so a test can point this
    # module at another folder; the caches are keyed by the folder itself.
    return schema_dir if schema_dir is not None else SCHEMA_DIR


def vocabularies(schema_dir: Path | None = None) -> dict[str, Vocabulary]:
    """Vocabulary id -> Vocabulary, in file order, from `schema_dir`/vocabularies.yaml."""
    return _vocabularies(_schema(schema_dir))


@cache
def _vocabularies(schema_dir: Path) -> dict[str, Vocabulary]:
    raw = load_yaml(schema_dir / "vocabularies.yaml")["vocabularies"]
    return {
        vid: Vocabulary(
            id=vid,
            fields=tuple(v["fields"]),
            titles=per_language(v, "title_"),
            descriptions=per_language(v, "description_"),
            terms=tuple(
                Term(
                    id=t["id"],
                    labels=per_language(t, skip={"id", "aliases"}),
                    definitions=per_language(t, "definition_"),
                    aliases=tuple(t.get("aliases") or ()),
                )
                for t in v["terms"]
            ),
        )
        for vid, v in raw.items()
    }


def vocabulary_for(field: str, schema_dir: Path | None = None) -> Vocabulary:
    """The vocabulary that governs a field path such as ``forms`` or ``partners.type``."""
    return _vocabulary_for(field, _schema(schema_dir))


@cache
def _vocabulary_for(field: str, schema_dir: Path) -> Vocabulary:
    for vocab in _vocabularies(schema_dir).values():
        if field in vocab.fields:
            return vocab
    raise KeyError(field)


def sections(schema_dir: Path | None = None) -> tuple[Section, ...]:
    """The case sections in reading order, from `schema_dir`/sections.yaml."""
    return _sections(_schema(schema_dir))


@cache
def _sections(schema_dir: Path) -> tuple[Section, ...]:
    return tuple(
        Section(
            key=s["key"],
            required=s["required"],
            headings=per_language(s, skip={"key", "required"}),
            questions=per_language(s, "question_"),
        )
        for s in load_yaml(schema_dir / "sections.yaml")["sections"]
    )


@dataclass(frozen=True)
class Country:
    """A country by its ISO 3166-1 alpha-2 code, with its UN M49 region and subregion."""

    code: str
    regions: Words = field(default_factory=dict, hash=False)
    subregions: Words = field(default_factory=dict, hash=False)

    def name(self, lang: str) -> str:
        """The CLDR name in `lang` (see `pipeline.i18n.country_name`)."""
        return country_name(self.code, lang)

    def region(self, lang: str) -> str:
        return pick(self.regions, lang)

    def subregion(self, lang: str) -> str:
        return pick(self.subregions, lang)


@dataclass(frozen=True)
class Sdg:
    """A Sustainable Development Goal with its official colour (for badges)."""

    number: int
    titles: Words = field(hash=False)
    colour: str = ""
    text_colour: str = ""

    def title(self, lang: str) -> str:
        return pick(self.titles, lang)


@dataclass(frozen=True)
class Question:
    """A discussion question in each language it is written in; `topic` says where it came from."""

    texts: Words = field(hash=False)
    topic: str = ""  # "forms/supply-chain", "risks/greenwashing" or "general"

    def text(self, lang: str) -> str:
        return pick(self.texts, lang)


@dataclass(frozen=True)
class QuestionBank:
    general: tuple[Question, ...] = ()
    forms: Mapping[str, tuple[Question, ...]] = field(default_factory=dict)
    risks: Mapping[str, tuple[Question, ...]] = field(default_factory=dict)


@cache
def _m49(schema_dir: Path) -> dict[str, dict[str, str]]:
    path = schema_dir / "reference" / "m49.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["alpha2"]: row for row in csv.DictReader(f)}


def country(code: str, schema_dir: Path | None = None) -> Country:
    """The Country of an ISO 3166-1 alpha-2 code, with its UN M49 region (reference/m49.csv).

    Names come from CLDR when asked for (`Country.name`); a code without an M49
    row (validation rejects those) has no region.
    """
    return _country(code, _schema(schema_dir))


@cache
def _country(code: str, schema_dir: Path) -> Country:
    m49 = _m49(schema_dir).get(code, {})
    return Country(
        code=code,
        regions=per_language(m49, "region_", skip={"region_code"}),
        subregions=per_language(m49, "subregion_", skip={"subregion_code"}),
    )


def sdg_goals(schema_dir: Path | None = None) -> dict[int, Sdg]:
    """Goal number -> Sdg, from `schema_dir`/reference/sdgs.yaml."""
    return _sdg_goals(_schema(schema_dir))


@cache
def _sdg_goals(schema_dir: Path) -> dict[int, Sdg]:
    return {
        int(g["number"]): Sdg(
            number=int(g["number"]),
            titles=per_language(g, "title_"),
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
            # English and Dutch are required: cases.csv publishes the bank questions in both
            # (bank_questions_en, bank_questions_nl); other languages are optional.
            if not (
                isinstance(item, Mapping)
                and all(isinstance(item.get(k), str) and item[k].strip() for k in ("en", "nl"))
            ):
                raise ValueError(f"questions.yaml: every question in {topic} needs en and nl")
            texts = {lang: text.strip() for lang, text in per_language(item).items()}
            if any(";" in text for text in texts.values()):
                raise ValueError(f"questions.yaml: a question in {topic} contains “;”")
            out.append(Question(texts, topic))
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


def question_bank(schema_dir: Path | None = None) -> QuestionBank:
    """The question bank, `schema_dir`/questions.yaml (empty when absent)."""
    return _question_bank(_schema(schema_dir))


@cache
def _question_bank(schema_dir: Path) -> QuestionBank:
    path = schema_dir / "questions.yaml"
    return parse_question_bank(load_yaml(path)) if path.exists() else QuestionBank()


@dataclass(frozen=True)
class WorkshopQuestion:
    """A workshop question; `answered_by` maps a coded field path to the terms that answer
    it (() for any value): a case whose field has one of them speaks to the question."""

    id: str
    texts: Words = field(hash=False)
    answered_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def text(self, lang: str) -> str:
        return pick(self.texts, lang)


@dataclass(frozen=True)
class Workshop:
    """A workshop edition: its title, its date and place ("" when not given), its questions."""

    id: str
    titles: Words = field(hash=False)
    date: str = ""  # YYYY-MM-DD or ""
    place: str = ""
    questions: tuple[WorkshopQuestion, ...] = ()

    def title(self, lang: str) -> str:
        return pick(self.titles, lang)


@dataclass(frozen=True)
class Workshops:
    """schema/workshops.yaml: the reusable questions and the workshops, by id in file order."""

    questions: Mapping[str, WorkshopQuestion] = field(default_factory=dict)
    workshops: Mapping[str, Workshop] = field(default_factory=dict)


def parse_workshops(data: Any) -> Workshops:
    """The loaded workshops.yaml -> Workshops; ValueError names a malformed entry."""
    if not isinstance(data, Mapping):
        raise ValueError("workshops.yaml: expected questions and workshops")
    questions: dict[str, WorkshopQuestion] = {}
    for item in data.get("questions") or []:
        qid = str(item.get("id") or "") if isinstance(item, Mapping) else ""
        if not qid or qid in questions or not isinstance(item.get("answered_by"), Mapping):
            raise ValueError(f"workshops.yaml: question {qid!r} needs a new id and answered_by")
        answered = {
            str(path): () if terms == "any" else tuple(str(t) for t in terms)
            for path, terms in item["answered_by"].items()
        }
        texts = per_language(item, skip={"id"})
        questions[qid] = WorkshopQuestion(qid, texts, answered)
    workshops: dict[str, Workshop] = {}
    for item in data.get("workshops") or []:
        wid = str(item.get("id") or "") if isinstance(item, Mapping) else ""
        if not wid or wid in workshops:
            raise ValueError(f"workshops.yaml: workshop {wid!r} needs a new id")
        own: list[WorkshopQuestion] = []
        for entry in item.get("questions") or []:
            ref = entry.get("id") if isinstance(entry, Mapping) else entry
            if ref not in questions:
                raise ValueError(f"workshops.yaml: {wid} lists the unknown question {ref!r}")
            base = questions[ref]
            words = per_language(entry, skip={"id"}) if isinstance(entry, Mapping) else {}
            own.append(dataclasses.replace(base, texts={**base.texts, **words}))
        workshops[wid] = Workshop(
            id=wid,
            titles=per_language(item, "title_"),
            date=str(item.get("date") or ""),
            place=str(item.get("place") or "").strip(),
            questions=tuple(own),
        )
    return Workshops(questions, workshops)


def workshops(schema_dir: Path | None = None) -> Workshops:
    """The workshop questions and definitions, `schema_dir`/workshops.yaml (empty when absent)."""
    return _workshops(_schema(schema_dir))


@cache
def _workshops(schema_dir: Path) -> Workshops:
    path = schema_dir / "workshops.yaml"
    return parse_workshops(load_yaml(path)) if path.exists() else Workshops()
