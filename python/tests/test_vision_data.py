"""The Python Fashion-MNIST reader (peft_lab_torch.idx, peft_lab_torch.vision) against values computed by the
TypeScript reader on the committed slice (test/fixtures/corpora/fashion-tiny; numbers pasted, so a drift on
either side fails here), and its errors on damaged files (the same messages as runtime/data/idx.ts)."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from peft_lab_torch import vision
from peft_lab_torch.idx import encode_idx, parse_idx, read_idx_file


def test_the_slice_and_its_split_match_the_engine() -> None:
    s = vision.load_images("tiny-fashion")
    assert (len(s.ids), s.features, s.ids[200], int(s.labels[0]), int(s.labels[200])) == (250, 784, "test/0", 9, 9)
    assert vision.image_hash("train/0") == 0.35327588580548763
    assert vision.image_hash("test/49") == 0.3924206015653908
    train, hold = vision.split_images(s, 0.2)
    assert (len(train), len(hold), hold[:10]) == (207, 43, [4, 8, 10, 14, 15, 20, 21, 22, 30, 33])


def test_batches_match_the_engine() -> None:
    s = vision.load_images("tiny-fashion")
    train, hold = vision.split_images(s, 0.2)
    b = vision.image_batches(s, train, 6, 784, 5)()
    assert b.x.dtype == np.float32 and b.x.shape == (6, 784)
    assert b.y.tolist() == [5, 4, 5, 8, 3, 2]
    flat = b.x.reshape(-1)
    nz = np.flatnonzero(flat)[:4]
    assert nz.tolist() == [102, 103, 104, 126]
    want = [0.054901961237192154, 0.4274509847164154, 0.250980406999588, 0.007843137718737125]
    assert flat[nz].tolist() == want  # bit-identical float32
    assert float(flat.astype(np.float64).sum()) == pytest.approx(1538.5647287159227, rel=1e-12)
    ev = vision.image_eval_batches(s, hold, 16, 784, 100)
    assert len(ev) == 3
    assert ev[1].y.tolist() == [4, 6, 9, 7, 6, 0, 7, 2, 2, 8, 0, 9, 2, 1, 5, 5]


def test_limit_keeps_the_first_images_and_the_split_is_by_id() -> None:
    few = vision.load_images("tiny-fashion", 30)
    assert few.ids == [f"train/{i}" for i in range(30)] and few.pixels.shape == (30, 784)
    _, hold = vision.split_images(few, 0.2)
    assert hold == [4, 8, 10, 14, 15, 20, 21, 22]


def test_parse_idx_names_every_damage() -> None:
    good = encode_idx([2, 3, 4], bytes(range(24)))
    dims, data = parse_idx(good, "x.idx")
    assert dims == [2, 3, 4] and data.tolist() == list(range(24))
    cases = [
        (good[:3], "x.idx: 3 bytes, too short for an IDX header"),
        (b"\x1f\x8b\x08\x00" + good[4:], "not an IDX file (magic starts 0x1f 0x8b"),
        (b"\x00\x00\x0d" + good[3:], "IDX type 0x0d (float32) is not supported"),
        (b"\x00\x00\x08\x09" + good[4:], "9 dimensions in the header; expected 1 to 4"),
        (good[:10], "declares 3 dimensions but the file ends at byte 10"),
        (good[:-1], "need 24 data bytes, the file has 23 (truncated)"),
        (good + b"\x07", "the file has 25 (trailing bytes)"),
    ]
    for raw, msg in cases:
        with pytest.raises(ValueError, match=msg.replace("(", r"\(").replace(")", r"\)")):
            parse_idx(raw, "x.idx")


def test_damaged_gzip_and_missing_package_are_clear_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gz = gzip.compress(encode_idx([100, 28, 28], bytes(100 * 784)))
    cut = tmp_path / "cut-images-idx3-ubyte.gz"
    cut.write_bytes(gz[: len(gz) // 2])
    with pytest.raises(ValueError, match="damaged gzip data"):
        read_idx_file(cut)
    crc = bytearray(gz)
    crc[-6] ^= 0xFF
    cut.write_bytes(bytes(crc))
    with pytest.raises(ValueError, match="damaged gzip data"):
        read_idx_file(cut)
    monkeypatch.setenv("PEFT_FASHION_MNIST", str(tmp_path / "none"))
    vision._cache.pop("fashion-mnist", None)
    with pytest.raises(FileNotFoundError, match="install Debian's dataset-fashion-mnist"):
        vision.load_images("fashion-mnist")
    with pytest.raises(ValueError, match='unknown vision corpus "mnist"'):
        vision.load_images("mnist")
    with pytest.raises(ValueError, match="label 9, not below 5 classes"):
        vision.load_images("tiny-fashion", None, 5)
    s = vision.load_images("tiny-fashion")
    with pytest.raises(ValueError, match="write n_in = 784"):
        vision.image_batches(s, [0, 1], 2, 1024, 1)()
