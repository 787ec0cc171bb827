"""Enrichment: what the pipeline adds to each case, checked on small made-up cases.

Cases are built in memory (no files) from one base front matter; each test
states only what it changes and compares whole values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pipeline.case import Case, FrontMatter
from pipeline.check.load import load_case
from pipeline.check.validate import library_problems
from pipeline.columns import ENRICHED_COLUMNS
from pipeline.config import CasebookConfig
from pipeline.data.package import enriched_cells, export_package
from pipeline.enrich import (
    bank_questions,
    completeness,
    enrich,
    period,
    reading_minutes,
    word_count,
)
from pipeline.library import Library, Organisation
from pipeline.provenance import Provenance
from pipeline.reference import (
    Country,
    Question,
    QuestionBank,
    Sdg,
    country,
    parse_question_bank,
    question_bank,
    sections,
    vocabulary_for,
)
from pipeline.registry import (
    RegisteredOrganisation,
    Registry,
)
from tests.support import TODAY, case_text

BUILD_YEAR = 2026
TEN_WORDS = "one two three four five six seven eight nine ten"
SECTION = " ".join([TEN_WORDS] * 3)  # 30 words: counts as a full section
SUMMARY = (
    "A made-up case for the enrichment tests. Test NGO and Test Co studied working "
    "conditions together and published what they found."
)  # 21 words
EMPTY_BANK = QuestionBank()
NO_REGISTRY = Registry()


def front(case_id: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": case_id,
        "title": f"Case {case_id}",
        "language": "en",
        "summary": SUMMARY,
        "scope": "national",
        "partners": [
            {"name": "Test NGO", "type": "ngo", "role": "Led the study."},
            {"name": "Test Co", "type": "company", "role": "Opened its sites."},
        ],
        "countries": ["VN"],
        "sectors": ["consumer-goods"],
        "forms": ["joint-research"],
        "themes": ["labour-rights"],
        "sdgs": [8],
        "stage": "integrative",
        "status": "completed",
        "started": 2011,
        "ended": 2016,
        "risks": ["loss-of-independence"],
        "safeguards": ["right-to-publish"],
        "sources": [{"title": "Report", "url": "https://example.org/report"}],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def make_case(case_id: str = "test-case", *, sections_: dict[str, str] | None = None, **changes):
    """A valid Case: every section present with 30 words unless `sections_` says otherwise."""
    meta = FrontMatter.model_validate(front(case_id, **changes), context={"today": TODAY})
    body = {s.key: SECTION for s in sections()} if sections_ is None else sections_
    return Case(meta=meta, sections=body, file=f"cases/{case_id}.md")


def partners(*names: str) -> list[dict[str, str]]:
    kinds = ["ngo", "company"] + ["company"] * len(names)
    return [
        {"name": n, "type": t, "role": "A partner."} for n, t in zip(names, kinds, strict=False)
    ]


def library(*cases: Case, **options: Any) -> Library:
    options.setdefault("registry", NO_REGISTRY)
    options.setdefault("questions", EMPTY_BANK)
    return enrich(list(cases), build_year=BUILD_YEAR, **options)


# --- countries -------------------------------------------------------------------------------


def test_country_names_in_both_languages_and_m49_regions():
    assert country("CI") == Country(
        code="CI",
        regions={"en": "Africa", "nl": "Afrika"},
        subregions={"en": "Sub-Saharan Africa", "nl": "Afrika bezuiden de Sahara"},
    )
    # CLDR's names (pycountry's English name had a straight apostrophe).
    assert (country("CI").name("en"), country("CI").name("nl")) == ("Côte d’Ivoire", "Ivoorkust")


def test_country_names_inverted_by_iso_are_written_as_people_write_them():
    # CLDR's names (the hand-kept table wrote CD "Democratic Republic of the Congo" /
    # "Democratische Republiek Congo").
    assert [(country(c).name("en"), country(c).name("nl")) for c in ("CD", "KR", "VG", "GB")] == [
        ("Congo - Kinshasa", "Congo-Kinshasa"),
        ("South Korea", "Zuid-Korea"),
        ("British Virgin Islands", "Britse Maagdeneilanden"),
        ("United Kingdom", "Verenigd Koninkrijk"),
    ]


def test_regions_are_distinct_in_country_order():
    case = library(make_case(countries=["BE", "VN", "NL", "CI"])).cases[0]
    assert case.regions("en") == ["Europe", "Asia", "Africa"]
    assert case.subregions("nl") == ["West-Europa", "Zuidoost-Azië", "Afrika bezuiden de Sahara"]


# --- vocabularies and SDGs -------------------------------------------------------------------


def test_labels_of_coded_fields_in_both_languages_in_case_order():
    case = library(make_case(forms=["supply-chain", "advocacy"], funding="shared")).cases[0]
    assert list(case.terms) == [
        "scope",
        "status",
        "sectors",
        "forms",
        "themes",
        "stage",
        "funding",
        "risks",
        "safeguards",
    ]
    assert (case.labels("forms", "en"), case.labels("forms", "nl")) == (
        ["Supply-chain programme", "Joint advocacy"],
        ["Ketenprogramma", "Gezamenlijke beleidsbeïnvloeding"],
    )
    assert (case.labels("funding", "en"), case.labels("funding", "nl")) == (["Shared"], ["Gedeeld"])
    assert case.labels("no-such-field") == []


def test_sdgs_carry_titles_and_official_colours_in_case_order():
    case = library(make_case(sdgs=[12, 8])).cases[0]
    assert case.sdgs == (
        Sdg(
            12,
            {
                "en": "Responsible consumption and production",
                "nl": "Verantwoorde consumptie en productie",
            },
            "#BF8B2E",
            "#000000",
        ),
        Sdg(
            8,
            {"en": "Decent work and economic growth", "nl": "Waardig werk en economische groei"},
            "#A21942",
            "#FFFFFF",
        ),
    )


# --- period ----------------------------------------------------------------------------------


def test_period_display_in_both_languages():
    assert [period(2011, 2016, lang) for lang in ("en", "nl")] == ["2011–2016", "2011–2016"]
    assert [period(2013, 2013, lang) for lang in ("en", "nl")] == ["2013", "2013"]
    assert [period(2018, None, lang) for lang in ("en", "nl")] == ["since 2018", "sinds 2018"]


def test_duration_is_end_minus_start_and_runs_to_the_build_year_when_ongoing():
    ended, ongoing = library(
        make_case("ended"), make_case("ongoing", status="active", started=2018, ended=None)
    ).cases
    assert (ended.ongoing, ended.duration_years, ended.period("en")) == (False, 5, "2011–2016")
    assert (ongoing.ongoing, ongoing.duration_years, ongoing.period("nl")) == (
        True,
        8,
        "sinds 2018",
    )


# --- organisations ---------------------------------------------------------------------------


WWF_REGISTRY = Registry(
    (
        RegisteredOrganisation(
            "wwf", "WWF", ("WWF (World Wildlife Fund)",), type="ngo", website="https://wwf.org"
        ),
    )
)


def test_organisation_index_is_registry_aware_and_sorted_by_name():
    lib = library(
        make_case("b-case", partners=partners("WWF (World Wildlife Fund)", "Unilever plc")),
        make_case("a-case", partners=partners("WWF", "The Coca-Cola Company")),
        make_case("c-case", partners=partners("Oxfam GB", "Unilever")),
        registry=WWF_REGISTRY,
    )
    assert [c.organisation_ids for c in lib.cases] == [
        ("wwf", "coca-cola-company"),
        ("wwf", "unilever"),
        ("oxfam-gb", "unilever"),
    ]
    assert list(lib.organisations.values()) == [
        Organisation(
            "coca-cola-company",
            "The Coca-Cola Company",
            ("a-case",),
            ("The Coca-Cola Company",),
            "company",
        ),
        Organisation("oxfam-gb", "Oxfam GB", ("c-case",), ("Oxfam GB",), "ngo"),
        Organisation(
            "unilever",
            "Unilever plc",
            ("b-case", "c-case"),
            ("Unilever plc", "Unilever"),
            "company",
        ),
        Organisation(
            "wwf",
            "WWF",
            ("a-case", "b-case"),
            ("WWF", "WWF (World Wildlife Fund)"),
            "ngo",
            "",
            "https://wwf.org",
            ("WWF (World Wildlife Fund)",),
        ),
    ]


def test_registry_entries_no_case_names_are_organisations_without_cases():
    registry = Registry(
        (*WWF_REGISTRY.entries, RegisteredOrganisation("acumen", "+Acumen", type="ngo"))
    )
    lib = library(make_case("a-case", partners=partners("WWF", "Unilever")), registry=registry)
    assert list(lib.organisations) == ["unilever", "wwf", "acumen"]
    assert lib.organisations["acumen"].case_ids == ()


def _spelling_warnings(write_case, cases_dir: Path, names: list[tuple[str, str]], registry):
    for case_id, name in names:
        text = case_text(case_id).replace("- name: Test NGO", f"- name: {name}")
        write_case(case_id, raw=text.encode())
    raws = [load_case(p, p.name).raw for p in sorted(cases_dir.glob("*.md"))]
    return [
        (p.file, p.params["value"], p.params["other"])
        for p in library_problems(raws, registry)
        if p.code == "organisation-spelling"
    ]


def test_registry_aliases_silence_the_spelling_warning(write_case, cases_dir):
    names = [("a-case", "WWF"), ("b-case", "WWF (World Wildlife Fund)"), ("c-case", "wwf")]
    assert _spelling_warnings(write_case, cases_dir, names, WWF_REGISTRY) == [
        ("c-case.md", "wwf", "WWF")
    ]


def test_spelling_warning_without_registry(write_case, cases_dir):
    names = [("a-case", "Unilever"), ("b-case", "Unilever plc")]
    assert _spelling_warnings(write_case, cases_dir, names, NO_REGISTRY) == [
        ("b-case.md", "Unilever plc", "Unilever")
    ]


# --- related cases ---------------------------------------------------------------------------


def test_related_cases_by_weighted_shared_organisations_forms_themes_sectors_countries():
    other = {"forms": ["licensing"], "themes": [], "sectors": ["tourism"], "countries": ["FJ"]}
    lib = library(
        make_case(
            "target",
            partners=partners("N1", "Shared Co"),
            forms=["supply-chain", "advocacy"],
            themes=["climate"],
            sectors=["retail"],
            countries=["VN"],
        ),
        # 5: one shared organisation
        make_case("org", **other | {"partners": partners("N2", "Shared Co")}),
        # 4 + 4: two shared forms outweigh one shared organisation
        make_case(
            "two-forms",
            **other | {"partners": partners("N3", "C3"), "forms": ["advocacy", "supply-chain"]},
        ),
        # 3 + 2: a theme and a sector tie with the organisation; the organisation wins
        make_case(
            "a-theme-sector",
            **other
            | {"partners": partners("N4", "C4"), "themes": ["climate"], "sectors": ["retail"]},
        ),
        # 1: a shared country, fourth, so left out
        make_case("country", **other | {"partners": partners("N5", "C5"), "countries": ["VN"]}),
        # shares nothing with any case: related to none, even with room left
        make_case(
            "alone",
            partners=partners("N6", "C6"),
            forms=["volunteering"],
            themes=[],
            sectors=["ict"],
            countries=["IS"],
        ),
    )
    assert lib.by_id("target").related == ("two-forms", "org", "a-theme-sector")
    # country: form + sector + country = 7; target: organisation = 5 and a-theme-sector:
    # form + country = 5 tie, and target wins on its shared organisation.
    assert lib.by_id("org").related == ("country", "target", "a-theme-sector")
    # country: org 7, a-theme-sector 5, two-forms 3, target 1 (left out)
    assert lib.by_id("country").related == ("org", "a-theme-sector", "two-forms")
    assert lib.by_id("alone").related == ()
    assert "alone" not in {r for c in lib.cases for r in c.related}


def test_related_cases_do_not_depend_on_input_order():
    cases = [make_case(f"case-{i}", partners=partners(f"N{i}", "Same Co")) for i in range(5)]
    # all five are equal: the smaller ids win, whatever the input order
    forward = [c.related for c in library(*cases).cases]
    backward = [c.related for c in library(*reversed(cases)).cases]
    assert forward == backward
    assert forward[0] == ("case-1", "case-2", "case-3")


# --- text ------------------------------------------------------------------------------------


def test_word_count_and_reading_time():
    case = make_case()
    assert word_count(case) == 21 + 30 * len(sections())
    assert [reading_minutes(n) for n in (0, 200, 201, 1000)] == [1, 1, 2, 5]


def test_completeness_formula():
    assert completeness(make_case(funding="company")) == 100
    # no funding: 50 + 30 * 5 / 6 + 20 = 95
    assert completeness(make_case()) == 95
    sparse = make_case(
        sections_={s.key: SECTION for s in sections() if s.required} | {"lessons": "Too short."},
        themes=[],
        sdgs=[],
        stage=None,
        funding=None,
        risks=[],
        safeguards=["right-to-publish"],
        sources=[{"title": "A"}, {"title": "B", "url": "https://example.org/b"}, {"title": "C"}],
    )
    # 5 of 9 sections have 25+ words, 1 of 6 optional fields, 1 of 3 sources with a URL:
    # 50*5/9 + 30*1/6 + 20*1/3 = 27.78 + 5 + 6.67 = 39.44 -> 39
    assert completeness(sparse) == 39


# --- provenance ------------------------------------------------------------------------------


def test_provenance_is_passed_in_by_file_name():
    known = Provenance(dt.date(2024, 6, 30), dt.date(2026, 3, 2), 3)
    lib = library(make_case("a-case"), make_case("b-case"), provenance={"a-case.md": known})
    assert [c.provenance for c in lib.cases] == [known, None]


# --- question bank ---------------------------------------------------------------------------

BANK = parse_question_bank(
    {
        "general": [{"en": "G1?", "nl": "A1?"}, {"en": "G2?", "nl": "A2?"}],
        "forms": {"joint-research": [{"en": "F?", "nl": "V?"}]},
        "risks": {"greenwashing": [{"en": "R?", "nl": "S?"}]},
    }
)


def test_case_with_its_own_questions_gets_none_from_the_bank():
    case = library(make_case(), questions=BANK).cases[0]
    assert (case.questions, case.questions_from_bank) == ((), False)


def test_case_without_questions_gets_one_for_its_form_and_one_for_its_risk():
    no_questions = {s.key: SECTION for s in sections() if s.key != "questions"}
    case = library(make_case(sections_=no_questions, risks=["greenwashing"]), questions=BANK).cases[
        0
    ]
    assert case.questions_from_bank is True
    assert case.questions == (
        Question({"en": "F?", "nl": "V?"}, "forms/joint-research"),
        Question({"en": "R?", "nl": "S?"}, "risks/greenwashing"),
    )
    assert [q.text("nl") for q in case.questions] == ["V?", "S?"]


def test_general_questions_fill_up_deterministically():
    case = make_case(risks=[], forms=["advocacy"])
    first = bank_questions(case, BANK)
    assert first == bank_questions(case, BANK)
    assert sorted(q.text("en") for q in first) == ["G1?", "G2?"]


def test_bundled_question_bank_uses_vocabulary_codes_and_both_languages():
    bank = question_bank()
    assert set(bank.forms) <= set(vocabulary_for("forms").ids)
    assert set(bank.risks) <= set(vocabulary_for("risks").ids)
    assert len(bank.general) >= 2
    every = [
        *bank.general,
        *(q for qs in bank.forms.values() for q in qs),
        *(q for qs in bank.risks.values() for q in qs),
    ]
    assert all(
        q.text("en") and q.text("nl") and ";" not in q.text("en") + q.text("nl") for q in every
    )


def test_malformed_question_bank_is_refused():
    with pytest.raises(ValueError, match="every question in forms/advocacy needs en and nl"):
        parse_question_bank({"forms": {"advocacy": [{"en": "Only English?"}]}})


# --- data package ----------------------------------------------------------------------------


def test_enriched_cells_fill_exactly_the_enriched_columns():
    cells = enriched_cells(library(make_case()).cases[0])
    assert list(cells) == list(ENRICHED_COLUMNS)


def test_enriched_cells_of_a_case():
    no_questions = {s.key: SECTION for s in sections() if s.key != "questions"}
    lib = library(
        make_case("a-case", countries=["BE", "CI"], sdgs=[8, 12], sections_=no_questions),
        make_case("b-case", status="active", ended=None, started=2020),
        questions=BANK,
        provenance={"a-case.md": Provenance(dt.date(2024, 6, 30), dt.date(2026, 3, 2), 3)},
    )
    assert enriched_cells(lib.cases[0]) == {
        "country_names_en": "Belgium;Côte d’Ivoire",  # CLDR's apostrophe
        "country_names_nl": "België;Ivoorkust",
        "regions_en": "Europe;Africa",
        "regions_nl": "Europa;Afrika",
        "subregions_en": "Western Europe;Sub-Saharan Africa",
        "subregions_nl": "West-Europa;Afrika bezuiden de Sahara",
        "scope_en": "National",
        "scope_nl": "Nationaal",
        "status_en": "Completed",
        "status_nl": "Afgerond",
        "sectors_en": "Consumer goods",
        "sectors_nl": "Consumptiegoederen",
        "forms_en": "Joint research",
        "forms_nl": "Gezamenlijk onderzoek",
        "themes_en": "Labour rights",
        "themes_nl": "Arbeidsrechten",
        "stage_en": "Integrative",
        "stage_nl": "Integratief",
        "funding_en": "",
        "funding_nl": "",
        "risks_en": "Loss of independence",
        "risks_nl": "Verlies van onafhankelijkheid",
        "safeguards_en": "Right to publish",
        "safeguards_nl": "Recht om te publiceren",
        "sdg_titles_en": "Decent work and economic growth;Responsible consumption and production",
        "sdg_titles_nl": "Waardig werk en economische groei;Verantwoorde consumptie en productie",
        "period_en": "2011–2016",
        "period_nl": "2011–2016",
        "duration_years": "5",
        "ongoing": "false",
        "organisation_ids": "test-ngo;test",
        "partner_count": "2",
        "source_count": "1",
        "related_cases": "b-case",
        "word_count": str(21 + 30 * 8),
        "reading_minutes": "2",
        # 50 * 8 / 9 sections + 30 * 5 / 6 fields (no funding) + 20 * 1 / 1 = 89.4
        "completeness": "89",
        "questions_from_bank": "true",
        "bank_questions_en": "F?;G1?",
        "bank_questions_nl": "V?;A1?",
        "first_added": "2024-06-30",
        "last_changed": "2026-03-02",
        "revisions": "3",
    }


def test_exported_package_with_enriched_fields_is_valid(tmp_path: Path):
    from frictionless import validate

    lib = library(
        make_case("a-case", countries=["BE", "CD"]),
        make_case("b-case", status="active", ended=None, started=2020, sdgs=[]),
        provenance={"a-case.md": Provenance(dt.date(2024, 6, 30), dt.date(2026, 3, 2), 3)},
    )
    descriptor = export_package(
        lib, tmp_path / "data", CasebookConfig(), version="test", created="2026-11-29T00:00:00Z"
    )
    report = validate(descriptor)
    assert report.flatten(["rowNumber", "fieldName", "type", "note"]) == []
    assert report.valid
