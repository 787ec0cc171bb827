"""Problems are data: every check returns them, nothing raises on bad input.

A Problem names a stable kebab-case `code`, where it is (file, line, column,
field path such as ``partners[2].type``), the offending `value` and the
parameters of its message. The words live in ``messages.yaml``, keyed by code,
in English and Dutch; `render_message` fills them in at report time.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import KW_ONLY, dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pipeline.reference import load_yaml

Severity = Literal["error", "warning"]
LANGUAGES = ("en", "nl")


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in one place.

    Built as ``Problem(code, file=..., line=..., column=..., field=..., value=...,
    params=...)``: the code is the one positional argument, everything else is
    named, so a line can never be taken for a column.
    """

    code: str
    _: KW_ONLY
    file: str
    line: int | None = None
    column: int | None = None
    field: str = ""
    value: Any = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def severity(self) -> Severity:
        return catalogue()[self.code]["severity"]

    def message(self, lang: str = "en") -> str:
        return render_message(self.code, self.params, lang)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.field, self.code)


@cache
def _messages_file() -> dict[str, Any]:
    return load_yaml(Path(__file__).parent / "messages.yaml")


def catalogue() -> dict[str, dict[str, str]]:
    """The message catalogue: code -> {severity, title_en, en, title_nl, nl}."""
    return _messages_file()["messages"]


def phrases() -> dict[str, dict[str, str]]:
    """Phrases that messages embed (e.g. what kind of value was expected): key -> {en, nl}."""
    return _messages_file()["phrases"]


@dataclass(frozen=True)
class Phrase:
    """A translatable part of a message's parameters, resolved at report time."""

    key: str
    args: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        entry = phrases()[self.key]
        return (entry.get(lang) or entry["en"]).format(**dict(self.args))

    def __str__(self) -> str:
        return self.text("en")


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def render_message(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """The plain-language message for `code`, in `lang`, with `params` filled in."""
    entry = catalogue()[code]
    template = entry.get(lang) or entry["en"]
    text = template.format_map(_Defaults({k: _show(v, lang) for k, v in params.items()}))
    suggestion = params.get("suggestion")
    if suggestion:
        hint = entry_text("did-you-mean", lang).format(suggestion=suggestion)
        # Right after the first sentence, before any long list of allowed values.
        end = _first_sentence_end(text)
        text = f"{text[:end]} {hint} {text[end:].lstrip()}".rstrip() if end else f"{text} {hint}"
    return text


def _first_sentence_end(text: str) -> int:
    """Index just after the first ". " outside “quotes” (0 if there is none)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(depth - 1, 0)
        elif ch == "." and depth == 0 and text[i + 1 : i + 2] == " ":
            return i + 1
    return 0


def title(code: str, lang: str = "en") -> str:
    entry = catalogue()[code]
    return entry.get(f"title_{lang}") or entry["title_en"]


def entry_text(code: str, lang: str) -> str:
    entry = catalogue()[code]
    return entry.get(lang) or entry["en"]


def _show(value: Any, lang: str = "en") -> str:
    if isinstance(value, Phrase):
        return value.text(lang)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def suggest(value: object, allowed: list[str] | tuple[str, ...]) -> str | None:
    """The closest allowed value to a likely typo, or None."""
    if not isinstance(value, str):
        return None
    lowered = {a.lower(): a for a in allowed}
    if value.lower() in lowered:
        return lowered[value.lower()]
    candidates = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[candidates[0]] if candidates else None


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
