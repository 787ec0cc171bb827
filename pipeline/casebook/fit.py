"""How well a case fits a workshop question: for the facilitator's choice of cases.

Every case in the library answers most of the nine questions (the sections are the
same), so "which cases fit" needs a ranking. The ranking reads only the case file:
first what the case codes that bears on the question (a named counterpart, safeguards,
risks, forms beyond money, an evaluation, an ending), then how much the case says in
the section that answers it (its words). Pure: a case in, a number out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.across import WATCHDOG_RISKS, Topic, company_side
from pipeline.library import EnrichedCase

BEST = 3  # cases named as the best fits of a question
MONEY_FORMS = ("philanthropy", "sponsorship", "cause-marketing")
RED_LINE_SAFEGUARDS = ("walk-away-clause", "no-go-sectors", "right-to-publish", "exit-criteria")
EVALUATION_SAFEGUARDS = ("independent-evaluation", "exit-criteria")
ENDINGS = ("completed", "ended-early", "transformed", "institutionalised")


def _named_counterparts(case: EnrichedCase) -> int:
    return sum(1 for _n, _t, cp in company_side(case) if cp and cp != "unknown")


# What a case codes that bears on each question (topic key -> count of signals).
SIGNALS: dict[str, Callable[[EnrichedCase], int]] = {
    "why": lambda c: 0,
    "offer": lambda c: len(c.meta.partners),
    "forms": lambda c: sum(1 for f in c.meta.forms if f not in MONEY_FORMS),
    "counterparts": _named_counterparts,
    "time": lambda c: int(bool(c.meta.funding)),
    "evaluate": lambda c: (
        sum(1 for s in c.meta.safeguards if s in EVALUATION_SAFEGUARDS)
        + int(c.meta.status in ENDINGS)
    ),
    "watchdog": lambda c: (
        len(c.meta.safeguards) + sum(1 for r in c.meta.risks if r in WATCHDOG_RISKS)
    ),
    "red_lines": lambda c: (
        sum(1 for s in c.meta.safeguards if s in RED_LINE_SAFEGUARDS)
        + int("loss-of-independence" in c.meta.risks)
    ),
    "risks": lambda c: len(c.meta.risks),
}
SECTIONS = {
    "why": "why",
    "offer": "contributions",
    "forms": "collaboration",
    "counterparts": "collaboration",
    "time": "time",
    "evaluate": "results",
    "watchdog": "independence",
    "red_lines": "independence",
    "risks": "risks",
}


def strength(key: str, case: EnrichedCase) -> tuple[int, int]:
    """(coded signals, words of the answering section): the higher, the better the fit."""
    words = len(case.case.sections.get(SECTIONS[key], "").split())
    return SIGNALS[key](case), words


def best(topic: Topic, cases: Sequence[EnrichedCase], n: int = BEST) -> tuple[str, ...]:
    """The ids of the `n` cases that fit a question best, best first (ties: book order)."""
    speaking = {e.case_id for e in topic.entries}
    ranked = sorted(
        (c for c in cases if c.id in speaking),
        key=lambda c: tuple(-x for x in strength(topic.key, c)),
    )
    return tuple(c.id for c in ranked[:n])
