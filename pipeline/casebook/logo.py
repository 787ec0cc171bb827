"""The publisher's logo for the cover and colophon, as a data: URL.

In: `[tool.casebook] logo` (an absolute path, made so by `casebook_config`). Out: a
``data:`` URL, or None when no logo is set. Embedding the bytes keeps WeasyPrint's
fetcher closed to every local file outside the package (pipeline/casebook/fetcher.py),
and makes the logo part of the HTML that the part cache hashes.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from pipeline.outputs import BuildError

LOGO_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
LOGO_LIMIT = 1_000_000  # bytes: a logo, not a photograph


@cache
def logo_data_url(setting: str) -> str | None:
    """The logo file named by `setting` as a data: URL; None for ""; BuildError when the
    file is missing, of another type or larger than LOGO_LIMIT."""
    if not setting:
        return None
    path = Path(setting)
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise BuildError(
            f"[tool.casebook] logo: {path.name} is not an SVG, PNG or JPEG file;"
            " use one of: " + ", ".join(LOGO_TYPES)
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BuildError(f"[tool.casebook] logo: cannot read {path} ({error.strerror}).") from None
    if len(data) > LOGO_LIMIT:
        raise BuildError(
            f"[tool.casebook] logo: {path.name} has {len(data):,} bytes;"
            f" at most {LOGO_LIMIT:,} are allowed."
        )
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
