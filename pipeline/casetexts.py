"""The case_texts table: one row per case and language, the original's text and each
translation's, so that data users can tell originals from translations.

In:  an enriched case (its `texts`, see `pipeline.library.CaseText`).
Out: its rows (text cells) and, for the contract, the table's Table Schema fields.
cases.csv keeps the original's title, summary and sections, one row per case.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.case import CASE_LANGUAGES
from pipeline.library import EnrichedCase
from pipeline.reference import sections
from pipeline.translation import PART_DIGITS

TITLE = "Case texts"
DESCRIPTION = (
    "One row per case and language: the text the case was written in (is_original true) and"
    " each translation of it (cases/<id>.<language>.md), with who translated it, how, whether"
    " a person reviewed it and whether the original changed since. Facts (partners, sources,"
    " dates, codes) are the original's: see cases.csv."
)
METHODS = ("human", "machine-assisted")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def case_text_rows(case: EnrichedCase) -> list[dict[str, str]]:
    """The rows of one case, by language: the original's, then the translations'."""
    texts = case.texts or {case.original.language: case.original}
    rows = []
    for lang in sorted(texts):
        text = texts[lang]
        row = {
            "case_id": case.id,
            "language": text.language,
            "is_original": _flag(text.is_original),
            "title": text.title,
            "summary": text.summary,
            "roles": json.dumps(dict(text.roles), ensure_ascii=False),
        }
        for spec in sections():
            row[f"section_{spec.key}"] = text.sections.get(spec.key, "")
        original = text.is_original
        row.update(
            {
                "original_language": text.original_language or text.language,
                "translation_by": text.by,
                "translation_method": text.method,
                "reviewed": "" if original else _flag(text.reviewed),
                "original_hash": text.original_hash,
                "stale": _flag(text.stale),
                "changed_parts": ";".join(text.changed),
            }
        )
        rows.append(row)
    return rows


def _field(
    name: str, kind: str, title: str, description: str, **constraints: Any
) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "title": title, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def case_text_fields() -> list[dict[str, Any]]:
    """Table Schema fields of case_texts.csv."""
    languages = list(CASE_LANGUAGES)
    fields = [
        _field("case_id", "string", "Case id", "The case (cases.csv `id`).", required=True),
        _field(
            "language",
            "string",
            "Language",
            "Language of this text: en (English) or nl (Dutch).",
            required=True,
            enum=languages,
        ),
        _field(
            "is_original",
            "boolean",
            "Original",
            "True for the text the case was written in, false for a translation.",
            required=True,
        ),
        _field("title", "string", "Title", "The title in this language.", required=True),
        _field("summary", "string", "Summary", "The summary in this language.", required=True),
        _field(
            "roles",
            "string",
            "Partner roles",
            "A JSON object: each partner's name, as the original writes it (partners.csv"
            " `name`) -> its role in this language.",
            required=True,
        ),
    ]
    for spec in sections():
        fields.append(
            _field(
                f"section_{spec.key}",
                "string",
                spec.heading("en"),
                f"The section “{spec.heading('en')}” / “{spec.heading('nl')}” in this language, as"
                " Markdown (empty when the case has none).",
            )
        )
    fields += [
        _field(
            "original_language",
            "string",
            "Language of the original",
            "The language the case was written in (cases.csv `language`).",
            required=True,
            enum=languages,
        ),
        _field(
            "translation_by",
            "string",
            "Translated by",
            "Who made the translation; empty for the original.",
        ),
        _field(
            "translation_method",
            "string",
            "Translation method",
            "human, or machine-assisted (made or drafted with a translation tool or AI model);"
            " empty for the original.",
            enum=list(METHODS),
        ),
        _field(
            "reviewed",
            "boolean",
            "Reviewed",
            "Whether a person has checked the translation against the original; empty for the"
            " original.",
        ),
        _field(
            "original_hash",
            "string",
            "Original's hash",
            "SHA-256 of the original's text fields when the translation was stamped (see"
            " docs/case-format.md, “Translations”); empty for the original and for a"
            " translation not stamped yet.",
        ),
        _field(
            "stale",
            "boolean",
            "Out of date",
            "True when the original's text has changed since the translation was stamped.",
            required=True,
        ),
        _field(
            "changed_parts",
            "string",
            "Changed parts",
            "For a stale translation: the parts of the original that changed since (title,"
            " summary, roles or a section key), separated by `;`; empty otherwise"
            f" (and when the stamp does not record its {PART_DIGITS}-digit part hashes).",
        ),
    ]
    return fields
