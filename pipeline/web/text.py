"""The words of a case that the web edition prints in a given language.

In:  an enriched case and the language of the page. Out: its title, summary and sections
(section key -> Markdown) and the language they are written in.

This is the one place where the site reads a case's text: when a case has translations
(issue 17), the shared "pick the text for a language" function takes its place here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.library import EnrichedCase


@dataclass(frozen=True)
class CaseText:
    """A case's title, summary and sections in one language (`language`)."""

    title: str
    summary: str
    sections: Mapping[str, str]
    language: str


def case_text(case: EnrichedCase, lang: str) -> CaseText:
    """The text of `case` for a page in `lang`: today always the case's own text, in the
    language it is written in (the page marks it with that language)."""
    del lang  # every case is printed in its own language until translations arrive
    meta = case.meta
    return CaseText(meta.title, meta.summary, case.case.sections, meta.language)
