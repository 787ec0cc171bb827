"""Suggestions from every name a person may use: ids, English and Dutch labels, aliases."""

from __future__ import annotations

import pytest

from pipeline.i18n import country_codes, fold, language_code
from pipeline.problems import suggest_term
from pipeline.reference import vocabularies

# One vocabulary -> names people type (labels in English or Dutch, synonyms, typos) and the
# term each must suggest.
NAMES = {
    "organisation-types": {
        "vakbond": "union",
        "Trade union": "union",
        "ondernemersorganisatie": "business-association",
        "overheid": "government",
        "Bedrijf": "company",
        "universiteit": "academic",
        "standaardorganisatie": "msi",
        "NGO": "ngo",
    },
    "counterparts": {"duurzaamheid": "csr", "Aankoop": "procurement", "directie": "executive"},
    "forms": {
        "certification": "standard-setting",
        "Normen en certificering": "standard-setting",
        "ketenprogramma": "supply-chain",
        "lobby": "advocacy",
        "joint research": "joint-research",
    },
    "stages": {"Integratief": "integrative", "transformationeel": "transformational"},
    "statuses": {
        "afgerond": "completed",
        "lopend": "active",
        "Voortijdig beëindigd": "ended-early",
    },
    "scopes": {"wereldwijd": "global", "Nationaal": "national", "meerdere landen": "multi-country"},
    "funding": {"subsidie": "public", "gedeeld": "shared", "Overheidsgeld": "public"},
    "sectors": {"textiel": "garments-textiles", "Landbouw en voeding": "agriculture-food"},
    "themes": {"kinderarbeid": "child-labour", "leefbaar loon": "living-income"},
    "risks": {"Zelfcensuur": "self-censorship", "Belangenconflict": "conflict-of-interest"},
    "safeguards": {"uitstapclausule": "walk-away-clause", "Exitcriteria": "exit-criteria"},
}


def test_every_vocabulary_is_covered():
    assert set(NAMES) == set(vocabularies())


@pytest.mark.parametrize("vocabulary", sorted(NAMES))
def test_labels_and_synonyms_suggest_the_term(vocabulary):
    vocab = vocabularies()[vocabulary]
    found = {name: suggest_term(name, vocab) for name in NAMES[vocabulary]}
    assert found == NAMES[vocabulary]


def test_no_name_stands_for_two_terms_of_one_vocabulary():
    for vocab in vocabularies().values():
        owner: dict[str, str] = {}
        for term in vocab.terms:
            for name in (*term.labels.values(), *term.aliases):
                assert owner.setdefault(fold(name), term.id) == term.id, (vocab.id, name)


def test_country_names_in_english_and_dutch_give_the_code():
    codes = country_codes()
    names = ("België", "belgie", "Nederland", "Netherlands", "Vietnam", "Verenigd Koninkrijk")
    assert [codes.get(fold(n)) for n in names] == ["BE", "BE", "NL", "NL", "VN", "GB"]


def test_language_names_give_the_code():
    names = ("Nederlands", "Dutch", "NL", "Engels", "english", "Frans")
    assert [language_code(n, ("en", "nl")) for n in names] == ["nl", "nl", "nl", "en", "en", None]
