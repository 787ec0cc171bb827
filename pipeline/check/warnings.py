"""The additional checks: warnings about a valid case (short sections, old reviews, glyphs the
bundled fonts lack, …).

In:  a RawCase, its sections and today's date. Out: warnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from pipeline.case import CASE_LANGUAGES
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


def _texts(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _glyph_warnings(raw: RawCase, found: dict[str, tuple[str, int]]) -> list[Problem]:
    texts: list[tuple[str, str, int | None]] = [
        (key, raw.data[key], (raw.position(key) or (None,))[0])
        for key in ("title", "summary")
        if isinstance(raw.data.get(key), str)
    ]
    texts += [
        (f"partners[{i}].name", p["name"], (raw.position(f"partners[{i}].name") or (None,))[0])
        for i, p in enumerate(_texts(raw.data, "partners"))
        if isinstance(p, Mapping) and isinstance(p.get("name"), str)
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


def _reviewed(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def additional_warnings(
    raw: RawCase, found: dict[str, tuple[str, int]], today: dt.date
) -> list[Problem]:
    """The warnings of one case, read from its data as written (so that a case with
    errors gets its warnings in the same run): values of the wrong kind are skipped."""
    data = raw.data
    lang = data["language"] if data.get("language") in CASE_LANGUAGES else "en"
    problems = _glyph_warnings(raw, found)
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
    reviewed = _reviewed(data.get("reviewed"))
    if reviewed and (today - reviewed).days > REVIEW_MAX_AGE_DAYS:
        day = reviewed.isoformat()
        problems.append(raw.problem_at("review-outdated", "reviewed", day, {"value": day}))
    for i, source in enumerate(_texts(data, "sources")):
        if isinstance(source, Mapping) and not source.get("url") and source.get("publisher"):
            problems.append(raw.problem_at("source-without-url", f"sources[{i}]"))
    if not data.get("risks"):
        problems.append(raw.problem_at("no-risks", "risks"))
    problems.extend(_workshop_warnings(raw))
    return problems


def _workshop_warnings(raw: RawCase) -> list[Problem]:
    """A workshop id without a definition in schema/workshops.yaml: a warning, never an error."""
    known = workshops().workshops
    problems = []
    for i, workshop in enumerate(_texts(raw.data, "workshops")):
        if isinstance(workshop, str) and workshop not in known:
            params = {"value": workshop, "known": ", ".join(known) or "–"}
            problems.append(raw.problem_at("unknown-workshop", f"workshops[{i}]", workshop, params))
    return problems
