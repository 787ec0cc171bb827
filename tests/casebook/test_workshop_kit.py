"""The workshop kit in the built PDFs: "Across the cases" in the casebook, and facilitator.pdf.

Three made-up cases (one in Dutch) are built once per edition; the PDFs are read back
with pypdf as a facilitator would read them: the page printed next to each case in the
cross-case part is the page its chapter opens on, and the pack holds both session plans,
the three worksheets and one note per case, in the edition's language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
import yaml

from pipeline.across import TOPICS
from pipeline.build import build
from pipeline.edition import Edition
from pipeline.i18n import CATALOGUES, label
from pipeline.typography import typeset
from tests.support import DUTCH_BODY as SHARED_DUTCH_BODY
from tests.support import TODAY, VALID_FRONT_MATTER, case_text

pytestmark = pytest.mark.slow

# In case id order, the order of the book.
CASES = [
    ("alpha-study", "Alpha NGO and Beta Co: a joint study", "en"),
    ("delta-keten", "Delta ketenproject voor cacao", "nl"),
    ("gamma-platform", "Gamma platform for fair tea", "en"),
]
DUTCH_BODY = SHARED_DUTCH_BODY + "2. Zou je het opnieuw doen?\n"


def _front(case_id: str, title: str, language: str) -> str:
    front = VALID_FRONT_MATTER.format(id=case_id)
    front = front.replace('title: "Test NGO – Test Co: a joint study"', f'title: "{title}"')
    return front.replace("language: en", f"language: {language}")


@pytest.fixture(scope="module")
def cases_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kit") / "cases"
    folder.mkdir()
    for case_id, title, language in CASES:
        body = DUTCH_BODY if language == "nl" else None
        text = case_text(case_id, front=_front(case_id, title, language), body=body)
        (folder / f"{case_id}.md").write_text(text, "utf-8")
    return folder


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2010", "-"))


def _texts(path: Path) -> list[str]:
    return [_flat(page.extract_text() or "") for page in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module", params=["en", "nl"])
def edition(request, cases_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    lang = request.param
    out = tmp_path_factory.mktemp(f"kit-{lang}")
    result = build(cases_dir, out, Edition(lang=lang), today=TODAY)
    assert result.ok, result.validation.problems
    return lang, _texts(out / "casebook.pdf"), out / "facilitator.pdf"


def _chapters(pages: list[str], lang: str) -> dict[str, int]:
    """Title -> the page (from 1) on which its chapter opens."""
    kicker = label("case", lang).upper()
    found = {}
    for number, (_id, title, _lang) in enumerate(CASES, 1):
        hits = [i + 1 for i, t in enumerate(pages) if f"{kicker} {number} " in t and title in t]
        assert len(hits) == 1, (title, hits)
        found[title] = hits[0]
    return found


def test_the_cross_case_part_names_each_case_by_number(edition):
    lang, pages, _pack = edition
    chapters = _chapters(pages, lang)
    heading = label("across", lang)
    start = next(i for i, t in enumerate(pages) if t.lstrip().startswith(heading))
    end = min(chapters.values()) - 1
    part = " ".join(pages[start:end])
    for key in (s.key for s in TOPICS):
        assert typeset(label(f"across_q_{key}", lang), lang) in part, key
    for number, (_id, title, _lang) in enumerate(CASES, 1):
        # Under every question but "time" and "risks" (no such sections in Dutch) ...
        printed = re.findall(rf"(?<!\d){number}\. {re.escape(title)}", part)
        assert len(printed) >= 7, (title, printed)
        # ... by number, not page (the part is rendered once, wherever the chapters
        # land); the contents list the part and give each chapter's page.
        assert not re.search(rf"{re.escape(title)}\s*p\.\s*\d", part), title
    assert heading in pages[2]


def test_the_facilitators_pack_has_both_plans_three_worksheets_and_a_note_per_case(edition):
    lang, pages, pack = edition
    assert pack.is_file()
    text = " ".join(_texts(pack))
    for key in ("fac_session_short", "fac_session_long"):
        assert label(key, lang) in text
    for key in ("fac_ws_red_lines", "fac_ws_brings", "fac_ws_health"):
        assert text.count(label(key, lang)) >= 2, key  # in the contents and on its page
    assert "The Partnering Initiative (TPI)" in text
    chapters = _chapters(pages, lang)
    minutes = re.escape(label("fac_min", lang))
    for number, (_id, title, _lang) in enumerate(CASES, 1):
        # The front lists each case with the page its chapter opens on ...
        listed = re.findall(rf"{re.escape(title)} · p\.\s(\d+) ·", text)
        assert [int(n) for n in listed] == [chapters[title]], title
        # ... and its note names it by number, with its reading time, and no page.
        assert re.search(rf"{number} {re.escape(title)} \d+\s{minutes} ", text), title
    # The pack is put together from pieces; each page carries its number in the pack.
    for folio, page in enumerate(_texts(pack), 1):
        assert page.rstrip().endswith(f" {folio}"), (folio, page[-60:])
    # Timed steps: the three-hour plan ends at 3:00, the short one at 1:30.
    assert "–1:30" in text and "–3:00" in text


def test_the_dutch_pack_and_part_print_no_english_words_of_their_own(edition):
    lang, pages, pack = edition
    if lang != "nl":
        pytest.skip("Dutch edition only")
    en = yaml.safe_load((CATALOGUES / "en.yaml").read_text("utf-8"))["labels"]
    nl = yaml.safe_load((CATALOGUES / "nl.yaml").read_text("utf-8"))["labels"]
    text = " ".join(_texts(pack)) + " ".join(pages)
    english = [
        en[key]
        for key in en
        # Phrases: single words ("Time") also occur in the English cases' own text.
        if key.startswith(("fac_", "across")) and en[key] != nl[key] and len(en[key].split()) > 1
    ]
    leaked = [words for words in english if _flat(words) in text]
    assert leaked == []
    assert label("fac_title", "nl") in text and label("across", "nl") in text
