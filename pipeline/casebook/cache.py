"""The cache of rendered casebook parts, checked before use.

In:  a folder (``<out>/.cache/casebook``). Out: the PDF and Layout of a part
rendered before, when its bytes and page count still are what was recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pipeline.casebook.layout import Layout

_LAYOUT_FILE = "layout.json"


class PartCache:
    """Rendered parts in a folder: <key>.pdf and <key>.json (its Layout and a check).

    Also remembers each part's last Layout by identity (`layout.json`), the
    first guess of its length in the next build. Entries are written to a
    temporary name and renamed, so a killed build leaves no half-written one.
    An entry is used only when its PDF has the SHA-256 and the page count its
    record says; one that fails is rendered again, with a notice in `notices`.
    """

    def __init__(self, folder: Path, what: str = "the casebook") -> None:
        self.folder = folder
        self.what = what  # the document whose parts these are, for notices
        self.notices: list[str] = []
        # Entries checked (or stored) in this build: a part is looked up more than once
        # (before and after its round's numbers, and by the assembly), and its check
        # reads the whole PDF.
        self._checked: dict[tuple[str, int], Layout] = {}
        folder.mkdir(parents=True, exist_ok=True)
        try:
            data = json.loads((folder / _LAYOUT_FILE).read_text("utf-8"))
            self.remembered = {k: Layout.from_json(v) for k, v in data.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.remembered = {}

    def pdf(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def layout(self, key: str, placeholders: int) -> Layout | None:
        """The Layout of entry `key` if its PDF passes the check, else None (render it again).

        `placeholders`: how many placeholder pages the part's PDF has after its own.
        """
        if (key, placeholders) in self._checked:
            return self._checked[key, placeholders]
        record_path, pdf_path = self.folder / f"{key}.json", self.pdf(key)
        if not record_path.exists() and not pdf_path.exists():
            return None
        try:
            record = json.loads(record_path.read_text("utf-8"))
            layout = Layout.from_json(record["layout"])
            data = pdf_path.read_bytes()
            if hashlib.sha256(data).hexdigest() != record["sha256"]:
                raise ValueError("its bytes are not the ones rendered")
            if _page_count(pdf_path) != layout.pages + placeholders:
                raise ValueError("its page count disagrees with its record")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            self.notices.append(
                f"A cached part of {self.what} ({pdf_path.name}) failed its check ({err});"
                " it was rendered again."
            )
            return None
        self._checked[key, placeholders] = layout
        return layout

    def store(self, key: str, rendered: Path, layout: Layout, placeholders: int) -> None:
        """Keep the PDF just rendered at `rendered` as entry `key`, with its record."""
        data = rendered.read_bytes()
        os.replace(rendered, self.pdf(key))
        record = {"layout": layout.to_json(), "sha256": hashlib.sha256(data).hexdigest()}
        _write_atomic(self.folder / f"{key}.json", json.dumps(record).encode())
        self._checked[key, placeholders] = layout

    def discard_unfinished(self) -> None:
        """Remove what a failed or stopped render left half-written (``*.part``, ``*.tmp``)."""
        for path in self.folder.glob("*.part"):
            path.unlink(missing_ok=True)
        for path in self.folder.glob("*.tmp"):
            path.unlink(missing_ok=True)

    def keep_only(self, keys: set[str], layouts: dict[str, Layout]) -> None:
        """Forget every entry but `keys`; remember `layouts` (identity -> Layout)."""
        self._checked = {k: v for k, v in self._checked.items() if k[0] in keys}
        for path in self.folder.iterdir():
            if path.name.split(".")[0] not in keys and path.name != _LAYOUT_FILE:
                path.unlink(missing_ok=True)
        data = {k: v.to_json() for k, v in sorted(layouts.items())}
        _write_atomic(self.folder / _LAYOUT_FILE, json.dumps(data).encode())


def entry_key(salt: str, html: str) -> str:
    """The cache key of a part: its HTML and everything else that shapes its PDF (`salt`)."""
    return hashlib.sha256(f"{salt}\0{html}".encode()).hexdigest()[:32]


def _page_count(path: Path) -> int:
    """The number of pages of a PDF file; ValueError when it cannot be read as one."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as err:
        raise ValueError(f"it is not a readable PDF: {err}") from None


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
