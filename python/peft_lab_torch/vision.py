"""runtime/data/vision.ts, reimplemented: Fashion-MNIST ("fashion-mnist": Debian's dataset-fashion-mnist, or
PEFT_FASHION_MNIST) and its committed slice ("tiny-fashion"), the same pool (train images then test images, ids
`train/i` and `test/i`), the same id-hashed holdout, the same mulberry32 draws and the same pixel / 255 features,
so a trial sees identical batches on torch and on tfjs."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .data import U32, Batch, fixture_dir
from .idx import read_idx_file
from .rng import engine_rng

VISION_CORPORA = ("fashion-mnist", "tiny-fashion")
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
FASHION_PACKAGE = "dataset-fashion-mnist"
FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


@dataclass
class ImageSet:
    """Images as bytes [n, features] with labels and ids; features are made per batch."""

    pixels: npt.NDArray[np.uint8]
    labels: npt.NDArray[np.uint8]
    ids: list[str]
    features: int


def is_vision_corpus(name: str) -> bool:
    return name in VISION_CORPORA


def _corpus_dir(name: str) -> Path:
    if name == "tiny-fashion":
        return fixture_dir() / "fashion-tiny"
    d = Path(os.environ.get("PEFT_FASHION_MNIST") or FASHION_DIR)
    probe = d / FILES["train"][0]
    if not probe.exists():
        raise FileNotFoundError(
            f'corpus "fashion-mnist": {probe} not found; install Debian\'s {FASHION_PACKAGE} (apt-get install '
            f"{FASHION_PACKAGE}, or bash scripts/ci/system-deps.sh) or set PEFT_FASHION_MNIST to a folder holding "
            "the four IDX .gz files"
        )
    return d


def _read_part(d: Path, part: str) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], int]:
    img_file, lbl_file = (d / f for f in FILES[part])
    dims, images = read_idx_file(img_file)
    ldims, labels = read_idx_file(lbl_file)
    if len(dims) != 3:
        raise ValueError(f"{img_file}: expected dimensions [n, rows, cols], got [{', '.join(map(str, dims))}]")
    if len(ldims) != 1:
        raise ValueError(f"{lbl_file}: expected dimensions [n], got [{', '.join(map(str, ldims))}]")
    if dims[0] != ldims[0]:
        raise ValueError(f"{img_file} has {dims[0]} images but {lbl_file} has {ldims[0]} labels")
    return images.reshape(dims[0], dims[1] * dims[2]), labels, dims[1] * dims[2]


_cache: dict[str, ImageSet] = {}


def load_images(name: str, limit: int | None = None, classes: int = 10) -> ImageSet:
    """runtime/data/vision.ts `loadImages`: the pool's first `limit` examples."""
    if not is_vision_corpus(name):
        raise ValueError(f'unknown vision corpus "{name}"; expected one of {", ".join(VISION_CORPORA)}')
    full = _cache.get(name)
    if full is None:
        d = _corpus_dir(name)
        tr_x, tr_y, f_tr = _read_part(d, "train")
        te_x, te_y, f_te = _read_part(d, "test")
        if f_tr != f_te:
            raise ValueError(f"{d}: train images have {f_tr} pixels, test images {f_te}")
        ids = [f"train/{i}" for i in range(len(tr_y))] + [f"test/{i}" for i in range(len(te_y))]
        full = ImageSet(np.concatenate([tr_x, te_x]), np.concatenate([tr_y, te_y]), ids, f_tr)
        _cache[name] = full
    bad = np.flatnonzero(full.labels >= classes)
    if len(bad):
        i = int(bad[0])
        label = int(full.labels[i])
        raise ValueError(f'corpus "{name}": example {full.ids[i]} has label {label}, not below {classes} classes')
    n = min(limit, len(full.ids)) if limit is not None and limit > 0 else len(full.ids)
    return ImageSet(full.pixels[:n], full.labels[:n], full.ids[:n], full.features)


def image_hash(image_id: str) -> float:
    """runtime/data/vision.ts `imageHash`: FNV-1a over the id, then murmur3's fmix32, as a fraction."""
    h = 0x811C9DC5
    for ch in image_id:
        h = ((h ^ ord(ch)) * 16777619) & U32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & U32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & U32
    h ^= h >> 16
    return h / 4294967296.0


def split_images(s: ImageSet, holdout: float) -> tuple[list[int], list[int]]:
    """Example indices of the train and holdout parts, by a hash of each id."""
    train = [i for i, x in enumerate(s.ids) if image_hash(x) >= holdout]
    hold = [i for i, x in enumerate(s.ids) if image_hash(x) < holdout]
    if holdout > 0 and not hold and len(train) > 1:
        hold.append(train.pop())
    return train, hold


def _to_batch(s: ImageSet, idx: list[int], n_in: int) -> Batch:
    if n_in != s.features:
        raise ValueError(f"images have {s.features} pixels; the model's n_in is {n_in} (write n_in = {s.features})")
    # Divide in float64, then round once to float32: the same bits as the engine's Float32Array.
    x = (s.pixels[idx].astype(np.float64) / 255).astype(np.float32)
    return Batch("cls", x, s.labels[idx].astype(np.int64))


def image_batches(s: ImageSet, train: list[int], batch: int, n_in: int, seed: int) -> Callable[[], Batch]:
    if not train:
        raise ValueError("no training images")
    r = engine_rng(seed)
    return lambda: _to_batch(s, [train[int(u * len(train))] for u in r.take(batch)], n_in)


def image_eval_batches(s: ImageSet, hold: list[int], batch: int, n_in: int, max_batches: int) -> list[Batch]:
    return [_to_batch(s, hold[i : i + batch], n_in) for i in range(0, len(hold), batch)][:max_batches]
