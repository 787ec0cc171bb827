"""Problems -> what people read: plain text, GitHub annotations, or JSON.

Grouped by file, sorted by line, and never cut short: every problem is shown
with its own line and suggestion. The same message repeated in one file is
shown once, with its count and every line it is on. GitHub shows at most
ANNOTATIONS_PER_STEP errors and as many warnings as annotations in one step:
the rest are printed as plain log lines, and the step summary (Markdown) says
how many were not annotated and lists every problem. A summary line ends the
run. JSON lists every problem, uncollapsed, for tools.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby

from pipeline import i18n
from pipeline.contract import FORBIDDEN_CHARACTERS
from pipeline.problems import Problem, title

# GitHub's cap on the annotations of one kind (error, warning) a step may make
# (actions/toolkit, docs/problem-matchers.md: 10 warning and 10 error annotations per step).
ANNOTATIONS_PER_STEP = 10


@dataclass(frozen=True)
class FileLanguages:
    """The language of each file's messages (file -> code), and of the report's own words
    (headings, summary): `default`, else the language most of the files have."""

    files: Mapping[str, str]
    default: str

    def of(self, file: str | None) -> str:
        if file is None:
            common = Counter(self.files.values()).most_common(1)
            return common[0][0] if common else self.default
        return self.files.get(file, self.default)


# The language of a report: one for everything, or each file's own.
Lang = str | FileLanguages


def _in(lang: Lang, file: str | None = None) -> str:
    """The language of `file`'s messages (of the report's own words when None)."""
    return lang if isinstance(lang, str) else lang.of(file)


def _word(key: str, lang: str) -> str:
    """A word of the report in `lang` (the catalogue's `report` part)."""
    return str(i18n.word("report", key, lang))


@dataclass
class Shown:
    """One reported line: a problem, and the lines of it and its exact repeats."""

    problem: Problem
    lines: list[int] = field(default_factory=list)
    count: int = 1


def _collapsed(problems: list[Problem], lang: Lang) -> list[Shown]:
    """Problems in report order, exact repeats (same file, code and message) counted."""
    out: list[Shown] = []
    by_message: dict[tuple[str, str, str], Shown] = {}
    for p in sorted(problems, key=Problem.sort_key):
        message_key = (p.file, p.code, p.message(_in(lang, p.file)))
        if message_key in by_message:
            repeat = by_message[message_key]
            repeat.count += 1
            repeat.lines += [p.line] if p.line else []
            continue
        shown = Shown(p, [p.line] if p.line else [])
        out.append(shown)
        by_message[message_key] = shown
    return out


def _lines(lines: list[int], lang: str) -> str:
    one, many = _word("line", lang), _word("lines", lang)
    if len(lines) == 1:
        return f"{one} {lines[0]}"
    return f"{many} {', '.join(map(str, lines))}"


def _repeats(shown: Shown, lang: str) -> str:
    """ " (×3: lines 4, 9, 12)" after a repeated message, or ""."""
    if shown.count == 1:
        return ""
    lines = sorted(set(shown.lines))
    return f" (×{shown.count}: {_lines(lines, lang)})" if len(lines) > 1 else f" (×{shown.count})"


def annotated(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(the problems GitHub shows as annotations, the rest): the first
    ANNOTATIONS_PER_STEP errors and as many warnings, in report order."""
    shown: list[Problem] = []
    rest: list[Problem] = []
    counts = {"error": 0, "warning": 0}
    for p in sorted(problems, key=Problem.sort_key):
        counts[p.severity] += 1
        (shown if counts[p.severity] <= ANNOTATIONS_PER_STEP else rest).append(p)
    return shown, rest


def _not_annotated(rest: list[Problem], lang: str) -> str:
    errors = sum(p.severity == "error" for p in rest)
    return _word("not-annotated", lang).format(
        errors=errors, warnings=len(rest) - errors, cap=ANNOTATIONS_PER_STEP
    )


def summary(problems: list[Problem], files: int, lang: Lang = "en") -> str:
    errors = sum(p.severity == "error" for p in problems)
    return _word("summary", _in(lang)).format(
        files=files, errors=errors, warnings=len(problems) - errors
    )


def format_text(problems: list[Problem], files: int, lang: Lang = "en") -> str:
    """A report for people: one block per file, one line per problem, then the summary."""
    lines: list[str] = []
    for file, group in groupby(_collapsed(problems, lang), key=lambda s: s.problem.file):
        own = _in(lang, file)
        lines.append(plain(file))
        for shown in group:
            p = shown.problem
            where = f"{_word('line', own)} {p.line}" if p.line else ""
            field = f" {p.field}:" if p.field else ""
            lines.append(
                plain(
                    f"  {where:>10}  {_word(p.severity, own)} [{p.code}]{field} "
                    f"{p.message(own)}{_repeats(shown, own)}"
                )
            )
        lines.append("")
    lines.append(summary(problems, files, lang))
    return "\n".join(lines)


# Characters a terminal or a log viewer acts on instead of showing: C0 and C1 controls
# (ANSI escapes start with ESC) and bidi controls. Shown as their code point.
_CONTROLS = {c: f"<U+{c:04X}>" for c in FORBIDDEN_CHARACTERS}


def plain(text: str) -> str:
    """`text` with every control character written out, safe to print on a terminal."""
    return text.translate(_CONTROLS)


def _escape_data(text: str) -> str:
    return plain(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(p: Problem, message: str, lang: str) -> str:
    props = [f"file={_escape_property(p.file)}"]
    if p.line:
        props.append(f"line={p.line}")
    if p.column:
        props.append(f"col={p.column}")
    props.append(f"title={_escape_property(f'{title(p.code, lang)} [{p.code}]')}")
    return f"::{p.severity} {','.join(props)}::{_escape_data(message)}"


def format_github(problems: list[Problem], files: int, lang: Lang = "en") -> str:
    """GitHub Actions workflow commands: each problem annotates its own line in the pull request.

    Past GitHub's cap (`annotated`), the rest are printed as plain log lines with the
    same words, and a line says how many were not annotated.
    """
    shown, rest = annotated(problems)
    lines = []
    for p in shown:
        field = f"{p.field}: " if p.field else ""
        own = _in(lang, p.file)
        lines.append(_annotation(p, field + p.message(own), own))
    for p in rest:
        own = _in(lang, p.file)
        where = f":{p.line}" if p.line else ""
        field = f" {p.field}:" if p.field else ""
        lines.append(
            plain(f"{p.file}{where}: {_word(p.severity, own)} [{p.code}]{field} {p.message(own)}")
        )
    if rest:
        lines.append(_not_annotated(rest, _in(lang)))
    lines.append(summary(problems, files, lang))
    return "\n".join(lines)


def format_markdown(problems: list[Problem], files: int, lang: Lang = "en") -> str:
    """A grouped Markdown report, for $GITHUB_STEP_SUMMARY: every problem, each file's in
    that file's language, the headings in the language most files have."""
    words = _in(lang)
    out = [f"## {_word('heading', words)}", "", summary(problems, files, lang), ""]
    rest = annotated(problems)[1]
    if rest:
        out += [_not_annotated(rest, words), ""]
    for file, group in groupby(_collapsed(problems, lang), key=lambda s: s.problem.file):
        own = _in(lang, file)
        out += [
            f"### {_code(file)}",
            "",
            f"| {_word('line', own)} | | {_word('code', own)} | {_word('field', own)} | "
            f"{_word('what-to-do', own)} |",
            "|---:|---|---|---|---|",
        ]
        for shown in group:
            p = shown.problem
            icon = "❌" if p.severity == "error" else "⚠️"
            message = _cell(p.message(own) + _repeats(shown, own))
            out.append(f"| {p.line or ''} | {icon} | `{p.code}` | {_code(p.field)} | {message} |")
        out.append("")
    return "\n".join(out)


# What GitHub's Markdown would act on in a table cell, as character references: HTML,
# emphasis, links and images, code, tables, strikethrough, and the starts of bare
# autolinks ("://", "www.", "@").
_MARKDOWN = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]<>|!~&#@"}
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)")


def _cell(text: str) -> str:
    """Text shown as text inside a Markdown table cell: no markup, no pipes, no line breaks."""
    text = plain(text.replace("\n", " ").replace("\r", " ")).translate(_MARKDOWN)
    return _AUTOLINK.sub(lambda m: f"&#{ord(m.group(0))};", text)


def _code(text: str) -> str:
    """`text` as inline code in a table cell, whatever it holds (no backtick can end it)."""
    return f"<code>{_cell(text)}</code>" if text else ""


def format_json(problems: list[Problem], files: int, lang: Lang = "en") -> str:
    """Machine-readable report: every problem with all its fields."""
    errors = sum(p.severity == "error" for p in problems)
    return json.dumps(
        {
            "files": files,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [
                {
                    "code": p.code,
                    "severity": p.severity,
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "field": p.field,
                    "value": p.value
                    if isinstance(p.value, str | int | float | bool | None)
                    else str(p.value),
                    "message": p.message(_in(lang, p.file)),
                }
                for p in sorted(problems, key=Problem.sort_key)
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


FORMATS = {"text": format_text, "github": format_github, "json": format_json}
