"""Reading a contributed case file without trusting what its name points to.

In:  a path in a cases folder. Out: at most the size limit plus one byte of it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pipeline.contract import MAX_CASE_BYTES


def read_case_bytes(path: Path) -> bytes:
    """The bytes of a case file, at most one more than the size limit (so that a huge
    file is not read to its end). Never follows a symbolic link and never reads
    anything but a regular file: OSError otherwise."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return handle.read(MAX_CASE_BYTES + 1)
