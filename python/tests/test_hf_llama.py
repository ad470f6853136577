"""A small Llama-architecture model made from a config.json (examples/models/tiny-llama), pretrained once
on SOTU text and cached, then fine-tuned with LoRA and DoRA built by peft on Moby Dick."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from hf_trials import TINY_LLAMA, evaluate, lora_dict, train, trial

from peft_lab_torch.hf import TrainableMismatch, attach_adapter, load_model, make_batches
from peft_lab_torch.hf.pretrain import cache_dir

PRETRAIN = {
    "data": {"name": "sotu", "corpus": "sotu", "holdout": 0, "limit": 200_000, "params": {}},
    "steps": 60,
    "lr": 3e-3,
    "batch": 8,
    "seed": 0,
}


def _config(method: str = "lora") -> dict[str, Any]:
    return trial(
        {"params": {"config": TINY_LLAMA, "tokenizer": "bytes", "context": 32}, "pretrain": PRETRAIN},
        {"corpus": "tiny-moby", "holdout": 0.1},
        method=method,
        steps=25,
        batch=8,
        lr=3e-3,
    )


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("PEFT_LAB_CACHE", str(root))
    yield root
    mp.undo()


def test_pretrained_once_then_loaded_from_the_cache(cache: Path) -> None:
    config = _config()
    m1, _ = load_model(config, "cpu", "fp32")
    assert (cache_dir(config) / "model.safetensors").is_file()
    stamp = (cache_dir(config) / "model.safetensors").stat().st_mtime_ns
    m2, _ = load_model(config, "cpu", "fp32")
    assert (cache_dir(config) / "model.safetensors").stat().st_mtime_ns == stamp
    for (n, a), (_, b) in zip(m1.state_dict().items(), m2.state_dict().items(), strict=True):
        assert torch.equal(a, b), n


@pytest.mark.parametrize(
    ("method", "extra", "expected"),
    [("lora", {}, 2 * 2 * 4 * (64 + 64)), ("dora", {"use_dora": True}, 2 * 2 * (4 * (64 + 64) + 64))],
)
def test_lora_and_dora_fine_tune_the_pretrained_base_on_moby_dick(
    cache: Path, method: str, extra: dict[str, Any], expected: int
) -> None:
    config = _config(method)
    model, tok = load_model(config, "cpu", "fp32")
    evals = list(make_batches(config, tok, "eval"))
    before = evaluate(model, evals)[0]
    peft = attach_adapter(model, lora_dict(["q_proj", "v_proj"], 4, **extra), config, expected_trainable=expected)
    assert before < 5.0, f"the pretrained base should already model English bytes (ln 256 = 5.55), got {before:.3f}"
    train(peft, make_batches(config, tok, "train"), 25, 3e-3)
    after = evaluate(peft, evals)[0]
    assert after < before - 0.02, f"{method}: eval loss {before:.4f} → {after:.4f}"


def test_a_trainable_count_that_differs_from_the_estimate_stops_the_trial(cache: Path) -> None:
    config = _config()
    model, _ = load_model(config, "cpu", "fp32")
    with pytest.raises(
        TrainableMismatch, match=r"PEFT built 2,048 trainable parameters, the catalog estimated 2,000 \(\+48\)"
    ):
        attach_adapter(model, lora_dict(["q_proj", "v_proj"], 4), config, expected_trainable=2000)


@pytest.mark.parametrize("init", ["lora_ga", "eva"])
def test_data_driven_inits_read_calibration_batches(cache: Path, init: str) -> None:
    """LoRA-GA (gradient SVD) and EVA (activation SVD) set lora_B / lora_A from data.
    PEFT's default init leaves lora_B at zero."""
    config = _config()
    model, tok = load_model(config, "cpu", "fp32")
    peft = attach_adapter(
        model,
        lora_dict(["q_proj", "v_proj"], 4, init_lora_weights=init),
        config,
        calibration=make_batches(config, tok, "calibration"),
    )
    b = [p for n, p in peft.named_parameters() if "lora_B" in n]
    a = [p for n, p in peft.named_parameters() if "lora_A" in n]
    if init == "lora_ga":
        assert all(float(p.detach().abs().sum()) > 0 for p in b), "LoRA-GA leaves lora_B non-zero"
    else:
        assert all(float(p.detach().abs().sum()) == 0 for p in b) and all(float(p.detach().abs().sum()) > 0 for p in a)
        assert peft.peft_config["default"].init_lora_weights == "eva"
