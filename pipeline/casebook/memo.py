"""Whole documents kept from one build to the next by the hash of their HTML.

In:  a cache folder (or None), the document's name, its HTML and the code's
     fingerprint, where to write it, and how to render it.
Out: the document at the target and what rendering it returned (JSON data): from
     the cache when the same HTML was rendered by the same code before.

The cards and the facilitator's pack print what every case says, so they are rendered
whole; but most edits of one case (a word in a section the cards do not show, a role)
leave their HTML as it was, and then their PDFs are too (byte-identical builds). An
entry is used only when its bytes still have the SHA-256 recorded with it; the older
entries of the same document are removed when a new one is stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any


def rendered_once(
    folder: Path | None,
    name: str,
    html: str,
    salt: str,
    target: Path,
    render: Callable[[Path], Any],
) -> Any:
    """`render(target)`'s result, or the one recorded for the same `html` and `salt` (the
    cached PDF then copied to `target`)."""
    if folder is None:
        return render(target)
    key = hashlib.sha256(f"{salt}\0{html}".encode()).hexdigest()[:32]
    pdf, record = folder / f"{name}-{key}.pdf", folder / f"{name}-{key}.json"
    try:
        recorded = json.loads(record.read_text("utf-8"))
        data = pdf.read_bytes()
        if hashlib.sha256(data).hexdigest() == recorded["sha256"]:
            target.write_bytes(data)
            return recorded["result"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not rendered before, or not as recorded: render it
    result = render(target)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*"):
        old.unlink(missing_ok=True)
    temporary = pdf.with_suffix(".tmp")
    shutil.copyfile(target, temporary)
    os.replace(temporary, pdf)
    entry = {"sha256": hashlib.sha256(target.read_bytes()).hexdigest(), "result": result}
    temporary = record.with_suffix(".tmp")
    temporary.write_text(json.dumps(entry), "utf-8")
    os.replace(temporary, record)
    return result
