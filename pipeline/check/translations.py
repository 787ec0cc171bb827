"""The check of translations: a loaded ``cases/<id>.<lang>.md`` against its original.

In:  a RawCase of a translation file, the valid originals by id and the ids of every
case file (valid or not). Out: the Translation (or None) and its problems.

Errors: facts of its own (a field of the case model that a translation has not), a
front matter field wrong, a file name that disagrees with `translation_of` or
`language`, no original, the original's language, a section or a role the original
has that it lacks (or the other way round). Warnings: a translation never stamped,
and one whose original changed since it was stamped, naming the parts that changed;
what changed since the stamp is only that warning, never also an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.case import CASE_LANGUAGES, Case, FrontMatter
from pipeline.check.fields import pydantic_problems
from pipeline.check.load import RawCase
from pipeline.check.sections import check_sections
from pipeline.problems import Phrase, Problem, has_errors, suggest
from pipeline.reference import sections
from pipeline.translation import (
    ROLES,
    SUMMARY,
    TITLE,
    Translation,
    TranslationFrontMatter,
    TranslationInfo,
    changed_parts,
    original_digests,
    translation_name,
)

# The fields a case has and a translation must not: its facts come from the original.
FACT_FIELDS = tuple(
    name for name in FrontMatter.model_fields if name not in TranslationFrontMatter.model_fields
)
_ALLOWED: dict[str, type[BaseModel]] = {"": TranslationFrontMatter, "translation": TranslationInfo}


def part_names(parts: tuple[str, ...], lang: str) -> list[str]:
    """The parts of a stamp as a message names them: “## heading” for a section."""
    headings = {s.key: s.heading(lang) for s in sections()}
    fields = {TITLE: "title", SUMMARY: "summary", ROLES: "roles"}
    return [f"`{fields[p]}`" if p in fields else f"“## {headings.get(p, p)}”" for p in parts]


def validate_translation(
    raw: RawCase, originals: Mapping[str, Case], case_ids: Set[str]
) -> tuple[Translation | None, list[Problem]]:
    """One loaded translation -> (Translation or None, its problems: errors and warnings)."""
    data = raw.data
    problems = [
        raw.problem_at("translation-fact-field", name, name, {"value": name})
        for name in FACT_FIELDS
        if name in data
    ]
    own = {k: v for k, v in data.items() if k not in FACT_FIELDS}
    meta: TranslationFrontMatter | None = None
    try:
        meta = TranslationFrontMatter.model_validate(own)
    except ValidationError as err:
        problems.extend(_in_translation_words(pydantic_problems(err, raw), raw))
    named = translation_name(raw.path.name)
    problems.extend(_name_problems(raw, named))
    of = data.get("translation_of")
    original = originals.get(of) if isinstance(of, str) else None
    if isinstance(of, str) and of not in case_ids:
        params = {"value": of, "suggestion": suggest(of, sorted(case_ids)) or ""}
        problems.append(
            raw.problem_at("translation-without-original", "translation_of", of, params)
        )
    stated = data.get("language")
    language = stated if isinstance(stated, str) and stated in CASE_LANGUAGES else None
    language = language or (named[1] if named and named[1] in CASE_LANGUAGES else "en")
    if original is not None and stated == original.meta.language:
        params = {"value": stated, "id": original.id}
        problems.append(raw.problem_at("translation-same-language", "language", stated, params))
    found, section_problems = check_sections(raw, language)
    problems.extend(section_problems)
    info = meta.translation if meta else None
    changed: tuple[str, ...] | None = None
    if original is not None and info is not None:
        changed = changed_parts(info, original_digests(original))
        problems.extend(_against_original(raw, found, original, info, changed, section_problems))
    if meta is None or original is None or has_errors(problems):
        return None, problems
    problems.extend(_stamp_warnings(raw, meta, changed))
    translation = Translation(
        meta=meta, sections={key: text for key, (text, _line) in found.items()}, file=raw.file
    )
    return translation, problems


def _in_translation_words(problems: list[Problem], raw: RawCase) -> list[Problem]:
    """pydantic_problems names a case's fields as allowed: name a translation's instead;
    and a stamp that is not one the task wrote says how to write it again."""
    of = raw.data.get("translation_of")
    named = translation_name(raw.path.name)
    case_id = of if isinstance(of, str) else named[0] if named else "<id>"

    out = []
    for p in problems:
        if p.field.startswith("translation.original_"):  # a stamp edited by hand
            params: dict[str, Any] = {"field": p.field, "id": case_id}
            p = replace(p, code="translation-bad-stamp", params=params)
        elif p.code == "unknown-field":
            parent = p.field.rpartition(".")[0]
            allowed = list(_ALLOWED.get(parent, TranslationFrontMatter).model_fields)
            allowed = [a for a in allowed if not a.startswith("original_")]
            where = Phrase("where-translation-block" if parent else "where-translation")
            params = {
                **p.params,
                "where": where,
                "allowed": allowed,
                "suggestion": suggest(p.value, allowed) or "",
            }
            p = replace(p, params=params)
        out.append(p)
    return out


def _name_problems(raw: RawCase, named: tuple[str, str] | None) -> list[Problem]:
    """The file name `<id>.<lang>.md` must say what `translation_of` and `language` say."""
    if named is None:
        return []
    problems = []
    for field, expected in zip(("translation_of", "language"), named, strict=True):
        value = raw.data.get(field)
        if isinstance(value, str) and value != expected:
            params = {"value": value, "field": field, "expected": expected}
            params["name"] = (
                f"{raw.data.get('translation_of', named[0])}.{raw.data.get('language', named[1])}.md"
            )
            problems.append(raw.problem_at("translation-file-name", field, value, params))
    return problems


def _against_original(
    raw: RawCase,
    found: Mapping[str, tuple[str, int]],
    original: Case,
    info: TranslationInfo,
    changed: tuple[str, ...] | None,
    section_problems: list[Problem],
) -> list[Problem]:
    """Sections and roles that differ from the original's, except where it changed since
    the stamp (the stale warning names those)."""
    since = set(changed or ())
    problems: list[Problem] = []
    lang = raw.data.get("language") if raw.data.get("language") in CASE_LANGUAGES else "en"
    missing = {p.field for p in section_problems if p.code in ("missing-section", "empty-section")}
    end_line = len(raw.source_text.rstrip("\n").split("\n"))
    for spec in sections():
        key = spec.key
        if key in since or f"sections.{key}" in missing:
            continue
        params: dict[str, Any] = {
            "value": spec.heading(str(lang)),
            "original": spec.heading(original.meta.language),
        }
        if key in original.sections and not (key in found and found[key][0].strip()):
            problems.append(
                Problem(
                    "translation-missing-section",
                    file=raw.file,
                    line=end_line,
                    field=f"sections.{key}",
                    value=params["value"],
                    params=params,
                )
            )
        elif key in found and key not in original.sections:
            line = found[key][1]
            problems.append(
                Problem(
                    "translation-extra-section",
                    file=raw.file,
                    line=line,
                    column=1,
                    field=f"sections.{key}",
                    value=params["value"],
                    params=params,
                )
            )
    roles = raw.data.get("roles")
    if ROLES in since or not isinstance(roles, Mapping):
        return problems
    names = [p.name for p in original.meta.partners]
    # A key that is no partner's name is most likely the name of a partner without a role.
    without = [n for n in names if n not in roles] or names
    for key in roles:
        if key not in names:
            params = {"value": key, "allowed": names, "suggestion": suggest(key, without) or ""}
            problems.append(raw.problem_at("translation-role-unknown", f"roles.{key}", key, params))
    for name in names:
        if name not in roles:
            problems.append(
                raw.problem_at("translation-role-missing", "roles", name, {"value": name})
            )
    return problems


def _stamp_warnings(
    raw: RawCase, meta: TranslationFrontMatter, changed: tuple[str, ...] | None
) -> list[Problem]:
    """Not stamped yet, or stamped from an original that has changed since."""
    of = meta.translation_of
    if meta.translation.original_hash is None:
        return [raw.problem_at("translation-not-stamped", "translation", of, {"id": of})]
    if changed is None:
        return []
    names = part_names(changed, meta.language)
    parts: list[str] | Phrase = names if names else Phrase("parts-unknown")
    params = {"value": of, "id": of, "parts": parts}
    return [raw.problem_at("translation-stale", "translation.original_hash", of, params)]
