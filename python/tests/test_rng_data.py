"""The Python copies of core/random.ts and runtime/data/*.ts against values computed by the TypeScript code
(node -e with tsx; the numbers are pasted, so a drift on either side fails here)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from peft_lab_torch import data
from peft_lab_torch.optim import create_schedule
from peft_lab_torch.rng import Mulberry32, engine_rng, method_rng, mulberry32, normal, uniform


def test_mulberry32_matches_core_random() -> None:
    r = mulberry32(0x9E3779B9)
    assert [r() for _ in range(4)] == [0.3588899802416563, 0.10590326134115458, 0.675290479324758, 0.9179345588199794]
    r42 = mulberry32(42)
    assert [r42() for _ in range(3)] == [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]


def test_block_draws_continue_the_single_stream() -> None:
    a, b = Mulberry32(7), Mulberry32(7)
    block = a.take(5)
    assert block.tolist() == [b.next() for _ in range(5)]
    assert a.next() == b.next()


def test_seed_conventions_of_the_engine_and_the_methods() -> None:
    assert engine_rng(0).next() == mulberry32(0x9E3779B9)()  # seed 0 is replaced, as in model/init.ts
    assert method_rng(1).next() == mulberry32(1 + 0x6D2B79F5)()
    u = uniform(Mulberry32(3), 1000, 0.5)
    assert u.dtype == np.float32 and float(np.abs(u).max()) <= 0.5
    z = normal(Mulberry32(3), 4000, 0.0, 2.0)
    assert abs(float(z.std()) - 2.0) < 0.1


def test_corpus_split_and_lm_batches_match_the_engine() -> None:
    raw = data.load_corpus("tiny-moby")
    train, hold = data.split_corpus(raw, 0.1)
    assert (len(raw), len(train), len(hold)) == (52357, 46213, 6144)
    b = data.lm_batches(train, 2, 8, 5)()
    x = [116, 115, 32, 119, 104, 101, 110, 32, 111, 110, 107, 101, 121, 32, 106, 97]
    assert b.x.reshape(-1).tolist() == x
    assert b.y.reshape(-1)[:4].tolist() == [115, 32, 119, 104]
    ev = data.lm_eval_batches(hold, 4, 8, 2)
    assert len(ev) == 2
    assert ev[1].x.reshape(-1)[:8].tolist() == [111, 111, 32, 108, 105, 118, 101, 115]


def test_classification_split_and_features_match_the_engine() -> None:
    ex = data.load_examples("tiny-spam")
    train, hold = data.split_examples(ex, 0.2)
    assert (len(ex), len(train), len(hold), hold[0].id) == (400, 385, 15, "spam-1/50")
    want = [0.26513394713401794, 0.22216510772705078, 0.2368844747543335, 0.2555365264415741, 0.2394983470439911,
            0.23417191207408905, 0.24909576773643494, 0.23135298490524292, 0.2513074576854706, 0.2513074576854706,
            0.2735994756221771, 0.2394983470439911, 0.2751791775226593, 0.2575612962245941, 0.2534530758857727,
            0.2575612962245941]  # fmt: skip
    got = data.featurize(ex[0].text, 16)
    assert np.allclose(got, np.array(want, dtype=np.float32), atol=1e-7)


def test_schedules_match_the_engine() -> None:
    cos = create_schedule({"name": "cosine", "params": {"warmup": 0.1, "min_lr_ratio": 0.1}}, 1e-3, 20)
    want = [0.0005, 0.001, 0.001, 0.0009325977110783264, 0.0001]
    assert all(math.isclose(cos(s), w, rel_tol=1e-12) for s, w in zip([0, 1, 2, 5, 19], want, strict=True))
    wsd = create_schedule({"name": "wsd", "params": {}}, 1e-3, 20)
    assert [wsd(s) for s in (0, 5, 17, 19)] == pytest.approx([0.001, 0.001, 0.0005, 0.0])


def test_bad_inputs_name_the_problem() -> None:
    with pytest.raises(ValueError, match='unknown corpus "nope"'):
        data.load_corpus("nope")
    with pytest.raises(ValueError, match="holdout must be in"):
        data.split_corpus(b"abc", 1.5)
    with pytest.raises(ValueError, match='unknown schedule "zigzag"'):
        create_schedule({"name": "zigzag", "params": {}}, 1e-3, 10)
