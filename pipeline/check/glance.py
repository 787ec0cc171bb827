"""A glance at a case file: its front matter's data only, for the checks across files.

In:  a case file's bytes, its path and shown name. Out: a RawCase with `data` (no
positions, no sections), or None where the quick reading is not exact enough.

`validate --changed` reports only the files a pull request changes, but the checks
across files (one spelling per organisation) compare them with all the others. Those
others are only glanced at: the front matter read by libyaml with every value as text
(no Markdown, no models; about a tenth of a full check), so that a library of 1,000
cases is checked for one changed file in under a second (docs/performance.md). A file
the glance cannot read as a plain mapping (a YAML mistake, an anchor or tag, Word's
odd characters that the full reading would put right) gets the full check instead.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from pipeline.check.load import RawCase, front_matter_lines
from pipeline.check.prescan import BULLETS, CURLY_QUOTES, ODD_SPACES
from pipeline.contract import MAX_CASE_BYTES

_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every scalar as text
# What the full reading's pre-scan would put right or refuse is left to it: tabs and odd
# spaces anywhere, and a value, list item or key that starts with a curly quote, a
# bullet other than "- ", or YAML's anchor, alias or tag marks.
_SPACES = frozenset(["\t", *map(chr, ODD_SPACES)])
_STARTS = frozenset([*CURLY_QUOTES, *BULLETS, "&", "*", "!"])
_START = re.compile(r"^ *(?:- +)*(?:[^\s:#\"'][^:#]*?: +)?(\S)", re.MULTILINE)


def glance(data: bytes, path: Path, file: str) -> RawCase | None:
    """The front matter of a case file as plain data, or None (check it fully)."""
    if len(data) > MAX_CASE_BYTES:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not text.strip():
        return None
    first, close = front_matter_lines(lines)  # as the full reading finds them
    if lines[first].rstrip() != "---" or close is None:
        return None
    front = unicodedata.normalize("NFC", "\n".join(lines[first + 1 : close]))
    if not _SPACES.isdisjoint(front) or any(m[1] in _STARTS for m in _START.finditer(front)):
        return None
    try:
        loaded = yaml.load(front, Loader=_Loader)  # BaseLoader: text, lists, mappings only
    except yaml.YAMLError:
        return None
    if not isinstance(loaded, dict):
        return None
    return RawCase(path=path, file=file, data=loaded, positions={}, sections=[], body_line=0)
