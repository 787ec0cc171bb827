"""The translator's tools: stamp a translation with its original's hash, start a translation.

In:  a cases folder and a case id. Out: the text of a translation file with
``translation.original_hash`` and ``translation.original_parts`` written or replaced
(every other line kept as it was), or the text of a new translation file to fill in.
The tasks ``invoke translation-stamp`` and ``invoke translate`` (`pipeline.cli`) write them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from pipeline.case import Case
from pipeline.i18n import label
from pipeline.reference import sections
from pipeline.translation import SUMMARY_LIMIT, TITLE_LIMIT, original_hash, short_parts

STAMP_KEYS = ("original_hash", "original_parts")


class StampError(ValueError):
    """A translation file whose `translation:` block cannot be found or edited."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def stamped_text(text: str, digests: Mapping[str, str]) -> str:
    """`text` (a translation file) with the stamp of `digests` (an original's `text_digests`).

    Only the lines of ``original_hash`` and ``original_parts`` (and the parts under it)
    inside the top-level ``translation:`` block are removed, and the new stamp is written
    at the end of that block with the block's own indentation. StampError when the front
    matter has no ``translation:`` block written one field a line.
    """
    lines = text.split("\n")
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if not lines or lines[0].rstrip() != "---" or close is None:
        raise StampError("the file has no front matter between two “---” lines")
    start = next(
        (i for i in range(1, close) if re.match(r"^translation:\s*(#.*)?$", lines[i])), None
    )
    if start is None:
        raise StampError("the front matter has no “translation:” block written one field a line")
    end = start + 1
    while end < close and (not lines[end].strip() or _indent(lines[end]) > 0):
        end += 1
    block = lines[start + 1 : end]
    width = next((_indent(line) for line in block if line.strip()), 2)
    kept: list[str] = []
    skipping = False
    for line in block:
        if line.strip() and _indent(line) == width:
            skipping = line.strip().split(":", 1)[0] in STAMP_KEYS
        if not skipping:
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    pad, inner = " " * width, " " * (2 * width)
    # Quoted: YAML would read a hash of digits as a number, 54481e24 as a float.
    stamp = [f'{pad}original_hash: "{original_hash(digests)}"', f"{pad}original_parts:"]
    stamp += [f'{inner}{key}: "{value}"' for key, value in short_parts(digests).items()]
    blank = len(block) - len("\n".join(block).rstrip().split("\n")) if block else 0
    trailing = [""] * blank  # the blank lines that ended the block stay where they were
    return "\n".join([*lines[: start + 1], *kept, *stamp, *trailing, *lines[end:]])


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def translation_skeleton(original: Case, lang: str) -> str:
    """The start of a translation of `original` into `lang`: the front matter to fill in,
    each field with a comment saying what goes there, and the original's sections under
    the headings of `lang`, empty."""
    meta = original.meta
    source = f"cases/{original.id}.md"
    language = label(f"language_{lang}", "en")
    front = [
        "---",
        f"# A translation of {source} into {language}: see docs/case-format.md, “Translations”.",
        "# Translate every text of the original and add nothing: keep every figure, name, date",
        "# and source reference. The facts (partners, sources, countries, dates ...) come from",
        "# the original: do not copy them here.",
        f"translation_of: {original.id}",
        f"language: {lang}",
        f"# The original's title, translated (at most {TITLE_LIMIT} characters).",
        'title: ""',
        f"# The original's summary, translated (100 to {SUMMARY_LIMIT} characters), indented"
        " under “>-”.",
        "summary: >-",
        "  ",
        "# One line per partner of the original, its name exactly as there: its role, translated.",
        "roles:",
        *(f"  {_quoted(p.name)}: {_quoted('')}" for p in meta.partners),
        "translation:",
        "  # Who translated it: a person, or the tool or AI model and for whom.",
        '  by: ""',
        "  # human, or machine-assisted when a tool or AI model made or drafted it.",
        "  method: human",
        "  # true only once a person has checked the translation against the original.",
        "  reviewed: false",
        "  # When it is done: invoke translation-stamp " + original.id,
        "---",
        "",
    ]
    body = [f"## {s.heading(lang)}\n" for s in sections() if s.key in original.sections]
    return "\n".join(front) + "\n" + "\n".join(body)
