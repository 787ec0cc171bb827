"""The reference data of schema/: the workshop questions and definitions (workshops.yaml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pipeline.case import FrontMatter, Partner
from pipeline.config import ROOT
from pipeline.reference import parse_workshops, vocabulary_for, workshops

NINE = [
    "why",
    "offer",
    "forms-beyond-money",
    "counterpart",
    "time-resources",
    "evaluate-continue",
    "watchdog",
    "red-lines",
    "opportunities-risks",
]


def test_the_federations_nine_questions_in_both_languages_with_stable_ids():
    questions = workshops().questions
    assert list(questions) == NINE
    for q in questions.values():
        assert q.text("en").endswith((".", "?")) and q.text("nl").endswith((".", "?")), q.id
        assert q.answered_by, q.id
    assert "je" in questions["counterpart"].text("nl").split()


def test_every_answering_field_is_a_case_field_and_every_term_is_in_its_vocabulary():
    for q in workshops().questions.values():
        for path, terms in q.answered_by.items():
            head, _, tail = path.partition(".")
            model = Partner if tail else FrontMatter
            assert (tail or head) in model.model_fields, path
            if tail:
                assert head in FrontMatter.model_fields, path
            for term in terms:
                assert term in vocabulary_for(path).ids, (path, term)


def test_the_shipped_workshop_has_its_three_questions_and_no_invented_date_or_place():
    ws = workshops().workshops["why-forms-risks"]
    assert ws.date == "" and ws.place == ""
    assert [q.id for q in ws.questions] == ["why", "forms-beyond-money", "opportunities-risks"]
    assert ws.title("en") and ws.title("nl") and ws.title("en") != ws.title("nl")
    # Its own wording of the first question replaces the list's, for this workshop only.
    assert ws.questions[0].text("nl").startswith("Vanuit welke doelen")
    assert workshops().questions["why"].text("nl").startswith("Waarom")
    assert ws.questions[0].answered_by == workshops().questions["why"].answered_by


def test_a_workshop_with_a_date_and_place_and_its_errors():
    data = {
        "questions": [{"id": "q", "en": "Q?", "nl": "V?", "answered_by": {"forms": "any"}}],
        "workshops": [
            {
                "id": "w",
                "title_en": "W",
                "date": "2027-03-04",
                "place": " Gent ",
                "questions": ["q"],
            }
        ],
    }
    ws = parse_workshops(data).workshops["w"]
    assert (ws.date, ws.place, ws.title("nl")) == ("2027-03-04", "Gent", "W")
    assert ws.questions[0].answered_by == {"forms": ()}
    data["workshops"][0]["questions"] = ["nope"]
    with pytest.raises(ValueError, match="nope"):
        parse_workshops(data)


def test_workshops_yaml_ships_as_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert setuptools["package-dir"]["pipeline.schema"] == "schema"
    assert "*.yaml" in setuptools["package-data"]["pipeline.schema"]
    assert Path(ROOT / "schema" / "workshops.yaml").is_file()
