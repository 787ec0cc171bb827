"""The additional checks: warnings about a valid case (short sections, old reviews, glyphs the
bundled fonts lack, …).

In:  a RawCase, its front matter, its sections and today's date. Out: warnings.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from pipeline.case import FrontMatter
from pipeline.check.load import RawCase
from pipeline.config import ASSETS_DIR
from pipeline.contract import SHORT_SECTION_WORDS
from pipeline.problems import Problem
from pipeline.reference import sections, workshops

# A review older than this is worth repeating (a warning).
REVIEW_MAX_AGE_DAYS = 3 * 365


@cache
def printable_characters() -> frozenset[int]:
    """Code points that every bundled text face can print (serif and sans, roman and italic)."""
    from fontTools.ttLib import TTFont  # only when a case has characters beyond ASCII

    faces = (
        "SourceSerif4Variable-Roman.ttf",
        "SourceSerif4Variable-Italic.ttf",
        "SourceSans3-Regular.otf",
        "SourceSans3-It.otf",
    )
    maps = [set(TTFont(ASSETS_DIR / "fonts" / f, lazy=True).getBestCmap()) for f in faces]
    return frozenset(set.intersection(*maps))


def _unprintable(text: str) -> list[str]:
    """Characters of `text` the casebook's fonts lack (they would print as empty boxes)."""
    if text.isascii():
        return []
    printable = printable_characters()
    missing = []
    for ch in text:
        if ord(ch) > 0x7E and ord(ch) not in printable and not ch.isspace() and ch not in missing:
            missing.append(ch)
    return missing


def _glyph_warnings(
    raw: RawCase, meta: FrontMatter, found: dict[str, tuple[str, int]]
) -> list[Problem]:
    texts: list[tuple[str, str, int | None]] = [
        ("title", meta.title, (raw.position("title") or (None,))[0]),
        ("summary", meta.summary, (raw.position("summary") or (None,))[0]),
    ]
    texts += [
        (f"partners[{i}].name", p.name, (raw.position(f"partners[{i}].name") or (None,))[0])
        for i, p in enumerate(meta.partners)
    ]
    texts += [(f"sections.{key}", text, line) for key, (text, line) in found.items()]
    problems = []
    for field_path, text, line in texts:
        missing = _unprintable(text)
        if missing:
            shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:5])
            problems.append(
                Problem(
                    "unprintable-character",
                    file=raw.file,
                    line=line,
                    field=field_path,
                    value=shown,
                    params={"value": shown, "field": field_path},
                )
            )
    return problems


def additional_warnings(
    raw: RawCase, meta: FrontMatter, found: dict[str, tuple[str, int]], today: dt.date
) -> list[Problem]:
    lang = meta.language
    problems = _glyph_warnings(raw, meta, found)
    for spec in sections():
        if not spec.required and spec.key not in found:
            problems.append(
                Problem(
                    "optional-section-missing",
                    file=raw.file,
                    field=f"sections.{spec.key}",
                    value=spec.heading(lang),
                    params={"value": spec.heading(lang)},
                )
            )
        elif spec.key in found and spec.key != "questions":
            text, line = found[spec.key]
            words = len(text.split())
            if 0 < words < SHORT_SECTION_WORDS:
                problems.append(
                    Problem(
                        "short-section",
                        file=raw.file,
                        line=line,
                        column=1,
                        field=f"sections.{spec.key}",
                        value=spec.heading(lang),
                        params={
                            "value": spec.heading(lang),
                            "length": words,
                            "limit": SHORT_SECTION_WORDS,
                        },
                    )
                )
    if meta.reviewed and (today - meta.reviewed).days > REVIEW_MAX_AGE_DAYS:
        day = meta.reviewed.isoformat()
        problems.append(raw.problem_at("review-outdated", "reviewed", day, {"value": day}))
    for i, source in enumerate(meta.sources):
        if not source.url:
            problems.append(raw.problem_at("source-without-url", f"sources[{i}]"))
    if not meta.risks:
        problems.append(raw.problem_at("no-risks", "risks"))
    problems.extend(_workshop_warnings(raw, meta))
    return problems


def _workshop_warnings(raw: RawCase, meta: FrontMatter) -> list[Problem]:
    """A workshop id without a definition in schema/workshops.yaml: a warning, never an error."""
    known = workshops().workshops
    problems = []
    for i, workshop in enumerate(meta.workshops):
        if workshop not in known:
            params = {"value": workshop, "known": ", ".join(known) or "–"}
            problems.append(raw.problem_at("unknown-workshop", f"workshops[{i}]", workshop, params))
    return problems


# --- across cases ------------------------------------------------------------------------
