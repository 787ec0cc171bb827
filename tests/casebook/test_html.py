"""The casebook: charts and HTML as pure functions, and the PDF read back with pypdf.

The PDF tests build a small library of made-up cases once per edition and check
what a reader would: the page numbers printed in the contents are the pages the
chapters start on, every case is in the bookmarks, sources are clickable, only
the bundled fonts are embedded, the document is tagged and has a title and a
language, and a Dutch edition prints Dutch labels.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_module
import re
from pathlib import Path

import pypdf
import pytest

from pipeline.build import build, load_library
from pipeline.casebook import charts
from pipeline.casebook.html import casebook_html, markdown_to_html
from pipeline.config import casebook_config
from pipeline.edition import BuildInfo, Edition
from pipeline.typography import typeset
from tests.support import DUTCH_BODY, TODAY, VALID_FRONT_MATTER, case_text

# ---------------------------------------------------------------- fixtures

# (id, title, language, workshops): three made-up cases, one in Dutch, two in a workshop.
FIXTURE_CASES = [
    ("alpha-study", "Alpha NGO and Beta Co: a joint study", "en", ["ws-north"]),
    ("gamma-platform", "Gamma platform for fair tea", "en", []),
    ("delta-keten", "Delta ketenproject voor cacao", "nl", ["ws-north"]),
]


def _front(case_id: str, title: str, language: str, workshops: list[str]) -> str:
    front = VALID_FRONT_MATTER.format(id=case_id)
    front = front.replace('title: "Test NGO – Test Co: a joint study"', f'title: "{title}"')
    front = front.replace("language: en", f"language: {language}")
    front = front.replace(
        "url: https://example.org/report", f"url: https://example.org/{case_id}/report"
    )
    if workshops:
        front += "workshops:\n" + "".join(f"  - {w}\n" for w in workshops)
    return front


def _write_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for case_id, title, language, workshops in FIXTURE_CASES:
        body = DUTCH_BODY if language == "nl" else None
        text = case_text(case_id, front=_front(case_id, title, language, workshops), body=body)
        (folder / f"{case_id}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_library(tmp_path_factory.mktemp("library") / "cases")


def _build(library_dir: Path, out: Path, **options) -> pypdf.PdfReader:
    result = build(library_dir, out, Edition(**options), today=TODAY)
    assert result.ok, result.validation.problems
    return pypdf.PdfReader(out / "casebook.pdf")


@pytest.fixture(scope="module")
def book(library_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> pypdf.PdfReader:
    return _build(library_dir, tmp_path_factory.mktemp("out-en"))


@pytest.fixture(scope="module")
def book_nl(library_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> pypdf.PdfReader:
    return _build(library_dir, tmp_path_factory.mktemp("out-nl"), lang="nl")


def _pages(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _chapter_page(pages: list[str], number: int, title: str) -> int:
    """The 1-based page on which the chapter with this kicker number and title opens."""
    found = [
        i + 1
        for i, text in enumerate(pages)
        if f"CASE {number} " in _flat(text) and title in _flat(text)
    ]
    assert len(found) == 1, (number, title, found)
    return found[0]


_BUILD_INFO = BuildInfo(
    dt.date(2026, 11, 29), "abc123", dataclasses.replace(casebook_config(), edition="Test edition")
)


def _html(lang: str = "en", library=None, handout=None, **options) -> str:
    """The casebook HTML of the fixture library (or of `library`), without a PDF."""
    edition = Edition(lang=lang, **options)
    return casebook_html(library or _LIBRARY, edition, _BUILD_INFO, handout=handout)


_LIBRARY = None


@pytest.fixture(scope="module", autouse=True)
def _library(library_dir: Path) -> None:
    global _LIBRARY
    _validation, _LIBRARY = load_library(library_dir)
    assert _LIBRARY is not None


# ---------------------------------------------------------------- charts (pure)


def test_bar_chart_prints_every_label_and_count_and_escapes_text() -> None:
    svg = charts.bar_chart(
        [("Joint research", 3), ("R&D <lab>", 1), ("Unused", 0)], title="By form"
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="By form"')
    assert "<title>By form</title>" in svg
    assert "<desc>Joint research: 3; R&amp;D &lt;lab&gt;: 1</desc>" in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts == ["Joint research", "3", "R&amp;D &lt;lab&gt;", "1"]


def test_timeline_marks_ongoing_partnerships_by_pattern_and_words() -> None:
    svg = charts.timeline(
        [charts.Span("1. Alpha", 2011, 2016), charts.Span("2. Gamma", 2018, None)],
        title="Over time",
        until=2026,
        ongoing_label="ongoing",
        ended_label="ended",
    )
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts[:2] == ["ended", "ongoing →"]
    assert "1. Alpha" in texts and "2011–2016" in texts
    assert "2. Gamma" in texts and "2018–" in texts
    assert [t for t in texts if t.isdigit()] == [str(y) for y in range(2012, 2027, 2)]
    assert svg.count('fill="url(#hatch)"') == 2  # the legend and the ongoing bar
    assert "<desc>1. Alpha: 2011–2016; 2. Gamma: 2018–ongoing</desc>" in svg


def test_long_chart_labels_are_cut_at_a_word() -> None:
    svg = charts.bar_chart([("word " * 20, 1)], title="t")
    label = re.findall(r"<text[^>]*>([^<]*)</text>", svg)[0]
    assert label == "word word word word word word word word word…"


def test_data_url_is_base64_svg() -> None:
    import base64

    url = charts.data_url("<svg/>")
    assert url == "data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode()


# ---------------------------------------------------------------- markdown (pure)


def test_markdown_shifts_headings_and_keeps_lists_and_tables() -> None:
    html = markdown_to_html("### Sub\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n")
    assert html == (
        "<h5>Sub</h5>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        "<table>\n<thead>\n<tr>\n<th>x</th>\n<th>y</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_markdown_escapes_raw_html_and_links_only_safe_schemes() -> None:
    html = markdown_to_html(
        "<script>alert(1)</script>\n\n"
        "[ok](https://example.org) [bad](javascript:alert(1)) [m](mailto:a@b.org)"
    )
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        '<p><a href="https://example.org" rel="noopener noreferrer">ok</a> '
        "[bad](javascript:alert(1)) "
        '<a href="mailto:a@b.org" rel="noopener noreferrer">m</a></p>\n'
    )


# ---------------------------------------------------------------- HTML (pure)


def test_html_contents_link_every_case_for_css_page_numbers() -> None:
    html = _html()
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    # Each entry links its title and its page number (a column of its own) to the chapter.
    linked = re.findall(r'href="#case-([a-z-]+)"', toc)
    assert linked == [c[0] for c in sorted(FIXTURE_CASES) for _ in (1, 2)]
    assert not re.search(r"\d+</a></li>", toc)  # no page numbers computed in Python


def test_html_articles_carry_the_case_language_and_panels_the_edition_language() -> None:
    html = _html(lang="nl")
    assert '<html lang="nl">' in html
    assert '<article class="case" id="case-delta-keten" lang="nl">' in html
    assert '<article class="case" id="case-alpha-study" lang="en">' in html
    assert '<aside class="glance" lang="nl" aria-label="In een oogopslag">' in html


def test_html_workshop_edition_keeps_only_its_cases_and_names_it() -> None:
    html = _html(workshop="ws-north")
    assert re.findall(r'<article class="case" id="case-([a-z-]+)"', html) == [
        "alpha-study",
        "delta-keten",
    ]
    assert '<p class="cover-workshop">Workshop: ws-north</p>' in html
    assert "#case-gamma-platform" not in html  # no see-also or index entry to a missing case


def test_every_printed_value_loses_the_characters_the_fonts_lack() -> None:
    from pipeline.casebook.html import _environment

    env = _environment()
    # A hyphen the fonts lack prints as the hyphen-minus a search finds.
    assert env.from_string("{{ x }}").render(x="co\u2011op\u2060s") == "co-ops"
    assert env.from_string("{{ x | markdown }}").render(x="co\u2011op") == "<p>co-op</p>\n"


def test_html_handout_has_one_case_and_no_front_or_back_matter() -> None:
    html = _html(handout="gamma-platform")
    assert re.findall(r'<article class="case" id="case-([a-z-]+)"', html) == ["gamma-platform"]
    for absent in ('class="cover"', 'class="toc"', 'id="organisations"', 'id="overview"'):
        assert absent not in html


# ---------------------------------------------------------------- the PDF


@pytest.mark.slow
def test_contents_page_numbers_are_the_pages_the_chapters_start_on(
    book: pypdf.PdfReader,
) -> None:
    pages = _pages(book)
    toc = next(text for text in pages if text.startswith("Contents"))
    printed = {}
    for line in toc.splitlines():
        # number, title, dot leader, reading time and language, page
        match = re.fullmatch(r"(\d+)\s*(.+?)[\s.]*?(?:\d+ min · [A-Z]{2}\s*)?(\d+)", line.strip())
        if match:
            printed[match[2].rstrip(" .")] = (int(match[1]), int(match[3]))
    expected = {}
    for number, (_id, title, _lang, _ws) in enumerate(sorted(FIXTURE_CASES), 1):
        expected[title] = (number, _chapter_page(pages, number, title))
    assert printed == expected


@pytest.mark.slow
def test_every_case_is_a_bookmark_pointing_at_its_chapter(book: pypdf.PdfReader) -> None:
    pages = _pages(book)

    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item

    marks = {m.title: book.get_destination_page_number(m) + 1 for m in flatten(book.outline)}
    for number, (_id, title, _lang, _ws) in enumerate(sorted(FIXTURE_CASES), 1):
        assert marks[title] == _chapter_page(pages, number, title)
    for title in ("Contents", "How to use this casebook", "The cases at a glance", "Glossary"):
        assert title in marks


@pytest.mark.slow
def test_sources_are_clickable_links(book: pypdf.PdfReader) -> None:
    uris = {
        annot.get_object()["/A"].get("/URI")
        for page in book.pages
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Link" and "/A" in annot.get_object()
    }
    for case_id, *_ in FIXTURE_CASES:
        assert f"https://example.org/{case_id}/report" in uris
    text = _flat(" ".join(_pages(book)))
    assert "https://example.org/alpha-study/report" in text  # the URL is printed too


def _font_names(reader: pypdf.PdfReader) -> set[str]:
    names: set[str] = set()

    def visit(resources) -> None:
        resources = resources.get_object() if resources else {}
        for font in resources.get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
        for xobject in resources.get("/XObject", {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return names


@pytest.mark.slow
def test_only_the_bundled_fonts_are_embedded(book: pypdf.PdfReader) -> None:
    fonts = {re.sub(r"^[A-Z]{6}\+", "", name.lstrip("/")) for name in _font_names(book)}
    assert fonts and all(name.startswith("Casebook-") for name in fonts), fonts


@pytest.mark.slow
def test_pdf_is_tagged_with_title_and_language(book: pypdf.PdfReader) -> None:
    root = book.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert book.metadata.title == casebook_config().title


@pytest.mark.slow
def test_dutch_edition_prints_dutch_labels_and_keeps_case_text(
    book_nl: pypdf.PdfReader,
) -> None:
    pages = _pages(book_nl)
    text = _flat(" ".join(pages))
    assert book_nl.trailer["/Root"]["/Lang"] == "nl"
    for label in (
        "Inhoud",
        "Zo gebruik je dit casebook",
        "IN EEN OOGOPSLAG",
        "Vormen van samenwerking",
        "Bronnen",
        "Register van organisaties",
        "Woordenlijst",
        "Gezamenlijk onderzoek",
    ):
        assert label in text, label
    assert "At a glance" not in text and "AT A GLANCE" not in text
    assert not re.search(r"(Pagina|Page) \d+ (van|of)", text)  # folios are numbers alone
    assert "Why work together" in text  # an English case keeps its own headings
    assert "Waarom samenwerken" in text


@pytest.mark.slow
def test_duplex_chapters_open_on_right_hand_pages(library_dir: Path, tmp_path: Path) -> None:
    reader = _build(library_dir, tmp_path / "out", duplex=True)
    pages = _pages(reader)
    for number, (_id, title, _lang, _ws) in enumerate(sorted(FIXTURE_CASES), 1):
        assert _chapter_page(pages, number, title) % 2 == 1, title


@pytest.mark.slow
def test_workshop_edition_and_handouts(library_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    reader = _build(library_dir, out, workshop="ws-north", handouts=True)
    text = _flat(" ".join(_pages(reader)))
    assert "Workshop: ws-north" in _flat(_pages(reader)[0])
    assert "Gamma platform for fair tea" not in text
    assert sorted(p.name for p in (out / "cases").iterdir()) == [
        "alpha-study.pdf",
        "delta-keten.pdf",
    ]
    handout = _flat(" ".join(_pages(pypdf.PdfReader(out / "cases" / "alpha-study.pdf"))))
    assert "Alpha NGO and Beta Co: a joint study" in handout
    assert "Delta ketenproject" not in handout


def test_unknown_workshop_is_a_clean_build_error(library_dir: Path, tmp_path: Path) -> None:
    from pipeline.build import BuildError

    with pytest.raises(BuildError, match="No case lists the workshop 'nope'"):
        build(library_dir, tmp_path / "out", Edition(workshop="nope"), today=TODAY)


def test_case_without_questions_gets_two_from_the_bank_marked_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    body = case_text("test-case").split("## Questions for discussion")[0].split("---\n", 2)[2]
    (folder / "test-case.md").write_text(case_text("test-case", body=body), "utf-8")
    _validation, library = load_library(folder)
    assert library is not None
    [case] = library.cases
    assert case.questions_from_bank and len(case.questions) == 2
    html = _html(library=library)
    box = html.split('<section class="questions questions-bank"', 1)[1].split("</section>", 1)[0]
    assert "General questions from the casebook’s question bank" in box
    # Printed as typeset (typographic apostrophes), word for word the bank's questions.
    assert [typeset(q.text("en"), "en") for q in case.questions] == [
        html_module.unescape(item) for item in re.findall(r"<li>(.*?)</li>", box)
    ]


def test_every_coded_term_is_in_its_panel_and_each_case_shows_its_reading_time() -> None:
    html = _html()
    for c in _LIBRARY.cases:
        article = html.split(f'id="case-{c.id}"', 1)[1].split("</article>", 1)[0]
        panel = article.split('<aside class="glance"', 1)[1].split("</aside>", 1)[0]
        for field in ("themes", "risks", "safeguards", "forms", "sectors"):
            for label in c.labels(field, "en"):
                assert html_module.escape(typeset(label, "en")) in panel, (c.id, field, label)
        if c.meta.funding:
            assert html_module.escape(typeset(c.labels("funding", "en")[0], "en")) in panel
        for partner in c.meta.partners:
            if partner.counterpart:
                assert "counterpart" in panel.lower()
    matrix = html.split('<table class="matrix"', 1)[1].split("</table>", 1)[0]
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    for c in _LIBRARY.cases:
        note = f"{c.reading_minutes}\u00a0min · {c.meta.language.upper()}"
        assert html_module.unescape(matrix).count(note) >= 1 and note in html_module.unescape(toc)


def test_a_partnership_of_one_calendar_year_lasts_less_than_a_year(library_dir: Path) -> None:
    folder = library_dir.parent / "same-year"
    folder.mkdir(exist_ok=True)
    front = VALID_FRONT_MATTER.format(id="same-year").replace("ended: 2016", "ended: 2011")
    (folder / "same-year.md").write_text(case_text("same-year", front=front), "utf-8")
    _validation, library = load_library(folder)
    assert library is not None
    english = _html("en", library=library)
    dutch = _html("nl", library=library)
    assert "<dd>2011 · less than a year</dd>" in english
    assert "<dd>2011 · minder dan een jaar</dd>" in dutch
