"""Stage 1, load: a case file's bytes -> `Loaded` (a RawCase and/or the problems that stop it).

Reads the file defensively (size, encoding, front matter delimiters), parses
the YAML front matter (`pipeline.check.frontmatter`) so that every value keeps
its line and column, and splits the Markdown body into level-2 sections with
their line numbers.

Nothing here knows the data model; it only turns text into plain Python data
plus a map from field paths (``partners[1].type``) to positions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from pipeline.check.frontmatter import Position, parse_front_matter
from pipeline.contract import MAX_CASE_BYTES
from pipeline.problems import Problem
from pipeline.safefile import read_case_bytes

__all__ = ["Loaded", "Position", "RawCase", "RawSection", "load_case", "parse_case_bytes"]

# Only the block structure is needed to find the headings: skip inline parsing.
_MD = MarkdownIt("commonmark", {"html": False}).disable(["inline", "text_join"])


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
    # Fields of front matter lines that could not be read and were left out: their
    # "missing" is not reported again.
    dropped: tuple[str, ...] = ()

    def position(self, path: str) -> Position | None:
        """Line and column of a field path, falling back to its parents."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = re.sub(r"(\[\d+\]|\.[^.\[]+|^[^.\[]+)$", "", path)
        return None

    def problem_at(
        self, code: str, path: str, value: Any = None, params: dict[str, Any] | None = None
    ) -> Problem:
        """A Problem of this file at the field `path`, with the line and column it has."""
        line, column = self.position(path) or (None, None)
        return Problem(
            code,
            file=self.file,
            line=line,
            column=column,
            field=path,
            value=value,
            params=params or {},
        )


@dataclass(frozen=True)
class Loaded:
    """What loading one file gave: the RawCase, the problems that stop it, or both.

    - ``ok``: ``raw`` is the whole file and ``problems`` is empty: go on and validate it.
    - ``partial``: the front matter had mistakes (``problems``), put right or left
      out so that the rest could be read: ``raw.data`` holds what was read (at
      least a guessed ``language``) and ``raw.sections`` the sections, so that one
      run reports every kind of mistake; ``raw.dropped`` names the fields left out.
    - otherwise ``raw`` is None (the file could not be split: too large, not
      UTF-8, no front matter...) or the body has problems of its own (a level-1
      heading): report ``problems`` and go no further.
    """

    raw: RawCase | None
    problems: tuple[Problem, ...] = ()
    partial: bool = False

    @property
    def ok(self) -> bool:
        """Whether the file loaded whole and clean (``raw`` set, no problems)."""
        return self.raw is not None and not self.problems


def load_case(path: Path, display: str | None = None) -> Loaded:
    """Read and split one case file; `display` is the name problems give it (default: the path)."""
    file = display or path.as_posix()
    return parse_case_bytes(read_case_bytes(path), path, file)


def parse_case_bytes(raw: bytes, path: Path, file: str) -> Loaded:
    """The pure part of `load_case`: a file's bytes, its path and shown name in, `Loaded` out."""
    if len(raw) > MAX_CASE_BYTES:
        return _failed(
            Problem(
                "file-too-large",
                file=file,
                params={"size": len(raw), "limit": MAX_CASE_BYTES},
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return _failed(
            Problem(
                "file-not-utf8",
                file=file,
                line=line,
                params={"byte": f"0x{raw[err.start]:02X}"},
            )
        )
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return _failed(Problem("file-empty", file=file, line=1))

    lines = text.split("\n")
    first, close = front_matter_lines(lines)
    if lines[first].rstrip() != "---":
        return _failed(Problem("front-matter-missing", file=file, line=first + 1))
    if close is None:
        return _failed(
            Problem("front-matter-unclosed", file=file, line=first + 1, params={"line": first + 1})
        )

    offset = first + 1  # YAML line 0 is file line offset + 1
    yaml_text = "\n".join(lines[first + 1 : close]) + "\n"
    front = parse_front_matter(yaml_text, offset, file)
    body_start = close + 1
    sections, preamble, problems = _split_sections(lines[body_start:], body_start, file)
    raw_case = RawCase(
        path=path,
        file=file,
        data=front.data,
        positions=front.positions,
        sections=sections,
        body_line=body_start + 1,
        preamble=preamble,
        source_text=text,
        dropped=front.dropped,
    )
    if front.problems:
        # The front matter had mistakes; what could be read is in raw.data, and the
        # sections are kept, so that one run reports every kind of mistake.
        if not front.readable:
            match = re.search(r"^language:\s*[\"']?(en|nl)\b", yaml_text, re.MULTILINE)
            raw_case.data = {"language": match.group(1) if match else "en"}
        return Loaded(raw_case, (*front.problems, *problems), partial=True)
    return Loaded(raw_case, tuple(problems))


def front_matter_lines(lines: list[str]) -> tuple[int, int | None]:
    """(the index of the first line that is not blank, which opens the front matter when
    it is "---"; the index of the next line that is "---", or None) of a case file's lines,
    line feeds only; at least one line is not blank."""
    first = next(i for i, line in enumerate(lines) if line.strip())
    close = next((i for i in range(first + 1, len(lines)) if lines[i].rstrip() == "---"), None)
    return first, close


def _failed(problem: Problem) -> Loaded:
    """A file that could not be split at all: no RawCase, one problem."""
    return Loaded(None, (problem,))


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
            file=file,
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
