"""The one rule for odd characters in a case's sections.

In:  a RawCase. Out: problems with line and column, and the section text cleaned.

- C0 controls other than tab and line feed (carriage returns were already made
  line feeds), DEL, C1 controls (U+0080–U+009F) and the bidi embedding,
  override and isolate characters (U+202A–U+202E, U+2066–U+2069) are errors:
  they would reach the CSV, the workbook and the PDF, and can make text read
  otherwise than it is stored.
- Soft hyphens (U+00AD) and zero-width spaces (U+200B) are removed and
  non-breaking spaces (U+00A0) become spaces, with a warning: Word puts them in,
  and they break searching and hyphenation.
- Zero-width (non-)joiners (U+200C, U+200D) stay: some scripts need them.

- Bullets that Markdown does not read as a list ("•", "–", "◦", …, and a number
  with a tab, "1.⇥") get a warning that shows the line as Markdown wants it: as
  typed they print as one run-on paragraph.

The fields of the front matter follow the same rule through the case models
(`pipeline.case`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from pipeline.check.load import RawCase
from pipeline.contract import FORBIDDEN_CHARACTERS, NORMALISED_CHARACTERS
from pipeline.problems import Problem

FORBIDDEN = FORBIDDEN_CHARACTERS
NORMALISED = NORMALISED_CHARACTERS


def _character_class(codes: Iterable[int]) -> re.Pattern[str]:
    """A pattern matching any one of the code points in `codes` (ints)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(codes)) + "]")


# Scanned with one regular expression per line rather than character by character in
# Python: 1,000 cases are checked in a pull request's time (docs/performance.md).
_FORBIDDEN = _character_class(FORBIDDEN)
_NORMALISED = _character_class(NORMALISED)


def codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def clean(text: str) -> str:
    """`text` with soft hyphens and zero-width spaces removed, non-breaking spaces as spaces."""
    return text.translate(NORMALISED)


# A line that starts like a list item Word pastes: a bullet character, or a number and a tab.
_WORD_BULLET = re.compile(r"^([ \u00a0]*)([•◦▪▫‣⁃∙·–—○●■□➢➤✓✔*-]|\d{1,3}[.)])([ \u00a0\t]+)(\S.*)$")


def _bullet(text: str) -> tuple[str, str] | None:
    """(the bullet as typed, the line as Markdown wants it) if `text` is a list item pasted
    from Word; else None. A tab shows as "⇥"."""
    match = _WORD_BULLET.match(text)
    if not match:
        return None
    indent, mark, space, rest = match.groups()
    if mark in "*-" and "\t" not in space and "\u00a0" not in space:
        return None  # a Markdown bullet already
    if mark[0].isdigit():
        if space == " ":
            return None  # "1. text": a Markdown list already
        return mark + space.replace("\t", "⇥"), f"{indent}{mark} {rest}"
    return mark + space.replace("\t", "⇥"), f"{indent}- {rest}"


def character_problems(raw: RawCase) -> list[Problem]:
    """An error for each line of the body with a forbidden character, a warning for each line
    with characters that `clean` removes; each names the line, column and section."""
    lines = raw.source_text.split("\n")
    heads = [(s.line, s.heading) for s in raw.sections]
    starts = [line for line, _ in heads]
    problems: list[Problem] = []
    for number in range(raw.body_line, len(lines) + 1):
        text = lines[number - 1]
        bad = [(m.start() + 1, m.group()) for m in _FORBIDDEN.finditer(text)]
        odd = [(m.start() + 1, m.group()) for m in _NORMALISED.finditer(text)]
        markdown = _bullet(text)
        if not bad and not odd and markdown is None:
            continue
        where = bisect.bisect_right(starts, number) - 1
        section = heads[where][1] if where >= 0 else ""
        if markdown is not None:
            typed, fixed = markdown
            problems.append(
                Problem(
                    "word-bullet",
                    file=raw.file,
                    line=number,
                    column=1,
                    field="sections",
                    value=typed.strip(),
                    params={"value": typed.strip(), "fixed": fixed.strip(), "section": section},
                )
            )
        for code, found in (("control-character", bad), ("invisible-character", odd)):
            if found:
                column, _ = found[0]
                shown = ", ".join(dict.fromkeys(codepoint(ch) for _, ch in found))
                problems.append(
                    Problem(
                        code,
                        file=raw.file,
                        line=number,
                        column=column,
                        field="sections",
                        value=shown,
                        params={"value": shown, "section": section, "column": column},
                    )
                )
    return problems
