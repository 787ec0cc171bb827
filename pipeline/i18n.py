"""The one place for the two languages: dates and names from CLDR (Babel).

In:  a language code of an edition or a contributor ("en", "nl").
Out: the words of that language.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_format_date

# The CLDR locale of each language the project speaks: British English, Belgian Dutch.
LOCALES = {"en": "en_GB", "nl": "nl_BE"}
LANGUAGES = tuple(LOCALES)


def format_date(day: dt.date, lang: str) -> str:
    """A date in words, as the language writes it: "2 November 2026", "2 november 2026"."""
    return _babel_format_date(day, format="long", locale=LOCALES[lang])
