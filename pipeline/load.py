"""Stage 1, load: a case file's bytes -> RawCase (or problems).

Reads the file defensively (size, encoding, front matter delimiters), parses
the YAML front matter with ruamel.yaml so that every value keeps its line and
column, refuses YAML features that have no place in a case file (anchors,
aliases, tags: they allow "billion laughs" expansion and object construction),
and splits the Markdown body into level-2 sections with their line numbers.

Nothing here knows the data model; it only turns text into plain Python data
plus a map from field paths (``partners[1].type``) to positions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from .config import MAX_CASE_BYTES
from .problems import Problem

Position = tuple[int, int]  # 1-based line, 1-based column

_MD = MarkdownIt("commonmark", {"html": False})


@dataclass
class RawSection:
    """A level-2 section exactly as written: heading, Markdown text, where."""

    heading: str
    text: str
    line: int
    level: int = 2


@dataclass
class RawCase:
    """A case file split into plain data; no model checks applied yet."""

    path: Path
    file: str  # the path as reported to the contributor
    data: dict[str, Any]
    positions: dict[str, Position]
    sections: list[RawSection]
    body_line: int  # line of the first body line, for text-outside-section
    preamble: str = ""  # non-blank text before the first heading
    source_text: str = field(default="", repr=False)

    def position(self, path: str) -> Position | None:
        """Line and column of a field path, falling back to its parents."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = re.sub(r"(\[\d+\]|\.[^.\[]+|^[^.\[]+)$", "", path)
        return None


def load_case(path: Path, display: str | None = None) -> RawCase | list[Problem]:
    """Read and split one case file. Returns the RawCase, or the problems that stop it."""
    file = display or path.as_posix()
    raw = path.read_bytes()
    return parse_case_bytes(raw, path, file)


def parse_case_bytes(raw: bytes, path: Path, file: str) -> RawCase | list[Problem]:
    """The pure part of `load_case`: bytes in, RawCase or problems out."""
    if len(raw) > MAX_CASE_BYTES:
        return [
            Problem(
                "file-too-large",
                file,
                params={"size": len(raw), "limit": MAX_CASE_BYTES},
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return [
            Problem(
                "file-not-utf8",
                file,
                line=line,
                params={"byte": f"0x{raw[err.start]:02X}"},
            )
        ]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return [Problem("file-empty", file, line=1)]

    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    if lines[first].rstrip() != "---":
        return [Problem("front-matter-missing", file, line=first + 1)]
    try:
        close = next(i for i in range(first + 1, len(lines)) if lines[i].rstrip() == "---")
    except StopIteration:
        return [Problem("front-matter-unclosed", file, line=first + 1)]

    offset = first + 1  # YAML line 0 is file line offset + 1
    yaml_text = "\n".join(lines[first + 1 : close]) + "\n"
    loaded = _parse_front_matter(yaml_text, offset, file)
    if isinstance(loaded, list):
        return loaded
    data, positions = loaded

    body_start = close + 1
    sections, preamble, problems = _split_sections(lines[body_start:], body_start, file)
    if problems:
        return problems
    return RawCase(
        path=path,
        file=file,
        data=data,
        positions=positions,
        sections=sections,
        body_line=body_start + 1,
        preamble=preamble,
        source_text=text,
    )


def _parse_front_matter(
    yaml_text: str, offset: int, file: str
) -> tuple[dict[str, Any], dict[str, Position]] | list[Problem]:
    """YAML text -> (plain data, positions), or problems with file line numbers."""
    tab_lines = [i for i, line in enumerate(yaml_text.split("\n")) if re.match(r"^ *\t", line)]
    if tab_lines:
        return [Problem("yaml-tab", file, line=i + offset + 1, column=1) for i in tab_lines]

    # First a pass over the event stream: reject anchors, aliases and tags
    # before anything is constructed, so an alias bomb never expands.
    problems: list[Problem] = []
    try:
        for event in YAML(typ="rt").parse(yaml_text):
            mark = event.start_mark
            where = {"line": mark.line + offset + 1, "column": mark.column + 1}
            if isinstance(event, AliasEvent) or (
                isinstance(event, ScalarEvent | CollectionStartEvent) and event.anchor
            ):
                problems.append(Problem("yaml-alias", file, **where))
            elif isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag:
                tag = str(event.tag).removeprefix("tag:yaml.org,2002:")
                problems.append(
                    Problem("yaml-tag", file, value=tag, params={"value": tag}, **where)
                )
    except MarkedYAMLError as err:
        return [_syntax_problem(err, offset, file)]
    except YAMLError as err:
        return [Problem("yaml-syntax", file, line=offset + 1, params={"detail": str(err)})]
    if problems:
        return problems

    try:
        doc = YAML(typ="rt").load(yaml_text)
    except DuplicateKeyError as err:
        key = re.search(r'duplicate key "(.*?)"', err.problem or "")
        name = key.group(1) if key else "?"
        first_line = err.context_mark.line + offset + 1 if err.context_mark else "?"
        mark = err.problem_mark
        return [
            Problem(
                "yaml-duplicate-key",
                file,
                line=mark.line + offset + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                field=name,
                value=name,
                params={"value": name, "first_line": first_line},
            )
        ]
    except MarkedYAMLError as err:
        return [_syntax_problem(err, offset, file)]
    except (YAMLError, ValueError, OverflowError) as err:
        # ValueError: ruamel's constructors reject e.g. the date 2026-02-30.
        return [Problem("yaml-syntax", file, line=offset + 1, params={"detail": str(err)})]

    if not isinstance(doc, CommentedMap):
        shown = "nothing" if doc is None else type(doc).__name__
        kinds = {"CommentedSeq": "a list", "str": "a line of text", "int": "a number"}
        return [
            Problem(
                "front-matter-not-mapping",
                file,
                line=offset,
                params={"value": kinds.get(shown, shown)},
            )
        ]
    positions: dict[str, Position] = {}
    data = _plain(doc, "", positions, offset)
    return data, positions


def _syntax_problem(err: MarkedYAMLError, offset: int, file: str) -> Problem:
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
        code = "yaml-colon-in-value"
    elif "found '<scalar>'" in problem and "block mapping" in context:
        code = "yaml-text-after-quote"
    elif "block end" in problem or "expected <block end>" in problem:
        code = "yaml-bad-indentation"
    line = mark.line + offset + 1 if mark else offset + 1
    column = mark.column + 1 if mark else None
    if code in ("yaml-colon-in-value", "yaml-text-after-quote", "yaml-syntax"):
        # A double quote opened and never closed on its line swallows the lines
        # after it, so the parser fails far below: point at the opening quote.
        opened = _unclosed_quote_line(err, offset)
        if opened is not None:
            code, line, column = "yaml-unclosed-quote", opened, None
    detail = " ".join(x for x in (context, problem) if x)
    return Problem(code, file, line=line, column=column, params={"detail": detail or "?"})


def _unclosed_quote_line(err: MarkedYAMLError, offset: int) -> int | None:
    """The file line of a `field: "text` whose double quote is not closed on that line."""
    mark = err.problem_mark
    buffer = getattr(mark, "buffer", None) if mark else None
    if not isinstance(buffer, str) or mark is None:
        return None
    lines = buffer.split("\n")[: mark.line + 1]
    for i, text in enumerate(lines):
        value = re.match(r'^\s*(?:- )?[^\s:#"\']+:\s+(".*)$', text)
        if value and i < mark.line and not re.search(r'(?<!\\)"\s*(#.*)?$', value.group(1)[1:]):
            return i + offset + 1
    return None


def _plain(node: Any, path: str, positions: dict[str, Position], offset: int) -> Any:
    """ruamel round-trip nodes -> plain dict/list/str/int/float/bool/date, recording positions."""
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            line, col = node.lc.key(key)
            positions[child] = (line + offset + 1, col + 1)
            out[str(key)] = _plain(value, child, positions, offset)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            child = f"{path}[{i}]"
            line, col = node.lc.item(i)
            positions[child] = (line + offset + 1, col + 1)
            items.append(_plain(value, child, positions, offset))
        return items
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    return node


def _split_sections(
    body: list[str], start: int, file: str
) -> tuple[list[RawSection], str, list[Problem]]:
    """Markdown body lines -> level-2 sections. `start` is the 0-based file line of body[0]."""
    text = "\n".join(body)
    tokens = _MD.parse(text)
    heads = [
        (tok.map[0], tok.map[1], int(tok.tag[1]), tokens[i + 1].content.strip())
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.tag in ("h1", "h2") and tok.map
    ]
    problems = [
        Problem(
            "wrong-heading-level",
            file,
            line=first + start + 1,
            column=1,
            value=title,
            params={"value": title},
        )
        for first, _end, level, title in heads
        if level == 1
    ]
    preamble_end = heads[0][0] if heads else len(body)
    preamble = "\n".join(body[:preamble_end]).strip()
    sections = []
    for n, (first, end, level, title) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(body)
        section_text = "\n".join(body[end:stop]).strip("\n")
        sections.append(RawSection(title, _dedent_blank(section_text), first + start + 1, level))
    return sections, preamble, problems


def _dedent_blank(text: str) -> str:
    """Trim trailing spaces on each line and blank lines at both ends."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
