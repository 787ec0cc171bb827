"""What readers online get: the library as a static website, in every language.

In:  the enriched library, the edition and the build's facts; the files the other
products wrote into the same staging folder (or, built alone, the last build's).
Out: ``site/`` — a landing page, then per language (``en/``, ``nl/``) a home page, the
case index with search and filters, one page per case, the cross-case views, the
organisations, the glossary and the downloads; a 404 page, ``sitemap.xml``, the bundled
stylesheet, script, fonts and icon, Pagefind's index (``pagefind/``) and the downloads
themselves (``downloads/``, copies of the build's PDFs and data), so that the folder
alone is the whole site. A file whose bytes did not change since the last build is
not rewritten (`pipeline.web.files`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.config import ASSETS_DIR, WEB_ASSETS
from pipeline.edition import BuildInfo, Edition, ProductResult
from pipeline.i18n import format_date, label, languages
from pipeline.library import Library
from pipeline.reference import sdg_goals
from pipeline.web import pages
from pipeline.web.files import SiteFiles
from pipeline.web.pages import Download, Extras
from pipeline.web.search import write_index
from pipeline.web.site import Page, SiteSettings, absolute, page_file, render

__all__ = ["write_site"]

SITE = "site"
# The build's files the downloads page offers: (name beside the site, label key, group).
DOWNLOADS = (
    ("casebook.pdf", "web_dl_casebook", "print"),
    ("cards.pdf", "web_dl_cards", "print"),
    ("facilitator.pdf", "web_dl_facilitator", "print"),
    ("casebook-data.zip", "web_dl_zip", "data"),
    ("casebook.xlsx", "web_dl_workbook", "data"),
    ("casebook.sqlite", "web_dl_sqlite", "data"),
    ("data/datapackage.json", "web_dl_package", "data"),
    ("data/README.md", "web_dl_readme", "data"),
)
NAV = ("", "cases/", "across/", "organisations/", "glossary/", "downloads/")
NAV_LABELS = (
    "web_home",
    "web_cases",
    "web_across",
    "web_organisations",
    "web_glossary",
    "web_downloads",
)
FONTS = (
    "SourceSans3-Regular.otf",
    "SourceSans3-It.otf",
    "SourceSans3-Semibold.otf",
    "SourceSans3-Bold.otf",
    "OFL-SourceSans3.txt",
)


def write_site(library: Library, edition: Edition, info: BuildInfo, staging: Path) -> ProductResult:
    """Write ``site/`` into `staging` (see the module's docstring)."""
    root = staging / SITE
    root.mkdir()
    files = SiteFiles(root, info.output / SITE if info.output else None)
    extras = _downloads(library, edition, staging, info.output, files)
    until = library.build_year or info.date.year
    url = info.config.site_url.strip()
    settings = SiteSettings(
        info.config.title,
        url if not url or url.endswith("/") else url + "/",
        languages(),
        info.config.licence,
        info.package_version or info.version,
        tuple((lang, info.config.for_language(lang).title) for lang in languages()),
    )
    every: list[Page] = []
    for lang in settings.languages:
        config = info.config.for_language(lang)
        citation = label("web_cite_text", lang).format(
            publisher=config.publisher,
            year=info.date.year,
            title=config.title,
            version=settings.version,
            licence=config.licence.replace("-", " "),
        )
        # Each case in the reader's language where a text in it exists (original or
        # translation), else in its own: titles, summaries, roles, sections, cross-case views.
        shown = library.in_language(lang)
        every += [
            pages.home_page(shown, lang),
            pages.index_page(shown, lang, until),
            pages.across_page(shown, lang),
            *pages.organisation_pages(shown, lang),
            pages.glossary_page(lang),
            pages.downloads_page(lang, extras, citation, edition.lang),
            *(pages.case_page(shown, case, lang, until, extras) for case in shown.cases),
        ]
    dates = {lang: format_date(info.date, lang) for lang in settings.languages}
    for page in every:
        nav = [(f"{page.lang}/{path}", key) for path, key in zip(NAV, NAV_LABELS, strict=True)]
        page.context.setdefault("built", dates[page.lang])
        files.write(page_file(page.path), render(page, settings, nav))
    first = settings.languages[0]
    for path, template, scripts in (
        ("", "landing.html.j2", True),
        ("404.html", "404.html.j2", False),
    ):
        page = Page(
            path, first, template, settings.title, {"built": dates[first]}, scripts, localised=False
        )
        files.write(page_file(path), render(page, settings, []))
    _assets(files)
    files.write("sitemap.xml", _sitemap(settings, every))
    if settings.url:
        files.write(
            "robots.txt",
            f"User-agent: *\nAllow: /\nSitemap: {absolute(settings, 'sitemap.xml')}\n".encode(),
        )
    write_index(root, files)
    info.tell(f"The site: {len(files.written)} files written, {len(files.kept)} unchanged")
    return ProductResult((SITE,))


def _downloads(
    library: Library, edition: Edition, staging: Path, output: Path | None, files: SiteFiles
) -> Extras:
    """Copy the build's downloads into the site: from `staging` (written by the other
    products of this build), else from the last build's `output`; what was found."""

    def find(name: str) -> Path | None:
        for folder in (staging, output):
            if folder is not None and (folder / name).is_file():
                return folder / name
        return None

    found = []
    for name, key, group in DOWNLOADS:
        if (source := find(name)) is not None:
            files.copy(f"downloads/{name}", source)
            found.append(Download(f"downloads/{name}", key, source.stat().st_size, group))
    rows: dict[str, dict[str, int]] = {}
    for case in library.cases:
        rows[case.id] = {}
    package = find("data/datapackage.json")
    tables = sorted(package.parent.glob("*.csv")) if package else []
    for table in tables:
        files.copy(f"downloads/data/{table.name}", table)
        found.append(Download(f"downloads/data/{table.name}", "", table.stat().st_size, "table"))
        for case_id, count in _rows_per_case(table).items():
            if case_id in rows:
                rows[case_id][table.name] = count
    handouts = set()
    for case in library.cases:
        if (source := find(f"cases/{case.id}.pdf")) is not None:
            files.copy(f"downloads/cases/{case.id}.pdf", source)
            handouts.add(case.id)
    carded = {
        c.id for c in library.cases if not edition.workshop or edition.workshop in c.meta.workshops
    }
    return Extras(
        tuple(found),
        frozenset(carded if find("cards.pdf") else ()),
        frozenset(handouts),
        {k: v for k, v in rows.items() if v},
    )


def _rows_per_case(table: Path) -> dict[str, int]:
    """How many rows of a CSV table belong to each case (column case_id, or id in cases.csv)."""
    counts: dict[str, int] = {}
    with table.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        column = "case_id" if "case_id" in (reader.fieldnames or ()) else ""
        if not column and table.name == "cases.csv":
            column = "id"
        if not column:
            return {}
        for row in reader:
            counts[row[column]] = counts.get(row[column], 0) + 1
    return counts


def _assets(files: SiteFiles) -> None:
    """The stylesheet (with a class per SDG colour: no inline style), script, icon, fonts."""
    css = (WEB_ASSETS / "site.css").read_text("utf-8")
    badges = "".join(
        f".sdg-{g.number}{{background:{g.colour};color:{g.text_colour}}}\n"
        for g in sdg_goals().values()
    )
    files.write("assets/site.css", (css + "\n/* SDG colours */\n" + badges).encode())
    files.copy("assets/site.js", WEB_ASSETS / "site.js")
    files.copy("favicon.svg", WEB_ASSETS / "favicon.svg")
    for name in FONTS:
        files.copy(f"assets/fonts/{name}", ASSETS_DIR / "fonts" / name)


def _sitemap(settings: SiteSettings, every: list[Page]) -> bytes:
    """sitemap.xml: every page with its language alternates (absolute addresses)."""
    from xml.sax.saxutils import quoteattr

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    base = settings.url or "/"
    lines.append(f"  <url><loc>{base}</loc></url>")  # the landing page
    for page in every:
        rest = page.path.split("/", 1)[1]
        lines.append(f"  <url><loc>{base}{page.path}</loc>")
        for lang in settings.languages:
            href = quoteattr(f"{base}{lang}/{rest}")
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" href={href}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()
