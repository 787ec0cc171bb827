"""Front matter lines -> the mistakes Word and hand-typing leave in them, each on its own line.

In:  the YAML text between the ``---`` lines, the file line it starts after, the file's name.
Out: the text with each mistake put right (so that the YAML reader can go on and
every other field is still checked) and one problem per mistake, with its fix.

The mistakes: tabs and unusual spaces (non-breaking, narrow, ideographic, …) in
the indentation or after a field's colon, curly quotes used as YAML quotes, a
colon followed by a space in an unquoted value, and list bullets other than
``- ``. The indentation a line needs is worked out from the lines above it (a
field of a partner under ``- name:`` needs four spaces, a list item under
``partners:`` two), so the advice is right the first time. Lines inside block
text (``summary: >-``) are left alone but for their indentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.case import FrontMatter, Partner, Source
from pipeline.problems import Phrase, Problem

# The fields that only the case itself has: always at the top, in the first column.
TOP_FIELDS = (
    frozenset(FrontMatter.model_fields) - set(Partner.model_fields) - set(Source.model_fields)
)

# Spaces YAML does not take for indentation or separation, by code point.
ODD_SPACES = frozenset([0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0xFEFF])
_ODD = "".join(map(chr, sorted(ODD_SPACES)))
_INDENT = re.compile(f"^([ \t{_ODD}]*)(.*)$")
_KEY = re.compile(r"^(- +)?([^\s:#\"'][^:#]*?):(?=\s|$)")
# Opening curly quote -> the closing ones that may end the value.
CURLY_QUOTES = {"“": "”“", "”": "”", "„": "“”", "‘": "’‘", "’": "’", "‚": "‘’", "«": "»", "»": "«"}
BULLETS = ("•", "·", "◦", "▪", "–", "—", "*", "+")


@dataclass(frozen=True)
class _Seen:
    """A content line already read: its indentation as typed and as put right, and its text."""

    typed: str
    indent: int
    text: str


def space_name(ch: str) -> Phrase:
    """The words for an odd space: "a non-breaking space (U+00A0)" or its code point."""
    code = f"U+{ord(ch):04X}"
    key = "space-nbsp" if ch == "\u00a0" else "space-other"
    return Phrase(key, (("code", code),))


def prescan(yaml_text: str, offset: int, file: str) -> tuple[str, list[Problem]]:
    """The front matter put right where it can be, and a problem for each fix made."""
    lines = yaml_text.split("\n")
    problems: list[Problem] = []
    _read(lines, offset, file, problems)
    return "\n".join(lines), problems


def indentation_fix(yaml_text: str, index: int) -> tuple[int, Phrase]:
    """The spaces line `index` (0-based) needs where YAML refused its indentation, and the
    words of the fix ("Replace it with 4 spaces, to line up with … in “partners”")."""
    lines = yaml_text.split("\n")
    above = lines[:index]
    seen = _read(above, 0, "", [])
    typed, content = _INDENT.match(lines[index]).groups()  # type: ignore[union-attr]
    if _key(content) in TOP_FIELDS:
        return 0, Phrase("fix-top")
    indent, parent, in_item = _wanted(seen, typed, content)
    return indent, _fix(indent, parent, in_item)


def _read(lines: list[str], offset: int, file: str, problems: list[Problem]) -> list[_Seen]:
    """Put `lines` right in place, adding a problem per fix; the content lines read."""
    seen: list[_Seen] = []
    block: int | None = None  # indentation of the field whose block text we are in
    for i, line in enumerate(lines):
        number = i + offset + 1
        typed, content = _INDENT.match(line).groups()  # type: ignore[union-attr]
        if not content or content.startswith("#"):
            continue
        plain_indent = not typed.strip(" ")
        if block is not None and (
            len(typed) > block or (not plain_indent and not _KEY.match(content))
        ):
            if not plain_indent:  # block text indented with a tab or an odd space
                want = _block_indent(seen, block)
                problems.append(_indent_problem(typed, want, _key(seen[-1].text), number, file))
                lines[i] = " " * want + content
            continue
        block = None
        indent = len(typed)
        if not plain_indent:
            indent, parent, in_item = _wanted(seen, typed, content)
            problems.append(_indent_problem(typed, indent, parent, number, file, in_item))
        content = _Fixer(file, number, indent, problems).content(content)
        lines[i] = " " * indent + content
        seen.append(_Seen(typed, indent, content))
        if re.search(r":\s+[>|][-+0-9]*\s*(#.*)?$", content):
            block = indent + (2 if content.startswith("- ") else 0)
    return seen


def _block_indent(seen: list[_Seen], block: int) -> int:
    return block + 2 if not seen else max(block, seen[-1].indent) + 2


def _width(typed: str) -> int:
    return sum(4 if ch == "\t" else 1 for ch in typed)


def _wanted(seen: list[_Seen], typed: str, content: str) -> tuple[int, str, bool]:
    """The spaces a line typed with `typed` as indentation needs, the field it is under,
    and whether it is a field of a list item.

    A list item lines up with the list item above it (or goes two spaces under a
    field without a value); a field lines up with the field above it, goes two
    spaces under a field without a value, or, typed less deep, with the line
    above typed as deep.
    """
    if not seen:
        return 0, "", False
    prev, width = seen[-1], _width(typed)
    opens = prev.text.rstrip().endswith(":")  # a field whose value is on the lines below
    if content.startswith("- "):
        if opens and width > _width(prev.typed):
            return prev.indent + 2, _key(prev.text), False
        for earlier in reversed(seen):
            if earlier.text.startswith("- "):
                return earlier.indent, _parent(seen, earlier)[0], False
            if earlier.indent == 0:
                break
        return prev.indent + 2, _key(prev.text), False
    if width >= _width(prev.typed) or not seen[:-1]:
        if opens and width > _width(prev.typed):
            return prev.indent + 2, _key(prev.text), False
        return _sibling(seen, prev)
    for earlier in reversed(seen):
        if _width(earlier.typed) <= width:
            return _sibling(seen, earlier)
    return 0, "", False


def _sibling(seen: list[_Seen], line: _Seen) -> tuple[int, str, bool]:
    """Where a field beside `line` goes: beside it, or beside the first field of its item."""
    if line.text.startswith("- "):
        return line.indent + 2, _parent(seen, line)[0], True
    return line.indent, *_parent(seen, line)


def _key(text: str) -> str:
    match = _KEY.match(text)
    return match.group(2).strip() if match else ""


def _parent(seen: list[_Seen], line: _Seen) -> tuple[str, bool]:
    """The field a line already read is under ("" at the top), and whether it is a
    field of a list item."""
    index = next(i for i in range(len(seen) - 1, -1, -1) if seen[i] is line)
    in_item = False
    for above in reversed(seen[:index]):
        if above.text.startswith("- ") and above.indent == line.indent - 2:
            in_item = True
            continue
        if above.indent < line.indent and not above.text.startswith("- "):
            return _key(above.text), in_item
    return "", in_item


def _indent_problem(
    typed: str, want: int, parent: str, line: int, file: str, in_item: bool = False
) -> Problem:
    """The problem of a line indented with tabs or odd spaces, saying what to type instead."""
    odd = next((ch for ch in typed if ch not in " \t"), "")
    fix = _fix(want, parent, in_item)
    return Problem(
        "yaml-odd-space" if odd else "yaml-tab",
        file=file,
        line=line,
        column=1,
        value=typed,
        params={"fix": fix, "char": space_name(odd) if odd else Phrase("tab")},
    )


def _fix(want: int, parent: str, in_item: bool) -> Phrase:
    """The words of an indentation fix: how many spaces, and under which field."""
    if want == 0:
        return Phrase("fix-top")
    if parent and in_item:
        return Phrase("fix-indent-item", (("spaces", str(want)), ("parent", parent)))
    if parent:
        return Phrase("fix-indent-under", (("spaces", str(want)), ("parent", parent)))
    return Phrase("fix-indent", (("spaces", str(want)),))


class _Fixer:
    """Puts right the text of one line after its indentation, with a problem per fix."""

    def __init__(self, file: str, line: int, indent: int, problems: list[Problem]) -> None:
        self.file, self.line, self.indent, self.problems = file, line, indent, problems

    def report(self, code: str, column: int, **params: object) -> None:
        self.problems.append(
            Problem(
                code,
                file=self.file,
                line=self.line,
                column=self.indent + column,
                params=dict(params),
            )
        )

    def content(self, content: str) -> str:
        bullet = next((b for b in BULLETS if content.startswith(b + " ") or content == b), "")
        if bullet:
            content = "- " + content[len(bullet) :].lstrip(" " + _ODD)
            self.report("yaml-bullet", 1, value=bullet, fixed=" " * self.indent + content)
        dash = re.match(f"^-([\t{_ODD}]+ *)?(?=[^\\s-])", content)
        if dash:  # "-name: Oxfam", "-⇥name: Oxfam"
            self.report("yaml-dash-space", 1)
            content = "- " + content[dash.end() :]
        key = _KEY.match(content)
        if key is None:
            if content.startswith("- "):  # a list item that is a value: "- BE"
                return "- " + self.value(content[2:].strip(" "), 3, "-", item=True)
            return content
        start = key.end()
        after = content[start:]
        if after[:1] and after[0] in _ODD:
            self.report("yaml-odd-space-after-colon", start + 1, char=space_name(after[0]))
            after = " " + after.lstrip(_ODD + " ")
        value = after.strip(" ")
        if not value:
            return content[:start] + after.rstrip(" ")
        return content[:start] + " " + self.value(value, start + 2, content[:start])

    def value(self, value: str, column: int, prefix: str, *, item: bool = False) -> str:
        """A value after "key: " or "- ": curly quotes made straight, a colon quoted."""
        if not value:
            return value
        first = value[0]
        closing = CURLY_QUOTES.get(first, "")
        if closing and len(value) > 1 and value[-1] in closing:
            fixed = _quoted(value[1:-1])
            self.report(
                "yaml-curly-quotes", column, value=f"{first} {value[-1]}", fixed=f"{prefix} {fixed}"
            )
            return fixed
        if first in "\"'>|[{&*!%@`#":
            return value
        # A comment after the value (" # …") is YAML's, not the value's.
        hash_at = re.search(r"\s#", value)
        text, comment = (
            (value[: hash_at.start()], value[hash_at.start() :]) if hash_at else (value, "")
        )
        if not item and (": " in text or text.endswith(":")):
            colon = text.index(": ") if ": " in text else len(text) - 1
            self.report("yaml-colon-in-value", column + colon)
            return _quoted(text.rstrip()) + comment
        return value


def _quoted(text: str) -> str:
    """`text` in YAML double quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
