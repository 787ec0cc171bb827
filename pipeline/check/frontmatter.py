"""YAML front matter text -> plain data with the position of every value, or problems.

In:  the text between the ``---`` lines, the file line it starts after, the file's name.
Out: (data, positions) or the problems that stop it being read, with file line numbers.

PyYAML's C parser reads; this module refuses duplicate keys and the YAML features
that have no place in a case file (anchors, aliases, tags: they allow "billion
laughs" expansion and object construction), applies YAML 1.2 scalar rules, and
puts a parser's error into words a contributor can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, cast

import yaml

from pipeline.check.prescan import indentation_fix, prescan
from pipeline.problems import Problem

Position = tuple[int, int]  # 1-based line, 1-based column


@dataclass(frozen=True)
class Parsed:
    """What the front matter gave: its data and positions (as much as could be read),
    the problems found, and the fields of lines left out to read the rest.

    ``readable`` is False when nothing could be read at all (``data`` is empty).
    """

    data: dict[str, Any]
    positions: dict[str, Position]
    problems: tuple[Problem, ...] = ()
    dropped: tuple[str, ...] = ()  # field names of the lines left out
    readable: bool = True


# How many unreadable lines are left out, one by one, before giving up on the rest.
MAX_RECOVERIES = 25


def parse_front_matter(yaml_text: str, offset: int, file: str) -> Parsed:
    """YAML text -> `Parsed`: plain data, positions and every problem, with file line numbers.

    First `pipeline.check.prescan` puts right what Word and hand-typing leave
    (tabs, odd spaces, curly quotes, colons in values, odd bullets), one problem
    each. Then the YAML is read; where a line still cannot be read, it is
    reported and left out (with the lines under it) and the rest read again,
    so every other field is still checked in the same run.
    """
    text, problems = prescan(yaml_text, offset, file)
    lines = text.split("\n")
    dropped: list[str] = []
    for _ in range(MAX_RECOVERIES):
        front = _parse_once("\n".join(lines), offset, file)
        if not isinstance(front, list):
            return Parsed(*front, tuple(problems), tuple(dropped))
        if dropped and front[0].code == "front-matter-not-mapping":
            break  # every line was left out: nothing more to say
        problems.extend(p for p in front if p not in problems)
        lost = [p.line - offset - 1 for p in front if p.line and p.line > offset]
        lost = [i for i in lost if i < len(lines) and lines[i].strip()]
        if not lost or front[0].code == "front-matter-not-mapping":
            break
        for i in lost:
            dropped.extend(_drop(lines, i))
    return Parsed({}, {}, tuple(problems), tuple(dropped), readable=False)


def _drop(lines: list[str], index: int) -> list[str]:
    """Blank line `index` and the lines indented deeper under it; the field names blanked."""
    text = lines[index]
    indent = len(text) - len(text.lstrip(" "))
    names = re.findall(r"^\s*(?:- )?([^\s:#\"']+):", text)
    lines[index] = ""
    if text.strip():  # the lines under it go with it
        for j in range(index + 1, len(lines)):
            below = lines[j]
            deeper = len(below) - len(below.lstrip(" ")) > indent
            # A list may stand at its field's own indentation ("countries:" then "- BE").
            item = text.rstrip().endswith(":") and below.lstrip().startswith("- ")
            if below.strip() and not deeper and not item:
                break
            names += re.findall(r"^\s*(?:- )?([^\s:#\"']+):", below)
            lines[j] = ""
    return names


def _parse_once(
    yaml_text: str, offset: int, file: str
) -> tuple[dict[str, Any], dict[str, Position]] | list[Problem]:
    """One reading of the YAML: (data, positions), or the problems that stop it."""
    # First a pass over the event stream: reject anchors, aliases and tags
    # before any node is built, so an alias bomb never expands.
    problems: list[Problem] = []
    try:
        for event in yaml.parse(yaml_text, Loader=_Loader):
            mark = event.start_mark
            # PyYAML always marks parser events; the stubs allow None.
            line, column = (mark.line + offset + 1, mark.column + 1) if mark else (offset + 1, 1)
            if isinstance(event, yaml.AliasEvent) or (
                isinstance(event, yaml.NodeEvent) and event.anchor
            ):
                problems.append(Problem("yaml-alias", file=file, line=line, column=column))
            elif isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and event.tag:
                # Shown as written: "!!str" for the standard tags, "!name" for others.
                tag = str(event.tag).replace("tag:yaml.org,2002:", "!!", 1)
                problems.append(
                    Problem(
                        "yaml-tag",
                        file=file,
                        line=line,
                        column=column,
                        value=tag,
                        params={"value": tag},
                    )
                )
        if problems:
            return problems
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        return [_syntax_problem(err, offset, file, yaml_text)]
    except yaml.YAMLError as err:
        return [Problem("yaml-syntax", file=file, line=offset + 1, params={"detail": str(err)})]

    if not isinstance(node, yaml.MappingNode):
        kinds = {yaml.SequenceNode: "a list", yaml.ScalarNode: "a line of text"}
        shown = "nothing" if node is None else kinds.get(type(node), "something else")
        if isinstance(node, yaml.ScalarNode) and not node.value.strip():
            shown = "nothing"
        return [
            Problem("front-matter-not-mapping", file=file, line=offset, params={"value": shown})
        ]
    positions: dict[str, Position] = {}
    try:
        data = _plain(node, "", positions, offset)
    except _DuplicateKey as dup:
        return [
            Problem(
                "yaml-duplicate-key",
                file=file,
                line=dup.line,
                column=dup.column,
                field=dup.key,
                value=dup.key,
                params={"value": dup.key, "first_line": dup.first_line},
            )
        ]
    return data, positions


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, column: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.column, self.first_line = key, line, column, first_line


def _syntax_problem(err: yaml.MarkedYAMLError, offset: int, file: str, yaml_text: str) -> Problem:
    """A YAML parser error -> one problem in words a contributor can act on.

    The parser's own wording ("expected <block end>, but found '<scalar>'") means
    nothing to most contributors, so the usual mistakes get their own codes and
    point at the line where the fix goes (for an unclosed quote or a missing
    colon that is where the value started, not where the parser gave up).
    """
    problem, context = err.problem or "", err.context or ""
    mark = err.problem_mark or err.context_mark
    code = "yaml-syntax"
    if "quoted scalar" in context and "end of stream" in problem:
        code, mark = "yaml-unclosed-quote", err.context_mark or mark
    elif "could not find expected ':'" in problem:
        code, mark = "yaml-missing-colon", err.context_mark or mark
    elif "mapping values are not allowed" in problem:
        # Either text with ": " in it, or a field indented deeper than the field
        # above it (which YAML reads as the rest of that field's value).
        code = (
            "yaml-bad-indentation"
            if _indented_under_a_value(yaml_text, err.problem_mark)
            else "yaml-colon-in-value"
        )
    elif "block mapping" in context and (
        "found '<scalar>'" in problem or _after_quote(yaml_text, err.problem_mark)
    ):
        code = "yaml-text-after-quote"
    elif "expected <block end>" in problem or "did not find expected" in problem:
        # libyaml: "did not find expected '-' indicator" / "... key"; pure Python: "<block end>".
        code = "yaml-bad-indentation"
    line = mark.line + offset + 1 if mark else offset + 1
    column = mark.column + 1 if mark else None
    if mark and re.match(r"^\s*-[^\s-]", [*yaml_text.split("\n"), ""][mark.line]):
        code = "yaml-dash-space"  # "-name: Oxfam": a list item needs a space after the dash
    if code == "yaml-bad-indentation" and mark and "mapping values" in problem:
        text = yaml_text.split("\n")[mark.line]
        column = len(text) - len(text.lstrip(" ")) + 1  # where the field name starts
    if code in ("yaml-colon-in-value", "yaml-text-after-quote", "yaml-syntax") and mark:
        # A double quote opened and never closed on its line swallows the lines
        # after it, so the parser fails far below: point at the opening quote.
        opened = _unclosed_quote_line(yaml_text, mark.line)
        if opened is not None:
            code, line, column = "yaml-unclosed-quote", opened + offset + 1, None
    detail = " ".join(x for x in (context, problem) if x)
    params: dict[str, Any] = {"detail": detail or "?", "fix": "", "found": "?"}
    if code == "yaml-bad-indentation" and mark and mark.line < len(yaml_text.split("\n")):
        text = yaml_text.split("\n")[mark.line]
        _spaces, params["fix"] = indentation_fix(yaml_text, mark.line)
        params["found"] = len(text) - len(text.lstrip(" "))
    return Problem(code, file=file, line=line, column=column, params=params)


def _indented_under_a_value(yaml_text: str, mark: Any) -> bool:
    """Whether the line of `mark` is a `field:` indented deeper than a `field: value` above it."""
    if mark is None:
        return False
    lines = yaml_text.split("\n")
    if mark.line >= len(lines) or not re.match(r"^\s*[^\s:#\"']+:(\s|$)", lines[mark.line]):
        return False
    above = next((lines[i] for i in range(mark.line - 1, -1, -1) if lines[i].strip()), "")
    has_value = re.match(r"^\s*(?:- )?[^\s:#\"']+:\s+(?![>|][-+]?\s*$)\S", above)

    def indent(text: str) -> int:
        return len(text) - len(text.lstrip(" "))

    return bool(has_value) and indent(lines[mark.line]) > indent(above) + (
        2 if above.lstrip().startswith("- ") else 0
    )


def _after_quote(yaml_text: str, mark: Any) -> bool:
    """Whether the parser stopped right after a closing quote (`"a "b" c"`)."""
    if mark is None:
        return False
    lines = yaml_text.split("\n")
    if mark.line >= len(lines):
        return False
    before = lines[mark.line][: mark.column].rstrip()
    return bool(before.endswith(('"', "'")))


def _unclosed_quote_line(yaml_text: str, before: int) -> int | None:
    """The 0-based line, before line `before`, of a `field: "text` not closed on that line."""
    for i, text in enumerate(yaml_text.split("\n")[:before]):
        value = re.match(r'^\s*(?:- )?[^\s:#"\']+:\s+(".*)$', text)
        if value and not re.search(r'(?<!\\)"\s*(#.*)?$', value.group(1)[1:]):
            return i
    return None


_INT = re.compile(r"^[-+]?[0-9]+$")
_MAX_DIGITS = 100
_FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$"
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _scalar(node: yaml.ScalarNode) -> Any:
    """A scalar by the YAML 1.2 core schema: quoted is always text; yes/no/on/off are text."""
    value = node.value
    if node.style:  # quoted or block scalar
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    # Python refuses to convert integers of more than 4,300 digits (a guard against slow
    # conversions); no field wants more than a few, so a longer one stays text and the
    # field's own rule says what it expects.
    if _INT.match(value) and len(value) <= _MAX_DIGITS:
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # e.g. 2026-02-30: left as text, the model reports invalid-date
    return value


def _plain(node: yaml.Node, path: str, positions: dict[str, Position], offset: int) -> Any:
    """PyYAML nodes -> plain dict/list/str/int/float/bool/date, recording positions."""
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            line, column = key_node.start_mark.line + offset + 1, key_node.start_mark.column + 1
            if key in first_lines:
                raise _DuplicateKey(key, line, column, first_lines[key])
            first_lines[key] = line
            child = f"{path}.{key}" if path else key
            positions[child] = (line, column)
            out[key] = _plain(value_node, child, positions, offset)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            child = f"{path}[{i}]"
            positions[child] = (item.start_mark.line + offset + 1, item.start_mark.column + 1)
            items.append(_plain(item, child, positions, offset))
        return items
    return _scalar(cast(yaml.ScalarNode, node))  # aliases were refused before; the rest are scalars
