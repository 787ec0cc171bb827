"""Translations of cases: the file name, the front matter model and the original's stamp.

A translation is a file of its own beside its original, ``cases/<id>.<lang>.md``
(see docs/case-format.md). Its front matter holds only text (title, summary, one
role per partner) and how it was made; every fact comes from the original.

The stamp. ``invoke translation-stamp <id>`` records which version of the original
a translation renders, under ``translation:``:

- ``original_hash``: the SHA-256 (hex) of the original's text fields: one line
  ``<part>:<sha256 of the part's text>`` per part, in the order title, summary,
  roles, then the sections in schema/sections.yaml order; each part's text with its
  runs of white space made one space (rewrapping a paragraph changes nothing);
- ``original_parts``: the first 8 hex digits of each part's SHA-256, part -> digits,
  so that the check can name the parts that changed since.

In: case texts (title, summary, roles, sections). Out: digests, the model, names.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pipeline.case import Case, CaseLanguage, Name, _line, _no_formula, _paragraph
from pipeline.contract import ID_PATTERN
from pipeline.reference import sections

# cases/<id>.<lang>.md: the id as a case id, the language as two lower-case letters.
TRANSLATION_NAME = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
PART_DIGITS = 8  # hex digits of each part in `original_parts`
# A translation may run a fifth longer than the original's limits (120, 700 and 200
# characters): Dutch runs longer than English, and a translation keeps every fact.
TITLE_LIMIT, SUMMARY_LIMIT, ROLE_LIMIT = 144, 840, 240
TITLE, SUMMARY, ROLES = "title", "summary", "roles"
TranslationMethod = Literal["human", "machine-assisted"]


def translation_name(name: str) -> tuple[str, str] | None:
    """(original id, language) of a translation's file name, or None for any other name."""
    match = TRANSLATION_NAME.match(name)
    return (match["id"], match["lang"]) if match else None


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class TranslationInfo(_Strict):
    """Who translated a case, how, whether a person checked it, and what it renders."""

    by: Name = Field(title="Translated by", description="Who made the translation.")
    method: TranslationMethod = Field(
        title="Method",
        description="human, or machine-assisted (made with a translation tool or AI model).",
    )
    reviewed: bool = Field(
        title="Reviewed",
        description="true once a person has checked the translation against the original.",
    )
    original_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None,
        title="Original's hash",
        description="SHA-256 of the original's text fields; written by"
        " `invoke translation-stamp`, never by hand.",
    )
    original_parts: (
        dict[str, Annotated[str, Field(pattern=rf"^[0-9a-f]{{{PART_DIGITS}}}$")]] | None
    ) = Field(
        default=None,
        title="Original's parts",
        description="Part (title, summary, roles, section key): its short hash; written by"
        " `invoke translation-stamp` with `original_hash`.",
    )


class TranslationFrontMatter(_Strict):
    """The front matter of a translation: its text, and how it was made; no facts."""

    translation_of: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)] = Field(
        title="Translation of", description="The id of the original case."
    )
    language: CaseLanguage = Field(
        title="Language", description="Language of the translation: not the original's."
    )
    title: Annotated[
        str,
        Field(min_length=1, max_length=TITLE_LIMIT),
        AfterValidator(_line),
        AfterValidator(_no_formula),
    ] = Field(title="Title", description="The original's title, translated.")
    summary: Annotated[
        str, Field(min_length=100, max_length=SUMMARY_LIMIT), AfterValidator(_paragraph)
    ] = Field(title="Summary", description="The original's summary, translated.")
    roles: dict[
        str, Annotated[str, Field(min_length=1, max_length=ROLE_LIMIT), AfterValidator(_line)]
    ] = Field(
        title="Roles",
        description="Partner name, exactly as in the original: its role, translated.",
    )
    translation: TranslationInfo = Field(
        title="Translation", description="by, method, reviewed (and the stamp)."
    )


class Translation(BaseModel):
    """A valid translation: its front matter and sections (section key -> Markdown)."""

    model_config = ConfigDict(frozen=True)

    meta: TranslationFrontMatter
    sections: dict[str, str]
    file: str

    @property
    def original_id(self) -> str:
        return self.meta.translation_of


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def text_digests(
    title: str, summary: str, roles: Mapping[str, str], texts: Mapping[str, str]
) -> dict[str, str]:
    """Part -> full SHA-256 (hex) of an original's text: title, summary, roles, sections.

    `roles` maps partner names to roles (as one part, the partners in the order given);
    `texts` maps section keys to Markdown; sections are taken in schema order.
    """
    parts = {
        TITLE: _squeeze(title),
        SUMMARY: _squeeze(summary),
        ROLES: "\n".join(f"{_squeeze(n)}: {_squeeze(r)}" for n, r in roles.items()),
    }
    parts.update({s.key: _squeeze(texts[s.key]) for s in sections() if s.key in texts})
    return {key: hashlib.sha256(text.encode("utf-8")).hexdigest() for key, text in parts.items()}


def original_digests(case: Case) -> dict[str, str]:
    """The `text_digests` of a valid original: its title, summary, roles and sections."""
    meta = case.meta
    roles = {p.name: p.role for p in meta.partners}
    return text_digests(meta.title, meta.summary, roles, case.sections)


def original_hash(digests: Mapping[str, str]) -> str:
    """The `original_hash` of a text's `text_digests`: SHA-256 of its ``part:digest`` lines."""
    lines = "".join(f"{key}:{digest}\n" for key, digest in digests.items())
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def short_parts(digests: Mapping[str, str]) -> dict[str, str]:
    """The `original_parts` of a text's `text_digests`: each digest's first PART_DIGITS."""
    return {key: digest[:PART_DIGITS] for key, digest in digests.items()}


def changed_parts(info: TranslationInfo, digests: Mapping[str, str]) -> tuple[str, ...] | None:
    """The parts of the original that changed since `info` was stamped, in digest order.

    In: the translation's `translation` block and the original's current `text_digests`.
    Out: None when the stamp matches (or there is none: see `is_stamped`); else the parts
    whose short hash differs, was added or went, in the original's order (removed parts
    last); () when the hash differs but no `original_parts` says where.
    """
    if info.original_hash is None or info.original_hash == original_hash(digests):
        return None
    if not info.original_parts:
        return ()
    now = short_parts(digests)
    stored = info.original_parts
    changed = [key for key in now if stored.get(key) != now[key]]
    return (*changed, *(key for key in stored if key not in now))
