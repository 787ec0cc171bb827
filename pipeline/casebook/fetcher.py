"""The sandbox WeasyPrint renders in: what the casebook may load, and nothing else.

Case files are untrusted. Whatever HTML reaches WeasyPrint, it can only load
``data:`` URLs and files inside the package's own templates and assets folders
(real paths resolved, so a symlink cannot lead outside); no network, no
redirects, no other file.
"""

from __future__ import annotations

import mimetypes
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from pipeline.config import ASSETS_DIR, CASEBOOK_TEMPLATES


def safe_fetcher() -> Any:
    """A new WeasyPrint URL fetcher restricted to the package's own files."""
    return _fetcher_class()()


@cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = tuple(p.resolve() for p in (CASEBOOK_TEMPLATES, ASSETS_DIR))

    class _SafeFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
        """Serves data: URLs and files under the package's own folders; refuses all else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1)

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            scheme = urlparse(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        path.as_uri(), path.read_bytes(), {"Content-Type": kind}
                    )
            raise ValueError(f"Blocked by the casebook's fetcher: {url[:200]}")

    return _SafeFetcher
