"""Editions print each case in the reader's language where it has a text in it: the
original or a translation, with a line under a translated chapter's title."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from pipeline.build import load_library
from pipeline.casebook.cards import cards_html
from pipeline.casebook.html import casebook_html
from pipeline.config import casebook_config
from pipeline.edition import BuildInfo, Edition
from pipeline.library import Library
from tests.support import (
    DUTCH_BODY,
    ENGLISH_TRANSLATION_BODY,
    ENGLISH_TRANSLATION_FRONT,
    TODAY,
    VALID_FRONT_MATTER,
    case_text,
    translation_text,
)

INFO = BuildInfo(TODAY, "abc123", dataclasses.replace(casebook_config(), edition="Test"))
DUTCH_FRONT = VALID_FRONT_MATTER.format(id="delta-keten").replace("language: en", "language: nl")


def write_library(folder: Path) -> Path:
    """An English case with a Dutch translation, a Dutch case with an English one."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-case.md").write_text(case_text(), "utf-8")
    (folder / "test-case.nl.md").write_text(translation_text(), "utf-8")
    (folder / "delta-keten.md").write_text(
        case_text("delta-keten", front=DUTCH_FRONT, body=DUTCH_BODY), "utf-8"
    )
    english = translation_text(
        front=ENGLISH_TRANSLATION_FRONT.format(of="delta-keten"), body=ENGLISH_TRANSLATION_BODY
    )
    (folder / "delta-keten.en.md").write_text(english, "utf-8")
    return folder


def library_of(folder: Path, today: dt.date | None = TODAY) -> Library:
    """The library of `folder`, checked as on `today` (None: the real date, for the bundled cases)."""
    result, library = load_library(folder, today=today, day=TODAY)
    assert result.ok, [p.message() for p in result.problems]
    assert library is not None
    return library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return library_of(write_library(tmp_path / "cases"))


def chapter(html: str, case_id: str) -> str:
    start = html.index(f'<article class="case" id="case-{case_id}"')
    return html[start : html.index("</article>", start)]


def test_the_texts_of_a_case_and_the_one_rule_that_picks_one(library):
    case = library.by_id("test-case")
    assert sorted(case.texts) == ["en", "nl"]
    assert case.text("nl").title == "Test NGO – Test Co: een gezamenlijk onderzoek"
    assert case.text("en").is_original and case.text("de").is_original
    dutch = library.in_language("nl").by_id("test-case")
    assert dutch.meta.language == "nl" and dutch.printed.language == "nl"
    assert (
        dutch.meta.partners[1].role == "Opende zijn vestigingen en gegevens voor de onderzoekers."
    )
    assert dutch.meta.sources == case.meta.sources  # facts stay the original's
    assert dutch.case.sections["questions"].startswith("1. Wat zou je gedaan hebben?")
    assert library.in_language("nl").in_language("nl") == library.in_language("nl")
    # The reading time is the printed text's: the Dutch sections are longer here.
    words = len(dutch.meta.summary.split()) + sum(
        len(t.split()) for t in dutch.case.sections.values()
    )
    assert dutch.word_count == words != case.word_count


def test_the_dutch_edition_prints_the_dutch_translation_with_its_note(library):
    html = casebook_html(library, Edition(lang="nl"), INFO)
    text = chapter(html, "test-case")
    assert text.startswith('<article class="case" id="case-test-case" lang="nl">')
    assert ">Test NGO – Test Co: een gezamenlijk onderzoek</h2>" in text
    assert re.search(r'<p class="case-translation" lang="nl">(.*?)</p>', text)[1] == (
        "Vertaald uit het Engels door The test suite (machinaal ondersteunde vertaling; nog niet"
        " nagelezen). De bronnen hieronder zijn die van het origineel."
    )
    assert "opvultekst voor de testsuite" in text and "placeholder text" not in text
    # The sources are the original's, in the original's language.
    assert '<em lang="en">Test report</em>' in text
    # The Dutch original prints as it is, with no note.
    assert 'id="case-delta-keten" lang="nl">' in html
    assert "case-translation" not in chapter(html, "delta-keten")


def test_the_english_edition_prints_the_english_translation_of_a_dutch_case(library):
    html = casebook_html(library, Edition(lang="en"), INFO)
    text = chapter(html, "delta-keten")
    assert text.startswith('<article class="case" id="case-delta-keten" lang="en">')
    assert re.search(r'<p class="case-translation" lang="en">(.*?)</p>', text)[1] == (
        "Translated from Dutch by The test suite (human translation; reviewed). The sources"
        " listed are those of the original."
    )
    assert "<h3>Why work together</h3>" in text
    assert "An English sentence for the test suite, translated from the Dutch." in text
    assert '<em lang="nl">Test report</em>' in text
    assert "case-translation" not in chapter(html, "test-case")


def test_a_stale_translation_says_which_parts_changed(tmp_path):
    from pipeline.cli import run_translation_stamp

    folder = write_library(tmp_path / "cases")
    assert run_translation_stamp(folder, "test-case") == 0
    original = (folder / "test-case.md").read_text("utf-8")
    lessons = original.index("## Lessons learned")
    edited = original[:lessons] + original[lessons:].replace("placeholder", "filler", 1)
    (folder / "test-case.md").write_text(edited, "utf-8")
    text = chapter(casebook_html(library_of(folder), Edition(lang="nl"), INFO), "test-case")
    note = re.search(
        r'<p class="case-translation case-translation-stale" lang="nl">(.*?)</p>', text
    )
    assert note[1].endswith(
        "De bronnen hieronder zijn die van het origineel. Het origineel is gewijzigd sinds deze"
        " vertaling werd gemaakt: “Geleerde lessen”."
    )
    assert library_of(folder).by_id("test-case").text("nl").changed == ("lessons",)


def test_cards_and_the_contents_use_the_picked_text(library):
    html = casebook_html(library, Edition(lang="en"), INFO)
    contents = html.split("<article", 1)[0]
    assert "Test NGO – Test Co: a joint study, translated" in contents
    cards = cards_html(library, Edition(lang="nl"), INFO, {})
    assert (
        '<h1 class="card-title" lang="nl">Test NGO – Test Co: een gezamenlijk onderzoek</h1>'
        in cards
    )
    assert "Een verzonnen casus voor de testsuite." in cards
    assert "Casus geschreven in Engels · vertaald</p>" in cards


def test_the_dutch_edition_has_the_dutch_title_on_cover_and_in_its_metadata(library):
    html = casebook_html(library, Edition(lang="nl"), INFO)
    assert "<title>Casebibliotheek partnerschappen</title>" in html
    assert (
        '<meta name="description" content="Cases van ngo’s die samenwerken met bedrijven">' in html
    )
    assert '<h1 class="cover-title">Casebibliotheek partnerschappen</h1>' in html
    english = casebook_html(library, Edition(lang="en"), INFO)
    assert '<h1 class="cover-title">Partnership Case Library</h1>' in english


def test_a_stale_note_without_recorded_parts_says_only_that_the_original_changed():
    from pipeline.casebook.html import translation_note
    from pipeline.library import CaseText

    text = CaseText(
        "nl",
        "T",
        "S",
        {},
        {},
        is_original=False,
        original_language="en",
        by="X",
        method="human",
        reviewed=True,
        stale=True,
        changed=(),
    )
    assert translation_note(text, "nl") == (
        "Vertaald uit het Engels door X (menselijke vertaling; nagelezen). De bronnen hieronder"
        " zijn die van het origineel. Het origineel is gewijzigd sinds deze vertaling werd gemaakt."
    )
    assert translation_note(CaseText("en", "T", "S", {}, {}), "en") == ""


# The commonest short words of each language, none shared: a text's share of them
# tells the two apart (about 0.3 for running text in its own language, under 0.05 else).
FUNCTION_WORDS = {
    "nl": {"de", "het", "een", "van", "dat", "op", "met", "voor", "zijn", "niet", "aan", "ook"},
    "en": {"the", "and", "of", "to", "that", "on", "with", "for", "was", "were", "by", "from"},
}


def language_of(text: str) -> str:
    """The language whose function words make up the larger share of `text`."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    return max(FUNCTION_WORDS, key=lambda lang: sum(w in FUNCTION_WORDS[lang] for w in words))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_each_bundled_chapter_is_in_the_language_its_lang_attribute_says(bundled_cases, lang):
    library = library_of(bundled_cases, today=None)
    html = casebook_html(library, Edition(lang=lang), INFO)
    for case in library.cases:
        text = chapter(html, case.id)
        said = re.match(r'<article class="case" id="[^"]+" lang="(\w+)">', text)[1]
        body = re.sub(r"<[^>]+>", " ", text.split('<section class="sources"', 1)[0])
        # Every bundled case has a text in both languages: each chapter is in the edition's.
        assert language_of(body) == said == case.text(lang).language == lang, case.id


def test_a_section_removed_from_the_original_since_the_stamp_is_not_printed(tmp_path):
    from pipeline.cli import run_translation_stamp

    folder = write_library(tmp_path / "cases")
    assert run_translation_stamp(folder, "test-case") == 0
    text = (folder / "test-case.md").read_text("utf-8")
    start = text.index("## Time and resources")
    end = text.index("## Results and evaluation")
    (folder / "test-case.md").write_text(text[:start] + text[end:], "utf-8")
    library = library_of(folder)
    dutch = library.by_id("test-case").text("nl")
    assert "time" in dutch.sections and dutch.changed == ("time",)
    printed = chapter(casebook_html(library, Edition(lang="nl"), INFO), "test-case")
    assert "<h3>Tijd en middelen</h3>" not in printed
    assert "<h3>Resultaten en evaluatie</h3>" in printed
    assert "gemaakt: “Tijd en middelen”." in printed  # the note names what changed
