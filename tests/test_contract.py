"""Every published description quotes the contract's constants, never a number of its own.

Each test changes a constant (monkeypatch on `pipeline.contract`), loads a fresh copy of
the module that writes the description, and checks that the description changed with it;
then it checks that the committed texts quote the constants as they are.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from invoke import Context, Exit

from pipeline import contract, reference, registry
from pipeline.case import Partner
from pipeline.columns import ENRICHED_COLUMNS
from pipeline.tableschema import case_fields

ROOT = Path(__file__).resolve().parent.parent
WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def fresh(module: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """A new copy of `module`, executed now (so it reads the constants as they are patched),
    without replacing the one every other module uses."""
    origin = importlib.util.find_spec(module).origin
    spec = importlib.util.spec_from_file_location(f"_fresh_{module.replace('.', '_')}", origin)
    copy = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, copy)
    spec.loader.exec_module(copy)
    return copy


def description(columns: ModuleType, name: str) -> str:
    return columns.ENRICHED_COLUMNS[name][2]


# --- cases.csv descriptions ------------------------------------------------------------------


def test_reading_minutes_quotes_words_per_minute(monkeypatch):
    assert (
        f"divided by {contract.WORDS_PER_MINUTE} words a minute"
        in ENRICHED_COLUMNS["reading_minutes"][2]
    )
    monkeypatch.setattr(contract, "WORDS_PER_MINUTE", 173)
    assert "divided by 173 words a minute" in description(
        fresh("pipeline.columns", monkeypatch), "reading_minutes"
    )


def test_completeness_quotes_short_section_words_and_the_number_of_sections(monkeypatch):
    text = ENRICHED_COLUMNS["completeness"][2]
    assert f"with at least {contract.SHORT_SECTION_WORDS} words" in text
    assert f"(all {len(reference.sections())} sections, required and optional)" in text
    optional = contract.OPTIONAL_CODED_FIELDS
    assert f"{', '.join(optional[:-1])} and {optional[-1]}) / {len(optional)}" in text

    real = reference.sections()
    monkeypatch.setattr(contract, "SHORT_SECTION_WORDS", 31)
    monkeypatch.setattr(contract, "OPTIONAL_CODED_FIELDS", ("themes", "sdgs"))
    monkeypatch.setattr(reference, "sections", lambda: real[:4])
    text = description(fresh("pipeline.columns", monkeypatch), "completeness")
    assert "with at least 31 words" in text
    assert "(all 4 sections, required and optional)" in text
    assert "optional fields filled among themes and sdgs) / 2" in text


def test_related_cases_quotes_the_count_as_a_word_and_the_weights(monkeypatch):
    text = ENRICHED_COLUMNS["related_cases"][2]
    assert f"Ids of up to {WORDS[contract.RELATED_COUNT]} most related" in text
    first, form, theme, sector, country = contract.RELATEDNESS_WEIGHTS
    assert (
        f"Score: {first} per shared organisation (organisation id), {form} per shared form,"
        f" {theme} per theme, {sector} per sector, {country} per country;"
    ) in text

    monkeypatch.setattr(contract, "RELATED_COUNT", 4)
    monkeypatch.setattr(contract, "RELATEDNESS_WEIGHTS", (9, 8, 7, 6, 5))
    text = description(fresh("pipeline.columns", monkeypatch), "related_cases")
    assert "Ids of up to four most related" in text
    assert (
        "Score: 9 per shared organisation (organisation id), 8 per shared form, 7 per theme,"
        " 6 per sector, 5 per country;"
    ) in text


def test_a_related_count_without_a_word_is_written_in_digits(monkeypatch):
    monkeypatch.setattr(contract, "RELATED_COUNT", 12)
    text = description(fresh("pipeline.columns", monkeypatch), "related_cases")
    assert "Ids of up to 12 most related" in text


def test_the_committed_package_descriptor_quotes_the_same_descriptions():
    committed = (ROOT / "schema" / "datapackage.json").read_text("utf-8")
    for name in ("reading_minutes", "completeness", "related_cases"):
        text = ENRICHED_COLUMNS[name][2]
        assert text.replace('"', '\\"') in committed, name


# --- the Table Schema ------------------------------------------------------------------------


def test_table_schema_patterns_come_from_the_contract(monkeypatch):
    fields = {f["name"]: f for f in case_fields()}
    assert fields["id"]["constraints"]["pattern"] == contract.ID_PATTERN
    monkeypatch.setattr(contract, "ID_PATTERN", r"^[a-z]+$")
    monkeypatch.setattr(contract, "EARLIEST_YEAR", 1950)
    fields = {f["name"]: f for f in fresh("pipeline.tablefields", monkeypatch).case_fields()}
    assert fields["id"]["constraints"]["pattern"] == r"^[a-z]+$"
    assert fields["started"]["constraints"]["minimum"] == 1950


def test_role_description_quotes_the_role_length_limit():
    info = Partner.model_fields["role"]
    limit = next(m.max_length for m in info.metadata if getattr(m, "max_length", None))
    assert f"(≤ {limit} characters)" in info.description


# --- copies of the contract kept elsewhere ---------------------------------------------------


def test_the_registry_checks_ids_and_websites_with_the_contracts_patterns():
    # registry.py compiles its own copies of the two patterns.
    assert registry._ID.pattern == contract.ID_PATTERN
    assert registry._WEBSITE.pattern == contract.URL_PATTERN


# --- docs/case-format.md ---------------------------------------------------------------------


def test_case_format_reference_quotes_the_size_limits_as_the_code_formats_them(monkeypatch):
    committed = (ROOT / "docs" / "case-format.md").read_text("utf-8")
    assert f"(at most {contract.MAX_CASE_BYTES:,} bytes)" in committed
    assert f"at most {contract.MAX_SECTION_CHARS:,} characters." in committed
    assert "(at most 200,000 bytes)" in committed  # the format: digits grouped by commas

    monkeypatch.setattr(contract, "MAX_CASE_BYTES", 123_456)
    monkeypatch.setattr(contract, "MAX_SECTION_CHARS", 7_890)
    text = fresh("pipeline.check.docs", monkeypatch).case_format_markdown()
    assert "(at most 123,456 bytes)" in text
    assert "at most 7,890 characters." in text


def test_case_format_reference_quotes_the_ended_statuses(monkeypatch):
    committed = (ROOT / "docs" / "case-format.md").read_text("utf-8")
    ended = ", ".join(f"`{s}`" for s in contract.ENDED_STATUSES)
    assert f"Required exactly when `status` is {ended};" in committed


# --- tasks.py new ----------------------------------------------------------------------------


@pytest.fixture
def tasks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ModuleType:
    """tasks.py, loaded afresh, with its ROOT in tmp_path: nothing lands in the real cases/."""
    spec = importlib.util.spec_from_file_location("_tasks_under_test", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "_template.md").write_text("id: my-case-id\n", "utf-8")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    return module


def test_new_refuses_a_bad_id_before_writing_anything(tasks, tmp_path: Path):
    with pytest.raises(Exit) as info:
        tasks.new(Context(), "Bad Id")
    assert (info.value.code, info.value.message) == (
        2,
        "“Bad Id” is not a valid id: use lower-case letters, digits and single hyphens.",
    )
    assert sorted(p.name for p in (tmp_path / "cases").iterdir()) == ["_template.md"]


def test_new_checks_ids_with_the_contracts_pattern(tasks, tmp_path: Path, monkeypatch):
    # Under a stricter contract an id that is valid today is refused: the pattern is read
    # from pipeline.contract when the task runs.
    monkeypatch.setattr(contract, "ID_PATTERN", r"^x+$")
    with pytest.raises(Exit) as info:
        tasks.new(Context(), "new-case")
    assert info.value.message == (
        "“new-case” is not a valid id: use lower-case letters, digits and single hyphens."
    )
    assert sorted(p.name for p in (tmp_path / "cases").iterdir()) == ["_template.md"]
    tasks.new(Context(), "xxx")
    assert (tmp_path / "cases" / "xxx.md").read_text("utf-8") == "id: xxx\n"


def test_tasks_has_no_id_pattern_of_its_own():
    tree = ast.parse((ROOT / "tasks.py").read_text("utf-8"))
    literals = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert [s for s in literals if "[a-z0-9]" in s or s == contract.ID_PATTERN] == []


def test_new_in_dutch_starts_from_the_dutch_template(tasks, tmp_path: Path):
    (tmp_path / "cases" / "_template.nl.md").write_text("id: my-case-id\nlanguage: nl\n", "utf-8")
    tasks.new(Context(), "nieuwe-case", lang="nl")
    assert (tmp_path / "cases" / "nieuwe-case.md").read_text("utf-8") == (
        "id: nieuwe-case\nlanguage: nl\n"
    )
    with pytest.raises(Exit) as info:
        tasks.new(Context(), "andere-case", lang="fr")
    assert info.value.code == 2 and not (tmp_path / "cases" / "andere-case.md").exists()


def test_help_works_for_every_task():
    import subprocess

    listed = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    # Task lines start with two spaces; their wrapped descriptions with many.
    names = [line.split()[0] for line in listed.splitlines() if re.match(r"^  \S", line)]
    assert {"new", "preview", "validate", "build", "preview-changed"} <= set(names)
    for name in names:
        done = subprocess.run(
            [sys.executable, "-m", "invoke", name, "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, (name, done.stdout, done.stderr)
        assert f"Usage: inv[oke] [--core-opts] {name} " in done.stdout, name


def test_sector_agreements_and_brokers_are_in_the_contract_in_both_languages():
    from pipeline.reference import vocabulary_for

    form = vocabulary_for("forms").term("sector-agreement")
    broker = vocabulary_for("partners.type").term("broker")
    assert (form.label("en"), form.label("nl")) == (
        "Sector agreement / covenant",
        "Sectorconvenant",
    )
    assert "covenants" in form.definition("en") and "IMVO" in form.definition("nl")
    assert (broker.label("en"), broker.label("nl")) == (
        "Broker / advisory council",
        "Makelaar / adviesraad",
    )
    assert "SER" in broker.definition("en") and "SER" in broker.definition("nl")
    reference = (ROOT / "docs" / "case-format.md").read_text("utf-8")
    assert "`sector-agreement`" in reference and "`broker`" in reference
    assert "standard body such as Fair Wear counts on this side" in reference
