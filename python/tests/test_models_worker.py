"""The torch models load the engine's weight names and layout; the worker speaks the protocol (a real
subprocess: request in, metric/info/outcome lines out, an error with a traceback for bad input)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from peft_lab_torch.adapters import attach
from peft_lab_torch.models.builtin import build, engine_state, load_engine_weights

PARAMS = {"width": 16, "depth": 1, "heads": 2, "context": 8}
PKG = Path(__file__).resolve().parents[1]


def _engine_file(tmp_path: Path) -> Path:
    m = build("transformer", PARAMS)
    torch.manual_seed(0)
    for p in m.parameters():
        torch.nn.init.normal_(p, std=0.02)
    path = tmp_path / "base.safetensors"
    save_file({k: v.contiguous() for k, v in engine_state(m).items()}, str(path))
    return path


def test_engine_names_round_trip_and_kernels_are_transposed(tmp_path: Path) -> None:
    path = _engine_file(tmp_path)
    m = build("transformer", PARAMS)
    load_engine_weights(m, str(path))
    state = engine_state(m)
    assert set(state) >= {
        "embed.tokens",
        "embed.positions",
        "layers.0.attn.q.kernel",
        "layers.0.norm1.gain",
        "head.kernel",
    }
    assert state["layers.0.mlp.up.kernel"].shape == (16, 64)  # [d_in, d_out] as the engine stores it
    sd = m.state_dict()
    assert torch.equal(sd["layers.0.mlp.up.weight"], state["layers.0.mlp.up.kernel"].t())


def test_a_missing_weight_is_named(tmp_path: Path) -> None:
    path = tmp_path / "partial.safetensors"
    save_file({"embed.tokens": torch.zeros(256, 16)}, str(path))
    with pytest.raises(ValueError, match="lacks"):
        load_engine_weights(build("transformer", PARAMS), str(path))


def test_lora_through_peft_counts_and_starts_at_the_base() -> None:
    base = build("transformer", PARAMS)
    x = torch.randint(0, 256, (2, 8))
    before = base(x).detach()
    for p in base.parameters():
        p.requires_grad_(False)
    cfg = {"peft_type": "LORA", "r": 2, "lora_alpha": 4, "target_modules": ["layers.0.attn.q", "layers.0.attn.v"]}
    pm = attach(base, "lora", cfg, seed=1)
    assert sum(p.numel() for p in pm.parameters() if p.requires_grad) == 2 * 2 * (16 + 16)
    assert torch.allclose(pm(x), before)  # B = 0 at init
    with pytest.raises(ValueError, match="not runnable on the torch backend"):
        attach(build("transformer", PARAMS), "allora", cfg, seed=1)


def test_other_peft_types_build_on_the_builtin_modules() -> None:
    sites = ["layers.0.attn.q", "layers.0.attn.v", "layers.0.mlp.down"]
    ia3 = {"peft_type": "IA3", "target_modules": sites, "feedforward_modules": ["layers.0.mlp.down"]}
    pm = attach(build("transformer", PARAMS), "ia3", ia3, seed=1)
    assert sum(p.numel() for p in pm.parameters() if p.requires_grad) == 16 + 16 + 64  # outputs of q, v; inputs of down
    lokr = {"peft_type": "LOKR", "r": 4, "alpha": 4, "target_modules": sites[:2]}
    assert (
        sum(p.numel() for p in attach(build("transformer", PARAMS), "lokr", lokr, 1).parameters() if p.requires_grad)
        > 0
    )
    with pytest.raises(ValueError, match="peft_type IA3"):
        attach(build("transformer", PARAMS), "ia3", lokr, seed=1)


def _worker(request: dict[str, object]) -> list[dict[str, object]]:
    """Runs the worker with stdin held open until its last message (EOF would mean: the parent died)."""
    env = {**os.environ, "PYTHONPATH": str(PKG)}
    p = subprocess.Popen([sys.executable, "-m", "peft_lab_torch.worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, env=env)  # fmt: skip
    assert p.stdin is not None and p.stdout is not None
    p.stdin.write(json.dumps(request) + "\n")
    p.stdin.flush()
    msgs = [json.loads(line) for line in p.stdout]
    p.stdin.close()
    p.wait(timeout=60)
    return msgs


def test_worker_exits_when_its_parent_is_gone(tmp_path: Path) -> None:
    """stdin closes right after the request: the worker stops at once with code 3, writing nothing more."""
    env = {**os.environ, "PYTHONPATH": str(PKG)}
    p = subprocess.run([sys.executable, "-m", "peft_lab_torch.worker"], input="", capture_output=True, text=True,
                       env=env, timeout=120, check=False)  # fmt: skip
    assert p.returncode == 3 and p.stdout == ""


def test_worker_trains_full_and_reports_in_order(tmp_path: Path) -> None:
    config = {
        "experiment": "e", "run": "r", "model": {"name": "m", "family": "transformer", "params": PARAMS},
        "data": {"name": "d", "corpus": "tiny-moby", "holdout": 0.1, "params": {}},
        "adapter": {"name": "full", "method": "full", "params": {}},
        "optimizer": {"name": "adamw", "params": {"lr": 1e-3}}, "schedule": {"name": "constant", "params": {}},
        "batch": 2, "steps": 3, "seed": 0, "evalEvery": 3, "metric": "eval_loss", "clip": 1,
    }  # fmt: skip
    adapter = str(tmp_path / "a.safetensors")
    req = {"v": 1, "id": "t", "config": config, "cacheDir": str(tmp_path), "adapterPath": adapter,
           "basePath": str(_engine_file(tmp_path)), "device": "cpu", "threads": 1}  # fmt: skip
    msgs = _worker(req)
    assert [m["type"] for m in msgs] == ["info", "metric", "metric", "metric", "metric", "outcome"]
    assert msgs[-1]["status"] == "done" and msgs[-1]["adapter"] is True
    assert (tmp_path / "a.safetensors").exists()


def test_worker_reports_bad_requests_as_errors_with_a_traceback(tmp_path: Path) -> None:
    msgs = _worker({"v": 2})
    assert msgs[-1]["type"] == "error"
    assert "protocol version" in str(msgs[-1]["message"])
    assert "Traceback" in str(msgs[-1]["traceback"])
