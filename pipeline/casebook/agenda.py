"""A workshop edition's furniture: the cover's heading and the agenda page.

In:  the edition's workshop id, its definition (schema/workshops.yaml) and the cases of
the edition. Out: plain data for the templates (agenda.html.j2 and the cover).
Which case speaks to which question is read from the definition's `answered_by`: the
coded fields that answer it (see schema/workshops.yaml); this module only applies it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pipeline.case import FrontMatter
from pipeline.i18n import format_date
from pipeline.library import EnrichedCase
from pipeline.reference import Workshop, WorkshopQuestion, workshops


def definition(workshop: str | None) -> Workshop | None:
    """The definition of a workshop id, or None (no workshop, or one not defined)."""
    return workshops().workshops.get(workshop) if workshop else None


def field_values(meta: FrontMatter, path: str) -> list[str]:
    """The values of a coded field path ("forms", "stage", "partners.counterpart") as text."""
    head, _, tail = path.partition(".")
    value: Any = getattr(meta, head, None)
    items = value if isinstance(value, list) else [value]
    if tail:
        items = [getattr(item, tail, None) for item in items]
    return [str(item) for item in items if item not in (None, "")]


def speaks_to(case: EnrichedCase, question: WorkshopQuestion) -> bool:
    """Whether one of the fields that answer `question` has an answering term in `case`."""
    for path, terms in question.answered_by.items():
        values = field_values(case.meta, path)
        if values and (not terms or any(v in terms for v in values)):
            return True
    return False


def heading(workshop: Workshop, lang: str) -> dict[str, str]:
    """The cover's words for a defined workshop: its title, and its date and place if given."""
    when = []
    if workshop.date:
        try:
            when.append(format_date(dt.date.fromisoformat(workshop.date), lang))
        except ValueError:
            when.append(workshop.date)
    if workshop.place:
        when.append(workshop.place)
    return {"title": workshop.title(lang), "when": " · ".join(when)}


def agenda(workshop: Workshop, cases: Sequence[EnrichedCase], lang: str) -> list[dict[str, Any]]:
    """The workshop's questions in order, each with the ids of the cases that speak to it."""
    return [
        {"text": q.text(lang), "cases": [c.id for c in cases if speaks_to(c, q)]}
        for q in workshop.questions
    ]
