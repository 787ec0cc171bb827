"""The facilitator's pack as data (pipeline/casebook/facilitator.py, fit.py), without a PDF."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from pipeline.across import first_sentences, topics
from pipeline.build import load_library
from pipeline.casebook.facilitator import GROUPS, PARTICIPANTS, health_check, notes, sessions
from pipeline.casebook.fit import best, strength
from pipeline.i18n import label
from pipeline.library import Library
from tests.support import SECTION_TEXT, TODAY, VALID_FRONT_MATTER, case_text

NO_QUESTIONS_BODY = "\n".join(
    f"## {heading}\n\n{text}\n"
    for heading, text in (
        ("Why work together", SECTION_TEXT),
        ("What each partner brought", SECTION_TEXT),
        ("How the collaboration worked", SECTION_TEXT),
        ("Results and evaluation", "The audit found fewer accidents in every factory visited."),
        ("Independence and red lines", SECTION_TEXT),
        ("Lessons learned", SECTION_TEXT),
    )
)
GUARDED_FRONT = VALID_FRONT_MATTER.format(id="guarded-deal").replace(
    "safeguards:\n  - right-to-publish\n",
    "safeguards:\n  - right-to-publish\n  - walk-away-clause\n  - independent-evaluation\n",
)
PAGES = {"case-guarded-deal": 11, "case-plain-study": 17}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder: Path = tmp_path_factory.mktemp("facilitator") / "cases"
    folder.mkdir()
    (folder / "guarded-deal.md").write_text(
        case_text("guarded-deal", front=GUARDED_FRONT, body=NO_QUESTIONS_BODY), "utf-8"
    )
    (folder / "plain-study.md").write_text(case_text("plain-study"), "utf-8")
    _result, loaded = load_library(folder, today=TODAY)
    assert loaded is not None
    return loaded


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_two_sessions_of_90_and_180_minutes_with_timed_steps(library, lang):
    short, long = sessions(library.cases, lang, PAGES)
    assert (short.minutes, long.minutes) == (90, 180)
    for session in (short, long):
        keys = [s.key for s in session.steps]
        for step in ("intro", "reading", "groups", "plenary", "red_lines", "close"):
            assert step in keys
        assert sum(s.minutes for s in session.steps) == session.minutes
        starts = [s.start for s in session.steps]
        assert starts == [sum(s.minutes for s in session.steps[:i]) for i in range(len(starts))]
        assert session.steps[-1].clock.endswith(
            f"{session.minutes // 60}:{session.minutes % 60:02d}"
        )
        reading = next(s for s in session.steps if s.key == "reading")
        longest = max(c.reading_minutes for c in library.cases)
        assert reading.minutes == 5 * math.ceil(longest / 5)
        assert all(s.title == label(f"fac_step_{s.key}", lang) for s in session.steps)
    assert "break" in [s.key for s in long.steps] and "break" not in [s.key for s in short.steps]


def test_five_groups_of_four_share_the_cases_and_the_nine_questions(library):
    for session in sessions(library.cases, "en", PAGES):
        assert len(session.groups) == GROUPS
        assert sum(g.size for g in session.groups) == PARTICIPANTS
        assert {g.case_id for g in session.groups} == {c.id for c in library.cases}
        led = sorted(q for g in session.groups for q in g.questions)
        assert led == list(range(1, 10))
        # What to copy for each group: its case's pages, up to the next anchor.
        assert {g.case_id: (g.page, g.last_page) for g in session.groups} == {
            "guarded-deal": (11, 16),
            "plain-study": (17, 17),
        }


def test_the_case_with_more_safeguards_fits_the_watchdog_question_best(library):
    guarded, plain = library.by_id("guarded-deal"), library.by_id("plain-study")
    assert strength("watchdog", guarded) > strength("watchdog", plain)
    watchdog = next(t for t in topics(library.cases, "en") if t.key == "watchdog")
    assert best(watchdog, library.cases)[0] == "guarded-deal"


def test_one_note_per_case_with_points_afterwards_and_questions(library):
    found = notes(library.cases, "en", PAGES)
    assert [n.case_id for n in found] == [c.id for c in library.cases]
    guarded = next(n for n in found if n.case_id == "guarded-deal")
    assert (guarded.page, guarded.last_page) == (11, 16)  # up to the next case
    assert dict(guarded.points)["Results and evaluation"] == (
        "The audit found fewer accidents in every factory visited."
    )
    assert [h for h, _t in guarded.points] == [
        "Results and evaluation",
        "Independence and red lines",
        "Lessons learned",
    ]
    assert guarded.afterwards.startswith("Completed: ")
    assert "2011–2016 (5 years)" in guarded.afterwards
    # No questions of its own: the bank's, in the edition's language.
    case = library.by_id("guarded-deal")
    assert case.questions_from_bank
    assert guarded.opening == case.questions[0].text("en")
    assert guarded.closing == case.questions[-1].text("en")
    plain = next(n for n in found if n.case_id == "plain-study")
    assert (plain.opening, plain.closing) == ("What would you have done?", "Would you do it again?")
    assert plain.points[0][1] == first_sentences(library.by_id("plain-study"), "results", 2)
    nl = next(n for n in notes(library.cases, "nl", PAGES) if n.case_id == "guarded-deal")
    assert nl.opening == case.questions[0].text("nl")
    assert nl.points[0][0] == "Resultaten en evaluatie"


def test_the_health_check_follows_the_five_phases_of_the_partnering_cycle():
    assert [phase for phase, _q in health_check("en")] == [
        "Scoping",
        "Building",
        "Managing",
        "Reviewing and revising",
        "Sustaining outcomes",
    ]
    assert all(len(q) == 2 for _p, q in health_check("nl"))
    assert "The Partnering Initiative (TPI)" in label("fac_tpi_source", "en")
    assert "The Partnering Initiative (TPI)" in label("fac_tpi_source", "nl")
