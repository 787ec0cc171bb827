"""The checks across cases: ids, organisations spelt two ways, text left from the template.

In:  every loaded RawCase (and the template's path). Out: problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pipeline.check.files import TEMPLATES
from pipeline.check.load import RawCase, load_case
from pipeline.i18n import fold
from pipeline.problems import Problem
from pipeline.reference import vocabulary_for, workshops
from pipeline.registry import Registry, organisation_registry

TEMPLATE = "_template.md"


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every value of nested front matter data with its field path (``partners[1].name``)."""
    if isinstance(value, Mapping):
        for key, child in value.items():
            yield from _leaves(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _leaves(child, f"{path}[{i}]")
    else:
        yield path, value


def _generic(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def _is_real_value(path: str, value: str) -> bool:
    """Whether a template's value is a real one a case may keep (a vocabulary value,
    a defined workshop, a country code, the case's id or language) rather than an example."""
    field = _generic(path).replace("[]", "")
    if field in ("id", "language", "countries") or (
        field == "workshops" and value in workshops().workshops
    ):
        return True
    try:
        return value in vocabulary_for(field).ids
    except KeyError:
        return False


def _templates(template_path: Path) -> list[RawCase]:
    """The templates beside `template_path` (every language's) that load whole."""
    names = dict.fromkeys([template_path.name, *TEMPLATES])
    loaded = [
        load_case(template_path.parent / n, n)
        for n in names
        if (template_path.parent / n).is_file()
    ]
    return [x.raw for x in loaded if x.ok and x.raw is not None]


def template_problems(raws: list[RawCase], template_path: Path) -> list[Problem]:
    """Text or values left as a template wrote them: an error in a real case.

    The templates are `template_path` and the other languages' beside it. Left as
    written: a summary or a section, and any example value (a partner's name, a tag,
    "Your name", the example.org address …) but not the real values a template shows
    (``scope: national``, ``type: ngo``).
    """
    templates = _templates(template_path)
    texts = {" ".join(s.text.split()) for t in templates for s in t.sections if s.text.strip()}
    summaries = {t.data.get("summary") for t in templates} - {None}
    examples = {
        (_generic(path), fold(value))
        for t in templates
        for path, value in _leaves(t.data)
        if path != "summary" and isinstance(value, str) and not _is_real_value(path, value)
    }
    example_paths = {path for path, _value in examples}
    problems = []
    for raw in raws:
        if raw.data.get("summary") in summaries:
            line = (raw.position("summary") or (None,))[0]
            problems.append(
                Problem(
                    "template-text",
                    file=raw.file,
                    line=line,
                    field="summary",
                    value="summary",
                    params={"value": "summary"},
                )
            )
        for path, value in _leaves(raw.data):
            generic = _generic(path) if isinstance(value, str) else ""
            if generic in example_paths and (generic, fold(value)) in examples:
                params = {"value": value, "field": path}
                problems.append(raw.problem_at("template-placeholder", path, value, params))
        for sec in raw.sections:
            if sec.text.strip() and " ".join(sec.text.split()) in texts:
                problems.append(
                    Problem(
                        "template-text",
                        file=raw.file,
                        line=sec.line,
                        column=1,
                        field="sections",
                        value=sec.heading,
                        params={"value": sec.heading},
                    )
                )
    return problems


def library_problems(raws: list[RawCase], registry: Registry | None = None) -> list[Problem]:
    """Checks that need all files: one spelling per organisation.

    Names are grouped by organisation id (registry-aware, see pipeline.names); two
    spellings that schema/organisations.yaml lists for one organisation are fine.
    """
    registry = registry if registry is not None else organisation_registry()
    problems = []
    spellings: dict[str, tuple[str, str]] = {}  # id -> (first spelling, its file)
    for raw in raws:
        partners = raw.data.get("partners")
        if not isinstance(partners, list):
            continue
        for i, partner in enumerate(partners):
            name = partner.get("name") if isinstance(partner, Mapping) else None
            if not isinstance(name, str) or not name.strip():
                continue
            key = registry.organisation_id(name)
            first = spellings.setdefault(key, (name, raw.file))
            if first[0] != name and not (registry.lists(name) and registry.lists(first[0])):
                params = {"value": name, "other": first[0], "other_case": first[1]}
                path = f"partners[{i}].name"
                problems.append(raw.problem_at("organisation-spelling", path, name, params))
    return problems
