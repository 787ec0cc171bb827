"""The web edition's pages as HTML (pipeline/web/), without a browser.

A library of three made-up cases (the suite's test case, the tricky one with diacritics
and quotes, and a hostile one whose title, partner and text try to smuggle in HTML and
script) is written with the data package and a stand-in cards.pdf beside it, as a build
does, and the site's files are read back as text.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.build import load_library
from pipeline.config import casebook_config
from pipeline.data import write_data
from pipeline.edition import BuildInfo, Edition
from pipeline.web import write_site
from pipeline.web.site import csp, relative
from tests.support import (
    TODAY,
    TRICKY_BODY,
    TRICKY_FRONT,
    VALID_BODY,
    VALID_FRONT_MATTER,
    translation_text,
)
from tests.support import case_text as case_file

SITE_URL = "https://example.org/library/"
HOSTILE_FRONT = (
    VALID_FRONT_MATTER.format(id="hostile-case")
    .replace(
        'title: "Test NGO – Test Co: a joint study"',
        'title: "Hostile <script>alert(1)</script> & \\"quotes\\""',
    )
    .replace("  - name: Test NGO\n", '  - name: "Test NGO <img src=x onerror=alert(2)>"\n')
)
HOSTILE_BODY = VALID_BODY.replace(
    "## Why work together\n\n",
    "## Why work together\n\n<script>alert(3)</script> <img src=x onerror=alert(4)> "
    "[click](javascript:alert(5)) [ok](https://example.org/ok) "
    '<a href="https://evil.example" onclick="x()">raw</a>\n\n',
    1,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    cases = folder / "cases"
    cases.mkdir()
    (cases / "test-case.md").write_text(case_file("test-case"), "utf-8")
    (cases / "test-case.nl.md").write_text(translation_text(), "utf-8")
    (cases / "cu-chi-coffee.md").write_text(
        case_file("cu-chi-coffee", front=TRICKY_FRONT, body=TRICKY_BODY), "utf-8"
    )
    (cases / "hostile-case.md").write_text(
        case_file("hostile-case", front=HOSTILE_FRONT, body=HOSTILE_BODY), "utf-8"
    )
    _result, library = load_library(cases, today=TODAY, day=TODAY)
    assert library is not None
    config = dataclasses.replace(casebook_config(), site_url=SITE_URL)
    info = BuildInfo(TODAY, "test-version", config, package_version="1.0.0")
    staging = folder / "staging"
    staging.mkdir()
    write_data(library, Edition(), info, staging)
    (staging / "cards.pdf").write_bytes(b"%PDF-1.4 stand-in\n")
    (staging / "cases").mkdir()  # as --handouts writes them: one for test-case only
    (staging / "cases" / "test-case.pdf").write_bytes(b"%PDF-1.4 handout\n")
    result = write_site(library, Edition(), info, staging)
    assert result.names == ("site",)
    return staging / "site"


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_the_index_lists_every_case_with_its_filter_attributes(site):
    html = read(site, "en/cases/index.html")
    items = re.findall(r'<li class="case-item" [^>]*>', html)
    assert items == [
        '<li class="case-item" data-case="cu-chi-coffee" data-form="supply-chain capacity-building"'
        ' data-sector="agriculture-food" data-country="VN" data-region="asia" data-theme=""'
        ' data-risk="" data-safeguard="" data-status="active" data-language="en"'
        ' data-period="2010 2020">',
        '<li class="case-item" data-case="hostile-case" data-form="joint-research"'
        ' data-sector="consumer-goods" data-country="VN" data-region="asia"'
        ' data-theme="labour-rights" data-risk="loss-of-independence"'
        ' data-safeguard="right-to-publish" data-status="completed" data-language="en"'
        ' data-period="2010">',
        '<li class="case-item" data-case="test-case" data-form="joint-research"'
        ' data-sector="consumer-goods" data-country="VN" data-region="asia"'
        ' data-theme="labour-rights" data-risk="loss-of-independence"'
        ' data-safeguard="right-to-publish" data-status="completed" data-language="en"'
        ' data-period="2010">',
    ]
    assert '<h2><a href="test-case/" lang="en">Test NGO – Test Co: a joint study</a></h2>' in html
    # The filters: one checkbox per value that occurs, with its count.
    assert re.search(
        r'<input type="checkbox" id="f-form-1" name="form" value="joint-research">\s*'
        r'<label for="f-form-1">Joint research <span class="count">\(2\)</span></label>',
        html,
    )
    assert 'name="period" value="2020">' in html and 'name="period" value="2000"' not in html
    # Without JavaScript the form stays hidden and the note says every case is listed.
    assert '<form class="finder" id="finder" role="search" hidden' in html
    assert "Search and filters need JavaScript; without it, every case is listed below." in html


def test_the_dutch_index_labels_the_same_codes_in_dutch(site):
    html = read(site, "nl/cases/index.html")
    assert '<html lang="nl" dir="ltr">' in html
    assert '<label for="f-status-1">Lopend' in html or '<label for="f-status-1">Actief' in html
    assert '<label for="f-country-1">Vietnam <span class="count">(3)</span></label>' in html
    assert "Zoek in de cases" in html


def test_a_case_page_has_its_panel_sections_sources_and_files(site):
    html = read(site, "en/cases/test-case/index.html")
    assert '<h1 data-pagefind-meta="title">Test NGO – Test Co: a joint study</h1>' in html
    assert '<p class="kicker" lang="en" data-pagefind-ignore>Case 3 of 3</p>' in html
    assert (
        '<li><a href="../../organisations/test/" lang="en">Test Co</a>'
        ' <span class="muted">Company; counterpart: CSR / sustainability</span>'
    ) in html
    panel = re.search(r'<aside class="glance".*?</aside>', html, re.S)
    assert panel is not None
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", panel[0])).strip()
    assert text.startswith("At a glance Partners Test NGO NGO Designed and led the study.")
    for words in (
        "Countries Vietnam",
        "Sectors Consumer goods",
        "Forms of collaboration Joint research",
        "Period 2011–2016 · 5 years",
        "Status Completed",
        "Risks Loss of independence",
        "Safeguards Right to publish",
        "SDGs 8 Decent work and economic growth",
        "Case written in English",
        "Reviewed 2026-01-31",
    ):
        assert words in text, words
    assert '<a href="../../glossary/#forms-joint-research">Joint research</a>' in html
    assert '<h2 id="s-why">Why work together</h2>' in html
    assert (
        '<li><span lang="en">Test NGO</span> (2013). <cite lang="en">Test report</cite>.'
        ' <a href="https://example.org/report" rel="noopener noreferrer" class="url">'
        "https://example.org/report</a></li>"
    ) in html
    assert (
        '<a href="../../../downloads/cards.pdf#nameddest=card-test-case" type="application/pdf">'
        in html
    )
    assert (
        '<li><a href="../../../downloads/data/partners.csv">partners.csv</a>: 2 rows</li>' in html
    )
    assert '<li><a href="../../../downloads/data/cases.csv">cases.csv</a>: 1 row</li>' in html
    assert (
        '<span data-pagefind-filter="form:joint-research"></span>'
        '<span data-pagefind-filter="sector:consumer-goods"></span>'
    ) in html


def test_every_page_has_the_strict_policy_and_only_the_bundled_script(site):
    found = pages(site)
    assert len(found) > 20
    for path in found:
        html = path.read_text("utf-8")
        policies = re.findall(
            r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html
        )
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert policies == [csp(bool(scripts))], path
        assert scripts in (
            [],
            ['<script type="module" src="' + _up(site, path) + 'assets/site.js">'],
        ), path
        assert [a for a in _attributes(html) if _unsafe(*a)] == [], path
    assert csp(False) == (
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; "
        "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'"
    )


def _attributes(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of every attribute of every element, as a browser reads them."""
    found: list[tuple[str, str, str]] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend((tag, name, value or "") for name, value in attrs)

    Reader().feed(html)
    return found


def _unsafe(tag: str, name: str, value: str) -> bool:
    address = name in ("href", "src", "action") and value.strip().lower().startswith("javascript:")
    return name.startswith("on") or name == "style" or address


def _up(site: Path, path: Path) -> str:
    return "../" * (len(path.relative_to(site).parts) - 1)


def test_contributed_html_is_shown_as_text_never_run(site):
    html = read(site, "en/cases/hostile-case/index.html")
    assert (
        '<h1 data-pagefind-meta="title">Hostile &lt;script&gt;alert(1)&lt;/script&gt; &amp; “quotes”</h1>'
        in html
    )
    assert "<title>Hostile &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34; ·" in html
    assert "Test NGO &lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert '<a href="https://example.org/ok" rel="noopener noreferrer">ok</a>' in html
    # A javascript: link is not a link; a raw one is text.
    assert "[click](javascript:alert(5))" in html
    assert (
        "&lt;a href=”https://evil.example” onclick=”x()”&gt;raw&lt;/a&gt;" in html
    )  # typeset text
    assert '<a href="https://evil.example"' not in html
    assert "<script>" not in html and "<img" not in html


def test_canonical_hreflang_and_open_graph_links(site):
    html = read(site, "nl/cases/test-case/index.html")
    base = SITE_URL
    assert f'<link rel="canonical" href="{base}nl/cases/test-case/">' in html
    assert f'<link rel="alternate" hreflang="en" href="{base}en/cases/test-case/">' in html
    assert f'<link rel="alternate" hreflang="nl" href="{base}nl/cases/test-case/">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{base}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="nl_BE">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert f'<meta property="og:url" content="{base}nl/cases/test-case/">' in html
    assert '<link rel="icon" href="../../../favicon.svg" type="image/svg+xml">' in html


def test_the_language_switch_keeps_the_page(site):
    for path in ("en/cases/test-case/index.html", "en/glossary/index.html", "en/index.html"):
        other = path.replace("en/", "nl/", 1)
        html, dutch = read(site, path), read(site, other)
        up = "../" * (path.count("/"))
        target = up + other.removesuffix("index.html")
        assert f'<a class="lang-switch" href="{target}" hreflang="nl" lang="nl"' in html, path
        assert f'href="{target.replace("nl/", "en/", 1)}" hreflang="en" lang="en"' in dutch, path


def test_the_sitemap_lists_every_page_with_its_alternates(site):
    xml = read(site, "sitemap.xml")
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    files = {
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in pages(site)
        if p.name != "404.html"
    }
    assert sorted(loc.removeprefix(SITE_URL) for loc in locs) == sorted(files)
    assert (
        f'<xhtml:link rel="alternate" hreflang="nl" href="{SITE_URL}nl/cases/test-case/"/>' in xml
    )


def test_the_landing_page_leads_to_both_homes_without_a_switch(site):
    html = read(site, "index.html")
    assert f'<link rel="canonical" href="{SITE_URL}">' in html
    assert f'<link rel="alternate" hreflang="nl" href="{SITE_URL}nl/">' in html
    assert '<a href="en/" hreflang="en">English</a>' in html
    assert '<a href="nl/" hreflang="nl">Nederlands</a>' in html
    assert 'class="lang-switch"' not in html


def test_the_404_page_links_from_the_root_path_and_speaks_both_languages(site):
    html = read(site, "404.html")
    assert '<link rel="stylesheet" href="/library/assets/site.css">' in html
    assert '<a href="/library/en/">Home</a>' in html
    assert '<a href="/library/nl/cases/">Alle cases</a>' in html
    assert '<link rel="canonical"' not in html


def test_the_downloads_page_links_to_files_inside_the_site(site):
    html = read(site, "en/downloads/index.html")
    links = re.findall(r'<a href="\.\./\.\./(downloads/[^"]+)">', html)
    assert "downloads/cards.pdf" in links and "downloads/casebook.xlsx" in links
    assert "downloads/data/cases.csv" in links and "downloads/data/README.md" in links
    assert "downloads/casebook.pdf" not in links  # not written by this build
    assert "downloads/cases/test-case.pdf" in links
    for link in links:
        assert (site / link).is_file(), link
    assert "Partnership Case Library (2026). Partnership Case Library, version 1.0.0." in html


def test_the_home_page_asks_the_workshop_questions(site):
    html = read(site, "nl/index.html")
    assert '<a href="across/#q-why">Waarom zouden ngo’s met bedrijven samenwerken?</a>' in html
    assert "De vragen van de workshop" in html
    across = read(site, "nl/across/index.html")
    assert '<section id="q-why" aria-labelledby="q-why-title" class="topic">' in across
    # The question of forms comes with the matrix of cases by form, as in the casebook.
    forms = across.split('<section id="q-forms"', 1)[1].split("</section>", 1)[0]
    assert "<caption>Cases per vorm van samenwerking</caption>" in forms
    assert '<th scope="col">Gezamenlijk onderzoek</th>' in forms


def test_organisation_pages_list_their_cases(site):
    html = read(site, "en/organisations/test/index.html")
    assert "<h1>Test Co</h1>" in html
    assert '<li><a href="../../cases/hostile-case/" lang="en">' in html
    assert (
        '<li><a href="../../cases/test-case/" lang="en">Test NGO – Test Co: a joint study</a></li>'
        in html
    )


def test_the_search_index_covers_the_cases_in_both_languages(site):
    entry = read(site, "pagefind/pagefind-entry.json")
    assert '"en":{"hash":"en_' in entry and '"page_count":3' in entry
    assert '"nl":{"hash":"nl_' in entry


@pytest.mark.parametrize(
    ("origin", "target", "link"),
    [
        ("en/cases/x/", "en/cases/", "../"),
        ("en/cases/x/", "en/cases/x/", "./"),
        ("en/", "assets/site.css", "../assets/site.css"),
        ("", "en/", "en/"),
        ("en/cases/x/", "en/glossary/#forms-a", "../../glossary/#forms-a"),
        ("404.html", "en/", "en/"),
    ],
)
def test_relative_links(origin, target, link):
    assert relative(origin, target) == link


def test_every_page_parses_as_html5_without_an_error_and_has_unique_ids(site):
    from tinyhtml5.parser import HTMLParser as Html5Parser  # WeasyPrint's HTML5 parser

    probe = Html5Parser()
    probe.parse("<!DOCTYPE html><p><div></p>")
    assert probe.errors  # it does report misnested markup
    # One page of each template in each language (the parser is slow), the hostile case.
    kinds = (
        "",
        "cases/",
        "cases/hostile-case/",
        "across/",
        "organisations/",
        "organisations/test/",
        "glossary/",
        "downloads/",
    )
    for path in ["index.html", "404.html"] + [
        f"{lang}/{k}index.html" for lang in ("en", "nl") for k in kinds
    ]:
        parser = Html5Parser()
        parser.parse(read(site, path))
        assert parser.errors == [], path
    for page in pages(site):
        ids = [value for _tag, name, value in _attributes(page.read_text("utf-8")) if name == "id"]
        assert len(ids) == len(set(ids)), page


def test_a_translated_case_page_is_in_the_readers_language_and_says_so(site: Path) -> None:
    dutch = read(site, "nl/cases/test-case/index.html")
    assert (
        '<h1 data-pagefind-meta="title">Test NGO – Test Co: een gezamenlijk onderzoek</h1>' in dutch
    )
    assert (
        '<p class="translation-note" lang="nl" data-pagefind-ignore>Vertaald uit het Engels door'
        " The test suite (machinaal ondersteunde vertaling; nog niet nagelezen)."
    ) in dutch
    # The site's own name is the edition's in each language ([tool.casebook] title).
    assert "<title>Test NGO – Test Co: een gezamenlijk onderzoek · Casebibliotheek" in dutch
    english = read(site, "en/cases/test-case/index.html")
    assert "<title>Test NGO – Test Co: a joint study · Partnership Case Library</title>" in english
    assert "translation-note" not in english
    assert "Test NGO – Test Co: a joint study</h1>" in english
