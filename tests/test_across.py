"""The part "Across the cases" as data (pipeline/across.py), without a PDF.

Three made-up cases that code different fields: alpha codes risks, safeguards and a
counterpart; beta codes none of them and has no optional sections; gamma is in Dutch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pipeline.across import TOPICS, Topic, company_side, sentences, topics
from pipeline.build import load_library
from pipeline.casebook.html import BookPart, casebook_document
from pipeline.config import casebook_config
from pipeline.edition import BuildInfo, Edition
from pipeline.i18n import label
from pipeline.library import Library
from tests.support import DUTCH_BODY, SECTION_TEXT, TODAY, VALID_FRONT_MATTER, case_text

RED_LINES = "We never let the company see our findings before publication. "
ALPHA_BODY = (
    "\n".join(
        f"## {heading}\n\n{text}\n"
        for heading, text in (
            ("Why work together", SECTION_TEXT),
            ("What each partner brought", SECTION_TEXT),
            (
                "How the collaboration worked",
                "The work had three steps:\n\n- a study of the sites in the first year;\n- a report.",
            ),
            ("Time and resources", SECTION_TEXT),
            ("Results and evaluation", SECTION_TEXT),
            (
                "Independence and red lines",
                RED_LINES + "We would have walked away from a veto. A third sentence follows.",
            ),
            (
                "Opportunities and risks",
                "**Opportunities**\n\n- The study opened doors to the suppliers of the company.",
            ),
            ("Lessons learned", SECTION_TEXT),
        )
    )
    + "\n## Questions for discussion\n\n1. What would you have done?\n2. Would you do it again?\n"
)

BETA_FRONT = (
    VALID_FRONT_MATTER.format(id="beta-platform")
    .replace('title: "Test NGO – Test Co: a joint study"', 'title: "Beta platform for fair tea"')
    .replace(
        "    role: Opened its sites and data to the researchers.\n    counterpart: csr\n",
        "    role: Bought the tea.\n"
        "  - name: Beta Federation\n    type: business-association\n"
        "    role: Spoke for the tea packers.\n    counterpart: executive\n",
    )
    .replace("forms:\n  - joint-research\n", "forms:\n  - standard-setting\n  - convening\n")
    .replace("status: completed\n", "status: active\n")
    .replace("ended: 2016\n", "")
    .replace("risks:\n  - loss-of-independence\n", "")
    .replace("safeguards:\n  - right-to-publish\n", "")
    .replace("stage: integrative\n", "")
)
BETA_BODY = "\n".join(
    f"## {heading}\n\n{SECTION_TEXT}\n"
    for heading in (
        "Why work together",
        "What each partner brought",
        "How the collaboration worked",
        "Results and evaluation",
        "Independence and red lines",
        "Lessons learned",
    )
)

GAMMA_FRONT = (
    VALID_FRONT_MATTER.format(id="gamma-keten")
    .replace('title: "Test NGO – Test Co: a joint study"', 'title: "Gamma ketenproject voor cacao"')
    .replace("language: en", "language: nl")
    .replace("counterpart: csr", "counterpart: unknown")
    .replace("risks:\n  - loss-of-independence\n", "risks:\n  - greenwashing\n  - lock-in\n")
    .replace(
        "safeguards:\n  - right-to-publish\n",
        "safeguards:\n  - walk-away-clause\n  - public-reporting\n",
    )
)
GAMMA_BODY = DUTCH_BODY


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder: Path = tmp_path_factory.mktemp("across") / "cases"
    folder.mkdir()
    (folder / "alpha-study.md").write_text(case_text("alpha-study", body=ALPHA_BODY), "utf-8")
    (folder / "beta-platform.md").write_text(
        case_text("beta-platform", front=BETA_FRONT, body=BETA_BODY), "utf-8"
    )
    (folder / "gamma-keten.md").write_text(
        case_text("gamma-keten", front=GAMMA_FRONT, body=GAMMA_BODY), "utf-8"
    )
    _result, loaded = load_library(folder, today=TODAY)
    assert loaded is not None
    return loaded


def _topic(library: Library, key: str, lang: str = "en") -> Topic:
    return next(t for t in topics(library.cases, lang) if t.key == key)


def _entry_ids(topic: Topic) -> list[str]:
    return [e.case_id for e in topic.entries]


def test_there_is_one_topic_per_workshop_question_worded_by_the_catalogue(library):
    for lang in ("en", "nl"):
        found = topics(library.cases, lang)
        assert [t.key for t in found] == [s.key for s in TOPICS]
        assert len(found) == 9
        assert [t.title for t in found] == [label(f"across_q_{s.key}", lang) for s in TOPICS]
    assert _topic(library, "red_lines", "nl").title == "Welke rode lijnen overschrijden we niet?"


@pytest.mark.parametrize("field", ["risks", "safeguards"])
def test_each_case_is_in_the_matrix_of_a_field_it_codes_and_only_then(library, field):
    key = {"risks": "risks", "safeguards": "watchdog"}[field]
    table = _topic(library, key).table
    assert table is not None and table.kind == "matrix"
    coding = [c for c in library.cases if getattr(c.meta, field)]
    assert [r.case_id for r in table.rows] == [c.id for c in coding]
    assert "beta-platform" not in [r.case_id for r in table.rows]
    used = {code for c in coding for code in getattr(c.meta, field)}
    assert len(table.columns) == len(used)  # only the terms some case codes
    for row in table.rows:
        case = library.by_id(row.case_id)
        marked = [col for col, mark in zip(table.columns, row.marks, strict=True) if mark]
        assert sorted(marked) == sorted(case.labels(field, "en"))


def test_under_forms_each_case_has_its_forms_and_what_the_collaboration_looked_like(library):
    topic = _topic(library, "forms")
    assert topic.table is None  # the overview has the forms x cases matrix
    assert _entry_ids(topic) == [c.id for c in library.cases]
    entries = {e.case_id: e for e in topic.entries}
    assert (
        entries["beta-platform"].coded == "Standard setting / certification, Convening / platform"
    )
    assert entries["beta-platform"].pointer == SECTION_TEXT
    # "The work had three steps:" opens a list and the items are fragments: no pointer
    # from the text: the forms stand alone.
    assert (entries["alpha-study"].coded, entries["alpha-study"].pointer) == ("Joint research", "")


def test_the_counterpart_table_lists_every_company_side_partner(library):
    table = _topic(library, "counterparts").table
    assert table is not None
    rows = {r.case_id: r.cells for r in table.rows}
    assert list(rows) == [c.id for c in library.cases if company_side(c)]
    for case in library.cases:
        for name, _type, _cp in company_side(case):
            assert name in rows[case.id][0], (case.id, name)
    assert rows["beta-platform"] == (
        "Test Co (Company), Beta Federation (Business association)",
        "Beta Federation: Executive / board",
    )
    assert rows["alpha-study"][1] == "Test Co: CSR / sustainability"
    assert all("Test NGO" not in cells[0] for cells in rows.values())


def test_a_case_whose_company_side_names_no_counterpart_says_so(library):
    table = _topic(library, "counterparts").table
    assert table is not None
    unnamed = [
        c.id
        for c in library.cases
        if company_side(c) and all(cp in ("", "unknown") for _n, _t, cp in company_side(c))
    ]
    assert unnamed == ["gamma-keten"]
    for row in table.rows:
        if row.case_id in unnamed:
            assert row.cells[1] == label("not_stated", "en")


def test_nothing_appears_for_a_field_or_section_a_case_does_not_have(library):
    # beta codes no risks and has no "Opportunities and risks" or "Time and resources".
    assert "beta-platform" not in _entry_ids(_topic(library, "risks"))
    assert "beta-platform" not in _entry_ids(_topic(library, "time"))
    watchdog = {e.case_id: e.pointer for e in _topic(library, "watchdog").entries}
    assert "Safeguards" not in watchdog["beta-platform"]
    assert watchdog["gamma-keten"] == "Safeguards: Walk-away clause, Public progress reporting."
    assert watchdog["alpha-study"] == ("Safeguards: Right to publish; Risks: Loss of independence.")
    ending = _topic(library, "evaluate").table
    assert ending is not None
    beta = next(r for r in ending.rows if r.case_id == "beta-platform")
    assert beta.cells[2] == "" and beta.cells[4] == label("ongoing", "en")  # no stage coded


def test_pointers_come_from_the_cases_own_text(library):
    red = {e.case_id: e for e in _topic(library, "red_lines").entries}
    assert red["alpha-study"].pointer == (RED_LINES + "We would have walked away from a veto.")
    assert red["gamma-keten"].language == "nl"
    risks = {e.case_id: e.pointer for e in _topic(library, "risks").entries}
    # "**Opportunities**" is a label, not a statement.
    assert risks["alpha-study"] == "The study opened doors to the suppliers of the company."
    assert set(risks) == {"alpha-study", "gamma-keten"}
    counterparts = {e.case_id: e.pointer for e in _topic(library, "counterparts").entries}
    assert counterparts["beta-platform"] == (
        "Test Co: Bought the tea. Beta Federation (Executive / board): Spoke for the tea packers."
    )


def test_sentences_skip_lead_ins_and_labels() -> None:
    text = (
        "**Risks**\n\nIt went well at first. Then it did not:\n\n- Prices fell by half in a year.\n"
    )
    assert sentences(text) == ["It went well at first.", "Prices fell by half in a year."]


def test_the_book_has_the_part_in_its_guide_only_naming_cases_by_number(library):
    info = BuildInfo(
        dt.date(2026, 11, 29),
        "abc",
        dataclasses.replace(casebook_config(), edition="Test edition"),
    )
    doc = casebook_document(library, Edition(), info)
    assert 'id="across"' in doc.html and "across" in doc.anchors
    assert "#across" in doc.html  # the contents link to it
    for key in (s.key for s in TOPICS):
        assert f"across-{key}" in doc.anchors
    entries = sum(len(t.entries) for t in topics(library.cases, "en"))
    assert doc.html.count('class="across-case"') == entries > 0
    # In the guide part: every case by number and link, no page number of another part,
    # so that the part does not depend on where the chapters land.
    guide = casebook_document(library, Edition(), info, part=BookPart(kind="guide"))
    assert 'id="across"' in guide.html and 'id="overview"' not in guide.html
    assert 'class="pageref"' not in guide.html and 'class="toc' not in guide.html
    front = casebook_document(library, Edition(), info, part=BookPart(kind="front"))
    assert 'id="across"' not in front.html and "#across" in front.html  # the contents
    handout = casebook_document(library, Edition(), info, handout="alpha-study")
    assert 'id="across"' not in handout.html
    # A guide in three parts: the chapter's heading opens the first; together they hold
    # every question once, in order.
    pieces = [
        casebook_document(library, Edition(), info, part=BookPart(kind="guide", piece=(i, 3)))
        for i in range(3)
    ]
    assert ['id="across"' in p.html for p in pieces] == [True, False, False]
    held = [a for p in pieces for a in sorted(p.anchors, key=p.html.index) if a != "across"]
    assert held == [f"across-{s.key}" for s in TOPICS]
    assert '<span class="across-number">4</span>' in pieces[1].html  # numbered on
