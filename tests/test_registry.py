"""The organisation registry: one id per organisation, whatever the spelling.

Pure functions on literal names and in-memory registries; one test reads the
bundled schema/organisations.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.reference import vocabulary_for
from pipeline.registry import (
    RegisteredOrganisation,
    Registry,
    RegistryError,
    load_registry,
    organisation_key,
    organisation_registry,
    parse_registry,
)

WWF = RegisteredOrganisation(
    "wwf",
    "WWF",
    ("WWF (World Wildlife Fund)", "World Wide Fund for Nature"),
    type="ngo",
    country="CH",
    website="https://wwf.org",
)
UNILEVER = RegisteredOrganisation("unilever", "Unilever", type="company")
REGISTRY = Registry((WWF, UNILEVER))


def error(data: Any) -> str:
    """The message of the RegistryError that parsing `data` raises."""
    with pytest.raises(RegistryError) as info:
        parse_registry(data)
    return str(info.value)


# --- organisation_key ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Unilever", "unilever"),
        ("UNILEVER N.V.", "unilever"),
        ("Unilever plc", "unilever"),
        ("The Coca-Cola Company", "coca-cola-company"),
        ("Save the Children UK", "save-the-children-uk"),
        ("Sainsbury’s", "sainsburys"),
        (
            "Global Labor Justice–International Labor Rights Forum",
            "global-labor-justice-international-labor-rights-forum",
        ),
        ("Nestlé S.A.", "nestle"),
        ("Marks & Spencer", "marks-and-spencer"),
        ("日本", "organisation-cf2abf0c"),
    ],
)
def test_organisation_key(name: str, key: str):
    assert organisation_key(name) == key


def test_organisation_key_of_a_name_that_is_only_the_or_legal_forms_keeps_the_words():
    assert [organisation_key(n) for n in ("The Co", "PLC", "O'Reilly Ltd.", "ACME, Inc.")] == [
        "the-co",
        "plc",
        "oreilly",
        "acme",
    ]


def test_organisation_key_without_latin_letters_is_a_stable_hash_of_the_stripped_name():
    assert organisation_key("  日本 ") == organisation_key("日本") == "organisation-cf2abf0c"
    assert organisation_key("") == organisation_key("   ") == "organisation-e3b0c442"


# --- Registry lookups ------------------------------------------------------------------------


def test_registry_finds_an_entry_by_any_spelling_or_its_key():
    assert [
        REGISTRY.entry(n)
        for n in ("WWF", "wwf", "World Wide Fund for Nature", "WWF (World Wildlife Fund)")
    ] == [WWF, WWF, WWF, WWF]
    assert REGISTRY.entry("Unilever plc") == UNILEVER
    assert REGISTRY.entry("Oxfam") is None


def test_registry_get_is_by_id_only():
    assert (REGISTRY.get("wwf"), REGISTRY.get("unilever"), REGISTRY.get("WWF")) == (
        WWF,
        UNILEVER,
        None,
    )


def test_organisation_id_is_the_registry_id_else_the_key():
    assert [
        REGISTRY.organisation_id(n)
        for n in ("WWF (World Wildlife Fund)", "UNILEVER N.V.", "Oxfam GB", "The Coca-Cola Company")
    ] == ["wwf", "unilever", "oxfam-gb", "coca-cola-company"]
    assert Registry().organisation_id("WWF (World Wildlife Fund)") == "wwf-world-wildlife-fund"


def test_lists_only_the_exact_spellings_of_an_entry():
    assert [
        REGISTRY.lists(n)
        for n in ("WWF", "WWF (World Wildlife Fund)", "wwf", "Unilever", "Unilever plc", "Oxfam")
    ] == [True, True, False, True, False, False]


def test_spellings_are_the_name_then_the_aliases():
    assert WWF.spellings == ("WWF", "WWF (World Wildlife Fund)", "World Wide Fund for Nature")
    assert UNILEVER.spellings == ("Unilever",)


def test_registries_compare_by_their_entries():
    assert Registry((WWF,)) == Registry((WWF,))
    assert Registry((WWF,)) != REGISTRY


# --- parse_registry --------------------------------------------------------------------------


def test_parse_registry_builds_entries_in_file_order_with_aliases_and_details():
    data = {
        "organisations": [
            {
                "id": "wwf",
                "name": "WWF",
                "aliases": ["WWF (World Wildlife Fund)", "World Wide Fund for Nature"],
                "type": "ngo",
                "country": "CH",
                "website": "https://wwf.org",
            },
            {"id": "unilever", "name": "Unilever", "type": "company"},
        ]
    }
    assert parse_registry(data) == REGISTRY
    assert parse_registry(None) == Registry()
    assert parse_registry({}) == Registry()
    # "organisations:" with nothing after it is not an empty list: it is refused.
    assert error({"organisations": None}) == (
        "organisations.yaml: expected “organisations:” followed by a list of entries"
    )


def test_registry_errors_name_the_entry_and_the_problem():
    def error(entries: Any) -> str:
        with pytest.raises(RegistryError) as info:
            parse_registry({"organisations": entries})
        return str(info.value)

    assert error([{"id": "WWF", "name": "WWF"}]) == (
        "organisations.yaml: entry 1: “id” must be lower-case words joined by hyphens"
    )
    assert error([{"id": "wwf", "name": "WWF", "colour": "green"}]) == (
        "organisations.yaml: entry 1: unknown field(s) colour"
    )
    assert (
        error(
            [
                {"id": "wwf", "name": "WWF"},
                {"id": "wwf-us", "name": "World Wildlife Fund", "aliases": ["W.W.F."]},
            ]
        )
        == "organisations.yaml: wwf-us: “W.W.F.” is already a spelling of wwf"
    )
    assert error([{"id": "x", "name": "X", "website": "www.x.org"}]) == (
        "organisations.yaml: x: “website” must start with http:// or https://"
    )
    assert parse_registry(None) == Registry()


def test_bundled_registry_is_valid_and_uses_organisation_type_codes():
    registry = organisation_registry()
    types = set(vocabulary_for("partners.type").ids)
    assert {e.type for e in registry.entries} <= types
    assert registry.organisation_id("Schone Kleren Kampagne (Clean Clothes Campaign)") == (
        "clean-clothes-campaign"
    )
    assert [registry.organisation_id(n) for n in ("Oxfam", "Oxfam GB", "Oxfam Novib")] == [
        "oxfam",
        "oxfam-gb",
        "oxfam-novib",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["wwf"], "organisations.yaml: expected “organisations:” followed by a list of entries"),
        (
            {"organisations": {"wwf": "WWF"}},
            "organisations.yaml: expected “organisations:” followed by a list of entries",
        ),
        (
            {"organisations": ["WWF"]},
            "organisations.yaml: entry 1: expected fields written as “name: value”",
        ),
        (
            {"organisations": [{"id": "a", "name": "A"}, {"name": "B"}]},
            "organisations.yaml: entry 2: “id” must be lower-case words joined by hyphens",
        ),
        ({"organisations": [{"id": "b"}]}, "organisations.yaml: b: “name” is required"),
        (
            {"organisations": [{"id": "b", "name": " "}]},
            "organisations.yaml: b: “name” is required",
        ),
        (
            {"organisations": [{"id": "b", "name": "B", "aliases": "Bee"}]},
            "organisations.yaml: b: “aliases” must be a list of names",
        ),
        (
            {"organisations": [{"id": "b", "name": "B", "aliases": [""]}]},
            "organisations.yaml: b: “aliases” must be a list of names",
        ),
        (
            {"organisations": [{"id": "b", "name": "B", "type": 3}]},
            "organisations.yaml: b: “type”, “country” and “website” must be text",
        ),
        (
            {"organisations": [{"id": "b", "name": "B", "country": "bel"}]},
            "organisations.yaml: b: “country” must be an ISO 3166-1 alpha-2 code",
        ),
        (
            {"organisations": [{"id": "b", "name": "B"}, {"id": "b", "name": "Bee"}]},
            "organisations.yaml: b: the id is used twice",
        ),
        (
            {
                "organisations": [
                    {"id": "b", "name": "B"},
                    {"id": "c", "name": "C", "aliases": ["b"]},
                ]
            },
            "organisations.yaml: c: “b” is already a spelling of b",
        ),
        (
            {"organisations": [{"id": "b", "name": "B", "see_also": "c"}]},
            "organisations.yaml: b: “see_also” must be a list of ids",
        ),
        (
            {"organisations": [{"id": "b", "name": "B", "see_also": ["c"]}]},
            "organisations.yaml: b: “see_also” names c, which is not another entry's id",
        ),
        (
            {"organisations": [{"id": "b", "name": "B", "see_also": ["b"]}]},
            "organisations.yaml: b: “see_also” names b, which is not another entry's id",
        ),
    ],
)
def test_parse_registry_error_names_the_entry(data: Any, message: str):
    assert error(data) == message


def test_parse_registry_error_names_the_source_file():
    with pytest.raises(RegistryError) as info:
        parse_registry({"organisations": [{"id": "B"}]}, source="other.yaml")
    assert str(info.value) == "other.yaml: entry 1: “id” must be lower-case words joined by hyphens"


# --- files -----------------------------------------------------------------------------------


def test_load_registry_reads_a_file_and_an_absent_file_is_empty(tmp_path: Path):
    path = tmp_path / "organisations.yaml"
    assert load_registry(path) == Registry()
    path.write_text(
        "organisations:\n  - id: unilever\n    name: Unilever\n    type: company\n", "utf-8"
    )
    assert load_registry(path) == Registry((UNILEVER,))


def test_load_registry_names_the_file_when_it_is_not_yaml(tmp_path: Path):
    path = tmp_path / "mine.yaml"
    path.write_text("organisations: [\n", "utf-8")
    with pytest.raises(RegistryError, match=r"^mine\.yaml: not valid YAML \("):
        load_registry(path)
    path.write_text("organisations:\n  - id: B\n", "utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert str(info.value) == "mine.yaml: entry 1: “id” must be lower-case words joined by hyphens"
