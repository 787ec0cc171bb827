"""The workshop kit: case cards, handouts and the agenda, numbered as in the book.

A library of three made-up cases (one in Dutch; two in the shipped workshop
`why-forms-risks`, one in a workshop nobody defined) is built in both languages, as
the whole book and as the workshop edition, and read back with pypdf: each card and
each handout says the number the case has in the book, the cover names the workshop
by its title, and the agenda lists its questions in order with the cases' pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest

from pipeline.build import build, load_library
from pipeline.casebook import agenda, cards, kit
from pipeline.casebook.html import casebook_html
from pipeline.config import casebook_config
from pipeline.edition import BuildInfo, Edition
from pipeline.i18n import label
from pipeline.reference import workshops
from pipeline.typography import typeset
from tests.support import DUTCH_BODY, TODAY, VALID_FRONT_MATTER, case_text

WORKSHOP = "why-forms-risks"
# (id, title, language, workshops), in the book's order (case id order).
CASES = [
    ("alpha-study", "Alpha NGO and Beta Co: a joint study", "en", [WORKSHOP]),
    ("delta-keten", "Delta ketenproject voor cacao", "nl", [WORKSHOP]),
    ("gamma-platform", "Gamma platform for fair tea", "en", ["ws-nowhere"]),
]


def _front(case_id: str, title: str, language: str, listed: list[str]) -> str:
    front = VALID_FRONT_MATTER.format(id=case_id)
    front = front.replace('title: "Test NGO – Test Co: a joint study"', f'title: "{title}"')
    front = front.replace("language: en", f"language: {language}")
    if case_id == "gamma-platform":  # a case that speaks to no risk question
        front = front.replace("risks:\n  - loss-of-independence\n", "")
        front = front.replace("safeguards:\n  - right-to-publish\n", "")
    return front + "workshops:\n" + "".join(f"  - {w}\n" for w in listed)


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kit") / "cases"
    folder.mkdir()
    for case_id, title, language, listed in CASES:
        body = DUTCH_BODY if language == "nl" else None
        text = case_text(case_id, front=_front(case_id, title, language, listed), body=body)
        (folder / f"{case_id}.md").write_text(text, encoding="utf-8")
    return folder


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _texts(path: Path) -> list[str]:
    return [_flat(page.extract_text() or "") for page in pypdf.PdfReader(path).pages]


_BUILDS: dict[tuple[str, bool], Path] = {}


def _built(library_dir: Path, tmp: pytest.TempPathFactory, lang: str, in_workshop: bool) -> Path:
    key = (lang, in_workshop)
    if key not in _BUILDS:
        out = tmp.mktemp(f"out-{lang}-{in_workshop}")
        edition = Edition(lang=lang, workshop=WORKSHOP if in_workshop else None, handouts=True)
        result = build(library_dir, out, edition, today=TODAY)
        assert result.ok, result.validation.problems
        assert any(p.code == "unknown-workshop" for p in result.validation.problems)
        _BUILDS[key] = out
    return _BUILDS[key]


def _chapter_pages(book: list[str], lang: str) -> dict[str, tuple[int, int]]:
    """Case id -> (its number, the 1-based page its chapter opens on), from the kickers."""
    word = label("case", lang).upper()
    found = {}
    for case_id, title, _language, _listed in CASES:
        for i, text in enumerate(book):
            match = re.search(rf"{word} (\d+) {re.escape(title)}", text)
            if match:
                found[case_id] = (int(match[1]), i + 1)
    return found


# ---------------------------------------------------------------- PDFs (slow)


@pytest.mark.slow
@pytest.mark.parametrize("in_workshop", [False, True], ids=["book", "workshop"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_cards_and_handouts_say_the_number_the_case_has_in_the_book(
    library_dir, tmp_path_factory, lang, in_workshop
):
    out = _built(library_dir, tmp_path_factory, lang, in_workshop)
    chapters = _chapter_pages(_texts(out / "casebook.pdf"), lang)
    expected = [c for c in CASES if not in_workshop or WORKSHOP in c[3]]
    assert [chapters[c[0]][0] for c in expected] == list(range(1, len(expected) + 1))
    card_pages = _texts(out / "cards.pdf")
    assert len(card_pages) == len(expected)  # one card per page
    word = label("case", lang)
    for text, (case_id, title, _language, _listed) in zip(card_pages, expected, strict=True):
        number, page = chapters[case_id]
        assert text.startswith(f"{word} {number} {title}"), text[:80]
        # Where to read more: the book's case number (the contents give its page; a card
        # prints no page, so the cards do not change when the book's pages move).
        more = f"{label('card_casebook', lang)}, {word.lower()} {number} · 1 "
        more += label("card_source", lang)
        assert more in text
        assert f"{label('page', lang)} {page}" not in text
        handout = _texts(out / "cases" / f"{case_id}.pdf")[0]
        assert f"{word.upper()} {number} {title}" in handout


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_workshop_definition_drives_the_cover_and_the_agenda(
    library_dir, tmp_path_factory, lang
):
    out = _built(library_dir, tmp_path_factory, lang, True)
    book = _texts(out / "casebook.pdf")
    definition = workshops().workshops[WORKSHOP]
    # Printed typeset (typographic apostrophes): the definition's words.
    assert typeset(definition.title(lang), lang) in book[0]
    assert WORKSHOP not in book[0]  # the title, not the bare id
    agenda_pages = [t for t in book if t.startswith(f"{label('agenda', lang)} ")]
    assert len(agenda_pages) == 1
    text = agenda_pages[0]
    where = [text.index(typeset(q.text(lang), lang)) for q in definition.questions]
    assert where == sorted(where) and len(where) == 3
    chapters = _chapter_pages(book, lang)
    for case_id, title, _language, _listed in CASES[:2]:
        pages = re.findall(rf"{re.escape(title)}[ .…]*(\d+)", text)
        assert pages == [str(chapters[case_id][1])] * 3, (title, pages)
    assert CASES[2][1] not in text
    assert label("agenda", lang) in book[2]  # in the contents


@pytest.mark.slow
def test_cards_are_byte_identical_when_rebuilt(library_dir, tmp_path_factory):
    first = _built(library_dir, tmp_path_factory, "en", False)
    again = tmp_path_factory.mktemp("again")
    assert build(library_dir, again, Edition(handouts=True), today=TODAY).ok
    assert (again / "cards.pdf").read_bytes() == (first / "cards.pdf").read_bytes()


# ---------------------------------------------------------------- HTML and data (fast)

_INFO = BuildInfo(
    dt.date(2026, 11, 29), "abc123", dataclasses.replace(casebook_config(), edition="Test")
)


@pytest.fixture(scope="module")
def library(library_dir: Path):
    _validation, lib = load_library(library_dir, today=TODAY)
    assert lib is not None
    return lib


def test_a_handout_keeps_its_number_in_the_book_and_in_the_workshop_edition(library):
    html = casebook_html(library, Edition(), _INFO, handout="gamma-platform")
    assert re.search(r'class="case-kicker"[^>]*>Case 3<', html)
    html = casebook_html(library, Edition(workshop=WORKSHOP), _INFO, handout="delta-keten")
    assert re.search(r'class="case-kicker"[^>]*>Case 2<', html)


def test_an_undefined_workshop_prints_its_id_and_has_no_agenda(library):
    html = casebook_html(library, Edition(workshop="ws-nowhere"), _INFO)
    assert 'class="cover-workshop">Workshop: ws-nowhere<' in html
    assert 'id="agenda"' not in html and "agenda.css" not in html
    html = casebook_html(library, Edition(workshop=WORKSHOP), _INFO)
    assert 'id="agenda"' in html and 'href="#agenda"' in html


def test_a_workshop_with_a_date_and_place_prints_them_on_the_cover(library, monkeypatch):
    shipped = workshops().workshops[WORKSHOP]
    dated = dataclasses.replace(shipped, date="2027-03-04", place="Gent")
    monkeypatch.setattr(agenda, "definition", lambda _id: dated)
    html = casebook_html(library, Edition(lang="nl", workshop=WORKSHOP), _INFO)
    # Printed typeset (typographic apostrophe), word for word the definition's title.
    assert f"{typeset(shipped.title('nl'), 'nl')}<br>4 maart 2027 · Gent</p>" in html
    # The shipped definition has neither: nothing is printed for them.
    assert agenda.heading(shipped, "nl") == {"title": shipped.title("nl"), "when": ""}


def test_which_cases_speak_to_which_question_follows_answered_by(library):
    by_id = {c.id: c for c in library.cases}
    questions = workshops().questions
    assert agenda.speaks_to(by_id["alpha-study"], questions["opportunities-risks"])
    assert not agenda.speaks_to(by_id["gamma-platform"], questions["opportunities-risks"])
    # partners.counterpart: the fixture's company partner deals with the CSR department.
    assert agenda.speaks_to(by_id["gamma-platform"], questions["counterpart"])
    assert agenda.field_values(by_id["alpha-study"].meta, "partners.counterpart") == ["csr"]
    items = agenda.agenda(workshops().workshops[WORKSHOP], library.cases, "en")
    assert [len(i["cases"]) for i in items] == [3, 3, 2]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_card_has_three_to_five_key_facts_and_the_cases_questions(library, lang):
    for case in library.cases:
        facts = cards.key_facts(case, lang)
        assert 3 <= len(facts) <= 5
        assert facts[0]["text"] == cards.first_sentence(case.meta.summary)
    html = cards.cards_html(library, Edition(lang=lang), _INFO)
    assert html.count('<article class="card') == 3
    assert "Wat zou je doen?" in html  # the case's own questions section
    word = label("case", lang).lower()
    for number in (1, 2, 3):
        assert f"{label('card_casebook', lang)}, {word} {number} · 1 " in html
    # The cards of some cases only (a piece of cards.pdf), still numbered as in the book.
    piece = cards.cards_html(library, Edition(lang=lang), _INFO, only={"delta-keten"})
    assert piece.count('<article class="card') == 1
    number = [c.id for c in library.cases].index("delta-keten") + 1
    assert f"{label('card_casebook', lang)}, {word} {number} · 1 " in piece


def test_first_sentence_cuts_long_text_at_a_word():
    assert cards.first_sentence("One. Two.") == "One."
    long = "word " * 100
    cut = cards.first_sentence(long, limit=30)
    assert cut.endswith("…") and len(cut) <= 31 and "wor…" not in cut


@pytest.mark.slow
def test_a_long_card_is_set_tighter_to_stay_on_its_page_and_a_too_long_one_is_told(
    tmp_path, write_case, cases_dir
):
    question = " ".join(["What would your organisation have done in this situation?"] * 3)
    body_of = case_text().split("---\n", 2)[2].split("\n## Questions for discussion")[0]

    def questions(n: int) -> str:
        return "\n## Questions for discussion\n\n" + "".join(
            f"{i}. {question}\n" for i in range(1, n + 1)
        )

    write_case("long-case", body=body_of + questions(7))
    write_case("very-long-case", body=body_of + questions(40))
    _validation, lib = load_library(cases_dir, today=TODAY)
    assert lib is not None
    over = kit.write_cards(lib, Edition(), _INFO, tmp_path / "cards.pdf")
    assert over == ("very-long-case",)
    texts = _texts(tmp_path / "cards.pdf")
    assert texts[0].startswith("Case 1 ") and texts[1].startswith("Case 2 ")
    assert len(texts) > 2  # only the case nobody could fit runs over
    html = cards.cards_html(lib, Edition(), _INFO, {"long-case": 1})
    assert 'class="card tight-1" id="card-long-case"' in html
