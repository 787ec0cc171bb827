"""Problems are data: every check returns them, nothing raises on bad input.

A Problem names a stable kebab-case `code`, where it is (file, line, column,
field path such as ``partners[2].type``), the offending `value` and the
parameters of its message. The words live in the language catalogues
(``pipeline/catalogues/<lang>.yaml``, via `pipeline.i18n`), keyed by code; the
severity of each code in ``codes.yaml``. `render_message` fills them in at report time.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import KW_ONLY, dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pipeline import i18n
from pipeline.reference import Vocabulary, load_yaml

Severity = Literal["error", "warning"]


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
        return severities()[self.code]

    def message(self, lang: str = "en") -> str:
        return render_message(self.code, self.params, lang)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.field, self.code)


@cache
def severities() -> dict[str, Severity]:
    """Every problem code -> "error" or "warning", from codes.yaml."""
    found: dict[str, Severity] = load_yaml(Path(__file__).parent / "codes.yaml")["severities"]
    return found


def catalogue() -> dict[str, dict[str, str]]:
    """Every code with its severity and, per language, its title and message:
    code -> {severity, title_<lang>, <lang>, …} for every language with a catalogue."""
    out: dict[str, dict[str, str]] = {code: {"severity": s} for code, s in severities().items()}
    for lang in i18n.languages():
        for code, entry in i18n.catalogue(lang)["messages"].items():
            words = out.setdefault(code, {})
            words[f"title_{lang}"] = entry["title"]
            words[lang] = entry["text"]
    return out


def _message(code: str, lang: str) -> dict[str, str]:
    """{title, text} of `code` in `lang` (the fallback language's when `lang` lacks it)."""
    entry: dict[str, str] = i18n.word("messages", code, lang)
    return entry


@dataclass(frozen=True)
class Phrase:
    """A translatable part of a message's parameters, resolved at report time."""

    key: str
    args: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        return str(i18n.word("phrases", self.key, lang)).format(**dict(self.args))

    def __str__(self) -> str:
        return self.text("en")


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def render_message(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """The plain-language message for `code`, in `lang`, with `params` filled in."""
    template = _message(code, lang)["text"]
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
    """The short title of `code` in `lang` (GitHub annotations show it)."""
    return _message(code, lang)["title"]


def entry_text(code: str, lang: str) -> str:
    """The message template of `code` in `lang`, placeholders unfilled."""
    return _message(code, lang)["text"]


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


def suggest_term(value: object, vocabulary: Vocabulary) -> str | None:
    """The id of the term `value` names or nearly names, by any of its names: its id, its
    labels in every language (and each part of a label such as "Standard setting /
    certification") and its aliases, without regard to case or accents; or None."""
    if not isinstance(value, str):
        return None
    names: dict[str, str] = {}
    for term in vocabulary.terms:
        labels = [part for label in term.labels.values() for part in (label, *label.split(" / "))]
        for name in (term.id, *labels, *term.aliases):
            names.setdefault(i18n.fold(name), term.id)
    wanted = i18n.fold(value)
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
