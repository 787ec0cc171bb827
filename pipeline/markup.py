"""Contributor Markdown as safe HTML: the one sanitiser every product that prints case
text uses (the casebook today, the web edition next).

In:  Markdown from a case file (untrusted). Out: HTML with raw HTML off, an allow-list
of tags and attributes (nh3), and links only to http, https, mailto and #anchors.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from pipeline.typography import typeset_html

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


def _fragment_only(url: str) -> str | None:
    """nh3 hook for relative URLs: keep "#anchor" links, drop every other relative URL."""
    return url if re.fullmatch(r"#[A-Za-z0-9_-]+", url) else None


def markdown_to_html(text: str) -> Markup:
    """Contributor Markdown -> safe HTML. Headings shift down one level (## is the section)."""
    html = _MD.render(text)
    html = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        # Relative URLs ("//host/x", "../../etc/passwd", "%6Aavascript:") would
        # resolve against the templates folder as file: links in the PDF; keep
        # only in-document anchors.
        url_relative=_fragment_only,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )
    return Markup(cleaned)


# The casebook (each part, and the cards and the pack) and the site print the same
# sections: each is made HTML and typeset once a build.
@lru_cache(maxsize=16384)
def typeset_markdown(text: str, lang: str) -> str:
    """`markdown_to_html` of `text`, its text typeset for `lang` (`typography.typeset_html`)."""
    return typeset_html(str(markdown_to_html(text)), lang)
