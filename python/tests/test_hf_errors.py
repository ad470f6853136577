"""Errors a user can cause with an hf model are clear, and a Python error in a trial reaches the
TypeScript side as the worker's `error` message with the traceback (never a hang)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hf_trials import TINY_LLAMA, lora_dict, trial

from peft_lab_torch.hf import HfSetupError, load_model
from peft_lab_torch.hf.loading import _quantization

PYTHON_DIR = Path(__file__).resolve().parents[1]


def test_a_hub_id_not_in_the_local_cache_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    config = trial({"params": {"config": TINY_LLAMA, "weights": "nobody/no-such-model"}}, {"corpus": "tiny-moby"})
    with pytest.raises(
        HfSetupError, match=r"not in the local Hugging Face cache.*huggingface-cli download nobody/no-such-model"
    ):
        load_model(config, "cpu", "fp32")


def test_quantised_loading_needs_bitsandbytes_or_says_so() -> None:
    # Looked up, not imported: bitsandbytes is optional and not in the pinned environment.
    present = importlib.util.find_spec("bitsandbytes") is not None
    if present:
        with pytest.raises(HfSetupError, match="needs a CUDA device"):
            _quantization("cpu", "4bit")
    else:
        with pytest.raises(HfSetupError, match="needs the bitsandbytes package"):
            _quantization("cpu", "4bit")
    assert _quantization("cpu", "bf16") == {}


def test_a_python_error_in_a_trial_is_an_error_message_with_the_traceback(tmp_path: Path) -> None:
    config = trial(
        {"params": {"config": TINY_LLAMA, "tokenizer": "bytes", "context": 16}},
        {"corpus": "tiny-moby"},
        steps=2,
        batch=2,
    )
    bad = lora_dict(["q_proj"], 2) | {"not_a_lora_field": 1}
    req = {
        "v": 1,
        "id": "t",
        "config": config,
        "cacheDir": str(tmp_path),
        "adapterPath": str(tmp_path / "a.safetensors"),
        "peftConfig": bad,
        "device": "cpu",
    }
    env = {**os.environ, "PYTHONPATH": str(PYTHON_DIR)}
    # stdin stays open while the worker runs: EOF on stdin means "the parent died" to the worker.
    p = subprocess.Popen(
        [sys.executable, "-m", "peft_lab_torch.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert p.stdin is not None and p.stdout is not None
    p.stdin.write(json.dumps(req) + "\n")
    p.stdin.flush()
    out = p.stdout.read()
    code = p.wait(timeout=300)
    p.stdin.close()
    msgs = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert code == 1, p.stderr.read() if p.stderr else ""
    assert msgs[-1]["type"] == "error"
    assert "LoraConfig has no field(s) not_a_lora_field" in msgs[-1]["message"]
    assert "Traceback" in msgs[-1]["traceback"] and "peft_config_of" in msgs[-1]["traceback"]
