"""Stage 5, render: Library -> casebook HTML (Jinja) -> PDF (WeasyPrint).

Contributed text is untrusted. Markdown is rendered with raw HTML disabled and
then cleaned with an allow-list (nh3); links keep only http, https and mailto;
Jinja autoescapes everything else and case text is never used as a template.
WeasyPrint gets the fetcher of `pipeline.sandbox`: no network, no other file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup
from ruamel.yaml import YAML

from .config import TEMPLATES_DIR, CasebookConfig
from .enrich import Library
from .sandbox import safe_fetcher
from .schema import sections, vocabularies, vocabulary_for

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)
_ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
LINK_SCHEMES = {"http", "https", "mailto"}


def markdown_to_html(text: str) -> Markup:
    """Contributor Markdown -> safe HTML. Headings shift down one level (## is the section)."""
    html = _MD.render(text)
    html = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )
    return Markup(cleaned)


@cache
def labels() -> dict[str, dict[str, str]]:
    """Interface words of the casebook: key -> {en, nl}."""
    return YAML(typ="safe").load((TEMPLATES_DIR / "labels.yaml").read_text("utf-8"))["labels"]


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown_to_html
    return env


def casebook_html(
    library: Library, *, lang: str, config: CasebookConfig, build: dict[str, Any]
) -> str:
    """The whole casebook as one HTML document (pure: no files written)."""
    words = labels()

    def t(key: str) -> str:
        entry = words[key]
        return entry.get(lang) or entry["en"]

    def term(field: str, term_id: str | None) -> str:
        if not term_id:
            return ""
        return vocabulary_for(field).term(term_id).label(lang)

    template = _environment().get_template("casebook.html.j2")
    return template.render(
        library=library,
        cases=library.cases,
        lang=lang,
        config=config,
        build=build,
        t=t,
        term=term,
        sections=sections(),
        vocabularies=vocabularies(),
    )


def render_pdf(html: str, target: Path) -> int:
    """Render casebook HTML to a PDF file; returns the number of pages."""
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=safe_fetcher()
    ).render()
    document.write_pdf(target, pdf_variant="pdf/ua-1", attachments=[], uncompressed_pdf=False)
    return len(document.pages)
