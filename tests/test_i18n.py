"""The i18n layer: catalogues, pick, dates and country names from CLDR, the languages on offer.

The last test adds a third language the way a translator would, in copies of the
catalogue and schema folders, and checks it comes out everywhere.
"""

from __future__ import annotations

import datetime as dt
import shutil
import string
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline import i18n, reference
from pipeline.build import load_library
from pipeline.casebook.html import casebook_html
from pipeline.check.report import format_text
from pipeline.cli import main
from pipeline.config import SCHEMA_DIR, casebook_config
from pipeline.edition import BuildInfo, Edition
from pipeline.enrich import period
from pipeline.problems import Problem, catalogue, render_message, severities, title
from pipeline.reference import country, sections, vocabularies
from tests.support import TODAY, VALID_FRONT_MATTER, case_text

# --- pick ------------------------------------------------------------------------------------


def test_pick_takes_the_language_then_the_fallback_then_nothing():
    assert i18n.pick({"en": "Contents", "nl": "Inhoud"}, "nl") == "Inhoud"
    assert i18n.pick({"en": "Contents", "nl": "Inhoud"}, "en") == "Contents"
    assert i18n.pick({"en": "Contents"}, "nl") == "Contents"
    assert i18n.pick({"nl": "Inhoud"}, "de") == ""
    # A language's own empty text stays empty (the questions section has no guiding question).
    assert i18n.pick({"en": "Why?", "nl": ""}, "nl") == ""


# --- dates and country names -----------------------------------------------------------------


def test_format_date_in_both_languages():
    day = dt.date(2026, 11, 2)
    assert i18n.format_date(day, "en") == "2 November 2026"
    assert i18n.format_date(day, "nl") == "2 november 2026"


def test_country_names_come_from_cldr():
    names = {
        code: (i18n.country_name(code, "en"), i18n.country_name(code, "nl"))
        for code in ["BE", "CI", "CD", "GB", "LA", "MM"]
    }
    assert names == {
        "BE": ("Belgium", "België"),
        "CI": ("Côte d’Ivoire", "Ivoorkust"),
        "CD": ("Congo - Kinshasa", "Congo-Kinshasa"),
        "GB": ("United Kingdom", "Verenigd Koninkrijk"),
        # pycountry's Dutch translation had "Laos Democratische Volksrepubliek".
        "LA": ("Laos", "Laos"),
        "MM": ("Myanmar (Burma)", "Myanmar (Birma)"),
    }
    assert country("BE").name("nl") == "België"


def test_a_code_cldr_does_not_know_is_its_own_name():
    assert i18n.country_name("QQ", "en") == "QQ"


# --- the languages on offer ------------------------------------------------------------------


def test_languages_are_the_catalogues_present():
    assert i18n.LANGUAGES == ("en", "nl")
    assert i18n.languages() == tuple(sorted(p.stem for p in i18n.CATALOGUES.glob("*.yaml")))
    assert i18n.LOCALES == {"en": "en_GB", "nl": "nl_BE"}


def test_unknown_language_is_refused_with_the_languages_available():
    with pytest.raises(i18n.UnknownLanguage) as err:
        i18n.catalogue("de")
    assert str(err.value) == "Unknown language “de”: the languages available are en, nl."
    with pytest.raises(i18n.UnknownLanguage):
        i18n.label("contents", "de")
    assert i18n.check_language("nl") == "nl"


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--lang", "de"],
        ["validate", "--lang", "de"],
        ["validate", "--lang", "xx", "--format", "json"],
    ],
)
def test_the_command_line_refuses_an_unknown_language_in_one_line(argv, tmp_path, capsys):
    assert main([*argv, "--cases", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lang = argv[2]
    assert captured.err == f"Unknown language “{lang}”: the languages available are en, nl.\n"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "nl_BE:en", "LANG": "en_GB.UTF-8"}, "nl"),
        ({"LC_ALL": "nl_NL.UTF-8"}, "nl"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "nl_BE.UTF-8"}, "en"),
        ({"LANG": "nl-BE"}, "nl"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # no German catalogue: the fallback
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_default_lang_from_the_environment(environ, expected):
    assert i18n.default_lang(environ) == expected


# --- the catalogues --------------------------------------------------------------------------


def _keys(tree: Any, prefix: str = "") -> set[str]:
    if not isinstance(tree, dict):
        return {prefix}
    return {k for key, value in tree.items() for k in _keys(value, f"{prefix}/{key}")}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_catalogue_has_every_key_and_the_same_placeholders():
    english = i18n.catalogue("en")
    for lang in i18n.LANGUAGES:
        other = i18n.catalogue(lang)
        assert _keys(other) == _keys(english), lang
        for part in ("phrases", "report", "edition", "labels"):
            for key, text in english[part].items():
                assert _placeholders(other[part][key]) == _placeholders(text), (lang, key)


def test_every_problem_code_has_a_severity_and_words_in_every_language():
    assert set(severities().values()) <= {"error", "warning"}
    for lang in i18n.LANGUAGES:
        assert set(i18n.catalogue(lang)["messages"]) == set(severities()), lang
    for code, entry in catalogue().items():
        for lang in i18n.LANGUAGES:
            assert entry[lang] and entry[f"title_{lang}"], (code, lang)


def test_words_come_from_the_catalogue_of_the_language():
    assert i18n.label("contents", "nl") == "Inhoud"
    assert i18n.since(2018, "en") == "since 2018"
    assert i18n.since(2018, "nl") == "sinds 2018"
    assert period(2018, None, "nl") == "sinds 2018"
    assert title("file-empty", "nl") == "Bestand is leeg"
    assert render_message("duplicate-item", {"value": "VN", "field": "countries"}, "nl") == (
        "“VN” staat twee keer in “countries”. Verwijder er één."
    )


# --- a third language ------------------------------------------------------------------------

GERMAN = {
    "locale": "de_DE",
    "labels": {"contents": "Inhalt", "at_a_glance": "Auf einen Blick"},
    "messages": {
        "id-mismatch": {
            "title": "Id passt nicht",
            "text": "Die Id „{value}“ muss „{expected}“ sein.",
        }
    },
    "report": {
        "summary": "{files} Datei(en) geprüft: {errors} Fehler, {warnings} Warnung(en).",
        "error": "Fehler",
        "line": "Zeile",
    },
    "edition": {"since": "seit {year}"},
}


def _add_german(catalogues: Path, schema: Path) -> None:
    """A German catalogue (the English one with a few words translated) and German labels."""
    words = yaml.safe_load((catalogues / "en.yaml").read_text("utf-8"))
    for part, entries in GERMAN.items():
        if isinstance(entries, dict):
            words[part].update(entries)
        else:
            words[part] = entries
    (catalogues / "de.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), "utf-8")
    path = schema / "vocabularies.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for vocab in data["vocabularies"].values():
        vocab["title_de"] = f"DE {vocab['title_en']}"
        vocab["description_de"] = f"DE {vocab['description_en']}"
        for term in vocab["terms"]:
            term["de"] = f"DE {term['en']}"
            term["definition_de"] = f"DE {term['definition_en']}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def test_a_third_language_is_one_catalogue_and_its_vocabulary_columns(tmp_path, monkeypatch):
    catalogues, schema = tmp_path / "catalogues", tmp_path / "schema"
    shutil.copytree(i18n.CATALOGUES, catalogues)
    shutil.copytree(SCHEMA_DIR, schema)
    _add_german(catalogues, schema)
    monkeypatch.setattr(i18n, "CATALOGUES", catalogues)
    monkeypatch.setattr(reference, "SCHEMA_DIR", schema)

    assert i18n.languages() == ("de", "en", "nl")
    assert i18n.check_language("de") == "de"
    assert i18n.label("contents", "de") == "Inhalt"
    assert i18n.label("sources", "de") == "Sources"  # not translated in this test: English
    assert i18n.format_date(dt.date(2026, 11, 2), "de") == "2. November 2026"
    assert country("CI").name("de") == "Côte d’Ivoire"
    assert country("DE").name("de") == "Deutschland"
    forms = vocabularies()["forms"]
    assert forms.title("de") == f"DE {forms.title('en')}"
    assert forms.term("joint-research").label("de") == "DE Joint research"
    assert sections()[0].heading("de") == sections()[0].heading("en")  # no German headings: English

    problem = Problem(
        "id-mismatch",
        file="cases/x.md",
        line=2,
        column=1,
        field="id",
        value="y",
        params={"value": "y", "expected": "x"},
    )
    assert problem.message("de") == "Die Id „y“ muss „x“ sein."
    assert format_text([problem], 1, "de").splitlines() == [
        "cases/x.md",
        "     Zeile 2  Fehler [id-mismatch] id: Die Id „y“ muss „x“ sein.",
        "",
        "1 Datei(en) geprüft: 1 Fehler, 0 Warnung(en).",
    ]

    # The command line takes it; an ongoing case runs "seit"; the casebook prints German.
    cases = tmp_path / "cases"
    cases.mkdir()
    front = VALID_FRONT_MATTER.format(id="test-case").replace(
        "countries:\n  - VN", "countries:\n  - DE"
    )
    front = front.replace(
        "status: completed\nstarted: 2011\nended: 2016", "status: active\nstarted: 2018"
    )
    (cases / "test-case.md").write_text(case_text("test-case", front=front), "utf-8")
    assert main(["validate", "--cases", str(cases), "--lang", "de"]) == 0
    _result, library = load_library(cases, today=TODAY, day=dt.date(2026, 11, 2))
    assert library is not None
    assert library.cases[0].period("de") == "seit 2018"
    info = BuildInfo(dt.date(2026, 11, 2), "abc", casebook_config())
    html = casebook_html(library, Edition(lang="de"), info)
    for words in (
        '<html lang="de"',
        "Inhalt",
        "Auf einen Blick",
        "Deutschland",
        "DE Joint research",
        "seit 2018",
        "2. November 2026",
    ):
        assert words in html, words


def test_every_label_a_template_asks_for_is_in_every_catalogue():
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "pipeline"
    templates = [package / "casebook" / "templates", package / "web" / "templates"]
    asked = {
        key
        for folder in templates
        for path in folder.glob("*.j2")
        for key in re.findall(
            r"""\bt(?:_in)?\(\s*["']([a-z0-9_]+)["']\s*[,)]""", path.read_text("utf-8")
        )
    }
    assert len(asked) > 50
    assert {"web_cases", "web_404_title", "web_shown"} <= asked  # t(…), t_in(…) and t(…, x=…)
    for lang in i18n.languages():
        labels = i18n.catalogue(lang)["labels"]
        assert sorted(asked - set(labels)) == [], lang


def test_a_duration_in_words_is_less_than_a_year_for_the_same_year():
    from pipeline.i18n import duration

    assert [duration(n, "en") for n in (0, 1, 5)] == ["less than a year", "1 year", "5 years"]
    assert [duration(n, "nl") for n in (0, 1, 5)] == ["minder dan een jaar", "1 jaar", "5 jaar"]
