"""The facilitator's pack: session plans, worksheets and a note per case, as its own PDF.

In:  the cases of an edition, the edition's language and where each case starts in the
     casebook (page numbers, from the book's page map).
Out: the HTML of the pack's pieces (`pack_pieces`), which `pipeline.casebook.kit` renders
     and puts together as ``facilitator.pdf``.

Why a separate PDF and not a part of the casebook: facilitators print it for themselves,
not for the participants. The casebook goes to every participant (or its handouts do);
the pack holds the timing, the grouping, the points to draw out and the questions to
open and close with, which participants should meet in the session rather than read
ahead. The worksheets are in the pack too, so that the facilitator prints as many
copies of those pages as there are groups.

Everything is derived from the library: which cases fit which workshop question comes
from `pipeline.across`, reading times from `reading_minutes`, key points from the
first sentences of the cases' own sections, questions from the cases or the question bank.
The fixed words (steps, worksheet prompts) are catalogue labels (``fac_*``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.across import Topic, first_sentences, list_items, topics
from pipeline.casebook.fit import best
from pipeline.edition import BuildInfo, Edition
from pipeline.i18n import duration, format_date, label
from pipeline.library import EnrichedCase, Library

PARTICIPANTS = 20
GROUPS = 5  # five groups of four, each with a case
# The sessions: (key, minutes, steps). A step is (key, minutes); minutes 0 for reading
# (the longest reading time of the cases handed out, in fives) and None for the
# small-group work, which takes the time that is left.
SESSIONS: tuple[tuple[str, int, tuple[tuple[str, int | None], ...]], ...] = (
    (
        "short",
        90,
        (
            ("intro", 10),
            ("reading", 0),
            ("groups", None),
            ("plenary", 20),
            ("red_lines", 15),
            ("close", 5),
        ),
    ),
    (
        "long",
        180,
        (
            ("intro", 15),
            ("reading", 0),
            ("groups", None),
            ("break", 15),
            ("plenary", 40),
            ("red_lines", 30),
            ("health", 20),
            ("close", 10),
        ),
    ),
)
MIN_GROUP_WORK = 15  # minutes; reading is cut (and the cases sent ahead) to keep this
WORKSHEETS = ("red_lines", "brings", "health")
# The phases of The Partnering Initiative's partnering cycle, in order (catalogue
# labels fac_phase_<key>, each with two health-check questions fac_health_<key>_1/2).
TPI_PHASES = ("scoping", "building", "managing", "reviewing", "sustaining")
BRINGS_ROWS = ("money", "knowledge", "access", "reputation", "people", "other")
RED_LINE_ROWS = 5


@dataclass(frozen=True)
class Group:
    """One small group: its case and the workshop questions it leads on in the plenary."""

    number: int
    size: int
    case_id: str
    case_number: int
    title: str
    language: str  # of the case text: groups may get a case in another language
    page: int
    last_page: int  # of the case in the casebook: what to copy for the group
    reading_minutes: int
    questions: tuple[int, ...]  # numbers of the workshop questions (1-9)


@dataclass(frozen=True)
class Step:
    """One timed step of a session: when it starts and ends (minutes), what it is."""

    key: str
    start: int
    minutes: int
    title: str
    text: str

    @property
    def clock(self) -> str:
        return f"{_hm(self.start)}–{_hm(self.start + self.minutes)}"


@dataclass(frozen=True)
class Session:
    key: str
    minutes: int
    title: str
    steps: tuple[Step, ...]
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Note:
    """The facilitator's note on one case."""

    case_id: str
    number: int
    title: str
    language: str
    page: int
    last_page: int
    reading_minutes: int
    points: tuple[tuple[str, str], ...]  # (section heading in the edition's language, text)
    afterwards: str
    opening: str
    closing: str
    questions_language: str
    fits: tuple[int, ...]  # workshop questions the case is one of the best fits for


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def fits(found: Sequence[Topic], cases: Sequence[EnrichedCase]) -> dict[str, tuple[int, ...]]:
    """Case id -> the numbers of the workshop questions it is one of the best fits for."""
    out: dict[str, list[int]] = {}
    for n, topic in enumerate(found, 1):
        for case_id in best(topic, cases):
            out.setdefault(case_id, []).append(n)
    return {k: tuple(v) for k, v in out.items()}


def choose_cases(cases: Sequence[EnrichedCase], found: Sequence[Topic]) -> list[EnrichedCase]:
    """Up to GROUPS cases that between them show the most forms and fit the most questions.

    Greedy: each pick adds the most forms and questions not yet covered; ties go to the
    shorter read, then to the case that comes first in the book.
    """
    fit = fits(found, cases)
    chosen: list[EnrichedCase] = []
    forms: set[str] = set()
    questions: set[int] = set()
    rest = list(cases)
    while rest and len(chosen) < GROUPS:

        def gain(c: EnrichedCase) -> tuple[int, int]:
            new = len(set(c.meta.forms) - forms) + len(set(fit.get(c.id, ())) - questions)
            return (-new, c.reading_minutes)

        best = min(rest, key=gain)
        rest.remove(best)
        chosen.append(best)
        forms.update(best.meta.forms)
        questions.update(fit.get(best.id, ()))
    return sorted(chosen, key=lambda c: cases.index(c))


def groups(
    cases: Sequence[EnrichedCase], found: Sequence[Topic], pages: Mapping[str, int]
) -> tuple[Group, ...]:
    """Five groups of four, each with a case; the nine questions shared out between them.

    Each question goes to a group whose case is one of its best fits (else to any group),
    the one with the fewest questions so far; no group leads on more than its share.
    """
    if not cases:
        return ()
    chosen = choose_cases(cases, found)
    numbers = {c.id: n for n, c in enumerate(cases, 1)}
    fit = fits(found, cases)
    picked = [chosen[i % len(chosen)] for i in range(GROUPS)]
    assigned: list[list[int]] = [[] for _ in picked]
    cap = math.ceil(len(found) / GROUPS)  # questions per group at most, while others have room
    for q in range(1, len(found) + 1):
        room = [i for i in range(len(picked)) if len(assigned[i]) < cap]
        able = [i for i in room if q in fit.get(picked[i].id, ())] or room
        target = min(able, key=lambda i: (len(assigned[i]), i))
        assigned[target].append(q)
    size, extra = divmod(PARTICIPANTS, GROUPS)
    return tuple(
        Group(
            i + 1,
            size + (1 if i < extra else 0),
            c.id,
            numbers[c.id],
            c.meta.title,
            c.meta.language,
            pages.get(f"case-{c.id}", 0),
            _last_page(pages.get(f"case-{c.id}", 0), pages),
            c.reading_minutes,
            tuple(assigned[i]),
        )
        for i, c in enumerate(picked)
    )


def _last_page(first: int, pages: Mapping[str, int]) -> int:
    """The last page of the chapter that opens on `first`: the page before the next anchor."""
    later = [p for p in pages.values() if p > first]
    return min(later) - 1 if later else first


def sessions(
    cases: Sequence[EnrichedCase], lang: str, pages: Mapping[str, int]
) -> tuple[Session, ...]:
    """The 90-minute and the three-hour session plans for twenty participants."""
    found = topics(cases, lang)
    out = []
    for key, total, plan in SESSIONS:
        grouped = groups(cases, found, pages)
        longest = max((g.reading_minutes for g in grouped), default=0)
        fixed = sum(m for _k, m in plan if m)
        reading = min(5 * math.ceil(longest / 5), total - fixed - MIN_GROUP_WORK)
        steps = []
        start = 0
        for step, minutes in plan:
            if minutes == 0:
                minutes = reading
            elif minutes is None:
                minutes = total - fixed - reading
            text = label(f"fac_step_{step}_{key}", lang)
            if step == "reading" and reading < longest:
                text += " " + label("fac_send_ahead", lang)
            steps.append(Step(step, start, minutes, label(f"fac_step_{step}", lang), text))
            start += minutes
        out.append(Session(key, total, label(f"fac_session_{key}", lang), tuple(steps), grouped))
    return tuple(out)


def _own_questions(case: EnrichedCase, lang: str) -> tuple[list[str], str]:
    own = list_items(case.case.sections.get("questions", ""))
    if own:
        return own, case.meta.language
    return [q.text(lang) for q in case.questions], lang


def notes(cases: Sequence[EnrichedCase], lang: str, pages: Mapping[str, int]) -> tuple[Note, ...]:
    """One note per case: points to draw out, what happened afterwards, two questions."""
    from pipeline.reference import sections, vocabulary_for

    headings = {s.key: s.heading(lang) for s in sections()}
    fit = fits(topics(cases, lang), cases)
    out = []
    for n, case in enumerate(cases, 1):
        points = tuple(
            (headings[key], text)
            for key in ("results", "independence", "lessons")
            if (text := first_sentences(case, key, 2))
        )
        status = vocabulary_for("status").term(case.meta.status)
        afterwards = (
            f"{status.label(lang)}: {status.definition(lang)} "
            f"{label('period', lang)}: {case.period(lang)} ({duration(case.duration_years, lang)})."
        )
        questions, q_lang = _own_questions(case, lang)
        opening = questions[0] if questions else ""
        closing = questions[-1] if len(questions) > 1 else ""
        out.append(
            Note(
                case.id,
                n,
                case.meta.title,
                case.meta.language,
                pages.get(f"case-{case.id}", 0),
                _last_page(pages.get(f"case-{case.id}", 0), pages),
                case.reading_minutes,
                points,
                afterwards,
                opening,
                closing,
                q_lang,
                fit.get(case.id, ()),
            )
        )
    return tuple(out)


def fit_table(
    found: Sequence[Topic], cases: Sequence[EnrichedCase], pages: Mapping[str, int]
) -> list[tuple[Topic, list[tuple[int, int]], int]]:
    """Per question: its best fits as (case number, casebook page), and how many others speak to it."""
    numbers = {c.id: n for n, c in enumerate(cases, 1)}
    out = []
    for topic in found:
        top = best(topic, cases)
        out.append(
            (
                topic,
                [(numbers[i], pages.get(f"case-{i}", 0)) for i in top],
                len(topic.entries) - len(top),
            )
        )
    return out


def health_check(lang: str) -> tuple[tuple[str, tuple[str, str]], ...]:
    """The health check: per TPI phase, its name and two questions (catalogue words)."""
    return tuple(
        (
            label(f"fac_phase_{phase}", lang),
            (label(f"fac_health_{phase}_1", lang), label(f"fac_health_{phase}_2", lang)),
        )
        for phase in TPI_PHASES
    )


def pack_pieces(
    library: Library,
    edition: Edition,
    info: BuildInfo,
    pages: Mapping[str, int],
    runs: Sequence[Sequence[str]],
) -> list[str]:
    """The pack as HTML documents, rendered apart and put together (`pieces`): its front
    (contents, which case fits which question, the session plans, the worksheets) and the
    notes on each of `runs` (case ids, in book order), which name cases by number.

    `pages` maps the casebook's anchors ("case-<id>") to their page numbers in the book;
    only the front prints them, so an edit that moves the book's pages renders the front
    and not the notes.
    """
    from pipeline.casebook.html import edition_line, render_template, select_cases

    lang, config = edition.lang, info.config
    cases = select_cases(library, edition.workshop)
    found = topics(cases, lang)
    # The same notes serve the front (their pages) and the notes pieces (which print none).
    every_note = notes(cases, lang, pages)
    common = {
        "lang": lang,
        "t": lambda key: label(key, lang),
        "title": config.title,
        "publisher": config.publisher,
        "workshop": edition.workshop,
        "iso_date": info.date.isoformat(),
    }
    front = render_template(
        "facilitator.html.j2",
        **common,
        piece="front",
        edition_name=edition_line(config, edition),
        date=format_date(info.date, lang),
        sessions=sessions(cases, lang, pages),
        topics=found,
        fit_rows=fit_table(found, cases, pages),
        notes=every_note,
        health=health_check(lang),
        brings_rows=[label(f"fac_brings_{row}", lang) for row in BRINGS_ROWS],
        red_line_rows=RED_LINE_ROWS,
        safeguard_examples=_safeguard_examples(cases, lang),
    )
    by_case = {note.case_id: note for note in every_note}
    return [front] + [
        render_template(
            "facilitator.html.j2",
            **common,
            piece="notes",
            first=index == 0,
            notes=[by_case[case_id] for case_id in run],
        )
        for index, run in enumerate(runs)
    ]


def _safeguard_examples(cases: Sequence[EnrichedCase], lang: str) -> list[tuple[str, list[int]]]:
    """Each safeguard some case names, with the numbers of those cases (for the canvas)."""
    from pipeline.reference import vocabulary_for

    out = []
    for term in vocabulary_for("safeguards").terms:
        numbers = [n for n, c in enumerate(cases, 1) if term.id in c.meta.safeguards]
        if numbers:
            out.append((term.label(lang), numbers))
    return out
