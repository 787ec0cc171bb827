"""The checks across cases: ids, organisations spelt two ways, text left from the template.

In:  every loaded RawCase (and the template's path). Out: problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pipeline.check.load import RawCase, load_case
from pipeline.problems import Problem
from pipeline.registry import Registry, organisation_registry

TEMPLATE = "_template.md"


def template_problems(raws: list[RawCase], template_path: Path) -> list[Problem]:
    """Text left as the template wrote it (a summary or a section): an error in a real case."""
    if not template_path.is_file():
        return []
    loaded = load_case(template_path, template_path.name)
    if not loaded.ok or loaded.raw is None:
        return []
    template = loaded.raw
    texts = {" ".join(s.text.split()) for s in template.sections if s.text.strip()}
    summary = template.data.get("summary")
    problems = []
    for raw in raws:
        if summary and raw.data.get("summary") == summary:
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
