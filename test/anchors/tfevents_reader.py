#!/usr/bin/env python3
"""Independent TensorBoard event-file reader (no TensorFlow/TensorBoard on Debian: checked with
apt-cache policy python3-tensorboard python3-tensorflow, neither exists). Written from the TFRecord
and tensorflow/core/util/event.proto + summary.proto definitions, sharing no code with the
TypeScript writer: struct for framing, a table CRC-32C (no zlib: zlib's crc32 is the other
polynomial), a minimal protobuf wire-format decoder. Verifies both CRCs of every record and prints
one JSON object per event: {"wall_time", "step", "file_version"?, "scalars": {tag: value}}.
Exit status 1 with a message on any framing/CRC/protobuf error.
"""
import json
import struct
import sys

POLY = 0x82F63B78
TABLE = []
for n in range(256):
    c = n
    for _ in range(8):
        c = (c >> 1) ^ POLY if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(data: bytes) -> int:
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data: bytes) -> int:
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(buf: bytes, i: int):
    shift = 0
    result = 0
    while True:
        if i >= len(buf):
            raise ValueError("truncated varint")
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def fields(buf: bytes):
    """Yields (field_number, wire_type, value) for one message."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(buf, i)
        elif wt == 1:
            v = buf[i:i + 8]
            i += 8
        elif wt == 2:
            n, i = varint(buf, i)
            v = buf[i:i + n]
            i += n
        elif wt == 5:
            v = buf[i:i + 4]
            i += 4
        else:
            raise ValueError(f"unsupported wire type {wt}")
        if i > len(buf):
            raise ValueError("truncated field")
        yield num, wt, v


def decode_event(data: bytes) -> dict:
    ev = {"wall_time": None, "step": 0, "scalars": {}}
    for num, wt, v in fields(data):
        if num == 1 and wt == 1:
            ev["wall_time"] = struct.unpack("<d", v)[0]
        elif num == 2 and wt == 0:
            ev["step"] = v - (1 << 64) if v >= 1 << 63 else v
        elif num == 3 and wt == 2:
            ev["file_version"] = v.decode("utf-8")
        elif num == 5 and wt == 2:
            for snum, swt, sv in fields(v):
                if snum != 1 or swt != 2:
                    continue
                tag, val = None, None
                for vnum, vwt, vv in fields(sv):
                    if vnum == 1 and vwt == 2:
                        tag = vv.decode("utf-8")
                    elif vnum == 2 and vwt == 5:
                        val = struct.unpack("<f", vv)[0]
                ev["scalars"][tag] = val
    return ev


def read(path: str):
    with open(path, "rb") as f:
        buf = f.read()
    i = 0
    out = []
    while i < len(buf):
        if i + 12 > len(buf):
            raise ValueError(f"truncated header at byte {i}")
        header = buf[i:i + 8]
        (length,) = struct.unpack("<Q", header)
        (hcrc,) = struct.unpack("<I", buf[i + 8:i + 12])
        if hcrc != masked(header):
            raise ValueError(f"length CRC mismatch at byte {i}")
        data = buf[i + 12:i + 12 + length]
        if len(data) != length:
            raise ValueError(f"truncated record at byte {i}")
        (dcrc,) = struct.unpack("<I", buf[i + 12 + length:i + 16 + length])
        if dcrc != masked(data):
            raise ValueError(f"data CRC mismatch at byte {i}")
        out.append(decode_event(data))
        i += 16 + length
    return out


if __name__ == "__main__":
    try:
        for p in sys.argv[1:]:
            for ev in read(p):
                print(json.dumps(ev))
    except ValueError as e:
        print(f"tfevents_reader: {e}", file=sys.stderr)
        sys.exit(1)
