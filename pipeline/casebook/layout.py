"""What the rest of the book needs to know of a rendered part: its length and its anchors."""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class Layout:
    """What the rest of the book needs to know of a rendered part.

    `pages`: its own pages (placeholders excluded); `anchors`: each id in it with
    the index (from 0) of the page it is on.
    """

    pages: int
    anchors: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "anchors": self.anchors}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Layout:
        return cls(int(data["pages"]), {str(k): int(v) for k, v in data["anchors"].items()})
