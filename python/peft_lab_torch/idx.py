"""runtime/data/idx.ts: the IDX format of the MNIST family (two zero bytes, a type byte, the number of
dimensions, each dimension as a big-endian uint32, then the data row-major), gzipped when the name ends in
.gz. Only unsigned bytes (type 0x08) are read. Every bound is checked, with the same messages as the
TypeScript reader, so a damaged or short file is an error naming the file, never a silent truncation."""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import numpy as np
import numpy.typing as npt

IDX_UBYTE = 0x08
TYPE_NAMES = {0x08: "ubyte", 0x09: "byte", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64"}
MAX_DIMS = 4


def parse_idx(data: bytes, where: str) -> tuple[list[int], npt.NDArray[np.uint8]]:
    """The dimensions and the flat uint8 data of an uncompressed IDX buffer; ValueError on any mismatch."""
    if len(data) < 4:
        raise ValueError(f"{where}: {len(data)} bytes, too short for an IDX header")
    if data[0] != 0 or data[1] != 0:
        raise ValueError(f"{where}: not an IDX file (magic starts {data[0]:#04x} {data[1]:#04x}, expected 00 00)")
    kind, nd = data[2], data[3]
    if kind != IDX_UBYTE:
        name = TYPE_NAMES.get(kind, "unknown")
        raise ValueError(f"{where}: IDX type {kind:#04x} ({name}) is not supported; expected 0x08 (ubyte)")
    if not 1 <= nd <= MAX_DIMS:
        raise ValueError(f"{where}: {nd} dimensions in the header; expected 1 to {MAX_DIMS}")
    end = 4 + 4 * nd
    if len(data) < end:
        raise ValueError(f"{where}: the header declares {nd} dimensions but the file ends at byte {len(data)}")
    dims = list(struct.unpack(f">{nd}I", data[4:end]))
    size = int(np.prod(dims, dtype=np.float64)) if dims else 0
    have = len(data) - end
    if have != size:
        why = "truncated" if have < size else "trailing bytes"
        shown = ", ".join(str(d) for d in dims)
        raise ValueError(f"{where}: dimensions [{shown}] need {size} data bytes, the file has {have} ({why})")
    return dims, np.frombuffer(data, dtype=np.uint8, offset=end)


def read_idx_file(path: Path) -> tuple[list[int], npt.NDArray[np.uint8]]:
    """Reads an IDX file (gunzipped when it ends in .gz); errors name the file."""
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as e:
            raise ValueError(f"{path}: damaged gzip data ({e})") from e
    return parse_idx(raw, str(path))


def encode_idx(dims: list[int], data: bytes) -> bytes:
    """The inverse of parse_idx (ubyte only), for the tests' damaged files."""
    return bytes([0, 0, IDX_UBYTE, len(dims)]) + struct.pack(f">{len(dims)}I", *dims) + data
