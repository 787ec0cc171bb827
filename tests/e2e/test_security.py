"""Hostile case files: nothing is read, fetched, evaluated or embedded.

Each hostile input is either rejected with a clear message or rendered
harmlessly. The unit tests call the pure functions (Markdown cleaning, the
fetcher, validation, CSV export); one slow test builds a whole hostile
library and reads the PDF, CSV and workbook back.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.build import build, load_library
from pipeline.casebook import fetcher as sandbox
from pipeline.casebook.html import casebook_html, markdown_to_html
from pipeline.check.validate import validate_library
from pipeline.config import ASSETS_DIR, casebook_config
from pipeline.config import CASEBOOK_TEMPLATES as TEMPLATES_DIR
from pipeline.contract import MAX_CASE_BYTES, MAX_SECTION_CHARS
from pipeline.data.package import export_package
from pipeline.edition import BuildInfo, Edition
from tests.support import SECTION_TEXT, TODAY, VALID_BODY, VALID_FRONT_MATTER, case_text

FRONT = VALID_FRONT_MATTER.format(id="test-case")

# --- Markdown: raw HTML off, allow-list, links -------------------------------------------

BLOCKED_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java&#x09;script:alert(1)",
    "%6Aavascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "../../../../etc/passwd",
    "ftp://evil.example/x",
]


@pytest.mark.parametrize("url", BLOCKED_LINKS)
def test_links_other_than_http_https_mailto_lose_their_target(url):
    html = str(markdown_to_html(f"[click]({url})"))
    assert "href" not in html
    assert "click" in html


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=c", "http://example.org/", "mailto:info@example.org"]
)
def test_http_https_and_mailto_links_are_kept(url):
    assert str(markdown_to_html(f"[click]({url})")) == (
        f'<p><a href="{url.replace("&", "&amp;")}" rel="noopener noreferrer">click</a></p>\n'
    )


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("<iframe src=x></iframe>", "<p>&lt;iframe src=x&gt;&lt;/iframe&gt;</p>\n"),
        (
            '<link rel="attachment" href="file:///etc/passwd">',
            '<p>&lt;link rel="attachment" href="file:///etc/passwd"&gt;</p>\n',
        ),
        (
            "<style>@import url(http://127.0.0.1:1/a.css)</style>",
            "<p>&lt;style&gt;@import url(http://127.0.0.1:1/a.css)&lt;/style&gt;</p>\n",
        ),
        ("{{ 7*7 }} {% include 'x' %}", "<p>{{ 7*7 }} {% include 'x' %}</p>\n"),
    ],
)
def test_raw_html_and_template_syntax_stay_text(markdown, html):
    assert str(markdown_to_html(markdown)) == html


@pytest.mark.parametrize(
    "markdown",
    [
        "![x](file:///etc/passwd)",
        "![x](http://127.0.0.1:1/x.png)",
        "![x](../../../../etc/passwd)",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
    ],
)
def test_markdown_images_are_dropped(markdown):
    html = str(markdown_to_html(markdown))
    assert "<img" not in html
    assert "src=" not in html


# --- Validation: rejected with a clear message -------------------------------------------


def errors(cases_dir: Path) -> list[tuple[str, int | None, str, str]]:
    result = validate_library(cases_dir, today=TODAY)
    return [
        (p.code, p.line, p.field, p.message("en")) for p in result.problems if p.severity == "error"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "start"),
    [
        ("  - name: Test NGO", '  - name: "=HYPERLINK(\\"x\\")"', 10, "partners[0].name", "="),
        ("publisher: Test NGO", 'publisher: "=SUM(A1)"', 37, "sources[0].publisher", "="),
        ('title: "Test NGO', 'title: "=Test NGO', 3, "title", "="),
        ("safeguards:", "tags:\n  - '=1+1'\nsafeguards:", 34, "tags[0]", "="),
        ("reviewed:", 'contributor: "=A. Writer"\nreviewed:', 40, "contributor", "="),
    ],
)
def test_short_fields_that_start_with_an_equals_sign_are_rejected(
    cases_dir, write_case, old, new, line, field, start
):
    write_case(front=FRONT.replace(old, new, 1))
    found = errors(cases_dir)
    assert [(code, at, name) for code, at, name, _ in found] == [("formula-like", line, field)]
    assert "which spreadsheets run as a formula" in found[0][3]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - name: Test NGO", '  - name: "+Acumen"'),
        ("  - name: Test NGO", '  - name: "@Home Foundation"'),
        ("publisher: Test NGO", 'publisher: "-ish Press"'),
        ('title: "Test NGO', 'title: "+Test NGO'),
        ("safeguards:", "tags:\n  - '-1+1'\n  - '@mentions'\nsafeguards:"),
        ("reviewed:", 'contributor: "-A. Writer"\nreviewed:'),
    ],
)
def test_short_fields_may_start_with_plus_minus_or_at(cases_dir, write_case, old, new):
    # Only "=" is refused: the CSV holds text exactly and the workbook stores it as text.
    write_case(front=FRONT.replace(old, new, 1))
    assert errors(cases_dir) == []


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u2060", "\ufeff", "\x07", "\x1b"])
def test_control_and_zero_width_characters_in_names_are_rejected(cases_dir, write_case, char):
    # Written as a YAML escape: the YAML reader itself refuses raw control characters.
    write_case(front=FRONT.replace("  - name: Test NGO", f'  - name: "Test\\u{ord(char):04X}NGO"'))
    assert errors(cases_dir) == [
        (
            "forbidden-character",
            10,
            "partners[0].name",
            f"“partners[0].name” contains an invisible or control character (U+{ord(char):04X}). "
            "Retype the text or paste it as plain text.",
        )
    ]


def test_zero_width_character_in_the_id_is_rejected(cases_dir, write_case):
    write_case(front=FRONT.replace("id: test-case", 'id: "test\u200b-case"'))
    codes = [(code, at, name) for code, at, name, _ in errors(cases_dir)]
    assert ("invalid-id", 2, "id") in codes


def test_text_is_normalised_to_nfc(cases_dir, write_case):
    decomposed = unicodedata.normalize("NFD", "Café Crème")
    assert decomposed != "Café Crème"
    write_case(front=FRONT.replace("  - name: Test NGO", f"  - name: {decomposed}"))
    result = validate_library(cases_dir, today=TODAY)
    assert result.cases[0].meta.partners[0].name == "Café Crème"


def test_file_over_the_size_limit_is_rejected_unread(cases_dir, write_case):
    write_case(raw=case_text().encode("utf-8") + b"x" * MAX_CASE_BYTES)
    found = errors(cases_dir)
    assert [code for code, *_ in found] == ["file-too-large"]
    assert f"may be at most {MAX_CASE_BYTES} bytes" in found[0][3]


def test_section_over_the_length_limit_is_rejected(cases_dir, write_case):
    long_text = ("word " * (MAX_SECTION_CHARS // 5 + 1)).strip()
    write_case(body=VALID_BODY.replace(SECTION_TEXT, long_text, 1))
    found = errors(cases_dir)
    assert [(code, at) for code, at, *_ in found] == [("section-too-long", 43)]
    assert found[0][3] == (
        f"The section “Why work together” has {len(long_text)} characters; at most "
        f"{MAX_SECTION_CHARS} are allowed. Shorten it: the casebook is read in a workshop."
    )


def test_yaml_bomb_is_rejected_before_it_expands(cases_dir, write_case):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{x}: &{x} [{','.join(['*' + p] * 9)}]\n"
        for p, x in zip("abcdefgh", "bcdefghi", strict=True)
    )
    write_case(front=FRONT + bomb)
    found = errors(cases_dir)
    assert found and {code for code, *_ in found} == {"yaml-alias"}


# --- Property tests: hostile bytes never raise ---------------------------------------------

HOSTILE_SNIPPETS = [
    "{{ 7*7 }}",
    "{% include 'x' %}",
    "<script>x</script>",
    "![x](file:///etc/passwd)",
    "&a",
    "*a",
    "!!python/object:os.system",
    "=1+1",
    "\u202e",
    "\x00",
    "\ufeff",
    "---",
    "## Why work together",
    "# Title",
    ": :",
    "- - -",
    "'",
    '"',
    "\t",
    "\r",
]


def _validate_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "test-case.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        result = validate_library(Path(folder), today=TODAY)
        for problem in result.problems:
            assert problem.message("en") and problem.message("nl")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.integers(min_value=0, max_value=len(case_text())),
    snippet=st.sampled_from(HOSTILE_SNIPPETS) | st.text(max_size=20),
    cut=st.integers(min_value=0, max_value=40),
)
def test_mutated_case_files_never_raise(position, snippet, cut):
    text = case_text()
    _validate_text(text[:position] + snippet + text[position + cut :])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    front=st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n \t=@%?,.1")), max_size=120),
    body=st.text(max_size=200),
)
def test_random_front_matter_and_markdown_never_raise(front, body):
    _validate_text(f"---\n{front}\n---\n{body}")


# --- Jinja: case text is never a template -------------------------------------------------

HOSTILE_SECTION = """\
Template text must print literally: {{ 7*7 }} and {% include 'casebook.css' %} and {{ config }}.

![local file](file:///etc/passwd) ![traversal](../../../../etc/passwd) ![remote](http://127.0.0.1:1/x.png)

<link rel="attachment" href="file:///etc/passwd">
<iframe src="http://127.0.0.1:1/"></iframe>
<script>document.write(7*7)</script>
<style>@import url("http://127.0.0.1:1/a.css");</style>

[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [data](data:text/html,x)
[file](file:///etc/passwd) [proto](//127.0.0.1:1/x) [ok](https://example.org/ok)"""

HOSTILE_FRONT = (
    FRONT.replace('title: "Test NGO – Test Co: a joint study"', 'title: "Hostile {{ 7*7 }} case"')
    .replace(
        "summary: >-\n  A made-up case",
        "summary: >-\n  @import url(http://127.0.0.1:1/x.css); a made-up case",
    )
    .replace("role: Designed and led the study.", 'role: "-1+1 designed the study"')
    .replace('title: "Test report"', "title: \"=cmd|' /C calc'!A0\"")
)
HOSTILE_BODY = VALID_BODY.replace(SECTION_TEXT, HOSTILE_SECTION, 1).replace(
    SECTION_TEXT, "- first item of a list\n- second item of a list, " + SECTION_TEXT, 1
)


def write_hostile_library(cases_dir: Path) -> None:
    (cases_dir / "test-case.md").write_text(
        case_text("test-case", front=HOSTILE_FRONT, body=HOSTILE_BODY), "utf-8"
    )
    (cases_dir / "other-case.md").write_text(case_text("other-case"), "utf-8")


def test_hostile_case_is_valid_so_that_it_reaches_the_outputs(cases_dir):
    write_hostile_library(cases_dir)
    assert errors(cases_dir) == []


BUILD_INFO = BuildInfo(
    dt.date(2026, 11, 29), "test", dataclasses.replace(casebook_config(), edition="Test edition")
)


def _html_of(cases_dir: Path) -> str:
    _, library = load_library(cases_dir, today=TODAY)
    assert library is not None
    return casebook_html(library, Edition(), BUILD_INFO)


def test_case_text_is_not_a_template(cases_dir, tmp_path):
    write_hostile_library(cases_dir)
    html = _html_of(cases_dir)
    assert "Hostile {{ 7*7 }} case" in html
    # Shown as text (typeset: the quotes are typographic), never evaluated.
    assert "{{ 7*7 }} and {% include ‘casebook.css’ %} and {{ config }}" in html
    assert "Hostile 49 case" not in html

    # The hostile case adds no active or fetching element to what the templates make
    # for a harmless library of the same shape.
    clean_dir = tmp_path / "clean"
    clean_dir.mkdir()
    for case_id in ("test-case", "other-case"):
        (clean_dir / f"{case_id}.md").write_text(case_text(case_id), "utf-8")
    risky = {"script", "iframe", "img", "object", "embed", "style", "link", "base", "meta"}

    def risky_tags(page: str) -> list[tuple[str, list[str]]]:
        return sorted((t, sorted(a)) for t, a in _tags(page) if t in risky)

    assert risky_tags(html) == risky_tags(_html_of(clean_dir))
    # Charts are SVG data URLs that show case titles: the titles stay text there too.
    svgs = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    for svg in svgs:
        inner = _tags(base64.b64decode(svg).decode("utf-8"))
        assert {t for t, _ in inner} & {"script", "image", "foreignobject", "a", "use"} == set()
        assert [a for _, a in inner if "href" in a or "xlink:href" in a] == []
    targets = [a[k] for _, a in _tags(html) for k in ("href", "src") if a.get(k)]
    assert [
        u
        for u in targets
        if "passwd" in u
        or "127.0.0.1" in u
        or (":" in u.split("/")[0] and not u.startswith(("https:", "http:", "mailto:", "data:")))
    ] == []


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every real start tag of `html` (not escaped text) with its attributes."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


# --- Spreadsheets: CSV text read back ------------------------------------------------------


def test_published_csv_holds_hostile_text_exactly(cases_dir, tmp_path):
    write_hostile_library(cases_dir)
    _, library = load_library(cases_dir, today=TODAY)
    out = tmp_path / "data"
    export_package(library, out, casebook_config(), version="test", created="2026-11-29T00:00:00Z")
    tables = {
        path.stem: list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))
        for path in sorted(out.glob("*.csv"))
    }
    case = library.by_id("test-case")
    hostile = next(row for row in tables["cases"] if row["id"] == "test-case")
    assert hostile["summary"] == case.meta.summary
    assert hostile["summary"].startswith("@import url(http://127.0.0.1:1/x.css); a made-up case")
    assert hostile["section_contributions"] == case.case.sections["contributions"]
    assert hostile["section_contributions"].startswith(
        "- first item of a list\n- second item of a list, This paragraph"
    )
    partner = next(r for r in tables["partners"] if r["case_id"] == "test-case")
    assert partner["role"] == "-1+1 designed the study"
    source = next(r for r in tables["sources"] if r["case_id"] == "test-case")
    assert source["title"] == "=cmd|' /C calc'!A0"
    # No cell anywhere carries the quote prefix of the old policy.
    for name, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                assert not value.startswith("'"), (name, column, value)


# --- The whole build: fetcher spy, PDF, workbook --------------------------------------------


@pytest.mark.slow
def test_hostile_library_builds_harmlessly(cases_dir, tmp_path, monkeypatch):
    pypdf = pytest.importorskip("pypdf")
    openpyxl = pytest.importorskip("openpyxl")
    write_hostile_library(cases_dir)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 29).timestamp())))
    fetched: list[str] = []
    real = sandbox.safe_fetcher

    def spy_fetcher():
        fetcher = real()
        fetch = fetcher.fetch

        def record(url, headers=None):
            fetched.append(url)
            return fetch(url, headers)

        fetcher.fetch = record
        return fetcher

    monkeypatch.setattr("pipeline.casebook.pdf.safe_fetcher", spy_fetcher)
    monkeypatch.setenv("CASEBOOK_JOBS", "1")  # render in this process, where the spy is
    out = tmp_path / "out"
    result = build(cases_dir, out, today=TODAY)
    assert result.ok

    # Nothing was even asked for outside the package's own folders.
    assert fetched
    allowed = (TEMPLATES_DIR.resolve().as_uri(), ASSETS_DIR.resolve().as_uri(), "data:")
    assert [u for u in fetched if not u.startswith(allowed)] == []
    assert not [u for u in fetched if "passwd" in u or "127.0.0.1" in u]

    reader = pypdf.PdfReader(out / "casebook.pdf")
    assert reader.attachments == {}
    assert b"/EmbeddedFiles" not in (out / "casebook.pdf").read_bytes()
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "{{ 7*7 }}" in text
    assert "Hostile 49 case" not in text
    uris = [
        annot.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    external = [u for u in uris if u is not None]
    assert "https://example.org/ok" in external
    assert [u for u in external if not u.startswith(("https://", "http://", "mailto:"))] == []

    workbooks = list(out.glob("*.xlsx"))
    for path in workbooks:
        book = openpyxl.load_workbook(path)
        formulas = [
            c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"
        ]
        assert formulas == []
    assert os.listdir(out) and not [n for n in os.listdir(out) if n.startswith(".build-")]
