"""The words of a case that the web edition prints in a given language.

In:  an enriched case and the language of the page. Out: its `CaseText` for that language
(pipeline/library.py): the case's text in that language, original or translation, where
there is one, else the original — the rule every edition follows (`EnrichedCase.text`).
This is the one place where the site reads a case's text.
"""

from __future__ import annotations

from pipeline.library import CaseText, EnrichedCase


def case_text(case: EnrichedCase, lang: str) -> CaseText:
    """The text of `case` for a page in `lang`, in the language it is written in (the page
    marks it with that language)."""
    return case.text(lang)
