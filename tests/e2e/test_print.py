"""Print quality of the bundled casebook, checked where it is cheap and reliable: the text a
reader (and a PDF reader's search) gets from every page of the three editions."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pypdfium2
import pytest

from pipeline.build import build
from pipeline.casebook.backmatter import glossary_entries, sort_key
from pipeline.edition import Edition
from pipeline.reference import vocabularies
from pipeline.registry import organisation_registry

ROOT = Path(__file__).resolve().parents[2]
EDITIONS = {"en": Edition(), "nl": Edition(lang="nl"), "duplex": Edition(duplex=True)}


def page_texts(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1764374400")
        for name, edition in EDITIONS.items():
            folder = tmp_path_factory.mktemp(name)
            assert build(ROOT / "cases", folder, edition).ok
            out[name] = page_texts(folder / "casebook.pdf")
    return out


def lines(pages: list[str]) -> list[str]:
    return [line.strip() for page in pages for line in page.splitlines() if line.strip()]


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EDITIONS))
def test_no_line_breaks_a_url_after_its_scheme(editions, name):
    assert [line for line in lines(editions[name]) if re.search(r"https?://$", line)] == []


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EDITIONS))
def test_quotes_are_typographic_and_punctuation_is_not_doubled(editions, name):
    # Without URLs and the contents' dot leaders, which are no punctuation: after a space,
    # or, where a title ends near the line's end, right after it and before the entry's
    # note ("… months.. 6 min · EN"; the same titles are checked in the chapter heads).
    text = re.sub(r"https?://\S+|\s\.{2,}|\.+(?= \d+ min · )", " ", "\n".join(editions[name]))
    assert re.findall(r".{0,30}['\"].{0,30}", text) == []
    assert re.findall(r".{0,30}(?:\?\.|!\.|[^.]\.\.(?!\.)).{0,10}", text) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EDITIONS))
def test_folios_are_numbers_alone(editions, name):
    text = "\n".join(editions[name])
    assert not re.search(r"\b(Page|Pagina) \d+ (of|van) \d+", text)


@pytest.mark.slow
def test_a_two_sided_book_is_a_multiple_of_four_pages(editions):
    assert len(editions["duplex"]) % 4 == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EDITIONS))
def test_no_organisation_name_is_hyphenated_across_lines(editions, name):
    words = {
        word
        for entry in organisation_registry().entries
        for spelling in entry.spellings
        for word in re.findall(r"[A-Za-zÀ-ÿ]{5,}", spelling)
    }
    found = lines(editions[name])
    broken = [
        (a, b)
        for a, b in itertools.pairwise(found)
        if re.search(r"(\w+)-$", a)
        and (re.search(r"(\w+)-$", a).group(1) + b.split(" ")[0].strip(".,;:)")) in words
    ]
    assert broken == []


@pytest.mark.slow
def test_the_dutch_edition_prints_no_english_furniture(editions):
    found = set(lines(editions["nl"]))
    english = {
        "At a glance",
        "AT A GLANCE",
        "Sources",
        "See also",
        "Contents",
        "Glossary",
        "Index of organisations",
        # ("Partners" is the Dutch word too.)
        "Sectors",
        "Period",
        "Countries",
        "Forms of collaboration",
    }
    assert found & english == set()
    assert {"Inhoud", "Bronnen", "Woordenlijst"} <= found


def test_the_glossary_is_alphabetical_in_both_languages():
    for lang in ("en", "nl"):
        terms = [e.term for e in glossary_entries(vocabularies(), lang)]
        assert terms == sorted(terms, key=sort_key) and len(terms) > 40


@pytest.mark.slow
@pytest.mark.parametrize("name", ["en", "duplex"])
def test_the_index_names_every_page_an_organisation_is_named_on(editions, name):
    pages = editions[name]
    # Every page of the index, up to the glossary (it runs over more than one page as the
    # library grows, and a left-hand page of the two-sided book has no running title).
    start = next(
        i for i, p in enumerate(pages) if "Index of organisations" in p and "Glossary" not in p
    )
    end = next(i for i, p in enumerate(pages) if i > start and "Glossary" in p)
    index = " ".join(" ".join(p.split()) for p in pages[start:end])
    for organisation, word in (("The Coca-Cola Company", "Coca-Cola"), ("Unilever", "Unilever")):
        listed = re.search(rf"{re.escape(organisation)} ([\d–, ]+)", index)
        assert listed, organisation
        numbers: list[int] = []
        for run in listed.group(1).strip(" ,").split(", "):
            first, _, last = run.partition("–")
            numbers += range(int(first), int(last or first) + 1)
        assert len(numbers) > 2, (organisation, numbers)
        for page in numbers:
            assert word in pages[page - 1], (organisation, page)


@pytest.mark.slow
def test_the_oxfam_affiliates_and_oxfam_point_to_each_other_in_the_index(editions):
    pages = editions["en"]
    index = " ".join(" ".join(p.split()) for p in pages if "Index of organisations" in p)
    assert re.search(
        r"Oxfam [\d–, ]+; see also Oxfam America, Oxfam GB, Oxfam Novib, Oxfam-Wereldwinkels", index
    ), index
    for affiliate in ("Oxfam America", "Oxfam GB", "Oxfam Novib", "Oxfam-Wereldwinkels"):
        assert re.search(rf"{re.escape(affiliate)} [\d–, ]+; see also Oxfam\b", index), affiliate
