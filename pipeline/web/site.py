"""What every page of the web edition shares: addresses, the head, the templates.

In:  the site's settings (its public address, the languages) and a page's path inside
the site. Out: relative links from that page, its absolute address, its language
alternates, its Content-Security-Policy, and the page rendered from its template.

Links between pages are relative, so the site works wherever it is served (a folder on
a laptop, a project's GitHub Pages path). Absolute addresses (canonical, hreflang,
Open Graph, sitemap) start with the configured `site_url`; without one they are left
out. Only the 404 page, served at any depth, links from the site's root path.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pipeline.config import WEB_TEMPLATES
from pipeline.i18n import label, locale
from pipeline.markup import typeset_markdown
from pipeline.typography import typeset

# The policy of every page: nothing from another host, no inline script or style.
# Pagefind's search runs WebAssembly ('wasm-unsafe-eval'), only on pages with a script.
_CSP = (
    "default-src 'none'; script-src {script}; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'"
)


def csp(scripts: bool) -> Markup:
    """The Content-Security-Policy of a page, with or without its (bundled) script."""
    return Markup(_CSP.format(script="'self' 'wasm-unsafe-eval'" if scripts else "'none'"))


def page_file(path: str) -> str:
    """The file of a page address inside the site: "en/cases/" -> "en/cases/index.html"."""
    return path + "index.html" if path == "" or path.endswith("/") else path


@lru_cache(maxsize=65536)  # every page links to the same few pages (20,000 links at 200 cases)
def relative(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path` (both inside the site; a folder
    ends in "/"): "en/cases/x/" to "en/cases/" -> "../"."""
    to_path, hash_, fragment = to_path.partition("#")
    base = posixpath.dirname(page_file(from_path))
    target = to_path.rstrip("/") or "."
    link = posixpath.relpath(target, base or ".")
    if to_path.endswith("/") or to_path == "":
        link = "./" if link == "." else link + "/"
    return link + hash_ + fragment


@dataclass(frozen=True)
class SiteSettings:
    """The site as a whole: its title, public address ("" if none), languages, licence and
    the version it was built from."""

    title: str
    url: str  # "https://example.org/library/", ending in "/", or ""
    languages: tuple[str, ...]
    licence: str
    version: str
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) where a language has its own

    def in_language(self, lang: str) -> SiteSettings:
        """These settings with the site's title in `lang`, where it has one."""
        return replace(self, title=dict(self.titles).get(lang, self.title))

    @property
    def root_path(self) -> str:
        """The path the site is served from ("/library/"), for the 404 page; "/" without url."""
        return urlsplit(self.url).path or "/" if self.url else "/"


@dataclass(frozen=True)
class Page:
    """One page: where it is, in which language, which template, and what it shows."""

    path: str  # inside the site, "" for the landing page; folders end in "/"
    lang: str
    template: str
    title: str
    context: dict[str, Any]
    scripts: bool = False
    kind: str = "website"  # Open Graph type ("article" for a case)
    localised: bool = True  # the same page exists in every language, under <lang>/
    description: str = ""


def alternates(page: Page, settings: SiteSettings) -> list[dict[str, str]]:
    """The page in each language, with its link from `page` and its absolute address."""
    if not page.localised and page.path != "":
        return []
    rest = page.path.split("/", 1)[1] if page.localised else ""  # the landing: each home
    return [
        {
            "lang": lang,
            "href": relative(page.path, f"{lang}/{rest}"),
            "absolute": absolute(settings, f"{lang}/{rest}"),
            "name": label("web_self", lang),
            "switch": label("web_switch", lang),
        }
        for lang in settings.languages
    ]


def absolute(settings: SiteSettings, path: str) -> str:
    """The public address of `path`, "" when the site has none configured."""
    return settings.url + path if settings.url else ""


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(WEB_TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = print_markdown
    env.filters["typo"] = typeset
    return env


def print_markdown(text: str, lang: str) -> Markup:
    """Contributor Markdown as the site shows it: the shared sanitiser's HTML
    (`pipeline.markup`), its text typeset for `lang` (tags and attributes untouched)."""
    return Markup(typeset_markdown(text, lang))


def render(page: Page, settings: SiteSettings, nav: Sequence[tuple[str, str]]) -> bytes:
    """The HTML of `page`: its template with the shared head, header and footer."""
    lang = page.lang

    def t(key: str, **values: Any) -> str:
        text = typeset(label(key, lang), lang)  # the site's words typeset like the cases'
        return text.format(**values) if values else text

    def t_in(key: str, other: str) -> str:
        return typeset(label(key, other), other)

    def url(to: str) -> str:
        if page.path == "404.html":
            return settings.root_path + to
        return relative(page.path, to)

    others = [a for a in alternates(page, settings) if a["lang"] != lang and page.localised]
    html = (
        _environment()
        .get_template(page.template)
        .render(
            page=page,
            lang=lang,
            t=t,
            t_in=t_in,
            url=url,
            site=settings.in_language(lang),
            nav=[(url(path), key, page.path == path) for path, key in nav],
            csp=csp(page.scripts),
            canonical=absolute(settings, page.path) if page.path != "404.html" else "",
            alternates=alternates(page, settings),
            switch=others,
            og_locale=locale(lang),
            og_alternates=[locale(a["lang"]) for a in others],
            **page.context,
        )
    )
    return html.encode("utf-8")
