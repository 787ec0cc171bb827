"""Problems -> what people read: plain text, GitHub annotations, or JSON.

Grouped by file, sorted by line; a problem repeated with the same code and
message in one file is shown once with a count. A summary line ends the run.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby

from .problems import Problem, title

_SUMMARY = {
    "en": "{files} file(s) checked: {errors} error(s), {warnings} warning(s).",
    "nl": "{files} bestand(en) gecontroleerd: {errors} fout(en), {warnings} waarschuwing(en).",
}
_SEVERITY = {
    "en": {"error": "error", "warning": "warning"},
    "nl": {"error": "fout", "warning": "waarschuwing"},
}


def _collapsed(problems: list[Problem], lang: str) -> list[tuple[Problem, int]]:
    """Drop exact repeats (same file, code and message), keeping the first and a count."""
    counts: Counter[tuple[str, str, str]] = Counter()
    firsts: dict[tuple[str, str, str], Problem] = {}
    for p in problems:
        key = (p.file, p.code, p.message(lang))
        counts[key] += 1
        firsts.setdefault(key, p)
    return [(p, counts[key]) for key, p in firsts.items()]


def summary(problems: list[Problem], files: int, lang: str = "en") -> str:
    errors = sum(p.severity == "error" for p in problems)
    return _SUMMARY.get(lang, _SUMMARY["en"]).format(
        files=files, errors=errors, warnings=len(problems) - errors
    )


def format_text(problems: list[Problem], files: int, lang: str = "en") -> str:
    """A report for people: one block per file, one line per problem."""
    lines: list[str] = []
    ordered = sorted(problems, key=Problem.sort_key)
    for file, group in groupby(ordered, key=lambda p: p.file):
        lines.append(file)
        for p, count in _collapsed(list(group), lang):
            where = f"line {p.line}" if p.line else "     "
            if lang == "nl" and p.line:
                where = f"regel {p.line}"
            field = f" {p.field}:" if p.field else ""
            repeat = f" (×{count})" if count > 1 else ""
            severity = _SEVERITY.get(lang, _SEVERITY["en"])[p.severity]
            lines.append(f"  {where:>9}  {severity} [{p.code}]{field} {p.message(lang)}{repeat}")
        lines.append("")
    lines.append(summary(problems, files, lang))
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: list[Problem], files: int, lang: str = "en") -> str:
    """GitHub Actions workflow commands: each problem annotates its line in the pull request."""
    lines = []
    for p, count in _collapsed(sorted(problems, key=Problem.sort_key), lang):
        props = [f"file={_escape_property(p.file)}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={_escape_property(f'{title(p.code, lang)} [{p.code}]')}")
        message = (f"{p.field}: " if p.field else "") + p.message(lang)
        if count > 1:
            message += f" (×{count})"
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    lines.append(summary(problems, files, lang))
    return "\n".join(lines)


def format_markdown(problems: list[Problem], files: int, lang: str = "en") -> str:
    """A grouped Markdown report, for $GITHUB_STEP_SUMMARY."""
    out = ["## Case validation", "", summary(problems, files, lang), ""]
    ordered = sorted(problems, key=Problem.sort_key)
    for file, group in groupby(ordered, key=lambda p: p.file):
        out += [
            f"### `{file}`",
            "",
            "| line | | code | field | what to do |",
            "|---:|---|---|---|---|",
        ]
        for p, count in _collapsed(list(group), lang):
            icon = "❌" if p.severity == "error" else "⚠️"
            message = p.message(lang).replace("|", "\\|") + (f" (×{count})" if count > 1 else "")
            out.append(f"| {p.line or ''} | {icon} | `{p.code}` | `{p.field}` | {message} |")
        out.append("")
    return "\n".join(out)


def format_json(problems: list[Problem], files: int, lang: str = "en") -> str:
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
                    "message": p.message(lang),
                }
                for p in sorted(problems, key=Problem.sort_key)
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


FORMATS = {"text": format_text, "github": format_github, "json": format_json}
