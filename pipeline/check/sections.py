"""Section headings and lengths -> problems.

In:  a RawCase and its language. Out: the sections found (key -> text, line) and the problems.
"""

from __future__ import annotations

from pipeline.check.characters import character_problems, clean
from pipeline.check.load import RawCase
from pipeline.contract import MAX_SECTION_CHARS
from pipeline.problems import Phrase, Problem, suggest
from pipeline.reference import Section, sections

# Word's typographic apostrophes, quotes and dashes: a heading typed with them is the same heading.
_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("’‘ʼ′`´", "'"),
        **dict.fromkeys("“”„″", '"'),
        **dict.fromkeys("–—‐‑‒−", "-"),
        "\u00a0": " ",
    }
)


def heading_key(heading: str) -> str:
    """A heading as compared: case, runs of spaces and typographic apostrophes, quotes and
    dashes left aside ("Kansen en risico’s" is "Kansen en risico's")."""
    return " ".join(heading.translate(_TYPOGRAPHIC).split()).casefold()


def _headings_language(raw: RawCase, language: str) -> str | None:
    """The language whose headings most of the file's are, if not `language`; else None."""
    heads = [heading_key(s.heading) for s in raw.sections if s.level == 2]

    def count(lang: str) -> int:
        keys = {heading_key(s.heading(lang)) for s in sections()}
        return sum(h in keys for h in heads)

    own = count(language)
    others = sorted({lang for s in sections() for lang in s.headings} - {language})
    best = max(others, key=count, default=None)
    return best if best is not None and count(best) >= 2 and count(best) > own else None


def check_sections(raw: RawCase, language: str) -> tuple[dict[str, tuple[str, int]], list[Problem]]:
    """Match headings to the known sections. Returns key -> (Markdown, line), and problems.

    When most headings are another language's (a Dutch case left at ``language: en``),
    one problem says to set ``language`` and the headings are checked as that language's.
    """
    written_in = _headings_language(raw, language)
    if written_in is not None:
        as_written, rest = check_sections(raw, written_in)
        params = {
            "value": language,
            "other": written_in,
            "heading": sections()[0].heading(language),
            "value_name": Phrase(f"language-{language}"),
            "other_name": Phrase(f"language-{written_in}"),
        }
        wrong = raw.problem_at("headings-other-language", "language", language, params)
        return as_written, [wrong, *rest]
    known: dict[str, Section] = {heading_key(s.heading(language)): s for s in sections()}
    found: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = character_problems(raw)
    if raw.preamble:
        problems.append(Problem("text-outside-section", file=raw.file, line=raw.body_line))

    for sec in raw.sections:
        if sec.level != 2:
            continue  # reported by load as wrong-heading-level
        heading = heading_key(sec.heading)
        spec = known.get(heading)
        if spec is None:
            allowed = [s.heading(language) for s in sections()]
            # A heading of the other language: suggest this language's heading for it.
            other = next(
                (
                    s
                    for s in sections()
                    for lang in ("en", "nl")
                    if heading_key(s.heading(lang)) == heading
                ),
                None,
            )
            problems.append(
                Problem(
                    "unknown-section",
                    file=raw.file,
                    line=sec.line,
                    column=1,
                    field="sections",
                    value=sec.heading,
                    params={
                        "value": sec.heading,
                        "language": language,
                        "allowed": allowed,
                        "suggestion": other.heading(language)
                        if other
                        else suggest(sec.heading, allowed) or "",
                    },
                )
            )
            continue
        if spec.key in found:
            problems.append(
                Problem(
                    "duplicate-section",
                    file=raw.file,
                    line=sec.line,
                    column=1,
                    field=f"sections.{spec.key}",
                    value=sec.heading,
                    params={"value": sec.heading, "first_line": found[spec.key][1]},
                )
            )
            continue
        if len(sec.text) > MAX_SECTION_CHARS:
            problems.append(
                Problem(
                    "section-too-long",
                    file=raw.file,
                    line=sec.line,
                    column=1,
                    field=f"sections.{spec.key}",
                    value=sec.heading,
                    params={
                        "value": sec.heading,
                        "length": len(sec.text),
                        "limit": MAX_SECTION_CHARS,
                    },
                )
            )
        if spec.required and not sec.text.strip():
            problems.append(
                Problem(
                    "empty-section",
                    file=raw.file,
                    line=sec.line,
                    column=1,
                    field=f"sections.{spec.key}",
                    value=sec.heading,
                    params={"value": sec.heading},
                )
            )
        found[spec.key] = (clean(sec.text), sec.line)
    end_line = len(raw.source_text.rstrip("\n").split("\n"))  # the last line of the file
    # A misspelt heading is one mistake: its "did you mean" already names the section.
    suggested = {p.params.get("suggestion") for p in problems if p.code == "unknown-section"}
    for spec in sections():
        if spec.required and spec.key not in found and spec.heading(language) not in suggested:
            problems.append(
                Problem(
                    "missing-section",
                    file=raw.file,
                    line=end_line,
                    field=f"sections.{spec.key}",
                    value=spec.heading(language),
                    params={"value": spec.heading(language)},
                )
            )
    return found, problems


# --- additional checks (warnings) -------------------------------------------------------
