"""[tool.casebook]: the title and subtitle per language; old settings stay valid."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import CasebookConfig, casebook_config


def settings(tmp_path: Path, text: str) -> CasebookConfig:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.casebook]\n" + text, "utf-8")
    return casebook_config(path)


def test_a_table_per_language(tmp_path):
    config = settings(
        tmp_path,
        'title = { en = "Case Library", nl = "Casebibliotheek" }\nsubtitle = "Cases"\n',
    )
    assert (config.title, config.subtitle) == ("Case Library", "Cases")
    assert config.for_language("nl").title == "Casebibliotheek"
    assert config.for_language("nl").subtitle == "Cases"  # one subtitle for every language
    assert config.for_language("en").title == "Case Library"
    assert config.for_language("de").title == "Case Library"


def test_a_key_per_language_and_the_old_form(tmp_path):
    config = settings(tmp_path, 'title = "Case Library"\ntitle_nl = "Casebibliotheek"\n')
    assert config.title == "Case Library"
    assert config.for_language("nl").title == "Casebibliotheek"
    old = settings(tmp_path, 'title = "Case Library"\nsubtitle = "Cases"\n')
    assert old == CasebookConfig(title="Case Library", subtitle="Cases")
    assert old.for_language("nl") == old


def test_the_bundled_settings_give_a_dutch_title():
    config = casebook_config(Path(__file__).resolve().parent.parent / "pyproject.toml")
    assert config.title == "Partnership Case Library"
    assert config.for_language("nl").title == "Casebibliotheek partnerschappen"
    assert config.for_language("nl").subtitle == "Cases van ngo’s die samenwerken met bedrijven"
    assert config.publisher == "Partnership Case Library"
    assert config.for_language("nl").publisher == "Casebibliotheek partnerschappen"
