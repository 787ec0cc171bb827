"""Pagefind's index made byte-identical from build to build.

In:  the folder Pagefind wrote. Out: the same index with its filter files in a fixed order.

Pagefind keeps each filter's values in a hash map, so the order of the values in its
filter files (and of the filters in each language's meta file) changes from run to run,
and with it the files' hashed names. This module reads those files (gzip, a
``pagefind_dcd`` signature, then CBOR), sorts the values and the filters, and writes
them again under names made from their contents; the meta files and
``pagefind-entry.json`` are rewritten to point to them. Every other file is left alone.
Only the parts of CBOR that Pagefind writes are read: integers, strings, arrays, maps
and floats (kept as their bytes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True)
class Raw:
    """A CBOR item kept as its bytes (floats, simple values)."""

    data: bytes


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, next offset) of the item at `at`."""
    first = data[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """The CBOR item at `at` and the offset after it."""
    if data[at] >> 5 == 7:  # floats and simple values: kept whole
        info = data[at] & 31
        size = {25: 2, 26: 4, 27: 8}.get(info, 0)
        return Raw(data[at : at + 1 + size]), at + 1 + size
    major, arg, at = _head(data, at)
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major in (2, 3):
        chunk = data[at : at + arg]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, at = decode(data, at)
            value, at = decode(data, at)
            pairs.append((key, value))
        return dict(pairs), at
    raise ValueError(f"unexpected CBOR item (major type {major})")


def _encode_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def encode(item: Any) -> bytes:
    """`item` as CBOR, each length in its shortest form (as Pagefind writes it)."""
    if isinstance(item, Raw):
        return item.data
    if isinstance(item, bool) or item is None:
        raise ValueError("unexpected value in Pagefind's index")
    if isinstance(item, int):
        return _encode_head(0, item) if item >= 0 else _encode_head(1, -1 - item)
    if isinstance(item, bytes):
        return _encode_head(2, len(item)) + item
    if isinstance(item, str):
        data = item.encode("utf-8")
        return _encode_head(3, len(data)) + data
    if isinstance(item, list):
        return _encode_head(4, len(item)) + b"".join(encode(i) for i in item)
    if isinstance(item, dict):
        return _encode_head(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise ValueError(f"unexpected value in Pagefind's index: {type(item).__name__}")


def read(path: Path) -> Any:
    data = path.read_bytes()
    if not data.startswith(SIGNATURE):
        data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind file")
    return decode(data, len(SIGNATURE))[0]


def write(path: Path, item: Any) -> str:
    """Write `item` gzipped (no time stamp) to `path`; the sha256 of the CBOR bytes."""
    data = SIGNATURE + encode(item)
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return hashlib.sha256(data).hexdigest()


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def stabilise(folder: Path) -> None:
    """Rewrite the filter files, meta files and entry of the Pagefind index in `folder`."""
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for lang, info in entry["languages"].items():
        meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        renamed: dict[str, str] = {}
        for old in sorted({f"{h}" for _name, h in _filters(meta)}):
            path = folder / "filter" / f"{old}.pf_filter"
            name, values = read(path)
            values.sort(key=lambda pair: _sort_key(pair[0]))
            path.unlink()
            scratch = folder / "filter" / f"{old}.tmp"
            digest = write(scratch, [name, values])
            new = f"{lang}_{digest[:7]}"
            scratch.replace(folder / "filter" / f"{new}.pf_filter")
            renamed[old] = new
        filters = sorted(([n, renamed[h]] for n, h in _filters(meta)), key=lambda p: p[0])
        meta[_FILTERS] = filters
        meta_path.unlink()
        scratch = folder / f"{lang}.pf_meta.tmp"
        digest = write(scratch, meta)
        info["hash"] = f"{lang}_{digest[:10]}"
        scratch.replace(folder / f"pagefind.{info['hash']}.pf_meta")
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


_FILTERS = 3  # the meta file's list of [filter name, filter file hash]


def _filters(meta: Any) -> list[tuple[str, str]]:
    if not isinstance(meta, list) or len(meta) <= _FILTERS:
        raise ValueError("Pagefind's meta file is not laid out as expected")
    return [(str(name), str(h)) for name, h in meta[_FILTERS]]
