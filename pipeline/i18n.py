"""The one place for languages: catalogues of words, dates and country names.

In:  a language code of an edition or a contributor ("en", "nl", …).
Out: the words of that language: messages, phrases, report words and casebook
labels from ``pipeline/catalogues/<code>.yaml``, and dates and country names
from CLDR (Babel) for the catalogue's ``locale``.

A language is available when it has a catalogue: adding one is a new file in
the catalogue folder (plus its label columns in schema/vocabularies.yaml), and
no code names it. Values kept per language elsewhere (vocabulary labels, section
headings, SDG titles, M49 regions) are mappings language -> text read with `pick`.
"""

from __future__ import annotations

import datetime as dt
import locale as _locale
import os
import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date as _babel_format_date

# The folder of the catalogues. Read at each call (not bound as a default argument),
# so a test can point it elsewhere; the caches below are keyed by the folder itself.
CATALOGUES = Path(__file__).resolve().parent / "catalogues"
# The language whose words stand in where another language has none.
FALLBACK = "en"


class UnknownLanguage(ValueError):
    """A language code without a catalogue; the message names the available ones."""


def _folder(folder: Path | None) -> Path:
    return Path(folder) if folder is not None else CATALOGUES


@cache
def _languages(folder: Path) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def languages(folder: Path | None = None) -> tuple[str, ...]:
    """The codes of the languages that have a catalogue in `folder` (default CATALOGUES), sorted."""
    return _languages(_folder(folder))


# The bundled languages, for help texts and the tests.
LANGUAGES = languages()


def check_language(lang: str, folder: Path | None = None) -> str:
    """`lang` itself if it has a catalogue; else UnknownLanguage with a one-line message."""
    available = languages(folder)
    if lang not in available:
        raise UnknownLanguage(
            f"Unknown language “{lang}”: the languages available are {', '.join(available)}."
        )
    return lang


@cache
def _load(folder: Path, lang: str) -> dict[str, Any]:
    path = folder / f"{lang}.yaml"
    data: dict[str, Any] = yaml.load(
        path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    return data


def catalogue(lang: str, folder: Path | None = None) -> dict[str, Any]:
    """The whole catalogue of `lang`: locale, messages, phrases, report, edition, labels.

    UnknownLanguage when `lang` has no catalogue.
    """
    if folder is None:
        return _bundled(lang)
    folder = _folder(folder)
    check_language(lang, folder)
    return _load(folder, lang)


@cache
def _bundled(lang: str) -> dict[str, Any]:
    # A build looks up tens of thousands of labels: this skips making and hashing the
    # folder's Path each time (a fifth of a second at 200 cases).
    check_language(lang, CATALOGUES)
    return _load(CATALOGUES, lang)


def word(part: str, key: str, lang: str) -> Any:
    """Entry `key` of the catalogue's `part` ("labels", "report", …) in `lang`.

    A key the language lacks comes from the FALLBACK catalogue (the completeness test
    keeps the bundled catalogues from needing this); KeyError if neither has it.
    """
    entries = catalogue(lang).get(part) or {}
    if key in entries:
        return entries[key]
    return catalogue(FALLBACK)[part][key]


def label(key: str, lang: str) -> str:
    """A casebook label ("contents" -> "Contents" / "Inhoud")."""
    return str(word("labels", key, lang))


def pick(values: Mapping[str, str], lang: str) -> str:
    """The value of `lang` in a mapping language -> text, else FALLBACK's, else "".

    For the reference data that keeps a column per language (term labels, headings,
    titles, regions): a language without its column reads the FALLBACK language's.
    """
    if lang in values:
        return values[lang]
    return values.get(FALLBACK, "")


def locale(lang: str) -> str:
    """The CLDR locale of `lang` as its catalogue names it ("en_GB", "nl_BE")."""
    return str(catalogue(lang)["locale"])


def since(year: int, lang: str) -> str:
    """The period of a partnership that has not ended: "since 2018", "sinds 2018"."""
    return str(word("edition", "since", lang)).format(year=year)


def duration(years: int, lang: str) -> str:
    """A partnership's length in words: "less than a year" (0), "1 year", "5 years"."""
    if years < 1:
        return label("less-than-a-year", lang)
    return f"{years} {label('year' if years == 1 else 'years', lang)}"


def format_date(day: dt.date, lang: str) -> str:
    """A date in words, as the language writes it: "2 November 2026", "2 november 2026"."""
    return _babel_format_date(day, format="long", locale=locale(lang))


@cache
def _territories(locale_id: str) -> Mapping[str, str]:
    return Locale.parse(locale_id).territories


def country_name(code: str, lang: str) -> str:
    """The CLDR name of an ISO 3166-1 alpha-2 code in `lang`; the code itself if CLDR has none."""
    return _territories(locale(lang)).get(code, code)


def fold(text: str) -> str:
    """A name as names are compared: without accents, case, hyphens, slashes and
    runs of spaces ("België" and "belgie", "multi-country" and "Multi country" fold alike)."""
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return " ".join(re.sub(r"[-_/.,'’()]", " ", plain).split()).casefold()


@cache
def country_codes() -> dict[str, str]:
    """Every country's CLDR name in every language with a catalogue, folded -> its code."""
    out: dict[str, str] = {}
    for lang in languages():
        for code, name in _territories(locale(lang)).items():
            if len(code) == 2 and code.isalpha():
                out.setdefault(fold(name), code)
    return out


def language_code(name: str, codes: tuple[str, ...]) -> str | None:
    """The code among `codes` whose name, in a language with a catalogue, is `name`
    ("Nederlands", "Dutch", "NL" -> "nl"); None if none is."""
    wanted = fold(name)
    for code in codes:
        names = {
            fold(code),
            *(fold(Locale.parse(locale(lang)).languages.get(code, "")) for lang in languages()),
        }
        if wanted in names - {""}:
            return code
    return None


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The contributor's language from the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).

    The first variable set decides: its language ("nl_BE.UTF-8" -> "nl") if that has a
    catalogue, else FALLBACK. With none set, the locale Python reports decides the same way.
    """
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return _available(value)
    return _available(_locale.getlocale()[0] or "")


def _available(value: str) -> str:
    # "nl_BE.UTF-8", "nl-BE", "nl:en" (LANGUAGE is a list; its first entry counts) -> "nl".
    code = value.split(":")[0]
    for sep in ("_", "-", ".", "@"):
        code = code.split(sep)[0]
    code = code.lower()
    return code if code in languages() else FALLBACK


# The CLDR locale of each bundled language: British English, Belgian Dutch.
LOCALES = {lang: locale(lang) for lang in LANGUAGES}
