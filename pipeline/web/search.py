"""The site's search index, made by Pagefind (the `pagefind[bin]` package ships its binary).

In:  the site folder with its pages written. Out: the index's files, written through
`SiteFiles` under ``pagefind/`` (files whose bytes did not change are kept as they were).

Pagefind indexes the part of each case page marked ``data-pagefind-body`` (so only the
cases are found), one index per page language (``<html lang>``), with the facets the
pages mark ``data-pagefind-filter`` and each case's id as ``data-pagefind-meta``. Its
filter files are then put in a fixed order (`pipeline.web.stable`): the same site gives
the same index, byte for byte.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from pipeline.outputs import BuildError
from pipeline.web.files import SiteFiles
from pipeline.web.stable import stabilise

FOLDER = "pagefind"
_TIMEOUT = 300  # seconds: Pagefind indexes thousands of pages in a few


def pagefind_binary() -> Path:
    """The Pagefind executable of the installed `pagefind_bin` package; BuildError without."""
    try:
        from pagefind_bin import get_executable

        return Path(get_executable())
    except (ImportError, FileNotFoundError) as err:
        raise BuildError(
            f"The web edition's search index needs Pagefind ({err}): "
            'install the project again (pip install -e ".[dev]") to get pagefind[bin].'
        ) from None


def write_index(site: Path, files: SiteFiles) -> int:
    """Index the pages of `site` into `site`/pagefind; the number of files it has."""
    binary = pagefind_binary()
    with tempfile.TemporaryDirectory(prefix="pagefind-") as scratch:
        out = Path(scratch) / FOLDER
        command = [str(binary), "--site", str(site), "--output-path", str(out), "--quiet"]
        try:
            subprocess.run(
                command, check=True, capture_output=True, timeout=_TIMEOUT, stdin=subprocess.DEVNULL
            )
        except subprocess.CalledProcessError as err:
            detail = (err.stderr or err.stdout or b"").decode("utf-8", "replace").strip()
            raise BuildError(f"Pagefind could not index the site: {detail[-500:]}") from None
        except (OSError, subprocess.TimeoutExpired) as err:
            raise BuildError(f"Pagefind could not index the site: {err}") from None
        try:
            stabilise(out)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise BuildError(f"Pagefind's index could not be put in a fixed order: {err}") from None
        made = sorted(p for p in out.rglob("*") if p.is_file())
        for path in made:
            files.copy(f"{FOLDER}/{path.relative_to(out).as_posix()}", path)
        return len(made)
