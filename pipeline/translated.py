"""The line that tells a reader a case's text is a translation, for every edition.

In: a `CaseText` (pipeline/library.py) and the language of the page. Out: one sentence in
that language — from which language, by whom, how, reviewed or not, that the sources are the
original's, and for a stale translation which parts of the original changed since — or ""
for an original. The casebook prints it under a translated chapter's title, the web edition
under a case page's title.
"""

from __future__ import annotations

from pipeline.i18n import label
from pipeline.library import CaseText
from pipeline.reference import sections
from pipeline.typography import typeset


def translation_note(text: CaseText, lang: str) -> str:
    """The line under a translated chapter's title, in `lang`: from which language, by whom,
    how, whether reviewed, that the sources are the original's; and, for a stale
    translation, which parts of the original changed since. "" for an original."""
    if text.is_original:
        return ""
    line = label("translation_note", lang).format(
        language=label(f"language_{text.original_language}", lang),
        by=text.by,
        method=label(f"translation_{text.method}", lang),
        reviewed=label(
            "translation_reviewed" if text.reviewed else "translation_not_reviewed", lang
        ),
    )
    if text.stale:
        headings = {s.key: f"“{s.heading(lang)}”" for s in sections()}
        parts = [
            headings.get(p) or label(f"translation_part_{p}", lang)
            for p in text.changed
            if p in headings or p in ("title", "summary", "roles")
        ]
        stale = label("translation_stale", lang).format(parts=", ".join(parts))
        line += " " + (stale if parts else label("translation_stale_unknown", lang))
    return typeset(line, lang)
